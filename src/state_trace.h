/* SPDX-License-Identifier: GPL-2.0 */
/*
 * state_trace.h - the TCP states a run went through, as text and as the
 * state diagram with this run's path highlighted.
 *
 * Contract: callers report the state they observed after each event; the
 * trace keeps the changes. Knows the 11 states and the transitions of the
 * RFC 9293 state diagram; knows nothing of sockets or netlink.
 */
#ifndef TCPDRILL_STATE_TRACE_H
#define TCPDRILL_STATE_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

struct state_step {
	int64_t time_usecs;	/* script time of the event */
	int line;		/* script line of the event */
	int from;		/* enum ast_tcp_state */
	int to;
};

struct state_trace {
	int current;		/* the last state observed */
	struct state_step *steps;
	size_t count;
	size_t cap;
};

/* A trace starts in CLOSED: no socket yet. */
void state_trace_init(struct state_trace *trace);
void state_trace_free(struct state_trace *trace);

/* Record `state` seen after the event at `line`; a change adds a step. */
int state_trace_observe(struct state_trace *trace, int64_t time_usecs,
			int line, int state);

/* "0.200 line 12  ESTABLISHED -> FIN-WAIT-1", one line per change. */
void state_trace_print(FILE *out, const struct state_trace *trace);

/* True when from -> to is an edge of the state diagram. */
int state_diagram_has_edge(int from, int to);

/*
 * The diagram in Graphviz DOT: every state and transition, the states this
 * run visited filled, the edges it took drawn bold and red with their
 * order; a change between states the diagram does not join directly (an
 * intermediate state fell between two events) is drawn dashed.
 */
void state_graph_write_dot(FILE *out, const struct state_trace *trace);

/*
 * Write the DOT to `path`; when Graphviz's `dot` is installed, also render
 * it to SVG at `path` with its extension replaced by ".svg" (appended when
 * it has none). *svg_written tells whether that happened.
 */
int state_graph_write(const char *path, const struct state_trace *trace,
		      int *svg_written, struct error *err);

#endif /* TCPDRILL_STATE_TRACE_H */
