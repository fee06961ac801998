// SPDX-License-Identifier: GPL-2.0
/*
 * config.c - the option table shared by the command line and script option
 * lines; see config.h. Adding an option is adding a row.
 */
#include "config.h"

#include "require.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum config_kind {
	CONFIG_INT,		/* int, parsed in [min, max] */
	CONFIG_INT64,		/* int64_t, parsed in [min, max] */
	CONFIG_DOUBLE,		/* double, finite, in [min, max] */
	CONFIG_BOOL,		/* bare flag, or =0/1/true/false */
	CONFIG_STRING,		/* char *, replaced on each use */
	CONFIG_CUSTOM,		/* parsed by the row's own function */
};

struct config_option {
	const char *name;
	enum config_kind kind;
	size_t offset;
	long min, max;		/* CONFIG_INT, _INT64, _DOUBLE */
	int (*parse)(struct config *cfg, const char *value, struct error *err);
	bool value_optional;	/* CONFIG_STRING/CUSTOM: bare flag allowed */
};

static const struct {
	const char *name;
	enum config_ip_version version;
} config_versions[] = {
	{ "ipv4", CONFIG_IPV4 },
	{ "ipv6", CONFIG_IPV6 },
	{ "ipv4-mapped-ipv6", CONFIG_IPV4_MAPPED_IPV6 },
	{ "all", CONFIG_IP_ALL },
};

int config_scope_split(const char *name, enum config_ip_version *version,
		       const char **rest)
{
	const char *colon = strchr(name, ':');
	size_t i;

	if (!colon)
		return 0;
	for (i = 0; i < sizeof(config_versions) / sizeof(config_versions[0]); i++) {
		if (config_versions[i].version == CONFIG_IP_ALL ||
		    strlen(config_versions[i].name) != (size_t)(colon - name) ||
		    strncmp(name, config_versions[i].name, (size_t)(colon - name)) != 0)
			continue;
		*version = config_versions[i].version;
		*rest = colon + 1;
		return 1;
	}
	return 0;
}

int config_ip_version_of(const char *name, enum config_ip_version *version)
{
	const size_t count = sizeof(config_versions) / sizeof(config_versions[0]);
	size_t i;

	for (i = 0; i < count; i++) {
		if (strcmp(name, config_versions[i].name) == 0) {
			*version = config_versions[i].version;
			return 0;
		}
	}
	return -1;
}

static int parse_ip_version(struct config *cfg, const char *value,
			    struct error *err)
{
	if (config_ip_version_of(value, &cfg->ip_version) == 0)
		return 0;
	return error_set(err, "bad --ip_version '%s': expected ipv4, ipv6, "
			 "ipv4-mapped-ipv6 or all", value);
}

/* --non_fatal=packet,syscall: a comma list of event kinds. */
static int parse_non_fatal(struct config *cfg, const char *value,
			   struct error *err)
{
	char *copy = strdup(value), *save = NULL, *word;
	int ret = 0;

	if (!copy)
		return error_set(err, "out of memory");
	for (word = strtok_r(copy, ",", &save); word;
	     word = strtok_r(NULL, ",", &save)) {
		if (strcmp(word, "packet") == 0) {
			cfg->non_fatal_packet = true;
		} else if (strcmp(word, "syscall") == 0) {
			cfg->non_fatal_syscall = true;
		} else {
			ret = error_set(err, "bad --non_fatal '%s': expected "
					"packet or syscall", word);
			break;
		}
	}
	free(copy);
	return ret;
}

/* --shard=K/N with 1 <= K <= N. */
static int parse_shard(struct config *cfg, const char *value,
		       struct error *err)
{
	int k, n, used = 0;

	if (sscanf(value, "%d/%d%n", &k, &n, &used) != 2 ||
	    value[used] != '\0' || n < 1 || k < 1 || k > n)
		return error_set(err, "bad --shard '%s': expected K/N with "
				 "1 <= K <= N", value);
	cfg->shard_index = k;
	cfg->shard_count = n;
	return 0;
}

static int config_append_pair(struct config_define **list, const char *name,
			      size_t name_len, const char *value);

