// SPDX-License-Identifier: GPL-2.0
/*
 * from_pcap.c - connections of a capture, the states their ends went
 * through, and picking one connection and one side. See from_pcap.h.
 */
#include "from_pcap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

/* ---- endpoints ---------------------------------------------------------- */

static size_t addr_len(int family)
{
	return family == AF_INET6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);
}

bool pcap_endpoint_equal(const struct pcap_endpoint *a,
			 const struct pcap_endpoint *b)
{
	return a->family == b->family && a->port == b->port &&
	       memcmp(&a->addr, &b->addr, addr_len(a->family)) == 0;
}

static struct pcap_endpoint endpoint_of(int family, const union packet_addr *addr,
					uint16_t port)
{
	struct pcap_endpoint ep;

	memset(&ep, 0, sizeof(ep));
	ep.family = family;
	memcpy(&ep.addr, addr, addr_len(family));
	ep.port = port;
	return ep;
}

const char *pcap_endpoint_format(const struct pcap_endpoint *ep,
				 char buf[PCAP_ENDPOINT_TEXT_MAX])
{
	char addr[INET6_ADDRSTRLEN] = "?";

	inet_ntop(ep->family, &ep->addr, addr, sizeof(addr));
	snprintf(buf, PCAP_ENDPOINT_TEXT_MAX,
		 ep->family == AF_INET6 ? "[%s]:%u" : "%s:%u", addr, ep->port);
	return buf;
}

static int parse_port(const char *text, uint16_t *port)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int pcap_endpoint_parse(const char *text, struct pcap_endpoint *ep,
			struct error *err)
{
	char addr[INET6_ADDRSTRLEN];
	const char *colon, *start = text, *stop;

	memset(ep, 0, sizeof(*ep));
	if (*text == '[') {
		start = text + 1;
		stop = strchr(start, ']');
		colon = stop && stop[1] == ':' ? stop + 1 : NULL;
		ep->family = AF_INET6;
	} else {
		colon = strrchr(text, ':');
		stop = colon;
		ep->family = AF_INET;
	}
	if (!colon || (size_t)(stop - start) >= sizeof(addr))
		return error_set(err, "bad endpoint '%s': expected ADDR:PORT, "
				 "or [ADDR]:PORT for IPv6", text);
	memcpy(addr, start, (size_t)(stop - start));
	addr[stop - start] = '\0';
	if (inet_pton(ep->family, addr, &ep->addr) != 1)
		return error_set(err, "bad address '%s' in '%s'", addr, text);
	if (parse_port(colon + 1, &ep->port))
		return error_set(err, "bad port '%s' in '%s'", colon + 1, text);
	return 0;
}

/* ---- grouping ------------------------------------------------------------ */

/*
 * 4-tuple -> its latest connection, open addressing. Keys are the two
 * ends in a fixed order, so both directions land on the same slot.
 */
struct conn_index {
	size_t *slot;			/* connection index + 1; 0 is empty */
	size_t size;			/* a power of two */
	size_t used;
};

