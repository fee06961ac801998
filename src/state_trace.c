// SPDX-License-Identifier: GPL-2.0
/* state_trace.c - state changes of a run and the state diagram; see .h. */
#include "state_trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ast.h"

/* The transitions of the RFC 9293 (RFC 793) state diagram, one per row. */
static const struct state_edge {
	int from;
	int to;
	const char *label;
} state_edges[] = {
	{ AST_TCP_CLOSE, AST_TCP_LISTEN, "passive open" },
	{ AST_TCP_CLOSE, AST_TCP_SYN_SENT, "active open / snd SYN" },
	{ AST_TCP_LISTEN, AST_TCP_SYN_RECV, "rcv SYN / snd SYN,ACK" },
	{ AST_TCP_LISTEN, AST_TCP_SYN_SENT, "send / snd SYN" },
	{ AST_TCP_LISTEN, AST_TCP_CLOSE, "close" },
	{ AST_TCP_SYN_SENT, AST_TCP_SYN_RECV, "rcv SYN / snd ACK" },
	{ AST_TCP_SYN_SENT, AST_TCP_ESTABLISHED, "rcv SYN,ACK / snd ACK" },
	{ AST_TCP_SYN_SENT, AST_TCP_CLOSE, "close" },
	{ AST_TCP_SYN_RECV, AST_TCP_ESTABLISHED, "rcv ACK of SYN" },
	{ AST_TCP_SYN_RECV, AST_TCP_FIN_WAIT1, "close / snd FIN" },
	{ AST_TCP_SYN_RECV, AST_TCP_LISTEN, "rcv RST" },
	{ AST_TCP_ESTABLISHED, AST_TCP_FIN_WAIT1, "close / snd FIN" },
	{ AST_TCP_ESTABLISHED, AST_TCP_CLOSE_WAIT, "rcv FIN / snd ACK" },
	{ AST_TCP_FIN_WAIT1, AST_TCP_FIN_WAIT2, "rcv ACK of FIN" },
	{ AST_TCP_FIN_WAIT1, AST_TCP_CLOSING, "rcv FIN / snd ACK" },
	{ AST_TCP_FIN_WAIT1, AST_TCP_TIME_WAIT, "rcv FIN,ACK / snd ACK" },
	{ AST_TCP_FIN_WAIT2, AST_TCP_TIME_WAIT, "rcv FIN / snd ACK" },
	{ AST_TCP_CLOSING, AST_TCP_TIME_WAIT, "rcv ACK of FIN" },
	{ AST_TCP_TIME_WAIT, AST_TCP_CLOSE, "timeout 2MSL" },
	{ AST_TCP_CLOSE_WAIT, AST_TCP_LAST_ACK, "close / snd FIN" },
	{ AST_TCP_LAST_ACK, AST_TCP_CLOSE, "rcv ACK of FIN" },
};

#define STATE_EDGE_COUNT (sizeof(state_edges) / sizeof(state_edges[0]))

void state_trace_init(struct state_trace *trace)
{
	memset(trace, 0, sizeof(*trace));
	trace->current = AST_TCP_CLOSE;
}

void state_trace_free(struct state_trace *trace)
{
	free(trace->steps);
	memset(trace, 0, sizeof(*trace));
}

int state_trace_observe(struct state_trace *trace, int64_t time_usecs,
			int line, int state)
{
	struct state_step *step;

	if (state == trace->current)
		return 0;
	if (trace->count == trace->cap) {
		size_t cap = trace->cap ? trace->cap * 2 : 16;

		step = realloc(trace->steps, cap * sizeof(*step));
		if (!step)
			return -1;
		trace->steps = step;
		trace->cap = cap;
	}
	step = &trace->steps[trace->count++];
	step->time_usecs = time_usecs;
	step->line = line;
	step->from = trace->current;
	step->to = state;
	trace->current = state;
	return 0;
}

static const char *state_name(int state)
{
	const char *name = ast_tcp_state_name(state);

	return name ? name : "?";
}

void state_trace_print(FILE *out, const struct state_trace *trace)
{
	size_t i;

	for (i = 0; i < trace->count; i++) {
		const struct state_step *s = &trace->steps[i];

		fprintf(out, "%.3f line %d  %s -> %s\n",
			(double)s->time_usecs / 1e6, s->line,
			state_name(s->from), state_name(s->to));
	}
}