/* --require=KIND:ARG[,KIND:ARG...]; each option line adds to the list. */
static int parse_require(struct config *cfg, const char *value,
			 struct error *err)
{
	char *copy = strdup(value), *save = NULL, *item;
	int ret = 0;

	if (!copy)
		return error_set(err, "out of memory");
	for (item = strtok_r(copy, ",", &save); item && !ret;
	     item = strtok_r(NULL, ",", &save)) {
		if (require_parse_check(item, err))
			ret = -1;
		else if (config_append_pair(&cfg->requires, item, strlen(item), NULL))
			ret = error_set(err, "out of memory");
	}
	free(copy);
	return ret;
}

static int parse_long(const char *value, long min, long max, long *out);

/* --verbose alone is one level more, as packetdrill's flag; =N sets it. */
static int parse_verbose(struct config *cfg, const char *value,
			 struct error *err)
{
	long level;

	if (!value) {
		cfg->verbose++;
		return 0;
	}
	if (parse_long(value, 0, 9, &level))
		return error_set(err, "bad value '%s' for --verbose: expected 0 to 9",
				 value);
	cfg->verbose = (int)level;
	return 0;
}

static int parse_define(struct config *cfg, const char *value,
			struct error *err)
{
	return config_add_define(cfg, value, err);
}

/* --tap alone writes TAP to standard output. */
static int parse_tap(struct config *cfg, const char *value, struct error *err)
{
	free(cfg->tap_file);
	cfg->tap_file = strdup(value ? value : "-");
	return cfg->tap_file ? 0 : error_set(err, "out of memory");
}

/* packetdrill's remote modes and plugins: named, and refused clearly. */
static int parse_unsupported(struct config *cfg, const char *value,
			     struct error *err)
{
	return error_set(err, "packetdrill's wire client/server mode and .so "
			 "plugins are not supported: tcpdrill runs every script "
			 "against the local kernel in its own namespace");
}

#define OPT(name, kind, field) \
	{ name, kind, offsetof(struct config, field), 0, 0, NULL, false }
#define OPT_RANGE(name, kind, field, lo, hi) \
	{ name, kind, offsetof(struct config, field), lo, hi, NULL, false }
#define OPT_INT(name, field, lo, hi) OPT_RANGE(name, CONFIG_INT, field, lo, hi)
#define OPT_FN(name, fn, optional) \
	{ name, CONFIG_CUSTOM, 0, 0, 0, fn, optional }