static int endpoint_cmp(const struct pcap_endpoint *a, const struct pcap_endpoint *b)
{
	int c = memcmp(&a->addr, &b->addr, addr_len(a->family));

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (c)
		return c;
	return a->port - b->port;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t tuple_hash(const struct pcap_endpoint *a, const struct pcap_endpoint *b)
{
	const struct pcap_endpoint *lo = endpoint_cmp(a, b) <= 0 ? a : b;
	const struct pcap_endpoint *hi = lo == a ? b : a;
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fnv1a(h, &lo->addr, addr_len(lo->family));
	h = fnv1a(h, &lo->port, sizeof(lo->port));
	h = fnv1a(h, &hi->addr, addr_len(hi->family));
	return fnv1a(h, &hi->port, sizeof(hi->port));
}

static bool conn_has_ends(const struct pcap_conn *c, const struct pcap_endpoint *a,
			  const struct pcap_endpoint *b)
{
	return (pcap_endpoint_equal(&c->side[0].ep, a) &&
		pcap_endpoint_equal(&c->side[1].ep, b)) ||
	       (pcap_endpoint_equal(&c->side[0].ep, b) &&
		pcap_endpoint_equal(&c->side[1].ep, a));
}

/* The slot for this tuple: its connection's, or the empty one to fill. */
static size_t *index_slot(const struct conn_index *ix,
			  const struct pcap_conn_list *list,
			  const struct pcap_endpoint *a, const struct pcap_endpoint *b)
{
	size_t mask = ix->size - 1, i = (size_t)tuple_hash(a, b) & mask;

	while (ix->slot[i] && !conn_has_ends(&list->conn[ix->slot[i] - 1], a, b))
		i = (i + 1) & mask;
	return &ix->slot[i];
}

static int index_grow(struct conn_index *ix, const struct pcap_conn_list *list)
{
	struct conn_index bigger = { .size = ix->size ? ix->size * 2 : 64 };
	size_t i;

	bigger.slot = calloc(bigger.size, sizeof(*bigger.slot));
	if (!bigger.slot)
		return -1;
	for (i = 0; i < ix->size; i++) {
		const struct pcap_conn *c;

		if (!ix->slot[i])
			continue;
		c = &list->conn[ix->slot[i] - 1];
		*index_slot(&bigger, list, &c->side[0].ep, &c->side[1].ep) = ix->slot[i];
		bigger.used++;
	}
	free(ix->slot);
	*ix = bigger;
	return 0;
}

int pcap_conn_sender(const struct pcap_conn *conn, const struct pcap_segment *seg)
{
	struct pcap_endpoint src = endpoint_of(seg->family, &seg->src, seg->sport);

	return pcap_endpoint_equal(&conn->side[0].ep, &src) ? 0 : 1;
}

static bool seg_is_pure_syn(const struct pcap_segment *seg)
{
	return (seg->flags & (PACKET_TCP_SYN | PACKET_TCP_ACK | PACKET_TCP_RST)) ==
	       PACKET_TCP_SYN;
}

/*
 * A SYN with a new ISN from the same end, or any SYN once both FINs or an
 * RST went by, opens a new connection on the same 4-tuple; a retransmitted
 * SYN does not, nor does the other end's SYN of a simultaneous open.
 */
static bool seg_starts_new(const struct pcap_conn *c, const struct pcap_segment *seg)
{
	int s;

	if (!seg_is_pure_syn(seg))
		return false;
	s = pcap_conn_sender(c, seg);
	if (c->syn[s] && seg->seq != c->syn_seq[s])
		return true;
	return (c->fin[0] && c->fin[1]) || c->rst;
}

static struct pcap_conn *conn_new(struct pcap_conn_list *list,
				  const struct pcap_endpoint *src,
				  const struct pcap_endpoint *dst)
{
	struct pcap_conn *c;

	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		struct pcap_conn *grown = realloc(list->conn, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		list->conn = grown;
		list->cap = cap;
	}
	c = &list->conn[list->count];
	memset(c, 0, sizeof(*c));
	c->id = (int)++list->count;
	c->side[0].ep = *src;
	c->side[1].ep = *dst;
	c->passive = -1;
	return c;
}

static int conn_append(struct pcap_conn *c, size_t index,
		       const struct pcap_segment *seg)
{
	int s;

	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		size_t *grown = realloc(c->seg, cap * sizeof(*grown));

		if (!grown)
			return -1;
		c->seg = grown;
		c->cap = cap;
	}
	if (c->count == 0)
		c->mid_way = !(seg->flags & PACKET_TCP_SYN) || (seg->flags & PACKET_TCP_ACK);
	c->seg[c->count++] = index;
	s = pcap_conn_sender(c, seg);
	c->side[s].packets++;
	c->side[s].bytes += seg->payload_len;
	if (seg_is_pure_syn(seg) && !c->syn[s]) {
		if (!c->syn[!s])
			c->passive = !s;
		c->syn[s] = true;
		c->syn_seq[s] = seg->seq;
	}
	c->fin[s] |= (seg->flags & PACKET_TCP_FIN) != 0;
	c->rst |= (seg->flags & PACKET_TCP_RST) != 0;
	return 0;
}

static int group_segment(const struct pcap_trace *trace, size_t i,
			 struct pcap_conn_list *list, struct conn_index *ix)
{
	const struct pcap_segment *seg = &trace->seg[i];
	struct pcap_endpoint src = endpoint_of(seg->family, &seg->src, seg->sport);
	struct pcap_endpoint dst = endpoint_of(seg->family, &seg->dst, seg->dport);
	struct pcap_conn *c = NULL;
	size_t *slot;

