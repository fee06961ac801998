/* SPDX-License-Identifier: GPL-2.0 */
/*
 * from_pcap.h - `tcpdrill from-pcap`: a captured TCP connection turned
 * into a script that replays it against the local kernel.
 *
 * Contract, in three steps, each usable alone (the unit tests do):
 *  - pcap_conn_group() sorts a trace's segments (pcap_read.h) into
 *    connections by 4-tuple, a new SYN on a finished 4-tuple starting a new
 *    one, and infers for each side the TCP states it went through, from the
 *    flags and acks alone (RFC 9293's diagram, simultaneous open and close
 *    included), taking the segments in capture order: the order the
 *    capturing host saw them in, which is the order a replay injects them.
 *  - pcap_conn_find() picks one connection by a --flow spec.
 *  - pcap_script_write() writes the script in which one side is the kernel
 *    under test (from_pcap_gen.c). It reads the trace and the connection
 *    only; warnings it has to give (no SYN seen, payloads cut by the
 *    snaplen) are returned as text for the caller to print, and are written
 *    into the script as comments too.
 * from_pcap_main() is the sub-command; like main.c it is the only place
 * that prints errors.
 */
#ifndef TCPDRILL_FROM_PCAP_H
#define TCPDRILL_FROM_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "packet.h"
#include "pcap_read.h"

/* States a side can pass through in one connection, and some slack. */
#define PCAP_STATE_PATH_MAX 16
/* "[ffff:...:ffff]:65535" and a terminating zero. */
#define PCAP_ENDPOINT_TEXT_MAX 56

struct pcap_endpoint {
	int family;			/* AF_INET or AF_INET6 */
	union packet_addr addr;
	uint16_t port;
};

/* One side of a connection: what it sent and the states it reached. */
struct pcap_side {
	struct pcap_endpoint ep;
	size_t packets;			/* segments it sent */
	uint64_t bytes;			/* payload bytes it sent */
	int path[PCAP_STATE_PATH_MAX];	/* enum ast_tcp_state, in order */
	int path_len;
};

struct pcap_conn {
	int id;				/* 1, 2, ... by first packet */
	struct pcap_side side[2];	/* [0] sent the first packet */
	size_t *seg;			/* indexes into the trace, in order */
	uint8_t (*state)[2];		/* each side's state after each
					 * segment (enum ast_tcp_state) */
	size_t count;
	size_t cap;
	int passive;			/* the side that received the first
					 * SYN, or -1 when none was seen */
	bool mid_way;			/* its first segment is no SYN */
	/* grouping's bookkeeping, per side */
	bool syn[2];			/* sent a SYN without ACK */
	uint32_t syn_seq[2];
	bool fin[2];
	bool rst;
};

struct pcap_conn_list {
	struct pcap_conn *conn;
	size_t count;
	size_t cap;
};

/* Group the trace's segments into connections and infer their states. */
int pcap_conn_group(const struct pcap_trace *trace,
		    struct pcap_conn_list *list, struct error *err);
void pcap_conn_list_free(struct pcap_conn_list *list);

/* 0 or 1: the side of conn that sent seg. */
int pcap_conn_sender(const struct pcap_conn *conn,
		     const struct pcap_segment *seg);

/*
 * The connection a --flow spec names: "N" (its number in --list), or
 * "A:P-B:P" with the ends in either order (IPv6 as "[addr]:port"); the
 * first on that 4-tuple. NULL with err when there is none.
 */
struct pcap_conn *pcap_conn_find(const struct pcap_conn_list *list,
				 const char *spec, struct error *err);

/* "A:P" or "[A]:P"; 0, or -1 with err. */
int pcap_endpoint_parse(const char *text, struct pcap_endpoint *ep,
			struct error *err);
const char *pcap_endpoint_format(const struct pcap_endpoint *ep,
				 char buf[PCAP_ENDPOINT_TEXT_MAX]);
bool pcap_endpoint_equal(const struct pcap_endpoint *a,
			 const struct pcap_endpoint *b);

/*
 * The side a --local value names: "A"/"B" (the ends as --flow wrote them,
 * else as --list shows them), "client"/"server", "ADDR" (IPv6 as
 * "[ADDR]"), "ADDR:PORT" or "PORT".
 * flow_spec may be NULL. Returns 0 or 1, or -1 with err.
 */
int pcap_conn_pick_local(const struct pcap_conn *conn, const char *local,
			 const char *flow_spec, struct error *err);
/* The default: the side that received the first SYN (see the doc). */
int pcap_conn_default_local(const struct pcap_conn *conn);

/* One line per connection, as `--list` prints them. */
void pcap_conn_list_print(FILE *out, const struct pcap_trace *trace,
			  const struct pcap_conn_list *list);

struct pcap_script_opts {
	const char *capture_name;	/* for the header comment */
	int local;			/* 0 or 1: the kernel under test */
	bool no_states;			/* leave out `state` assertions */
	bool any_options;		/* <...> on outbound non-SYN lines */
};

/* Warnings the generator gives: malloc'ed lines. */
struct pcap_notes {
	char **line;
	size_t count;
};

void pcap_notes_free(struct pcap_notes *notes);

/*
 * Write the script for conn to out. Returns 0 (warnings, if any, in
 * notes), or -1 with err (out of memory, a write error).
 */
int pcap_script_write(FILE *out, const struct pcap_trace *trace,
		      const struct pcap_conn *conn,
		      const struct pcap_script_opts *opts,
		      struct pcap_notes *notes, struct error *err);

/* `tcpdrill from-pcap ...`: argv[1] is "from-pcap". Exit status. */
int from_pcap_main(int argc, char **argv);

#endif /* TCPDRILL_FROM_PCAP_H */