static const struct config_option config_options[] = {
	OPT_FN("ip_version", parse_ip_version, false),
	OPT("local_ip", CONFIG_STRING, local_ip),
	OPT("remote_ip", CONFIG_STRING, remote_ip),
	OPT("gateway_ip", CONFIG_STRING, gateway_ip),
	OPT("netmask_ip", CONFIG_STRING, netmask_ip),
	OPT_INT("mtu", mtu, 68, 65535),
	OPT_INT("mss", mss, 0, 65535),
	OPT_INT("bind_port", bind_port, 1, 65535),
	OPT_INT("connect_port", connect_port, 1, 65535),
	OPT("init_scripts", CONFIG_STRING, init_scripts),
	OPT("default_cc", CONFIG_STRING, default_cc),
	OPT_FN("define", parse_define, false),
	OPT_FN("require", parse_require, false),
	/*
	 * A tolerance beyond the longest --timeout (a day) can not matter,
	 * and bounding it keeps time arithmetic far from overflow; a
	 * percentage above 100 would accept events before the previous one
	 * (packetdrill's range); RFC 7323 TS clocks tick from 1 ms to 1 s.
	 */
	OPT_RANGE("tolerance_usecs", CONFIG_INT64, tolerance_usecs, 0,
		  86400L * 1000000),
	OPT_RANGE("tolerance_percent", CONFIG_DOUBLE, tolerance_percent, 0, 100),
	OPT_RANGE("tcp_ts_tick_usecs", CONFIG_INT64, tcp_ts_tick_usecs, 0,
		  1000000),
	OPT("tcp_ts_ecr_scaled", CONFIG_BOOL, tcp_ts_ecr_scaled),
	OPT("strict_segments", CONFIG_BOOL, strict_segments),
	OPT_FN("non_fatal", parse_non_fatal, false),
	OPT("strict", CONFIG_BOOL, strict),
	OPT("code_command", CONFIG_STRING, code_command),
	OPT("code_format", CONFIG_STRING, code_format),
	OPT("code_sockopt", CONFIG_STRING, code_sockopt),
	OPT("dry_run", CONFIG_BOOL, dry_run),
	OPT("dump", CONFIG_BOOL, dump),
	OPT_FN("verbose", parse_verbose, true),
	OPT("trace-states", CONFIG_BOOL, trace_states),
	OPT("state-graph", CONFIG_STRING, state_graph),
	OPT_INT("jobs", jobs, 1, 1024),
	OPT_INT("timeout", timeout_secs, 1, 86400),
	OPT_INT("retries", retries, 0, 100),
	OPT_FN("shard", parse_shard, false),
	OPT_FN("tap", parse_tap, true),
	OPT("junit", CONFIG_STRING, junit_file),
	OPT("pcap", CONFIG_STRING, pcap_dir),
	OPT("pcap-on-failure", CONFIG_BOOL, pcap_on_failure),
	OPT_INT("psp_udp_port", psp_udp_port, 0, 65535),
	OPT_INT("speed", speed, 0, 1000000000),
	OPT("send_omit_free", CONFIG_BOOL, send_omit_free),
	OPT("is_anyip", CONFIG_BOOL, is_anyip),
	OPT("debug", CONFIG_BOOL, debug),
	OPT_FN("wire_client", parse_unsupported, true),
	OPT_FN("wire_server", parse_unsupported, true),
	OPT_FN("wire_client_dev", parse_unsupported, true),
	OPT_FN("wire_server_dev", parse_unsupported, true),
	OPT_FN("wire_server_at", parse_unsupported, true),
	OPT_FN("wire_server_ip", parse_unsupported, true),
	OPT_FN("wire_server_port", parse_unsupported, true),
	OPT_FN("so_filename", parse_unsupported, true),
	OPT_FN("so_flags", parse_unsupported, true),
};

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ip_version = CONFIG_IPV4;
	cfg->mtu = 1500;
	cfg->bind_port = 8080;
	cfg->connect_port = 8080;
	/* packetdrill's defaults: 4 ms or 12.5 % of the gap, whichever is more */
	cfg->tolerance_usecs = 4000;
	cfg->tolerance_percent = 12.5;
	cfg->code_command = strdup("python3");
	cfg->code_format = strdup("python");
	cfg->code_sockopt = strdup("TCP_INFO");
	cfg->timeout_secs = 180;
}

static void config_free_defines(struct config_define *def)
{
	while (def) {
		struct config_define *next = def->next;

		free(def->name);
		free(def->value);
		free(def);
		def = next;
	}
}

void config_free(struct config *cfg)
{
	char **strings[] = {
		&cfg->local_ip, &cfg->remote_ip, &cfg->gateway_ip,
		&cfg->netmask_ip, &cfg->init_scripts, &cfg->default_cc,
		&cfg->code_command,
		&cfg->code_format, &cfg->code_sockopt, &cfg->state_graph,
		&cfg->tap_file, &cfg->junit_file, &cfg->pcap_dir,
	};
	size_t i;

	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		free(*strings[i]);
		*strings[i] = NULL;
	}
	config_free_defines(cfg->defines);
	cfg->defines = NULL;
	config_free_defines(cfg->cli_settings);
	cfg->cli_settings = NULL;
	config_free_defines(cfg->requires);
	cfg->requires = NULL;
}

static int config_append_pair(struct config_define **list, const char *name,
			      size_t name_len, const char *value)
{
	struct config_define *def = calloc(1, sizeof(*def)), **tail;

	if (!def)
		return -1;
	def->name = strndup(name, name_len);
	def->value = value ? strdup(value) : NULL;
	if (!def->name || (value && !def->value)) {
		config_free_defines(def);
		return -1;
	}
	for (tail = list; *tail; tail = &(*tail)->next)
		;
	*tail = def;
	return 0;
}