	if ((ix->used + 1) * 2 > ix->size && index_grow(ix, list))
		return -1;
	slot = index_slot(ix, list, &src, &dst);
	if (*slot)
		c = &list->conn[*slot - 1];
	if (!c || seg_starts_new(c, seg)) {
		c = conn_new(list, &src, &dst);
		if (!c)
			return -1;
		if (!*slot)
			ix->used++;
		*slot = list->count;
	}
	return conn_append(c, i, seg);
}

/* ---- states ---------------------------------------------------------------- */

enum walk_event {
	EV_SND_SYN,
	EV_SND_SYNACK,
	EV_SND_FIN,
	EV_SND_RST,
	EV_RCV_SYN,
	EV_RCV_SYNACK,
	EV_RCV_ACK_OF_SYN,
	EV_RCV_FIN,
	EV_RCV_ACK_OF_FIN,
	EV_RCV_RST,
};

/* From any state but CLOSED. */
#define ANY_STATE (-1)

/*
 * RFC 9293's state diagram, with simultaneous open and close. In capture
 * order a side may seem to receive a SYN before it acts; what it does next
 * can show that it was not listening after all: `was` then replaces the
 * LISTEN in its path.
 */
static const struct transition {
	int from;
	enum walk_event event;
	int to;
	int was;			/* 0: the path stands */
} transitions[] = {
#define ROW(from, event, to) { from, event, to, 0 }
#define ROW_WAS(from, event, to, was) { from, event, to, was }
	ROW(AST_TCP_CLOSE, EV_SND_SYN, AST_TCP_SYN_SENT),
	ROW(AST_TCP_CLOSE, EV_RCV_SYN, AST_TCP_LISTEN),
	/* its own SYN crossed the peer's: a simultaneous open */
	ROW_WAS(AST_TCP_LISTEN, EV_SND_SYN, AST_TCP_SYN_RECV, AST_TCP_SYN_SENT),
	/* it answered the SYN with an RST: nothing listened */
	ROW_WAS(AST_TCP_LISTEN, EV_SND_RST, AST_TCP_CLOSE, AST_TCP_CLOSE),
	/* its peer's SYN was not captured */
	ROW(AST_TCP_CLOSE, EV_SND_SYNACK, AST_TCP_SYN_RECV),
	ROW(AST_TCP_LISTEN, EV_SND_SYNACK, AST_TCP_SYN_RECV),
	ROW(AST_TCP_SYN_SENT, EV_RCV_SYNACK, AST_TCP_ESTABLISHED),
	ROW(AST_TCP_SYN_SENT, EV_RCV_SYN, AST_TCP_SYN_RECV),
	ROW(AST_TCP_SYN_RECV, EV_RCV_ACK_OF_SYN, AST_TCP_ESTABLISHED),
	ROW(AST_TCP_SYN_RECV, EV_RCV_SYNACK, AST_TCP_ESTABLISHED),
	ROW(AST_TCP_SYN_RECV, EV_SND_FIN, AST_TCP_FIN_WAIT1),
	ROW(AST_TCP_ESTABLISHED, EV_SND_FIN, AST_TCP_FIN_WAIT1),
	ROW(AST_TCP_ESTABLISHED, EV_RCV_FIN, AST_TCP_CLOSE_WAIT),
	ROW(AST_TCP_FIN_WAIT1, EV_RCV_ACK_OF_FIN, AST_TCP_FIN_WAIT2),
	ROW(AST_TCP_FIN_WAIT1, EV_RCV_FIN, AST_TCP_CLOSING),
	ROW(AST_TCP_FIN_WAIT2, EV_RCV_FIN, AST_TCP_TIME_WAIT),
	ROW(AST_TCP_CLOSING, EV_RCV_ACK_OF_FIN, AST_TCP_TIME_WAIT),
	ROW(AST_TCP_CLOSE_WAIT, EV_SND_FIN, AST_TCP_LAST_ACK),
	ROW(AST_TCP_LAST_ACK, EV_RCV_ACK_OF_FIN, AST_TCP_CLOSE),
	ROW(ANY_STATE, EV_SND_RST, AST_TCP_CLOSE),
	ROW(ANY_STATE, EV_RCV_RST, AST_TCP_CLOSE),
#undef ROW
#undef ROW_WAS
};

