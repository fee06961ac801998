// SPDX-License-Identifier: GPL-2.0
/*
 * from_pcap_plan.c - what the script of a captured connection must do,
 * read from its segments: which side opened it and how, the ISNs (made up
 * for a capture without SYN), the MTU that gives the captured MSS, the
 * SYN options to leave out, TCP_NODELAY, and where each write(), read(),
 * accept(), close() or shutdown() goes. See from_pcap_gen.h.
 */
#include "from_pcap_gen.h"

#include <stdlib.h>
#include <string.h>

#include "ast.h"

bool gen_seg_has_opt(const struct pcap_segment *seg, enum tcp_option_type type)
{
	struct tcp_options o;

	if (!seg)
		return false;
	pcap_segment_options(seg, &o);
	return tcp_options_find(&o, type) != NULL;
}

uint16_t gen_local_mss(const struct gen *g)
{
	return (uint16_t)(g->mtu - (g->family == AF_INET6 ? GEN_HDR6 : GEN_HDR4));
}

/* ---- analysis: who opened, ISNs, options, MTU ------------------------------------ */

static const struct pcap_segment *first_syn_of(const struct gen *g, int side)
{
	size_t i;

	for (i = 0; i < g->conn->count; i++) {
		const struct pcap_segment *seg = seg_at(g, i);

		if (has(seg, PACKET_TCP_SYN) && pcap_conn_sender(g->conn, seg) == side)
			return seg;
	}
	return NULL;
}

const struct pcap_segment *gen_first_of(const struct gen *g, int side)
{
	size_t i;

	for (i = 0; i < g->conn->count; i++)
		if (pcap_conn_sender(g->conn, seg_at(g, i)) == side)
			return seg_at(g, i);
	return NULL;
}

/*
 * Without a SYN each ISN is put just below the first sequence number the
 * side was seen to use, or that the other side acknowledged first, so the
 * data in the capture starts at relative 1.
 */
static uint32_t assumed_isn(const struct gen *g, int side)
{
	const struct pcap_segment *own = gen_first_of(g, side);
	size_t i;

	for (i = 0; i < g->conn->count; i++) {
		const struct pcap_segment *seg = seg_at(g, i);

		if (seg == own)
			return seg->seq - 1;
		if (has(seg, PACKET_TCP_ACK) && !has(seg, PACKET_TCP_SYN))
			return seg->ack - 1;
	}
	return 0;
}

static uint16_t max_payload_of(const struct gen *g, int side)
{
	uint32_t max = 0;
	size_t i;

	for (i = 0; i < g->conn->count; i++) {
		const struct pcap_segment *seg = seg_at(g, i);

		if (pcap_conn_sender(g->conn, seg) == side && seg->payload_len > max)
			max = seg->payload_len;
	}
	return max > 65535 ? 65535 : (uint16_t)max;
}

static uint16_t max_window_of(const struct gen *g, int side)
{
	uint16_t max = 0;
	size_t i;

	for (i = 0; i < g->conn->count; i++) {
		const struct pcap_segment *seg = seg_at(g, i);

		if (pcap_conn_sender(g->conn, seg) == side && seg->window > max)
			max = seg->window;
	}
	return max;
}

/*
 * The kernel advertises the MSS of its route, the TUN's MTU minus the
 * headers; replaying the captured MSS keeps the segments as large as in
 * the capture (a loopback capture has 65495), hence --mtu.
 */
static void plan_mtu(struct gen *g)
{
	int hdr = g->family == AF_INET6 ? GEN_HDR6 : GEN_HDR4;
	struct tcp_options o;
	const struct tcp_option *mss;
	int want = 0;

	if (g->local_syn && !g->mid_way) {
		pcap_segment_options(g->local_syn, &o);
		mss = tcp_options_find(&o, TCP_OPTION_MSS);
		if (mss)
			want = mss->mss + hdr;
	} else if (g->peer_mss > GEN_DEFAULT_MTU - hdr) {
		want = g->peer_mss + hdr;
	}
	g->mtu = GEN_DEFAULT_MTU;
	if (want > 0)
		g->mtu = want > 65535 ? 65535 : want < 1280 ? 1280 : want;
}

/*
 * A passive open replays the peer's SYN; options the local side did not
 * take up in its SYN-ACK are left out of it, because this kernel would
 * take them up and then expect (and send) what the capture has not.
 */
