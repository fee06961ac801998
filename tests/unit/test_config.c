// SPDX-License-Identifier: GPL-2.0
/* test_config.c - the option table, defaults, and command line precedence. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tap.h"

static void test_defaults(void)
{
	struct config cfg;

	config_init(&cfg);
	tap_is_int(cfg.tolerance_usecs, 4000, "default tolerance 4000 us");
	tap_ok(cfg.tolerance_percent == 12.5, "default tolerance 12.5 %");
	tap_is_int(cfg.bind_port, 8080, "default bind port");
	tap_is_int(cfg.connect_port, 8080, "default connect port");
	tap_is_int(cfg.mtu, 1500, "default mtu");
	tap_is_int(cfg.ip_version, CONFIG_IPV4, "default ipv4");
	tap_is_int(cfg.timeout_secs, 180, "default timeout");
	config_free(&cfg);
}

static void test_values(void)
{
	struct error err = { 0 };
	struct config cfg;

	config_init(&cfg);
	tap_is_int(config_set_option(&cfg, "ip_version", "ipv4-mapped-ipv6", &err), 0,
		   "ip_version accepted");
	tap_is_int(cfg.ip_version, CONFIG_IPV4_MAPPED_IPV6, "ipv4-mapped-ipv6");
	tap_is_int(config_set_option(&cfg, "ip_version", "ipv5", &err), -1, "ipv5 refused");
	tap_is_str(err.message, "bad --ip_version 'ipv5': expected ipv4, ipv6, "
		   "ipv4-mapped-ipv6 or all", "its message");
	tap_is_int(config_set_option(&cfg, "non_fatal", "packet,syscall", &err), 0,
		   "non_fatal list");
	tap_ok(cfg.non_fatal_packet && cfg.non_fatal_syscall, "both set");
	tap_is_int(config_set_option(&cfg, "shard", "3/2", &err), -1, "shard 3/2 refused");
	tap_is_int(config_set_option(&cfg, "shard", "2/3", &err), 0, "shard 2/3");
	tap_ok(cfg.shard_index == 2 && cfg.shard_count == 3, "shard parsed");
	tap_is_int(config_set_option(&cfg, "mtu", "70000", &err), -1, "mtu range");
	tap_is_int(config_set_option(&cfg, "strict_segments", NULL, &err), 0, "bare flag");
	tap_ok(cfg.strict_segments, "flag set");
	tap_is_int(config_set_option(&cfg, "verbose", NULL, &err), 0, "--verbose alone");
	tap_is_int(config_set_option(&cfg, "verbose", NULL, &err), 0, "twice");
	tap_is_int(cfg.verbose, 2, "is a flag that counts, as in packetdrill");
	tap_is_int(config_option_takes_value("verbose"), CONFIG_VALUE_OPTIONAL,
		   "its value is optional: the next word is not it");
	tap_is_int(config_option_takes_value("strict_segments"), CONFIG_VALUE_NONE, "a flag takes none");
	tap_is_int(config_option_takes_value("mtu"), CONFIG_VALUE_REQUIRED, "a number needs one");
	tap_is_int(config_set_option(&cfg, "tap", NULL, &err), 0, "--tap alone");
	tap_is_str(cfg.tap_file, "-", "TAP to stdout");
	tap_is_int(config_set_option(&cfg, "nonesuch", "1", &err), -1, "unknown option");
	tap_is_str(err.message, "unknown option --nonesuch", "its message");
	tap_is_int(config_add_define(&cfg, "X", &err), -1, "define needs =");
	tap_is_int(config_add_define(&cfg, "TFO_COOKIE=abcd", &err), 0, "define");
	tap_is_str(cfg.defines->name, "TFO_COOKIE", "define name");
	tap_is_str(cfg.defines->value, "abcd", "define value");
	error_clear(&err);
	config_free(&cfg);
}

/* Numbers stay in the ranges the time and TS arithmetic can take. */
static void test_ranges(void)
{
	static const struct {
		const char *name, *value;
		int ok;
	} cases[] = {
		{ "tolerance_percent", "100", 0 },
		{ "tolerance_percent", "0", 0 },
		{ "tolerance_percent", "100.5", -1 },
		{ "tolerance_percent", "-1", -1 },
		{ "tolerance_percent", "nan", -1 },
		{ "tolerance_percent", "inf", -1 },
		{ "tolerance_percent", "1e999", -1 },
		{ "tolerance_usecs", "86400000000", 0 },
		{ "tolerance_usecs", "86400000001", -1 },
		{ "tolerance_usecs", "-1", -1 },
		{ "tcp_ts_tick_usecs", "1000000", 0 },
		{ "tcp_ts_tick_usecs", "1000001", -1 },
	};
	struct error err = { 0 };
	struct config cfg;
	char name[96];
	size_t i;

	config_init(&cfg);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "--%s=%s %s", cases[i].name,
			 cases[i].value, cases[i].ok ? "refused" : "accepted");
		tap_is_int(config_set_option(&cfg, cases[i].name,
					     cases[i].value, &err),
			   cases[i].ok, name);
		error_clear(&err);
	}
	tap_ok(cfg.tolerance_percent == 0, "a refused value changes nothing");
	config_set_option(&cfg, "tolerance_percent", "101", &err);
	tap_is_str(err.message, "bad value '101' for --tolerance_percent: "
		   "expected a number from 0 to 100", "the message gives the range");
	error_clear(&err);
	config_free(&cfg);
}