int state_diagram_has_edge(int from, int to)
{
	size_t i;

	for (i = 0; i < STATE_EDGE_COUNT; i++)
		if (state_edges[i].from == from && state_edges[i].to == to)
			return 1;
	return 0;
}

/* The 1-based order of the first step from -> to, or 0 when not taken. */
static size_t state_step_order(const struct state_trace *trace, int from,
			       int to)
{
	size_t i;

	for (i = 0; i < trace->count; i++)
		if (trace->steps[i].from == from && trace->steps[i].to == to)
			return i + 1;
	return 0;
}

static int state_visited(const struct state_trace *trace, int state)
{
	size_t i;

	if (state == AST_TCP_CLOSE)
		return 1;
	for (i = 0; i < trace->count; i++)
		if (trace->steps[i].to == state)
			return 1;
	return 0;
}

static void state_graph_write_nodes(FILE *out, const struct state_trace *trace)
{
	int state;

	for (state = AST_TCP_ESTABLISHED; state <= AST_TCP_CLOSING; state++) {
		fprintf(out, "\t\"%s\"", state_name(state));
		if (state_visited(trace, state))
			fputs(" [style=filled, fillcolor=\"#ffd0d0\", "
			      "color=red, penwidth=2]", out);
		fputs(";\n", out);
	}
}

static void state_graph_write_edges(FILE *out, const struct state_trace *trace)
{
	size_t i;

	for (i = 0; i < STATE_EDGE_COUNT; i++) {
		const struct state_edge *e = &state_edges[i];
		size_t order = state_step_order(trace, e->from, e->to);

		fprintf(out, "\t\"%s\" -> \"%s\" [label=\"%s", state_name(e->from),
			state_name(e->to), e->label);
		if (order)
			fprintf(out, " (%zu)\", color=red, fontcolor=red, "
				"penwidth=3, class=\"path\"];\n", order);
		else
			fputs("\"];\n", out);
	}
	/* Changes the diagram does not draw: a state fell between events. */
	for (i = 0; i < trace->count; i++) {
		const struct state_step *s = &trace->steps[i];

		if (state_diagram_has_edge(s->from, s->to))
			continue;
		fprintf(out, "\t\"%s\" -> \"%s\" [label=\"observed (%zu)\", "
			"style=dashed, color=red, fontcolor=red, penwidth=3, "
			"class=\"path\"];\n", state_name(s->from),
			state_name(s->to), i + 1);
	}
}

void state_graph_write_dot(FILE *out, const struct state_trace *trace)
{
	fputs("digraph tcp_states {\n"
	      "\tgraph [label=\"TCP states: this run's path in red\", "
	      "labelloc=t, fontname=\"Helvetica\"];\n"
	      "\tnode [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
	      "\tedge [fontname=\"Helvetica\", fontsize=10];\n", out);
	state_graph_write_nodes(out, trace);
	state_graph_write_edges(out, trace);
	fputs("}\n", out);
}

static char *state_graph_svg_path(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path)
						     : strlen(path);
	char *svg = malloc(stem + 5);

	if (svg)
		sprintf(svg, "%.*s.svg", (int)stem, path);
	return svg;
}

/* Run `dot -Tsvg -o svg dotfile`; 1 when it made the file, 0 when no dot. */
static int state_graph_render(const char *dot_path, const char *svg_path)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0)
		return 0;
	if (pid == 0) {
		execlp("dot", "dot", "-Tsvg", "-o", svg_path, dot_path,
		       (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int state_graph_write(const char *path, const struct state_trace *trace,
		      int *svg_written, struct error *err)
{
	FILE *out = fopen(path, "w");
	char *svg;

	*svg_written = 0;
	if (!out)
		return error_set(err, "cannot write %s: %s", path,
				 strerror(errno));
	state_graph_write_dot(out, trace);
	if (fclose(out) != 0)
		return error_set(err, "cannot write %s: %s", path,
				 strerror(errno));
	svg = state_graph_svg_path(path);
	if (svg && strcmp(svg, path) != 0)
		*svg_written = state_graph_render(path, svg);
	free(svg);
	return 0;
}