static void plan_strip(struct gen *g)
{
	static const enum tcp_option_type negotiated[] = {
		TCP_OPTION_TIMESTAMP, TCP_OPTION_SACK_PERMITTED, TCP_OPTION_WSCALE,
	};
	size_t i;

	if (g->active || !g->peer_syn || !g->local_syn)
		return;
	for (i = 0; i < sizeof(negotiated) / sizeof(negotiated[0]); i++)
		if (gen_seg_has_opt(g->peer_syn, negotiated[i]) &&
		    !gen_seg_has_opt(g->local_syn, negotiated[i]))
			g->strip_mask |= 1u << negotiated[i];
	if (g->strip_mask)
		gen_note(g, "the local side did not take up all the options of the "
			 "peer's SYN; they are left out of it (%s%s%s)",
			 g->strip_mask & (1u << TCP_OPTION_TIMESTAMP) ? " TS" : "",
			 g->strip_mask & (1u << TCP_OPTION_SACK_PERMITTED) ? " sackOK" : "",
			 g->strip_mask & (1u << TCP_OPTION_WSCALE) ? " wscale" : "");
}

/* The smallest scale that makes the peer's largest window about 64 KB. */
static uint8_t guess_wscale(uint16_t max_window)
{
	uint8_t scale = 0;

	while (scale < 14 && ((uint32_t)max_window << scale) < GEN_ASSUMED_SCALED_WINDOW)
		scale++;
	return max_window ? scale : 0;
}

static void plan_mid_way(struct gen *g)
{
	char ep[PCAP_ENDPOINT_TEXT_MAX];
	uint16_t biggest = max_payload_of(g, g->local);

	g->local_isn = g->local_syn ? g->local_syn->seq : assumed_isn(g, g->local);
	g->peer_isn = g->peer_syn ? g->peer_syn->seq : assumed_isn(g, g->peer);
	g->peer_wscale = guess_wscale(max_window_of(g, g->peer));
	g->peer_mss = biggest >= 536 ? biggest : 1460;
	gen_note(g, "no SYN seen for connection %d: the capture starts mid-way. "
		 "Assumed: %s (the local side) accepted it as a server; a "
		 "handshake is made up with ISNs just below the first sequence "
		 "numbers seen, peer options <mss %u,nop,nop,sackOK,nop,wscale %u>; "
		 "timestamps are left out and outbound options are not checked",
		 g->conn->id, pcap_endpoint_format(&g->conn->side[g->local].ep, ep),
		 g->peer_mss, g->peer_wscale);
}

/*
 * The size of a full segment in the replay: the smaller MSS of the two,
 * less the timestamp option when it is on.
 */
static uint32_t full_segment(const struct gen *g)
{
	uint32_t full = gen_local_mss(g);
	const struct tcp_option *mss;
	struct tcp_options o;

	if (g->peer_syn && !g->mid_way) {
		pcap_segment_options(g->peer_syn, &o);
		mss = tcp_options_find(&o, TCP_OPTION_MSS);
		if (mss && mss->mss < full)
			full = mss->mss;
	} else if (g->mid_way && g->peer_mss < full) {
		full = g->peer_mss;
	}
	return full - (g->ts ? GEN_TS_OPTION_LEN : 0);
}

/* Less than a full segment of data. */
static bool seg_small(const struct gen *g, const struct pcap_segment *seg)
{
	return seg->payload_len > 0 && seg->payload_len < full_segment(g);
}

/*
 * Nagle's algorithm holds a small segment while an earlier small one is
 * unacknowledged; a capture that shows two such in flight was made with
 * TCP_NODELAY, and so must the replay be.
 */
static void plan_nodelay(struct gen *g)
{
	bool small_out = false;
	uint32_t small_end = 0, acked = 0;
	size_t i;

	for (i = 0; i < g->conn->count && !g->nodelay; i++) {
		const struct pcap_segment *seg = seg_at(g, i);
		uint32_t start = rel(seg->seq, g->local_isn);

		if (!seg_is_local(g, seg)) {
			if (has(seg, PACKET_TCP_ACK) &&
			    (int32_t)(rel(seg->ack, g->local_isn) - acked) > 0)
				acked = rel(seg->ack, g->local_isn);
			continue;
		}
		if (!seg_small(g, seg) || (int32_t)(start + seg->payload_len - small_end) <= 0)
			continue;
		if (small_out && (int32_t)(small_end - acked) > 0)
			g->nodelay = true;
		small_out = true;
		small_end = start + seg->payload_len;
	}
}