int config_remember_cli(struct config *cfg, const char *name,
			const char *value, struct error *err)
{
	if (config_append_pair(&cfg->cli_settings, name, strlen(name), value))
		return error_set(err, "out of memory");
	return 0;
}

int config_apply_script_options(struct config *cfg,
				const struct config_define *script_options,
				struct error *err)
{
	const struct config_define *opt;

	for (opt = script_options; opt; opt = opt->next)
		if (config_set_option(cfg, opt->name, opt->value, err))
			return -1;
	for (opt = cfg->cli_settings; opt; opt = opt->next)
		if (config_set_option(cfg, opt->name, opt->value, err))
			return -1;
	return 0;
}

int config_add_define(struct config *cfg, const char *name_value,
		      struct error *err)
{
	const char *eq = strchr(name_value, '=');

	if (!eq || eq == name_value)
		return error_set(err, "bad define '%s': expected NAME=VALUE",
				 name_value);
	if (config_append_pair(&cfg->defines, name_value, eq - name_value,
			       eq + 1))
		return error_set(err, "out of memory");
	return 0;
}

static const struct config_option *config_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(config_options) / sizeof(config_options[0]); i++)
		if (strcmp(config_options[i].name, name) == 0)
			return &config_options[i];
	return NULL;
}

static int parse_long(const char *value, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 0);
	if (errno || end == value || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *value, bool *out)
{
	if (!value || strcmp(value, "1") == 0 || strcmp(value, "true") == 0) {
		*out = true;
		return 0;
	}
	if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0) {
		*out = false;
		return 0;
	}
	return -1;
}

static int config_apply(struct config *cfg, const struct config_option *opt,
			const char *value, struct error *err)
{
	char *field = (char *)cfg + opt->offset;
	long number;
	double real;
	char *end;

	switch (opt->kind) {
	case CONFIG_INT:
		if (parse_long(value, opt->min, opt->max, &number))
			break;
		*(int *)field = (int)number;
		return 0;
	case CONFIG_INT64:
		if (parse_long(value, opt->min, opt->max, &number))
			break;
		*(int64_t *)field = number;
		return 0;
	case CONFIG_DOUBLE:
		real = strtod(value, &end);
		/* NaN fails both comparisons; inf fails the second */
		if (end == value || *end != '\0' || !(real >= opt->min) ||
		    !(real <= opt->max))
			break;
		*(double *)field = real;
		return 0;
	case CONFIG_BOOL:
		if (parse_bool(value, (bool *)field))
			break;
		return 0;
	case CONFIG_STRING:
		free(*(char **)field);
		*(char **)field = strdup(value);
		return *(char **)field ? 0 : error_set(err, "out of memory");
	case CONFIG_CUSTOM:
		return opt->parse(cfg, value, err);
	}
	if (opt->kind == CONFIG_INT || opt->kind == CONFIG_INT64 ||
	    opt->kind == CONFIG_DOUBLE)
		return error_set(err, "bad value '%s' for --%s: expected a "
				 "number from %ld to %ld", value, opt->name,
				 opt->min, opt->max);
	return error_set(err, "bad value '%s' for --%s", value, opt->name);
}

int config_set_option(struct config *cfg, const char *name,
		      const char *value, struct error *err)
{
	const struct config_option *opt = config_find(name);

	if (!opt)
		return error_set(err, "unknown option --%s", name);
	if (!value && opt->kind != CONFIG_BOOL && !opt->value_optional)
		return error_set(err, "option --%s needs a value", name);
	return config_apply(cfg, opt, value, err);
}

enum config_value_need config_option_takes_value(const char *name)
{
	enum config_ip_version scope;
	const struct config_option *opt;

	config_scope_split(name, &scope, &name);
	opt = config_find(name);

	if (!opt)
		return CONFIG_VALUE_UNKNOWN;
	if (opt->value_optional)
		return CONFIG_VALUE_OPTIONAL;
	if (opt->kind == CONFIG_BOOL)
		return CONFIG_VALUE_NONE;
	return CONFIG_VALUE_REQUIRED;
}
