// SPDX-License-Identifier: GPL-2.0
/*
 * from_pcap_main.c - the `tcpdrill from-pcap` sub-command: its options,
 * the capture read, --list or one connection's script, and every message
 * printed (the only place in the room that prints). See from_pcap.h.
 */
#include "from_pcap.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_USAGE = 2 };

struct fp_cli {
	const char *capture;
	const char *flow;
	const char *local;
	const char *output;
	bool list;
	struct pcap_script_opts opts;
};

static void fp_usage(FILE *out)
{
	fputs("usage: tcpdrill from-pcap CAPTURE [--flow=A:P-B:P|N] [--local=SIDE]\n"
	      "                          [-o OUT.pkt] [--no-states] [--any-options]\n"
	      "       tcpdrill from-pcap CAPTURE --list\n"
	      "Turn one TCP connection of a pcap/pcapng capture into a script.\n"
	      "  --flow     the connection: its two ends, or its number in --list\n"
	      "             (default: the first)\n"
	      "  --local    the end the kernel under test plays: A or B (as --flow\n"
	      "             or --list write them), client, server, ADDR, ADDR:PORT\n"
	      "             or PORT (default: the end that received the first SYN)\n"
	      "  --list     list the connections, their packets and states\n"
	      "  -o FILE    write the script there (default: standard output)\n"
	      "  --no-states    no `state` assertions in the script\n"
	      "  --any-options  <...> for the options of outbound non-SYN lines\n",
	      out);
}

/* "--name=value" or "--name value"; value NULL for a flag. */
static int fp_value(int argc, char **argv, int *i, const char *name,
		    const char **value, struct error *err)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);

	if (strncmp(arg, name, len) != 0)
		return 1;
	if (arg[len] == '=') {
		*value = arg + len + 1;
		return 0;
	}
	if (arg[len] != '\0')
		return 1;
	if (*i + 1 >= argc)
		return error_set(err, "option %s needs a value", name);
	*value = argv[++*i];
	return 0;
}

static int fp_parse(struct fp_cli *cli, int argc, char **argv, struct error *err)
{
	static const struct {
		const char *name;
		size_t offset;
	} valued[] = {
		{ "--flow", offsetof(struct fp_cli, flow) },
		{ "--local", offsetof(struct fp_cli, local) },
		{ "--output", offsetof(struct fp_cli, output) },
		{ "-o", offsetof(struct fp_cli, output) },
	};
	int i;
	size_t k;

	for (i = 2; i < argc; i++) {
		const char *arg = argv[i];
		int ret = 1;

		for (k = 0; k < sizeof(valued) / sizeof(valued[0]) && ret == 1; k++)
			ret = fp_value(argc, argv, &i, valued[k].name,
				       (const char **)((char *)cli + valued[k].offset),
				       err);
		if (ret < 0)
			return -1;
		if (ret == 0)
			continue;
		if (strcmp(arg, "--list") == 0)
			cli->list = true;
		else if (strcmp(arg, "--no-states") == 0)
			cli->opts.no_states = true;
		else if (strcmp(arg, "--any-options") == 0)
			cli->opts.any_options = true;
		else if (arg[0] == '-' && arg[1])
			return error_set(err, "unknown option %s", arg);
		else if (cli->capture)
			return error_set(err, "one capture at a time ('%s' and "
					 "'%s')", cli->capture, arg);
		else
			cli->capture = arg;
	}
	if (!cli->capture)
		return error_set(err, "no capture file given");
	return 0;
}

/* What the file held instead, for the "no TCP" error. */
static int fp_no_tcp(const struct pcap_trace *trace, const char *path,
		     struct error *err)
{
	if (trace->frames == 0)
		return error_set(err, "%s: no TCP: the capture holds no packets", path);
	if (trace->malformed && !trace->not_tcp && !trace->not_ip)
		return error_set(err, "%s: no TCP: all %zu packets are malformed "
				 "(record %u: %s)", path, trace->frames,
				 trace->first_malformed, trace->malformed_reason);
	return error_set(err, "%s: no TCP in %zu packets (%zu of another IP "
			 "protocol, %zu not IP, %zu malformed)", path,
			 trace->frames, trace->not_tcp, trace->not_ip,
			 trace->malformed);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int fp_write(struct fp_cli *cli, const struct pcap_trace *trace,
		    const struct pcap_conn *conn, struct pcap_notes *notes,
		    struct error *err)
{
	FILE *out = stdout;
	int ret;

	cli->opts.capture_name = base_name(cli->capture);
	if (cli->output && strcmp(cli->output, "-") != 0) {
		out = fopen(cli->output, "w");
		if (!out)
			return error_set(err, "%s: %s", cli->output, strerror(errno));
	}
	ret = pcap_script_write(out, trace, conn, &cli->opts, notes, err);
	if (fflush(out) != 0 && ret == 0)
		ret = error_set(err, "%s: %s", cli->output ? cli->output : "stdout",
				strerror(errno));
	if (out != stdout) {
		if (fclose(out) != 0 && ret == 0)
			ret = error_set(err, "%s: %s", cli->output, strerror(errno));
		if (ret)
			remove(cli->output);
	}
	return ret;
}

static int fp_run(struct fp_cli *cli, struct pcap_trace *trace,
		  struct pcap_conn_list *list, struct pcap_notes *notes,
		  struct error *err)
{
	struct pcap_conn *conn;
	int local;

	if (pcap_trace_read(cli->capture, trace, err))
		return -1;
	if (trace->count == 0)
		return fp_no_tcp(trace, cli->capture, err);
	if (pcap_conn_group(trace, list, err))
		return -1;
	if (cli->list) {
		pcap_conn_list_print(stdout, trace, list);
		return 0;
	}
	conn = cli->flow ? pcap_conn_find(list, cli->flow, err) : &list->conn[0];
	if (!conn)
		return -1;
	local = pcap_conn_pick_local(conn, cli->local, cli->flow, err);
	if (local < 0)
		return -1;
	cli->opts.local = local;
	return fp_write(cli, trace, conn, notes, err);
}

int from_pcap_main(int argc, char **argv)
{
	struct fp_cli cli = { 0 };
	struct pcap_trace trace = { 0 };
	struct pcap_conn_list list = { 0 };
	struct pcap_notes notes = { 0 };
	struct error err = { 0 };
	int status = EXIT_OK;
	size_t i;

	if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
		fp_usage(stdout);
		return EXIT_OK;
	}
	if (fp_parse(&cli, argc, argv, &err)) {
		fprintf(stderr, "tcpdrill from-pcap: %s\n", err.message);
		fp_usage(stderr);
		status = EXIT_USAGE;
	} else if (fp_run(&cli, &trace, &list, &notes, &err)) {
		fprintf(stderr, "tcpdrill from-pcap: %s\n", err.message);
		status = EXIT_USAGE;
	}
	for (i = 0; i < notes.count; i++)
		fprintf(stderr, "tcpdrill from-pcap: warning: %s\n", notes.line[i]);
	error_clear(&err);
	pcap_notes_free(&notes);
	pcap_conn_list_free(&list);
	pcap_trace_free(&trace);
	return status;
}
