// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_pcap.c - arbitrary bytes as a capture file for `tcpdrill from-pcap`:
 * pcap_trace_read() reads them (libpcap, each frame's link-layer header,
 * the packet codec), pcap_conn_group() sorts the segments into
 * connections and infers their states, and pcap_script_write() writes a
 * replay script for each side of the first connections.
 *
 * Invariants beyond "no crash, no leak": a refused file comes with a
 * message, and every script the generator writes parses (it is meant to
 * be run as it is).
 *
 * The bytes reach pcap_trace_read(), which takes a path, through a memfd:
 * /proc/self/fd/N, rewritten for each input, no file on disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ast.h"
#include "error.h"
#include "from_pcap.h"
#include "fuzz.h"
#include "pcap_read.h"
#include "script.h"

/* Connections turned into scripts per input: each costs a parse. */
#define FUZZ_PCAP_MAX_CONNS 4

static int fuzz_memfd = -1;

static int fuzz_write_capture(const uint8_t *data, size_t size, char *path,
			      size_t path_size)
{
	if (fuzz_memfd < 0)
		fuzz_memfd = memfd_create("fuzz-capture", MFD_CLOEXEC);
	if (fuzz_memfd < 0 || ftruncate(fuzz_memfd, 0) != 0 ||
	    pwrite(fuzz_memfd, data, size, 0) != (ssize_t)size)
		return -1;
	snprintf(path, path_size, "/proc/self/fd/%d", fuzz_memfd);
	return 0;
}

/* Write the script for one side of conn; it must parse. */
static void fuzz_script_of(const struct pcap_trace *trace,
			   const struct pcap_conn *conn, int local)
{
	struct pcap_script_opts opts = {
		.capture_name = "fuzz.pcap", .local = local,
		.no_states = local == 1, .any_options = local == 0,
	};
	struct pcap_notes notes = { 0 };
	struct ast_script *script = NULL;
	struct error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return;
	if (pcap_script_write(out, trace, conn, &opts, &notes, &err)) {
		FUZZ_ASSERT(err.message);
		error_clear(&err);
	}
	fclose(out);
	pcap_notes_free(&notes);
	if (text && len &&
	    script_parse_buffer("from-pcap.pkt", text, len, NULL, &script, &err)) {
		fprintf(stderr, "a generated script does not parse: %s\n"
			"--- script:\n%s", err.message, text);
		fuzz_fail(__FILE__, __LINE__, "generated scripts parse");
	}
	ast_script_free(script);
	error_clear(&err);
	free(text);
}

static void fuzz_connections(const struct pcap_trace *trace)
{
	struct pcap_conn_list list = { 0 };
	struct error err = { 0 };
	char *text = NULL;
	size_t len = 0, i;
	FILE *out;

	if (pcap_conn_group(trace, &list, &err)) {
		FUZZ_ASSERT(err.message);
		error_clear(&err);
		pcap_conn_list_free(&list);
		return;
	}
	out = open_memstream(&text, &len);
	if (out) {
		pcap_conn_list_print(out, trace, &list);
		fclose(out);
	}
	free(text);
	for (i = 0; i < list.count && i < FUZZ_PCAP_MAX_CONNS; i++) {
		fuzz_script_of(trace, &list.conn[i], 0);
		fuzz_script_of(trace, &list.conn[i], 1);
	}
	pcap_conn_list_free(&list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcap_trace trace;
	struct error err = { 0 };
	char path[64];

	if (fuzz_write_capture(data, size, path, sizeof(path)))
		return 0;
	pcap_trace_init(&trace, 0);
	if (pcap_trace_read(path, &trace, &err)) {
		FUZZ_ASSERT(err.message);
		error_clear(&err);
	} else {
		fuzz_connections(&trace);
	}
	pcap_trace_free(&trace);
	return 0;
}
