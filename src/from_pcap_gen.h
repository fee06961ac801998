/* SPDX-License-Identifier: GPL-2.0 */
/*
 * from_pcap_gen.h - what the generator's two files share (not an API):
 * from_pcap_plan.c reads the connection and decides what the script must
 * do (who opened it, the ISNs, the MTU, which call goes where);
 * from_pcap_gen.c turns that into lines with times and prints them.
 */
#ifndef TCPDRILL_FROM_PCAP_GEN_H
#define TCPDRILL_FROM_PCAP_GEN_H

#include "from_pcap.h"

/* tcpdrill's defaults (config.c): MTU and the port scripts listen on. */
#define GEN_DEFAULT_MTU 1500
#define GEN_DEFAULT_PORT 8080
/* IPv4 + TCP and IPv6 + TCP headers without options. */
#define GEN_HDR4 40
#define GEN_HDR6 60
/* The TCP timestamp option with its two NOPs. */
#define GEN_TS_OPTION_LEN 12

/*
 * A local segment this soon after the event before it was sent in answer
 * to it: written `+0`, inside the default tolerance of 4 ms. Pure ACKs
 * always get a window instead (from_pcap_gen.c): whether one is delayed
 * depends on the kernel's timers, not on what the capture saw.
 */
#define GEN_PROMPT_USECS 2000
/* A line's (len) is a 16-bit IP length at most (the grammar's limit). */
#define GEN_LINE_MAX_PAYLOAD 65535
/* Segments of one write follow each other this closely. */
#define GEN_BURST_GAP_USECS 2000
/*
 * A mid-way capture: the made-up SYN's window, and the window the peer's
 * scale is guessed from. Linux opens with about 64 KB (64 << 10 on
 * loopback, 501 << 7 on Ethernet); 60000 gets both scales right.
 */
#define GEN_ASSUMED_WINDOW 65535
#define GEN_ASSUMED_SCALED_WINDOW 60000

struct line;

enum close_how {
	CLOSE_NONE,
	CLOSE_CLOSE,			/* close(): FIN */
	CLOSE_SHUTDOWN,			/* shutdown(SHUT_WR): FIN, reads go on */
	CLOSE_ABORT,			/* SO_LINGER 0 + close(): RST */
};

/* What one segment of the connection brings about around its line. */
struct seg_plan {
	uint32_t write_len;		/* write() before it */
	bool write_more;		/* ... with MSG_MORE: FIN joins the data */
	uint32_t read_len;		/* read() after it */
	bool accept_after;		/* accept() after it */
	enum close_how close_before;
	bool skip;			/* an RST the replay cannot provoke */
	/* a run of new local data, written as one line at its head */
	bool in_run;			/* part of the run of run_head */
	size_t run_head;
	uint32_t run_len;		/* head: payload of the whole run */
	size_t run_count;		/* head: segments in it */
	uint16_t run_flags;		/* head: the line's flags */
};

struct gen {
	const struct pcap_trace *trace;
	const struct pcap_conn *conn;
	const struct pcap_script_opts *opts;
	struct pcap_notes *notes;
	int local, peer;
	int family;
	bool active;			/* the local side sent the first SYN */
	bool mid_way;			/* no SYN: a handshake is made up */
	bool refused;			/* the local side answered the SYN with RST */
	bool ts;			/* both SYNs carry timestamps */
	bool nodelay;			/* the capture shows Nagle was off */
	bool states_off;		/* the replay's states part from the capture's */
	bool wrapped;			/* a segment was left out by seg_wraps() */
	bool out_sent;			/* out_end is known */
	uint32_t out_end;		/* local seq space sent so far, relative */
	uint32_t local_isn, peer_isn;
	int mtu;			/* for --mtu; GEN_DEFAULT_MTU: none */
	int conn_fd, listen_fd;
	const struct pcap_segment *local_syn, *peer_syn;
	uint8_t peer_wscale;		/* mid-way: assumed */
	uint16_t peer_mss;		/* mid-way: assumed */
	uint16_t strip_mask;		/* peer SYN options the local side
					 * did not take up (1 << type) */
	struct seg_plan *plan;		/* one per segment of the connection */
	struct line *lines;
	size_t count, cap;
	int64_t t0_nsecs;
	bool oom;
};

/* ---- small helpers ---------------------------------------------------- */

static inline const struct pcap_segment *seg_at(const struct gen *g, size_t i)
{
	return &g->trace->seg[g->conn->seg[i]];
}

static inline bool seg_is_local(const struct gen *g, const struct pcap_segment *seg)
{
	return pcap_conn_sender(g->conn, seg) == g->local;
}

static inline bool has(const struct pcap_segment *seg, uint16_t flag)
{
	return (seg->flags & flag) != 0;
}

static inline int64_t seg_usecs(const struct gen *g, const struct pcap_segment *seg)
{
	return (seg->ts_nsecs - g->t0_nsecs + 500) / 1000;
}

static inline uint32_t rel(uint32_t value, uint32_t isn)
{
	return value - isn;
}

/* Warn: a line for the caller and for the script's header. */
void gen_note(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether the segment carries an option of this type. */
bool gen_seg_has_opt(const struct pcap_segment *seg, enum tcp_option_type type);

/* The MSS the kernel advertises on tcpdrill's TUN device of g->mtu. */
uint16_t gen_local_mss(const struct gen *g);

/* The first segment a side sent, or NULL. */
const struct pcap_segment *gen_first_of(const struct gen *g, int side);

/* Fill in g from the connection: the open, ISNs, MTU, and every call. */
void gen_plan(struct gen *g);

#endif /* TCPDRILL_FROM_PCAP_GEN_H */