/* One end while the connection is walked. */
struct walk_side {
	int state;
	bool isn_known;
	uint32_t isn;
	bool fin_sent;
	uint32_t fin_seq;
	bool next_known;
	uint32_t next;			/* the seq after the last it sent */
};

static bool seq_geq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

static void path_add(struct pcap_side *side, int state)
{
	if (side->path_len < PCAP_STATE_PATH_MAX)
		side->path[side->path_len++] = state;
}

static void walk_event(struct walk_side *w, struct pcap_side *side,
		       enum walk_event ev)
{
	size_t i;

	for (i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++) {
		const struct transition *t = &transitions[i];

		if (t->event != ev)
			continue;
		if (t->from != w->state &&
		    (t->from != ANY_STATE || w->state == AST_TCP_CLOSE))
			continue;
		w->state = t->to;
		if (t->was && side->path_len > 0) {
			side->path[side->path_len - 1] = t->was;
			if (t->was == t->to)
				return;
		}
		path_add(side, t->to);
		return;
	}
}

/*
 * The kernel takes an RST whose seq is exactly the next it expects (RFC
 * 5961 3.2; any other in-window one only draws a challenge ACK), and in
 * SYN-SENT one that acknowledges its SYN.
 */
static bool rst_accepted(const struct walk_side *sender,
			 const struct walk_side *receiver,
			 const struct pcap_segment *seg)
{
	if (receiver->state == AST_TCP_SYN_SENT)
		return (seg->flags & PACKET_TCP_ACK) && receiver->isn_known &&
		       seg->ack == receiver->isn + 1;
	return !sender->next_known || seg->seq == sender->next;
}

static void walk_segment(struct walk_side w[2], struct pcap_side side[2], int s,
			 const struct pcap_segment *seg)
{
	struct walk_side *snd = &w[s], *rcv = &w[!s];
	bool syn = seg->flags & PACKET_TCP_SYN, ack = seg->flags & PACKET_TCP_ACK;
	uint32_t end = seg->seq + seg->payload_len + syn;

	if (syn) {
		snd->isn_known = true;
		snd->isn = seg->seq;
		walk_event(snd, &side[s], ack ? EV_SND_SYNACK : EV_SND_SYN);
		walk_event(rcv, &side[!s], ack ? EV_RCV_SYNACK : EV_RCV_SYN);
	}
	if (ack && !syn && rcv->isn_known && seq_geq(seg->ack, rcv->isn + 1))
		walk_event(rcv, &side[!s], EV_RCV_ACK_OF_SYN);
	if (ack && rcv->fin_sent && seq_geq(seg->ack, rcv->fin_seq + 1))
		walk_event(rcv, &side[!s], EV_RCV_ACK_OF_FIN);
	if (seg->flags & PACKET_TCP_FIN) {
		if (!snd->fin_sent) {
			snd->fin_sent = true;
			snd->fin_seq = end;
		}
		walk_event(snd, &side[s], EV_SND_FIN);
		walk_event(rcv, &side[!s], EV_RCV_FIN);
		end++;
	}
	if (seg->flags & PACKET_TCP_RST) {
		if (rst_accepted(snd, rcv, seg))
			walk_event(rcv, &side[!s], EV_RCV_RST);
		walk_event(snd, &side[s], EV_SND_RST);
	}
	if (!snd->next_known || seq_geq(end, snd->next)) {
		snd->next_known = true;
		snd->next = end;
	}
}

static int conn_walk_states(const struct pcap_trace *trace, struct pcap_conn *c)
{
	struct walk_side w[2] = { { .state = AST_TCP_CLOSE }, { .state = AST_TCP_CLOSE } };
	size_t i;

	c->state = calloc(c->count ? c->count : 1, sizeof(*c->state));
	if (!c->state)
		return -1;
	if (c->mid_way) {
		/* Assumed: whatever came before the capture opened it. */
		for (i = 0; i < 2; i++) {
			w[i].state = AST_TCP_ESTABLISHED;
			path_add(&c->side[i], AST_TCP_ESTABLISHED);
		}
	}
	for (i = 0; i < c->count; i++) {
		const struct pcap_segment *seg = &trace->seg[c->seg[i]];

		walk_segment(w, c->side, pcap_conn_sender(c, seg), seg);
		c->state[i][0] = (uint8_t)w[0].state;
		c->state[i][1] = (uint8_t)w[1].state;
	}
	return 0;
}

