// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - the command line: options into a struct config, then either a
 * front-end job (--dry_run, --dump) or the runner. The only place that
 * prints errors.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "config.h"
#include "error.h"
#include "from_pcap.h"
#include "run.h"
#include "runner.h"
#include "timing.h"
#include "script.h"

enum { EXIT_PASS = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli {
	struct config cfg;
	char **paths;
	int path_count;
};

/*
 * The --help text, grouped by purpose; doc/tcpdrill.1 has the same groups
 * with more words, and tests/docs.test checks that every row of
 * src/config.c's option table appears in both.
 */
static const char usage_text[] =
"usage: tcpdrill [options] SCRIPT|DIR...\n"
"       tcpdrill --dry_run SCRIPT...     parse and check, run nothing\n"
"       tcpdrill --dump SCRIPT...        print the compiled timeline\n"
"       tcpdrill from-pcap CAPTURE ...   a captured connection as a script\n"
"                                        (tcpdrill from-pcap --help)\n"
"\n"
"Runs each .pkt script (a DIR is searched for *.pkt) against this kernel's\n"
"TCP stack, in a private network namespace through a TUN device. Exit\n"
"status: 0 all passed or skipped, 1 something failed, 2 usage, parse or\n"
"set-up error. Options have packetdrill's names; --name=VALUE and\n"
"--name VALUE both work, a script's option lines take the same names,\n"
"and the command line wins over them. See tcpdrill(1), tcpdrill-script(5).\n"
"\n"
"Running scripts:\n"
"  -j, --jobs=N              scripts run side by side (default: 2 per CPU)\n"
"  --ip_version=V            ipv4 (default), ipv6, ipv4-mapped-ipv6, or all\n"
"                            (all: each script once in every variant)\n"
"  --timeout=SECS            kill a run after SECS seconds (default 180)\n"
"  --retries=N               rerun a failed script up to N times (FLAKY)\n"
"  --shard=K/N               run only the K-th of N slices of the scripts\n"
"\n"
"Reports:\n"
"  -v, -vv, --verbose=N      trace every event in script syntax; -vv adds\n"
"                            live values\n"
"  --tap[=FILE]              TAP version 13 to FILE (alone: standard output;\n"
"                            the human lines then go to standard error)\n"
"  --junit=FILE              JUnit XML to FILE\n"
"  --pcap=DIR                capture each run to DIR/SCRIPT.pcap\n"
"  --pcap-on-failure         with --pcap: keep only failing runs' captures\n"
"  --trace-states            print each TCP state change the run observed\n"
"  --state-graph=FILE.dot    draw the state diagram with the run's path\n"
"\n"
"Checking:\n"
"  --tolerance_usecs=N       timing tolerance in microseconds (default 4000)\n"
"  --tolerance_percent=P     or P % of the gap to the previous event, when\n"
"                            more (default 12.5)\n"
"  --tcp_ts_tick_usecs=N     compare outbound TS val, at N usecs per tick\n"
"  --tcp_ts_ecr_scaled       map an inbound TS ecr the kernel never sent by\n"
"                            its offset from the first TS val\n"
"  --strict_segments         do not join TSO/GSO-split outbound segments\n"
"  --non_fatal=packet,syscall  report those mismatches and carry on\n"
"  --strict                  checks packetdrill never made: unexpected\n"
"                            packets after the last event, TS ecr, checksums\n"
"  --require=KIND:ARG[,...]  skip unless the machine has it: sysctl:NAME,\n"
"                            sysctl:NAME=VALUE, kernel:X.Y, cc:NAME,\n"
"                            command:NAME\n"
"\n"
"The script's network:\n"
"  --local_ip=A --remote_ip=A --gateway_ip=A --netmask_ip=M\n"
"                            addresses (IPv4: 192.168.0.1 and 192.0.2.1)\n"
"  --mtu=N                   the TUN device's MTU (default 1500)\n"
"  --mss=N                   inbound TCP segments go in as GSO packets of\n"
"                            N-byte segments, as a NIC's GRO hands them up\n"
"  --bind_port=N             the local port of bind() (default 8080)\n"
"  --connect_port=N          the remote port of connect() (default 8080)\n"
"  --init_scripts=A,B        shell scripts run before the script\n"
"  --default_cc=NAME         congestion control of the script's TCP sockets\n"
"                            (skips when the kernel lacks it)\n"
"  --VARIANT:NAME=VALUE      an option for one IP variant only: VARIANT\n"
"                            is ipv4, ipv6 or ipv4-mapped-ipv6 (also\n"
"                            -D VARIANT:NAME=VALUE)\n"
"\n"
"Script text:\n"
"  -D NAME=VALUE, --define=NAME=VALUE\n"
"                            replace the word NAME in the script\n"
"  --code_command=CMD        interpreter of %{ }% blocks (default python3)\n"
"  --code_format=F           their language (default python)\n"
"  --code_sockopt=OPT        the socket option they see (default TCP_INFO)\n"
"\n"
"packetdrill's other flags, so that its command lines and scripts work:\n"
"  --speed=N --psp_udp_port=N --send_omit_free --is_anyip --debug\n"
"                            accepted, no effect\n"
"  --wire_client --wire_server --wire_client_dev --wire_server_dev\n"
"  --wire_server_at --wire_server_ip --wire_server_port --so_filename\n"
"  --so_flags                refused: tcpdrill has no remote or plugin mode\n"
"\n"
"  -h, --help                this text\n"
"  --version                 print the version\n";

static void usage(FILE *out)
{
	fputs(usage_text, out);
}

/* After a usage error: the synopsis and where the rest is, not 70 lines. */
static void usage_hint(FILE *out)
{
	fprintf(out, "%.*sTry 'tcpdrill --help' for the options.\n",
		(int)(strchr(usage_text, '\n') - usage_text + 1), usage_text);
}

/*
 * "--ipv6:mtu=1520": checked now, applied only to that variant's runs (the
 * run replays the remembered settings).
 */
static int cli_set_scoped(struct cli *cli, const char *name, const char *rest,
			  const char *value, struct error *err)
{
	struct config scratch;
	int ret;

	if (strcmp(rest, "ip_version") == 0)
		return error_set(err, "--%s: the IP version cannot depend on "
				 "the variant", name);
	config_init(&scratch);
	ret = config_set_option(&scratch, rest, value, err);
	config_free(&scratch);
	if (ret)
		return -1;
	return config_remember_cli(&cli->cfg, name, value, err);
}

/* Set an option and remember it, so it can win over script option lines. */
static int cli_set(struct cli *cli, const char *name, const char *value,
		   struct error *err)
{
	enum config_ip_version scope;
	const char *rest;