static void analyse(struct gen *g)
{
	const struct pcap_conn *c = g->conn;
	const struct pcap_segment *first = seg_at(g, 0);

	g->local = g->opts->local;
	g->peer = !g->local;
	g->family = first->family;
	g->t0_nsecs = first->ts_nsecs;
	g->mid_way = c->mid_way;
	g->local_syn = first_syn_of(g, g->local);
	g->peer_syn = first_syn_of(g, g->peer);
	if (g->mid_way) {
		plan_mid_way(g);
	} else {
		g->active = c->passive == g->peer;
		g->local_isn = g->local_syn ? g->local_syn->seq : assumed_isn(g, g->local);
		g->peer_isn = g->peer_syn ? g->peer_syn->seq : assumed_isn(g, g->peer);
		g->ts = gen_seg_has_opt(g->local_syn, TCP_OPTION_TIMESTAMP) &&
			gen_seg_has_opt(g->peer_syn, TCP_OPTION_TIMESTAMP);
		plan_strip(g);
	}
	plan_mtu(g);
	g->refused = !g->active && g->local_syn == NULL && gen_first_of(g, g->local) &&
		     has(gen_first_of(g, g->local), PACKET_TCP_RST);
	g->listen_fd = 3;
	g->conn_fd = g->active || g->refused ? 3 : 4;
	plan_nodelay(g);
}

/* ---- planning the calls ------------------------------------------------------------ */

/* Whether segment i carries on the run of new local data before it. */
static bool seg_joins_run(const struct gen *g, size_t head, size_t prev, size_t i,
			  uint32_t prev_end)
{
	const struct pcap_segment *p = seg_at(g, prev), *seg = seg_at(g, i);

	return head != SIZE_MAX && prev + 1 == i &&
	       g->plan[head].run_len + seg->payload_len <= GEN_LINE_MAX_PAYLOAD &&
	       rel(seg->seq, g->local_isn) == prev_end && seg->ack == p->ack &&
	       seg_usecs(g, seg) - seg_usecs(g, p) <= GEN_BURST_GAP_USECS &&
	       !has(p, PACKET_TCP_FIN) && !has(seg, PACKET_TCP_RST | PACKET_TCP_URG);
}

/*
 * The flags of a run written as one line. The replay's write() ends with
 * the run, and Linux marks the tail of every write with PSH (the last
 * piece is pushed only when the call returns, even when it is a whole
 * segment), so PSH is on the line whatever the capture's application did.
 * MSG_MORE marks nothing.
 */
static void plan_run_flags(struct gen *g, size_t head)
{
	struct seg_plan *p = &g->plan[head];

	if (!p->write_more)
		p->run_flags |= PACKET_TCP_PSH;
}

/*
 * write() before each run of new local data: segments back to back, with
 * no peer segment between them. The run is one `>` line of its whole
 * length (tcpdrill joins the segments the kernel cuts it into), so the
 * replay need not cut it where the capture's host did: a loopback capture
 * has 32 KB segments where a TUN device makes 64 KB ones. A run that
 * ends in a FIN is written with MSG_MORE, so that close() finds the tail
 * of the data still queued and adds its FIN to it, as the capture shows.
 */
static void plan_writes(struct gen *g)
{
	uint32_t snd_max = 1, prev_end = 0;
	size_t i, head = SIZE_MAX, prev = 0;

	for (i = 0; i < g->conn->count; i++) {
		const struct pcap_segment *seg = seg_at(g, i);
		uint32_t start = rel(seg->seq, g->local_isn), end, fresh;
		struct seg_plan *p;

		if (!seg_is_local(g, seg) || has(seg, PACKET_TCP_SYN) ||
		    seg->payload_len == 0 || (g->mid_way && has(seg, PACKET_TCP_SYN)))
			goto end_run;
		end = start + seg->payload_len;
		if ((int32_t)(end - snd_max) <= 0)
			goto end_run;	/* a retransmission */
		fresh = end - ((int32_t)(start - snd_max) > 0 ? start : snd_max);
		if (seg_joins_run(g, head, prev, i, prev_end)) {
			g->plan[i].in_run = true;
			g->plan[i].run_head = head;
		} else {
			if (head != SIZE_MAX)
				plan_run_flags(g, head);
			head = i;
		}
		p = &g->plan[head];
		p->write_len += fresh;
		p->run_len += seg->payload_len;
		p->run_count++;
		p->run_flags |= seg->flags;
		p->write_more |= has(seg, PACKET_TCP_FIN);
		snd_max = end;
		prev = i;
		prev_end = end;
		continue;
end_run:
		if (head != SIZE_MAX)
			plan_run_flags(g, head);
		head = SIZE_MAX;
	}
	if (head != SIZE_MAX)
		plan_run_flags(g, head);
}