int pcap_conn_group(const struct pcap_trace *trace, struct pcap_conn_list *list,
		    struct error *err)
{
	struct conn_index ix = { 0 };
	size_t i;

	memset(list, 0, sizeof(*list));
	for (i = 0; i < trace->count; i++)
		if (group_segment(trace, i, list, &ix))
			goto oom;
	for (i = 0; i < list->count; i++)
		if (conn_walk_states(trace, &list->conn[i]))
			goto oom;
	free(ix.slot);
	return 0;
oom:
	free(ix.slot);
	pcap_conn_list_free(list);
	return error_set(err, "out of memory");
}

void pcap_conn_list_free(struct pcap_conn_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		free(list->conn[i].seg);
		free(list->conn[i].state);
	}
	free(list->conn);
	memset(list, 0, sizeof(*list));
}

/* ---- choosing a connection and a side --------------------------------------- */

/* Split "A:P-B:P" at the dash between the ends (IPv6 ends are bracketed). */
static int flow_split(const char *spec, struct pcap_endpoint *a,
		      struct pcap_endpoint *b, struct error *err)
{
	const char *p = spec, *dash = NULL;
	int depth = 0;
	char *left;
	int ret;

	for (; *p; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (*p == '-' && depth == 0 && !dash)
			dash = p;
	}
	if (!dash)
		return error_set(err, "bad --flow '%s': expected A:P-B:P (IPv6 as "
				 "[A]:P) or a connection number", spec);
	left = strndup(spec, (size_t)(dash - spec));
	if (!left)
		return error_set(err, "out of memory");
	ret = pcap_endpoint_parse(left, a, err);
	free(left);
	if (ret || pcap_endpoint_parse(dash + 1, b, err))
		return error_prefix(err, "--flow");
	return 0;
}

static bool spec_is_number(const char *spec)
{
	return *spec && strspn(spec, "0123456789") == strlen(spec);
}

struct pcap_conn *pcap_conn_find(const struct pcap_conn_list *list,
				 const char *spec, struct error *err)
{
	struct pcap_endpoint a, b;
	size_t i;

	if (spec_is_number(spec)) {
		unsigned long n = strtoul(spec, NULL, 10);

		if (n >= 1 && n <= list->count)
			return &list->conn[n - 1];
		error_set(err, "--flow=%s: the capture has %zu TCP connection%s",
			  spec, list->count, list->count == 1 ? "" : "s");
		return NULL;
	}
	if (flow_split(spec, &a, &b, err))
		return NULL;
	for (i = 0; i < list->count; i++)
		if (conn_has_ends(&list->conn[i], &a, &b))
			return &list->conn[i];
	error_set(err, "--flow=%s: no TCP connection between these ends in the "
		  "capture (--list shows them)", spec);
	return NULL;
}

int pcap_conn_default_local(const struct pcap_conn *conn)
{
	const struct pcap_endpoint *a = &conn->side[0].ep, *b = &conn->side[1].ep;

	if (conn->passive >= 0)
		return conn->passive;
	/* No SYN: the well-known (lower) port is most likely the server's. */
	if (a->port != b->port)
		return a->port < b->port ? 0 : 1;
	return 1;
}

static int side_named(const struct pcap_conn *conn, const char *local,
		      const struct pcap_endpoint *ep, struct error *err)
{
	int i;

	for (i = 0; i < 2; i++)
		if (pcap_endpoint_equal(&conn->side[i].ep, ep))
			return i;
	return error_set(err, "--local=%s: not an end of connection %d", local,
			 conn->id);
}

static int side_by_port(const struct pcap_conn *conn, const char *local,
			struct error *err)
{
	uint16_t port;

	if (parse_port(local, &port))
		return error_set(err, "bad --local '%s': expected A, B, client, "
				 "server, ADDR, ADDR:PORT or PORT", local);
	if (conn->side[0].ep.port == port && conn->side[1].ep.port == port)
		return error_set(err, "--local=%s: both ends use port %s; give "
				 "ADDR:PORT", local, local);
	if (conn->side[0].ep.port == port)
		return 0;
	if (conn->side[1].ep.port == port)
		return 1;
	return error_set(err, "--local=%s: no end of connection %d uses that "
			 "port", local, conn->id);
}

