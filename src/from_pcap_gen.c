// SPDX-License-Identifier: GPL-2.0
/*
 * from_pcap_gen.c - one captured connection written as a script in which
 * one end (the "local" side) is the kernel under test; see from_pcap.h.
 *
 * The script is built as a list of lines, each with the capture time it
 * stands for, then printed with relative times:
 *  - the peer's segments become `<` lines at their captured gaps;
 *  - the local side's segments become `>` lines, with the system calls
 *    that make the kernel send them just before: socket/bind/listen and
 *    accept for a passive open, socket/fcntl/connect for an active one,
 *    write() for new data (one call and one line per run of segments sent
 *    back to back), close() or shutdown(SHUT_WR) for its FIN (shutdown
 *    when it goes on acknowledging data after it), SO_LINGER 0 + close()
 *    for an RST it sent on its own;
 *  - read() calls take in the data the local side acknowledged, right
 *    after the segment that completed it, as an application blocked in
 *    read() would;
 *  - `state` assertions follow each change of the local side's state.
 * Sequence numbers are relative to each side's ISN, which is shown as 0 in
 * the SYN lines (the peer's is shifted to 0; the kernel's is learned at run
 * time). Outbound lines leave out `win` and write `<...>` where the
 * kernel's choice need not match the capture's (see outbound_options()).
 */
#include "from_pcap_gen.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

/*
 * Local segments later than GEN_PROMPT_USECS (from_pcap_gen.h): a
 * retransmission after a long gap was sent by its timer and keeps the gap,
 * with the 12.5 % tolerance. Anything else gets a window from +0 to a
 * quarter past the gap, because the replay may send it sooner than the
 * capture did: a pure ACK is most likely delayed (Linux: 40 ms at least,
 * up to 200 ms, and a read() can push it out early, so its window is at
 * least 40 ms), and a first SYN-ACK that came late in the capture (a
 * peer's SYN that the capture saw early, or a busy host) comes at once
 * from an idle kernel.
 */
#define GEN_DELACK_MIN_USECS 40000
#define GEN_RTO_MIN_USECS 50000
#define GEN_WINDOW_ROUND_USECS 10000
/* Where a line's event starts, after its time: `+0~+.04` fits. */
#define GEN_TIME_COLUMN 10

enum line_kind {
	LINE_IN,			/* `<` packet */
	LINE_OUT,			/* `>` packet */
	LINE_CALL,			/* system call */
	LINE_STATE,			/* state assertion */
	LINE_COMMENT,			/* `// ...`, no time */
};

struct line {
	enum line_kind kind;
	int64_t t_usecs;		/* capture time, from the first packet */
	bool pure_ack;			/* LINE_OUT without data, SYN or FIN */
	bool retransmit;		/* LINE_OUT of nothing new */
	char *text;
};

static char *vstrf(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

static char *strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *strf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vstrf(fmt, ap);
	va_end(ap);
	return s;
}

void gen_note(struct gen *g, const char *fmt, ...)
{
	struct pcap_notes *n = g->notes;
	char **grown;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vstrf(fmt, ap);
	va_end(ap);
	grown = s ? realloc(n->line, (n->count + 1) * sizeof(*grown)) : NULL;
	if (!grown) {
		free(s);
		g->oom = true;
		return;
	}
	n->line = grown;
	n->line[n->count++] = s;
}

void pcap_notes_free(struct pcap_notes *notes)
{
	size_t i;

	for (i = 0; i < notes->count; i++)
		free(notes->line[i]);
	free(notes->line);
	notes->line = NULL;
	notes->count = 0;
}