	if (config_scope_split(name, &scope, &rest))
		return cli_set_scoped(cli, name, rest, value, err);
	if (config_set_option(&cli->cfg, name, value, err))
		return -1;
	return config_remember_cli(&cli->cfg, name, value, err);
}

/* "--name=value", "--name value" or "--flag". */
static int cli_long_option(struct cli *cli, char **argv, int *i,
			   struct error *err)
{
	char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
	char name[128];
	enum config_value_need takes;

	if ((eq ? (size_t)(eq - arg) : strlen(arg)) >= sizeof(name))
		return error_set(err, "unknown option --%s", arg);
	snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
	takes = config_option_takes_value(name);
	if (takes == CONFIG_VALUE_UNKNOWN)
		return error_set(err, "unknown option --%s", name);
	if (eq)
		return cli_set(cli, name, eq + 1, err);
	/* "--tap -" is "--tap=-" (no script can be named "-"). */
	if (takes == CONFIG_VALUE_OPTIONAL && argv[*i + 1] &&
	    strcmp(argv[*i + 1], "-") == 0)
		return cli_set(cli, name, argv[++(*i)], err);
	if (takes != CONFIG_VALUE_REQUIRED)
		return cli_set(cli, name, NULL, err);
	if (!argv[*i + 1])
		return error_set(err, "option --%s needs a value", name);
	(*i)++;
	return cli_set(cli, name, argv[*i], err);
}

/* "-D NAME=VALUE", "-DNAME=VALUE", "-j N", "-jN", "-v", "-vv". */
static int cli_short_option(struct cli *cli, char **argv, int *i,
			    struct error *err)
{
	const char *arg = argv[*i];
	const char *value;