/* "ADDR" or "[ADDR]": the end with that address, if only one has it. */
static int side_by_addr(const struct pcap_conn *conn, const char *local,
			struct error *err)
{
	char *text = NULL;
	struct pcap_endpoint ep;
	int ret, i, found = -1;

	if (asprintf(&text, "%s:0", local) < 0)
		return error_set(err, "out of memory");
	ret = pcap_endpoint_parse(text, &ep, err);
	free(text);
	if (ret) {
		error_clear(err);
		return error_set(err, "bad --local '%s': expected A, B, client, "
				 "server, ADDR, ADDR:PORT or PORT", local);
	}
	for (i = 1; i >= 0; i--) {
		const struct pcap_endpoint *e = &conn->side[i].ep;

		if (e->family == ep.family &&
		    memcmp(&e->addr, &ep.addr, addr_len(ep.family)) == 0) {
			if (found >= 0)
				return error_set(err, "--local=%s: both ends have "
						 "that address; give ADDR:PORT",
						 local);
			found = i;
		}
	}
	if (found < 0)
		return error_set(err, "--local=%s: no end of connection %d has "
				 "that address", local, conn->id);
	return found;
}

int pcap_conn_pick_local(const struct pcap_conn *conn, const char *local,
			 const char *flow_spec, struct error *err)
{
	struct pcap_endpoint a, b, ep;
	bool letter = strcmp(local ? local : "", "A") == 0 ||
		      strcmp(local ? local : "", "B") == 0;

	if (!local)
		return pcap_conn_default_local(conn);
	if (letter && flow_spec && !spec_is_number(flow_spec)) {
		if (flow_split(flow_spec, &a, &b, err))
			return -1;
		return side_named(conn, local, local[0] == 'A' ? &a : &b, err);
	}
	if (letter)
		return local[0] == 'A' ? 0 : 1;
	if (strcmp(local, "server") == 0 || strcmp(local, "client") == 0) {
		if (conn->passive < 0)
			return error_set(err, "--local=%s: no SYN was captured, so "
					 "client and server are unknown; give "
					 "A, B or ADDR:PORT", local);
		return local[0] == 's' ? conn->passive : !conn->passive;
	}
	if (strchr(local, ':') && local[strlen(local) - 1] != ']') {
		if (pcap_endpoint_parse(local, &ep, err))
			return error_prefix(err, "--local");
		return side_named(conn, local, &ep, err);
	}
	if (strspn(local, "0123456789") == strlen(local))
		return side_by_port(conn, local, err);
	return side_by_addr(conn, local, err);
}

/* ---- --list ------------------------------------------------------------------ */

static void print_path(FILE *out, const struct pcap_side *side)
{
	int i;

	if (!side->path_len)
		fputs(" (none)", out);
	for (i = 0; i < side->path_len; i++)
		fprintf(out, " %s", ast_tcp_state_name(side->path[i]));
}

static const char *side_role(const struct pcap_conn *c, int s)
{
	if (c->passive < 0)
		return "";
	return c->passive == s ? ", server" : ", client";
}

void pcap_conn_list_print(FILE *out, const struct pcap_trace *trace,
			  const struct pcap_conn_list *list)
{
	char a[PCAP_ENDPOINT_TEXT_MAX], b[PCAP_ENDPOINT_TEXT_MAX];
	size_t i;
	int s;

	fprintf(out, "TCP connections: %zu, in %zu frames (%s)\n", list->count,
		trace->frames, pcap_link_name(trace->linktype));
	for (i = 0; i < list->count; i++) {
		const struct pcap_conn *c = &list->conn[i];

		fprintf(out, "%d  %s-%s  %zu packets%s\n", c->id,
			pcap_endpoint_format(&c->side[0].ep, a),
			pcap_endpoint_format(&c->side[1].ep, b), c->count,
			c->mid_way ? "  (no SYN: starts mid-way)" : "");
		for (s = 0; s < 2; s++) {
			const struct pcap_side *side = &c->side[s];

			fprintf(out, "   %c %s (%zu packets, %llu data bytes%s):",
				'A' + s, pcap_endpoint_format(&side->ep, a),
				side->packets, (unsigned long long)side->bytes,
				side_role(c, s));
			print_path(out, side);
			fputc('\n', out);
		}
	}
}