static void add_line(struct gen *g, enum line_kind kind, int64_t t, char *text)
{
	struct line *l;

	if (!text) {
		g->oom = true;
		return;
	}
	if (g->count == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct line *grown = realloc(g->lines, cap * sizeof(*grown));

		if (!grown) {
			free(text);
			g->oom = true;
			return;
		}
		g->lines = grown;
		g->cap = cap;
	}
	l = &g->lines[g->count++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->t_usecs = t;
	l->text = text;
}
/* SACK edges in script space: relative to the ISN of the side acknowledged. */
static void rel_sack(struct tcp_options *o, uint32_t isn)
{
	int i, j;

	for (i = 0; i < o->count; i++) {
		if (o->opt[i].type != TCP_OPTION_SACK)
			continue;
		for (j = 0; j < o->opt[i].sack.count; j++) {
			o->opt[i].sack.block[j].left -= isn;
			o->opt[i].sack.block[j].right -= isn;
		}
	}
}

/*
 * Drop options of the given types and re-pad as Linux lays options out:
 * an option whose length is not a multiple of 4 (sackOK, wscale, TS,
 * SACK) gets NOPs in front, so the list still makes a whole TCP header.
 */
static void strip_options(struct tcp_options *o, uint16_t mask)
{
	struct tcp_options kept = { 0 };
	int i;

	for (i = 0; i < o->count; i++) {
		const struct tcp_option *opt = &o->opt[i];
		int pad = 0;

		if ((mask & (1u << opt->type)) || opt->type == TCP_OPTION_NOP ||
		    opt->type == TCP_OPTION_EOL)
			continue;
		pad = (4 - opt->length % 4) % 4;	/* the parsed wire length */
		while (pad-- > 0 && kept.count < TCP_OPTIONS_MAX_COUNT)
			kept.opt[kept.count++].type = TCP_OPTION_NOP;
		if (kept.count < TCP_OPTIONS_MAX_COUNT)
			kept.opt[kept.count++] = *opt;
	}
	*o = kept;
}

static char *options_text(const struct tcp_options *o)
{
	char *inner, *s;

	if (!o->count)
		return strdup("");
	inner = tcp_options_to_string(o);
	if (!inner)
		return NULL;
	s = strf(" <%s>", inner);
	free(inner);
	return s;
}

/*
 * Options of a `>` line. Outbound options must match the kernel's exactly,
 * so they are written only where they are predictable and needed:
 *  - a SYN or SYN-ACK of a connection with timestamps: as captured (the
 *    MSS as tcpdrill's MTU makes it, see plan_mtu()), because its TS val
 *    is what the peer's first ecr echoes, and an inbound ecr can only be
 *    mapped to a TS val the script has seen (SPEC §5);
 *  - any other SYN: `<...>`, the capture's options in a comment (the
 *    kernel's window scale and MSS are its own choice);
 *  - other segments: as captured (timestamps and SACK blocks follow from
 *    what the peer sent), or `<...>` with --any-options.
 */
static char *outbound_options(const struct gen *g, const struct pcap_segment *seg,
			      char **comment)
{
	struct tcp_options o;

	pcap_segment_options(seg, &o);
	rel_sack(&o, g->peer_isn);
	*comment = NULL;
	if (has(seg, PACKET_TCP_SYN) && g->ts) {
		struct tcp_option *mss = tcp_options_find(&o, TCP_OPTION_MSS);

		if (mss)
			mss->mss = gen_local_mss(g);
		return options_text(&o);
	}
	if (has(seg, PACKET_TCP_SYN)) {
		char *captured = o.count ? tcp_options_to_string(&o) : strdup("none");

		*comment = captured ? strf("  // captured: <%s>", captured) : NULL;
		free(captured);
		return strdup(" <...>");
	}
	if (g->opts->any_options || g->mid_way)
		return strdup(" <...>");
	return options_text(&o);
}

/* Options of a `<` line: as captured, all concrete. */
static char *inbound_options(const struct gen *g, const struct pcap_segment *seg)
{
	struct tcp_options o;

	pcap_segment_options(seg, &o);
	rel_sack(&o, g->local_isn);
	if (g->mid_way)
		strip_options(&o, 1u << TCP_OPTION_TIMESTAMP);
	else if (has(seg, PACKET_TCP_SYN) && g->strip_mask)
		strip_options(&o, g->strip_mask);
	return options_text(&o);
}
/* ---- packet lines ------------------------------------------------------------- */

/*
 * The flag letters in an order the grammar takes: packet_tcp_flags_string()
 * writes packetdrill's order ("P.U", "S.E"), but a script's flags are one
 * word optionally followed by '.', so the '.' goes last ("PU.", "SE.").
 */
static const char *script_flags(uint16_t bits, char buf[PACKET_TCP_FLAGS_LEN])
{
	char *dot;

	packet_tcp_flags_string(bits, false, buf);
	dot = strchr(buf, '.');
	if (dot && dot[1]) {
		memmove(dot, dot + 1, strlen(dot + 1) + 1);
		strcat(buf, ".");
	}
	return buf;
}

/*
 * A segment as a line; a run of local data (plan_writes()) is written as
 * its first segment with the run's flags and length.
 */
static char *packet_text(const struct gen *g, const struct pcap_segment *seg,
			 bool outbound, const struct seg_plan *run)
{
	char flags[PACKET_TCP_FLAGS_LEN], ack[24] = "", win[16] = "", urg[16] = "";
	uint32_t isn = outbound ? g->local_isn : g->peer_isn;
	uint32_t ack_isn = outbound ? g->peer_isn : g->local_isn;
	uint32_t start = rel(seg->seq, isn);
	uint32_t len = run ? run->run_len : seg->payload_len;
	uint16_t bits = run ? run->run_flags : seg->flags;
	char *opts, *comment = NULL, *s;

	if (has(seg, PACKET_TCP_ACK))
		snprintf(ack, sizeof(ack), " ack %u", rel(seg->ack, ack_isn));
	if (!outbound)
		snprintf(win, sizeof(win), " win %u", seg->window);
	if (has(seg, PACKET_TCP_URG))
		snprintf(urg, sizeof(urg), " urg %u", seg->urg_ptr);
	opts = outbound ? outbound_options(g, seg, &comment) : inbound_options(g, seg);
	if (!opts) {
		free(comment);
		return NULL;
	}
	if (!comment && run && run->run_count > 1)
		comment = strf("  // %zu segments in the capture", run->run_count);
	s = strf("%c %s %u:%u(%u)%s%s%s%s%s", outbound ? '>' : '<',
		 script_flags(bits, flags), start, start + len,
		 len, ack, win, urg, opts, comment ? comment : "");
	free(opts);
	free(comment);
	return s;
}

/* Whether a local segment sends only what the local side sent before. */
static bool seg_retransmits(struct gen *g, const struct pcap_segment *seg)
{
	uint32_t end = rel(seg->seq, g->local_isn) + seg->payload_len +
		       has(seg, PACKET_TCP_SYN) + has(seg, PACKET_TCP_FIN);
	bool again = g->out_sent && (int32_t)(end - g->out_end) <= 0 &&
		     (seg->payload_len || (seg->flags & (PACKET_TCP_SYN | PACKET_TCP_FIN)));

	if (!g->out_sent || (int32_t)(end - g->out_end) > 0) {
		g->out_sent = true;
		g->out_end = end;
	}
	return again;
}

/*
 * start:end(len) cannot wrap past 2^32 in a script: a segment before its
 * side's ISN (a stray one from an older connection on the 4-tuple) is
 * left as a comment.
 */
static bool seg_wraps(const struct gen *g, const struct pcap_segment *seg,
		      const struct seg_plan *run)
{
	uint32_t isn = seg_is_local(g, seg) ? g->local_isn : g->peer_isn;

	return (uint64_t)rel(seg->seq, isn) + (run ? run->run_len : seg->payload_len) >
	       UINT32_MAX;
}

static void add_packet(struct gen *g, size_t i)
{
	const struct pcap_segment *seg = seg_at(g, i);
	const struct seg_plan *run = g->plan[i].run_count ? &g->plan[i] : NULL;
	bool out = seg_is_local(g, seg);
	bool again = out && seg_retransmits(g, seg);
	struct line *l;

	if (seg_wraps(g, seg, run)) {
		char *text = packet_text(g, seg, out, run);

		add_line(g, LINE_COMMENT, seg_usecs(g, seg),
			 text ? strf("%s  (before its side's ISN: left out)", text) : NULL);
		free(text);
		if (!g->wrapped)
			gen_note(g, "segments of connection %d lie before their side's ISN "
				 "(from an older connection?); they are left out as comments",
				 g->conn->id);
		g->wrapped = true;
		return;
	}

	add_line(g, out ? LINE_OUT : LINE_IN, seg_usecs(g, seg),
		 packet_text(g, seg, out, run));
	if (g->oom)
		return;
	l = &g->lines[g->count - 1];
	l->retransmit = again;
	l->pure_ack = out && seg->payload_len == 0 &&
		      !(seg->flags & (PACKET_TCP_SYN | PACKET_TCP_FIN | PACKET_TCP_RST));
}

/*
 * A local RST without ACK answers a segment for no socket (see
 * rst_provoked()); one that nothing in the replay provokes cannot be
 * reproduced (tcpdrill's own captures end with such resets, sent by the
 * tool), so it is left as a comment, and states are no longer asserted.
 */
static void add_skipped(struct gen *g, const struct pcap_segment *seg)
{
	char *text = packet_text(g, seg, true, NULL);

	add_line(g, LINE_COMMENT, seg_usecs(g, seg),
		 text ? strf("%s  (the capture's; no call can make the kernel "
			     "send it)", text) : NULL);
	free(text);
	g->states_off = true;
}

static void add_call(struct gen *g, int64_t t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_call(struct gen *g, int64_t t, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vstrf(fmt, ap);
	va_end(ap);
	add_line(g, LINE_CALL, t, s);
}
/* ---- emitting ------------------------------------------------------------------------ */

static void emit_open(struct gen *g, int64_t t)
{
	if (g->refused)
		return;
	add_call(g, t, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
	if (g->nodelay)
		add_call(g, t, "setsockopt(3, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0");
	if (g->active) {
		add_call(g, t, "fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0");
		add_call(g, t, "connect(3, ..., ...) = -1 EINPROGRESS (Operation now "
			 "in progress)");
		return;
	}
	add_call(g, t, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
	add_call(g, t, "bind(3, ..., ...) = 0");
	add_call(g, t, "listen(3, 1) = 0");
}

/* The handshake a mid-way capture lacks, all at time 0. */
static void emit_made_up_handshake(struct gen *g)
{
	const struct pcap_segment *peer_first = gen_first_of(g, g->peer);
	uint16_t win = peer_first ? peer_first->window : GEN_ASSUMED_WINDOW;

	add_line(g, LINE_IN, 0, strf("< S 0:0(0) win %u <mss %u,nop,nop,sackOK,nop,wscale %u>",
				     GEN_ASSUMED_WINDOW, g->peer_mss, g->peer_wscale));
	add_line(g, LINE_OUT, 0, strf("> S. 0:0(0) ack 1 <...>"));
	add_line(g, LINE_IN, 0, strf("< . 1:1(0) ack 1 win %u", win));
	add_call(g, 0, "accept(3, ..., ...) = 4");
}

static void emit_state(struct gen *g, size_t i, int64_t t)
{
	int now = g->conn->state[i][g->local];
	int before = i ? g->conn->state[i - 1][g->local] :
		     g->mid_way ? AST_TCP_ESTABLISHED : AST_TCP_CLOSE;

	/* LISTEN is the listener's, and the kernel answers the SYN at once. */
	if (g->opts->no_states || now == before || now == AST_TCP_LISTEN ||
	    g->refused || g->states_off)
		return;
	add_line(g, LINE_STATE, t, strf("state %s", ast_tcp_state_name(now)));
}

static void emit_before_out(struct gen *g, size_t i, int64_t t)
{
	const struct seg_plan *p = &g->plan[i];
	int fd = g->conn_fd;

	if (p->write_len && p->write_more)
		add_call(g, t, "send(%d, ..., %u, MSG_MORE) = %u", fd, p->write_len,
			 p->write_len);
	else if (p->write_len)
		add_call(g, t, "write(%d, ..., %u) = %u", fd, p->write_len, p->write_len);
	switch (p->close_before) {
	case CLOSE_CLOSE:
		add_call(g, t, "close(%d) = 0", fd);
		break;
	case CLOSE_SHUTDOWN:
		add_call(g, t, "shutdown(%d, SHUT_WR) = 0", fd);
		break;
	case CLOSE_ABORT:
		add_call(g, t, "setsockopt(%d, SOL_SOCKET, SO_LINGER, {onoff=1, "
			 "linger=0}, 8) = 0", fd);
		add_call(g, t, "close(%d) = 0", fd);
		break;
	case CLOSE_NONE:
		break;
	}
}

static void emit_segments(struct gen *g)
{
	bool opened = false;
	size_t i;

	if (g->mid_way) {
		emit_open(g, 0);
		emit_made_up_handshake(g);
		opened = true;
	}
	for (i = 0; i < g->conn->count && !g->oom; i++) {
		const struct pcap_segment *seg = seg_at(g, i);
		int64_t t = seg_usecs(g, seg);

		if (g->mid_way && has(seg, PACKET_TCP_SYN))
			continue;
		if (!opened && (!g->active || seg_is_local(g, seg))) {
			emit_open(g, t);
			opened = true;
		}
		if (g->plan[i].skip) {
			add_skipped(g, seg);
			continue;
		}
		if (g->plan[i].in_run) {
			/* on its run's line; the run's seq space counts it */
			seg_retransmits(g, seg);
			emit_state(g, i, t);
			continue;
		}
		if (seg_is_local(g, seg))
			emit_before_out(g, i, t);
		add_packet(g, i);
		emit_state(g, i, t);
		if (g->plan[i].accept_after)
			add_call(g, t, "accept(%d, ..., ...) = %d", g->listen_fd, g->conn_fd);
		if (g->plan[i].read_len)
			add_call(g, t, "read(%d, ..., %u) = %u", g->conn_fd,
				 g->plan[i].read_len, g->plan[i].read_len);
	}
}

/* ---- printing ------------------------------------------------------------------------ */

/* Seconds as scripts write them: 0, .1, 1.023, .000011 */
static void format_secs(char *buf, size_t size, int64_t usecs)
{
	size_t n;

	if (usecs <= 0) {
		snprintf(buf, size, "0");
		return;
	}
	snprintf(buf, size, "%" PRId64 ".%06" PRId64, usecs / 1000000, usecs % 1000000);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	if (buf[0] == '0' && buf[1] == '.')
		memmove(buf, buf + 1, strlen(buf));
}

static int64_t round_up(int64_t v, int64_t unit)
{
	return (v + unit - 1) / unit * unit;
}

/* The time of a `>` line `gap` after the event before it (see the top). */
static void outbound_time(char *buf, size_t size, const struct line *l, int64_t gap)
{
	char end[32];
	int64_t w;

	/*
	 * A pure ACK gets its window even when the capture saw it at once:
	 * whether Linux delays one (a FIN, for one, switches the socket to
	 * delayed ACKs) depends on timers the replay does not reproduce.
	 */
	if (!l->pure_ack && gap < GEN_PROMPT_USECS) {
		snprintf(buf, size, "+0");
		return;
	}
	if (l->retransmit && gap >= GEN_RTO_MIN_USECS) {
		char at[32];

		format_secs(at, sizeof(at), gap);
		snprintf(buf, size, "+%s", at);
		return;
	}
	w = gap + gap / 4;
	if (l->pure_ack && w < GEN_DELACK_MIN_USECS)
		w = GEN_DELACK_MIN_USECS;
	format_secs(end, sizeof(end), round_up(w, GEN_WINDOW_ROUND_USECS));
	snprintf(buf, size, "+0~+%s", end);
}

static void print_lines(FILE *out, const struct gen *g)
{
	int64_t prev = 0;
	size_t i;

	for (i = 0; i < g->count; i++) {
		const struct line *l = &g->lines[i];
		int64_t gap = l->t_usecs - prev;
		char when[64], secs[32];

		if (gap < 0)
			gap = 0;	/* capture clocks do step back */
		if (l->kind == LINE_COMMENT) {
			fprintf(out, "%-*s // %s\n", GEN_TIME_COLUMN - 1, "", l->text);
			continue;
		}
		if (i == 0) {
			snprintf(when, sizeof(when), "0");
		} else if (l->kind == LINE_OUT) {
			outbound_time(when, sizeof(when), l, gap);
		} else {
			format_secs(secs, sizeof(secs), gap);
			snprintf(when, sizeof(when), "+%s", secs);
		}
		fprintf(out, "%-*s %s\n", GEN_TIME_COLUMN - 1, when, l->text);
		if (l->t_usecs > prev)
			prev = l->t_usecs;
	}
}

static void print_path(FILE *out, const struct pcap_side *side)
{
	int i;

	for (i = 0; i < side->path_len; i++)
		fprintf(out, " %s", ast_tcp_state_name(side->path[i]));
	if (!side->path_len)
		fputs(" (none)", out);
}

static void print_header(FILE *out, const struct gen *g)
{
	const struct pcap_conn *c = g->conn;
	char l[PCAP_ENDPOINT_TEXT_MAX], p[PCAP_ENDPOINT_TEXT_MAX], secs[32];
	const struct pcap_segment *last = seg_at(g, c->count - 1);
	size_t i;

	format_secs(secs, sizeof(secs), seg_usecs(g, last));
	fprintf(out, "// Generated by `tcpdrill from-pcap` from %s (%s), "
		"connection %d:\n", g->opts->capture_name ? g->opts->capture_name : "?",
		pcap_link_name(g->trace->linktype), c->id);
	fprintf(out, "// %zu packets over %s s. The kernel under test plays %s, the %s\n",
		c->count, secs[0] ? secs : "0",
		pcap_endpoint_format(&c->side[g->local].ep, l),
		g->mid_way ? "assumed server" : g->active ? "client (active open)" :
		"server (passive open)");
	fprintf(out, "// (states it reached:");
	print_path(out, &c->side[g->local]);
	fprintf(out, ");\n// the script plays %s. tcpdrill's own addresses and ports "
		"stand in for the\n// captured ones. seq/ack are relative, ISNs 0; "
		"times are the capture's.\n",
		pcap_endpoint_format(&c->side[g->peer].ep, p));
	for (i = 0; i < g->notes->count; i++)
		fprintf(out, "// warning: %s\n", g->notes->line[i]);
	fputc('\n', out);
}

static void print_options(FILE *out, const struct gen *g)
{
	const struct pcap_endpoint *lep = &g->conn->side[g->local].ep;
	const struct pcap_endpoint *pep = &g->conn->side[g->peer].ep;
	bool any = false;

	if (g->family == AF_INET6) {
		fputs("--ip_version=ipv6\n", out);
		any = true;
	}
	if (!g->active && lep->port != GEN_DEFAULT_PORT) {
		fprintf(out, "--bind_port=%u\n", lep->port);
		any = true;
	}
	if (g->active && pep->port != GEN_DEFAULT_PORT) {
		fprintf(out, "--connect_port=%u\n", pep->port);
		any = true;
	}
	if (g->mtu != GEN_DEFAULT_MTU) {
		fprintf(out, "--mtu=%d\n", g->mtu);
		any = true;
	}
	if (g->ts) {
		/* an ecr of a TS val the capture missed is interpolated */
		fputs("--tcp_ts_ecr_scaled\n", out);
		any = true;
	}
	if (any)
		fputc('\n', out);
}

/* Say so when the snaplen cut payloads: the lengths are still right. */
static void note_snapped(struct gen *g)
{
	size_t i, n = 0;

	for (i = 0; i < g->conn->count; i++)
		n += seg_at(g, i)->snapped;
	if (n)
		gen_note(g, "%zu segment%s of connection %d %s cut short by the "
			 "capture's snaplen; lengths come from the IP headers, so the "
			 "script is still right (payload bytes are not replayed)",
			 n, n == 1 ? "" : "s", g->conn->id, n == 1 ? "was" : "were");
}

static void gen_free(struct gen *g)
{
	size_t i;

	for (i = 0; i < g->count; i++)
		free(g->lines[i].text);
	free(g->lines);
	free(g->plan);
}

int pcap_script_write(FILE *out, const struct pcap_trace *trace,
		      const struct pcap_conn *conn,
		      const struct pcap_script_opts *opts,
		      struct pcap_notes *notes, struct error *err)
{
	struct gen g = { .trace = trace, .conn = conn, .opts = opts, .notes = notes };
	int ret = 0;

	if (conn->count == 0)
		return error_set(err, "connection %d has no packets", conn->id);
	if (opts->local != 0 && opts->local != 1)
		return error_set(err, "bad local side %d", opts->local);
	g.plan = calloc(conn->count, sizeof(*g.plan));
	if (!g.plan)
		return error_set(err, "out of memory");
	gen_plan(&g);
	note_snapped(&g);
	emit_segments(&g);
	if (g.oom) {
		ret = error_set(err, "out of memory");
	} else {
		print_header(out, &g);
		print_options(out, &g);
		print_lines(out, &g);
		if (ferror(out))
			ret = error_set(err, "cannot write the script");
	}
	gen_free(&g);
	return ret;
}