static void test_command_line_wins(void)
{
	struct config_define script_tol = { "tolerance_usecs", "10000", NULL };
	struct config_define script_mtu = { "mtu", "1200", &script_tol };
	struct error err = { 0 };
	struct config cfg;

	config_init(&cfg);
	config_set_option(&cfg, "tolerance_usecs", "20000", &err);
	config_remember_cli(&cfg, "tolerance_usecs", "20000", &err);
	tap_is_int(config_apply_script_options(&cfg, &script_mtu, &err), 0,
		   "script options applied");
	tap_is_int(cfg.mtu, 1200, "a script option the command line left alone");
	tap_is_int(cfg.tolerance_usecs, 20000, "the command line wins");
	config_free(&cfg);
}

/* Every flag of packetdrill's command line is known to tcpdrill. */
static void test_packetdrill_names(void)
{
	static const char *const names[] = {
		"bind_port", "code_command", "code_format", "code_sockopt",
		"connect_port", "debug", "define", "dry_run", "gateway_ip",
		"init_scripts", "ip_version", "is_anyip", "local_ip", "mss",
		"mtu", "netmask_ip", "non_fatal", "psp_udp_port", "remote_ip",
		"send_omit_free", "so_filename", "so_flags", "speed",
		"strict_segments", "tcp_ts_ecr_scaled", "tcp_ts_tick_usecs",
		"tolerance_percent", "tolerance_usecs", "verbose", "wire_client",
		"wire_client_dev", "wire_server", "wire_server_at",
		"wire_server_dev", "wire_server_ip", "wire_server_port",
	};
	size_t i, known = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (config_option_takes_value(names[i]) >= 0)
			known++;
		else
			printf("# unknown: --%s\n", names[i]);
	tap_is_int((long long)known, (long long)(sizeof(names) / sizeof(names[0])),
		   "every packetdrill flag name is known");
}

/* "VARIANT:name" scopes an option or a define to one IP variant. */
static void test_scopes(void)
{
	enum config_ip_version v = CONFIG_IP_ALL;
	const char *rest = NULL;

	tap_is_int(config_scope_split("ipv6:mtu", &v, &rest), 1, "ipv6: scope");
	tap_ok(v == CONFIG_IPV6 && rest && strcmp(rest, "mtu") == 0,
	       "names IPv6 and the option");
	tap_is_int(config_scope_split("ipv4-mapped-ipv6:TFO_COOKIE", &v, &rest), 1,
		   "ipv4-mapped-ipv6: scope");
	tap_ok(v == CONFIG_IPV4_MAPPED_IPV6 && strcmp(rest, "TFO_COOKIE") == 0,
	       "names the mapped variant and the define");
	tap_is_int(config_scope_split("ipv4:local_ip", &v, &rest), 1, "ipv4: scope");
	tap_ok(v == CONFIG_IPV4, "names IPv4");
	tap_is_int(config_scope_split("mtu", &v, &rest), 0, "no scope");
	tap_is_int(config_scope_split("all:mtu", &v, &rest), 0, "all: is no scope");
	tap_is_int(config_scope_split("ipv5:mtu", &v, &rest), 0, "nor an unknown one");
	tap_is_int(config_option_takes_value("ipv6:mtu"), 1, "a scoped option takes "
		   "the value of its option");
	tap_is_int(config_option_takes_value("ipv6:nonesuch"), -1, "a scoped "
		   "unknown option is unknown");
}

int main(void)
{
	test_ranges();
	test_packetdrill_names();
	test_defaults();
	test_scopes();
	test_values();
	test_command_line_wins();
	return tap_done();
}