	if (arg[1] == 'v' && strspn(arg + 1, "v") == strlen(arg + 1)) {
		char level[16];

		snprintf(level, sizeof(level), "%d",
			 cli->cfg.verbose + (int)strlen(arg + 1));
		return cli_set(cli, "verbose", level, err);
	}
	if (arg[1] != 'D' && arg[1] != 'j')
		return error_set(err, "unknown option %s", arg);
	value = arg[2] ? arg + 2 : argv[*i + 1];
	if (!value)
		return error_set(err, "option %s needs a value", arg);
	if (!arg[2])
		(*i)++;
	if (arg[1] == 'D')
		return config_add_define(&cli->cfg, value, err);
	return cli_set(cli, "jobs", value, err);
}

static int cli_parse(struct cli *cli, int argc, char **argv, struct error *err)
{
	int i;

	cli->paths = calloc(argc, sizeof(*cli->paths));
	if (!cli->paths)
		return error_set(err, "out of memory");
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int ret;

		if (strcmp(arg, "--") == 0) {
			while (++i < argc)
				cli->paths[cli->path_count++] = argv[i];
			break;
		}
		if (strncmp(arg, "--", 2) == 0)
			ret = cli_long_option(cli, argv, &i, err);
		else if (arg[0] == '-' && arg[1])
			ret = cli_short_option(cli, argv, &i, err);
		else
			ret = (cli->paths[cli->path_count++] = argv[i]) ? 0 : -1;
		if (ret)
			return -1;
	}
	return 0;
}

/* --dry_run and --dump: the front end alone. */
static int run_front_end(struct cli *cli)
{
	int status = EXIT_PASS, i;

	for (i = 0; i < cli->path_count; i++) {
		struct ast_script *script = NULL;
		struct error err = { 0 };

		if (script_load(cli->paths[i], cli->cfg.defines, &script, &err) ||
		    script_validate(script, &err)) {
			error_print(stderr, &err);
			status = EXIT_USAGE;
		} else if (cli->cfg.dump) {
			ast_dump_script(stdout, script);
		}
		error_clear(&err);
		ast_script_free(script);
	}
	return status;
}

/* The runner's child: run one script × variant in this forked process. */
static int run_job(const struct config *cfg, const struct runner_job *job,
		   struct verdict *out, void *arg)
{
	return run_script(cfg, job->path, job->pcap_path, out);
}

static int run_scripts(struct cli *cli)
{
	struct error err = { 0 };
	int status;

	/* Once here rather than in every forked run. */
	timing_jiffy_edge_usecs();
	status = runner_run(&cli->cfg, cli->paths, cli->path_count, run_job, NULL,
			    stdout, &err);
	if (status < 0 || error_is_set(&err)) {
		fprintf(stderr, "tcpdrill: %s\n", err.message ? err.message : "runner failed");
		error_clear(&err);
		return status < 0 ? EXIT_USAGE : status;
	}
	return status;
}

/* --help or --version anywhere before "--" wins over everything else. */
static bool cli_wants(int argc, char **argv, const char *name, const char *alias)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], name) == 0 || (alias && strcmp(argv[i], alias) == 0))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	struct error err = { 0 };
	int status;

	if (argc > 1 && strcmp(argv[1], "from-pcap") == 0)
		return from_pcap_main(argc, argv);
	config_init(&cli.cfg);
	if (cli_wants(argc, argv, "--help", "-h")) {
		usage(stdout);
		status = EXIT_PASS;
	} else if (cli_wants(argc, argv, "--version", NULL)) {
		printf("tcpdrill %s\n", TCPDRILL_VERSION);
		status = EXIT_PASS;
	} else if (cli_parse(&cli, argc, argv, &err)) {
		fprintf(stderr, "tcpdrill: %s\n", err.message);
		usage_hint(stderr);
		status = EXIT_USAGE;
	} else if (cli.path_count == 0) {
		usage_hint(stderr);
		status = EXIT_USAGE;
	} else if (cli.cfg.dry_run || cli.cfg.dump) {
		status = run_front_end(&cli);
	} else {
		status = run_scripts(&cli);
	}
	error_clear(&err);
	config_free(&cli.cfg);
	free(cli.paths);
	return status;
}