/*
 * The data each local ACK newly covers (not the peer's FIN) is read right
 * after the last peer segment before that ACK that carried some of it:
 * everything acknowledged had arrived by then.
 */
static void plan_reads(struct gen *g)
{
	uint32_t read_mark = 1, fin = 0;
	bool fin_seen = false;
	size_t i, j;

	for (i = 0; i < g->conn->count; i++) {
		const struct pcap_segment *seg = seg_at(g, i);
		uint32_t covered;

		if (!seg_is_local(g, seg)) {
			if (has(seg, PACKET_TCP_FIN) && !fin_seen) {
				fin_seen = true;
				fin = rel(seg->seq, g->peer_isn) + seg->payload_len;
			}
			continue;
		}
		if (!has(seg, PACKET_TCP_ACK) || has(seg, PACKET_TCP_RST))
			continue;
		covered = rel(seg->ack, g->peer_isn);
		if (fin_seen && (int32_t)(covered - fin) > 0)
			covered = fin;
		if ((int32_t)(covered - read_mark) <= 0)
			continue;
		for (j = i; j-- > 0;) {
			const struct pcap_segment *in = seg_at(g, j);

			if (!seg_is_local(g, in) && in->payload_len > 0 &&
			    (int32_t)(rel(in->seq, g->peer_isn) - covered) < 0)
				break;
		}
		if (j == (size_t)-1)
			j = i;	/* the data was not captured: read here */
		g->plan[j].read_len += covered - read_mark;
		read_mark = covered;
	}
}

/*
 * An RST without ACK is the kernel's answer to a segment for a socket it
 * no longer has: right after a peer segment, once the socket was closed.
 */
static bool rst_provoked(const struct gen *g, size_t i)
{
	const struct pcap_segment *prev = i ? seg_at(g, i - 1) : NULL;

	return prev && !seg_is_local(g, prev) &&
	       seg_usecs(g, seg_at(g, i)) - seg_usecs(g, prev) < GEN_PROMPT_USECS;
}

/*
 * close() before the local side's first FIN, shutdown(SHUT_WR) if it goes
 * on reading after it (a closed socket answers data with an RST); an RST
 * it sends before any FIN is an abortive close.
 */
static void plan_close(struct gen *g)
{
	size_t i, at = 0, j;
	enum close_how how = CLOSE_NONE;

	for (i = 0; i < g->conn->count; i++) {
		const struct pcap_segment *seg = seg_at(g, i);

		if (!seg_is_local(g, seg) || has(seg, PACKET_TCP_SYN) || g->refused)
			continue;
		if (has(seg, PACKET_TCP_RST) && !has(seg, PACKET_TCP_ACK)) {
			g->plan[i].skip = how == CLOSE_NONE || !rst_provoked(g, i);
			continue;
		}
		if (how != CLOSE_NONE)
			continue;
		if (has(seg, PACKET_TCP_RST))
			how = CLOSE_ABORT;
		else if (has(seg, PACKET_TCP_FIN))
			how = CLOSE_CLOSE;
		at = i;
	}
	if (how == CLOSE_NONE)
		return;
	if (g->plan[at].in_run)
		at = g->plan[at].run_head;	/* the FIN ends a run of data */
	for (j = at; how == CLOSE_CLOSE && j < g->conn->count; j++)
		if (g->plan[j].read_len)
			how = CLOSE_SHUTDOWN;
	g->plan[at].close_before = how;
}

/* accept() once the handshake of a passive open has completed. */
static void plan_accept(struct gen *g)
{
	size_t i;

	if (g->active || g->refused || g->mid_way)
		return;
	for (i = 0; i < g->conn->count; i++) {
		int s = g->conn->state[i][g->local];

		if (s != AST_TCP_LISTEN && s != AST_TCP_SYN_RECV && s != AST_TCP_CLOSE) {
			g->plan[i].accept_after = true;
			return;
		}
	}
}

void gen_plan(struct gen *g)
{
	analyse(g);
	plan_writes(g);
	plan_reads(g);
	plan_close(g);
	plan_accept(g);
}
