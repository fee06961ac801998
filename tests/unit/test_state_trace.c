// SPDX-License-Identifier: GPL-2.0
/* test_state_trace.c - the state trace text and the highlighted diagram. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ast.h"
#include "state_trace.h"
#include "tap.h"

static char *capture(void (*fn)(FILE *, const struct state_trace *),
		     const struct state_trace *trace)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	fn(out, trace);
	fclose(out);
	return buf;
}

/* The seed article's CLOSING example, as the run would observe it. */
static void closing_path(struct state_trace *trace)
{
	state_trace_init(trace);
	state_trace_observe(trace, 0, 3, AST_TCP_LISTEN);
	state_trace_observe(trace, 0, 5, AST_TCP_LISTEN);
	state_trace_observe(trace, 0, 6, AST_TCP_SYN_RECV);
	state_trace_observe(trace, 100000, 8, AST_TCP_ESTABLISHED);
	state_trace_observe(trace, 310000, 16, AST_TCP_FIN_WAIT1);
	state_trace_observe(trace, 410000, 19, AST_TCP_CLOSING);
}

static int has_line(const char *text, const char *line)
{
	return strstr(text, line) != NULL;
}

int main(void)
{
	struct state_trace trace;
	struct error err = { 0 };
	char *text, path[] = "/tmp/tcpdrill-graph-XXXXXX";
	int svg = 0, fd;

	closing_path(&trace);
	tap_is_int(trace.count, 5, "repeated states are not steps");
	text = capture(state_trace_print, &trace);
	tap_is_str(text,
		   "0.000 line 3  CLOSED -> LISTEN\n"
		   "0.000 line 6  LISTEN -> SYN-RCVD\n"
		   "0.100 line 8  SYN-RCVD -> ESTABLISHED\n"
		   "0.310 line 16  ESTABLISHED -> FIN-WAIT-1\n"
		   "0.410 line 19  FIN-WAIT-1 -> CLOSING\n", "trace text");
	free(text);

	text = capture(state_graph_write_dot, &trace);
	tap_ok(has_line(text, "\"FIN-WAIT-1\" -> \"CLOSING\" [label=\"rcv FIN / snd ACK (5)\", "
			"color=red"), "the path's last edge is marked with its order");
	tap_ok(has_line(text, "\"ESTABLISHED\" -> \"FIN-WAIT-1\" [label=\"close / snd FIN (4)\", "
			"color=red"), "ESTABLISHED -> FIN-WAIT-1 is marked");
	tap_ok(has_line(text, "\"FIN-WAIT-2\" -> \"TIME-WAIT\" [label=\"rcv FIN / snd ACK\"];"),
	       "an edge not taken is plain");
	tap_ok(has_line(text, "\t\"CLOSING\" [style=filled"), "visited state filled");
	tap_ok(has_line(text, "\t\"LAST-ACK\";"), "unvisited state plain");
	tap_ok(!has_line(text, "style=dashed"), "no unexplained change on this path");
	free(text);

	state_trace_observe(&trace, 500000, 21, AST_TCP_CLOSE);
	text = capture(state_graph_write_dot, &trace);
	tap_ok(has_line(text, "\"CLOSING\" -> \"CLOSED\" [label=\"observed (6)\", style=dashed"),
	       "a jump over TIME-WAIT is drawn dashed");
	free(text);
	tap_ok(state_diagram_has_edge(AST_TCP_FIN_WAIT1, AST_TCP_TIME_WAIT),
	       "FIN-WAIT-1 -> TIME-WAIT is in the diagram");
	tap_ok(!state_diagram_has_edge(AST_TCP_LISTEN, AST_TCP_ESTABLISHED),
	       "LISTEN -> ESTABLISHED is not");

	fd = mkstemp(path);
	close(fd);
	tap_is_int(state_graph_write(path, &trace, &svg, &err), 0, "graph written");
	if (access("/usr/bin/dot", X_OK) == 0) {
		char svg_path[64];
		FILE *f;
		char buf[1 << 16];
		size_t n;

		snprintf(svg_path, sizeof(svg_path), "%s.svg", path);
		tap_ok(svg, "rendered to SVG with dot");
		f = fopen(svg_path, "r");
		n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
		buf[n] = '\0';
		if (f)
			fclose(f);
		/* dot writes the class as "edge path" on each marked edge. */
		tap_ok(strstr(buf, "<svg") && strstr(buf, "class=\"edge path\""),
		       "the SVG carries the marked path edges");
		unlink(svg_path);
	} else {
		tap_ok(!svg, "no dot installed: DOT only");
	}
	unlink(path);
	state_trace_free(&trace);
	return tap_done();
}
