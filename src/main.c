// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - the command line: options into a struct config, then either a
 * front-end job (--dry_run, --dump) or the runner. The only place that
 * prints errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "config.h"
#include "error.h"
#include "run.h"
#include "runner.h"
#include "script.h"

enum { EXIT_PASS = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli {
	struct config cfg;
	char **paths;
	int path_count;
};

static void usage(FILE *out)
{
	fputs("usage: tcpdrill [options] SCRIPT|DIR...\n"
	      "       tcpdrill --dry_run SCRIPT...   parse and validate\n"
	      "       tcpdrill --dump SCRIPT...      print the compiled timeline\n"
	      "Options use packetdrill's names, e.g. --tolerance_usecs=N,\n"
	      "--ip_version=ipv4|ipv6|ipv4-mapped-ipv6|all, -D NAME=VALUE, -v.\n"
	      "A VARIANT: prefix (--ipv6:mtu=1520, -D ipv6:NAME=VALUE) limits an\n"
	      "option or a define to the runs of that IP variant.\n",
	      out);
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
	int takes;

	if ((eq ? (size_t)(eq - arg) : strlen(arg)) >= sizeof(name))
		return error_set(err, "unknown option --%s", arg);
	snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
	takes = config_option_takes_value(name);
	if (takes < 0)
		return error_set(err, "unknown option --%s", name);
	if (eq)
		return cli_set(cli, name, eq + 1, err);
	if (takes == 0)
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

/* Option lines are checked on a scratch config: an unknown one is an error. */
static int check_script_options(const struct ast_script *script,
				struct error *err)
{
	const struct ast_option *opt;
	struct config scratch;
	int ret = 0;

	config_init(&scratch);
	for (opt = script->options; opt && !ret; opt = opt->next) {
		struct error why = { 0 };

		if (config_set_option(&scratch, opt->name, opt->value, &why))
			ret = error_set_at(err, script->path, opt->pos.line,
					   opt->pos.col, NULL, "%s", why.message);
		error_clear(&why);
	}
	config_free(&scratch);
	return ret;
}

/* --dry_run and --dump: the front end alone. */
static int run_front_end(struct cli *cli)
{
	int status = EXIT_PASS, i;

	for (i = 0; i < cli->path_count; i++) {
		struct ast_script *script = NULL;
		struct error err = { 0 };

		if (script_load(cli->paths[i], cli->cfg.defines, &script, &err) ||
		    check_script_options(script, &err)) {
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

	status = runner_run(&cli->cfg, cli->paths, cli->path_count, run_job, NULL,
			    stdout, &err);
	if (status < 0 || error_is_set(&err)) {
		fprintf(stderr, "tcpdrill: %s\n", err.message ? err.message : "runner failed");
		error_clear(&err);
		return status < 0 ? EXIT_USAGE : status;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	struct error err = { 0 };
	int status;

	config_init(&cli.cfg);
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		status = EXIT_PASS;
	} else if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("tcpdrill %s\n", TCPDRILL_VERSION);
		status = EXIT_PASS;
	} else if (cli_parse(&cli, argc, argv, &err)) {
		fprintf(stderr, "tcpdrill: %s\n", err.message);
		usage(stderr);
		status = EXIT_USAGE;
	} else if (cli.path_count == 0) {
		usage(stderr);
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
