/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.h - command-line and in-script options, with packetdrill's names
 * and defaults.
 *
 * Contract: one table of options serves both the command line and a
 * script's option lines. Script option lines are applied first, then the
 * command line, so the command line wins. Knows nothing of script syntax.
 */
#ifndef TCPDRILL_CONFIG_H
#define TCPDRILL_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

enum config_ip_version {
	CONFIG_IPV4,			/* ipv4 */
	CONFIG_IPV6,			/* ipv6 */
	CONFIG_IPV4_MAPPED_IPV6,	/* ipv4-mapped-ipv6: v4 on the wire,
					 * AF_INET6 sockets */
	CONFIG_IP_ALL,			/* runner only: every variant */
};

/* -D NAME=VALUE: the word NAME is replaced by VALUE in the script. */
struct config_define {
	char *name;
	char *value;
	struct config_define *next;
};

struct config {
	/* the script and its network */
	enum config_ip_version ip_version;
	char *local_ip;			/* NULL: the default of the family */
	char *remote_ip;
	char *gateway_ip;
	char *netmask_ip;
	int mtu;			/* --mtu, default 1500 */
	int mss;			/* --mss, 0 when unset */
	int bind_port;			/* --bind_port, default 8080 */
	int connect_port;		/* --connect_port, default 8080 */
	char *init_scripts;		/* --init_scripts=a,b (comma list) */
	char *default_cc;		/* --default_cc=NAME: Beyond, the
					 * congestion control the script's TCP
					 * sockets start with, or NULL */
	struct config_define *defines;	/* -D / --define, in order */
	struct config_define *requires;	/* --require=KIND:ARG, in order
					 * (name holds the text) */
	struct config_define *cli_settings; /* command-line options as given,
					     * replayed over a script's own
					     * option lines so they win */

	/* timing */
	int64_t tolerance_usecs;	/* default 4000 */
	double tolerance_percent;	/* default 12.5 */
	int64_t tcp_ts_tick_usecs;	/* 0: outbound TS val not compared */
	bool tcp_ts_ecr_scaled;

	/* checking */
	bool strict_segments;		/* no joining of TSO/GSO splits */
	bool non_fatal_packet;		/* --non_fatal=packet */
	bool non_fatal_syscall;		/* --non_fatal=syscall */
	bool strict;			/* Beyond: extra checks, see SPEC §9 */

	/* code blocks */
	char *code_command;		/* default "python3" */
	char *code_format;		/* default "python" */
	char *code_sockopt;		/* default "TCP_INFO" */

	/* packetdrill options accepted for compatibility */
	int psp_udp_port;		/* --psp_udp_port (PSP is not run) */
	int speed;			/* --speed: the TUN device's link speed */
	bool send_omit_free;		/* --send_omit_free */
	bool is_anyip;			/* --is_anyip */
	bool debug;			/* --debug */

	/* what to do */
	bool dry_run;			/* parse and validate only */
	bool dump;			/* print the compiled timeline */
	int verbose;			/* -v, repeatable */
	bool trace_states;		/* --trace-states */
	char *state_graph;		/* --state-graph=FILE */

	/* the runner */
	int jobs;			/* -j N; 0: the default */
	int timeout_secs;		/* --timeout, default 180 */
	int retries;			/* --retries */
	int shard_index;		/* --shard=K/N: K (1-based), 0: none */
	int shard_count;		/* N */
	char *tap_file;			/* --tap[=FILE]; "-" for stdout */
	char *junit_file;		/* --junit=FILE */
	char *pcap_dir;			/* --pcap=DIR */
	bool pcap_on_failure;		/* keep only failing runs' captures */
};

/* Fill every field with its default. */
void config_init(struct config *cfg);
void config_free(struct config *cfg);

/*
 * Apply one option by its name without leading dashes ("tolerance_usecs"),
 * from the command line or a script's option line; value is NULL for a
 * bare flag. Unknown names and bad values are errors.
 */
int config_set_option(struct config *cfg, const char *name,
		      const char *value, struct error *err);

/* For the command line: what --name takes (a value may follow '=' always). */
enum config_value_need {
	CONFIG_VALUE_UNKNOWN = -1,	/* there is no such option */
	CONFIG_VALUE_NONE = 0,		/* a flag */
	CONFIG_VALUE_REQUIRED = 1,	/* the next word when not after '=' */
	CONFIG_VALUE_OPTIONAL = 2,	/* a bare flag, or after '=' */
};

enum config_value_need config_option_takes_value(const char *name);

/* The version an --ip_version word names ("ipv6", "all", ...): 0, or -1. */
int config_ip_version_of(const char *name, enum config_ip_version *version);

/* Record an option given on the command line (see cli_settings). */
int config_remember_cli(struct config *cfg, const char *name,
			const char *value, struct error *err);

/*
 * Apply a script's option lines (name/value pairs) and then the command
 * line's settings again, so the command line wins.
 */
int config_apply_script_options(struct config *cfg,
				const struct config_define *script_options,
				struct error *err);

/*
 * A variant scope: "ipv6:mtu" (an option name) or "ipv6:NAME" (a define's
 * name) applies only to runs of that IP variant, e.g. run_all.py's
 * per-variant flags under --ip_version=all. Returns 1 and the variant and
 * the name without its scope when name has one, else 0.
 */
int config_scope_split(const char *name, enum config_ip_version *version,
		       const char **rest);

/* Add a -D NAME=VALUE definition ("NAME=VALUE" text). */
int config_add_define(struct config *cfg, const char *name_value,
		      struct error *err);

#endif /* TCPDRILL_CONFIG_H */
