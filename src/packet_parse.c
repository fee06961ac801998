// SPDX-License-Identifier: GPL-2.0
/*
 * packet_parse.c - decode and verify packets; see packet.h.
 *
 * Every read goes through a span: [off, end) is what the enclosing header
 * claims, `cap` is how many bytes were captured. A header must lie within
 * both; a length that claims more than its enclosing header is malformed;
 * a payload beyond `cap` only makes the packet truncated. The walk goes
 * layer by layer (IPv4, IPv6, GRE, MPLS: one parser each, in a table) until
 * an IP header announces a transport, then one transport parser (a table
 * row per protocol) finishes.
 */
#include "packet.h"

#include <string.h>

#include "checksum.h"
#include "packet_internal.h"

struct parser {
	struct packet *pkt;
	const uint8_t *b;
	size_t cap;			/* bytes captured */
	struct error *err;
};

/* The region a header claims, and the bytes of it that were captured. */
struct span {
	size_t off;
	size_t end;
};

static size_t captured_end(const struct parser *ps, const struct span *sp)
{
	return sp->end < ps->cap ? sp->end : ps->cap;
}

/*
 * A header of `need` bytes at sp->off: malformed when its region is too
 * short, cut off when the capture is.
 */
static int need_bytes(struct parser *ps, const struct span *sp, size_t need,
		      const char *what)
{
	if (sp->end - sp->off < need)
		return error_set(ps->err, "%s needs %zu bytes, its enclosing "
				 "header leaves %zu", what, need,
				 sp->end - sp->off);
	if (captured_end(ps, sp) - sp->off < need)
		return error_set(ps->err, "%s cut off: %zu bytes needed, %zu "
				 "captured", what, need,
				 captured_end(ps, sp) - sp->off);
	return 0;
}

/* ---- IPv4 and IPv6 headers -------------------------------------------- */

static int ipv4_header(struct parser *ps, struct span *sp,
		       struct packet_ip *ip)
{
	const uint8_t *p = ps->b + sp->off;
	size_t hlen;

	if (need_bytes(ps, sp, PACKET_IPV4_MIN, "IPv4 header") < 0)
		return -1;
	hlen = (size_t)(p[0] & 0xf) * 4;
	if (hlen < PACKET_IPV4_MIN)
		return error_set(ps->err, "IPv4 header length %zu is less than "
				 "20", hlen);
	if (need_bytes(ps, sp, hlen, "IPv4 header with options") < 0)
		return -1;
	ip->family = AF_INET;
	ip->tos = p[1];
	ip->total_len = get_be16(p + 2);
	ip->id = get_be16(p + 4);
	ip->frag = get_be16(p + 6);
	ip->ttl = p[8];
	ip->protocol = p[9];
	ip->checksum = get_be16(p + 10);
	memcpy(&ip->src.v4, p + 12, 4);
	memcpy(&ip->dst.v4, p + 16, 4);
	ip->header_len = (uint16_t)hlen;
	ip->options_len = (uint16_t)(hlen - PACKET_IPV4_MIN);
	ip->offset = sp->off;
	return 0;
}

static int ipv4_lengths(struct parser *ps, const struct span *sp,
			const struct packet_ip *ip)
{
	if (ip->total_len < ip->header_len)
		return error_set(ps->err, "IPv4 total length %u is less than "
				 "its header length %u", ip->total_len,
				 ip->header_len);
	if (ip->total_len > sp->end - sp->off)
		return error_set(ps->err, "IPv4 total length %u exceeds the "
				 "%zu bytes its enclosing header leaves",
				 ip->total_len, sp->end - sp->off);
	/* Fragments carry no transport header to decode (or only part). */
	if (ip->frag & 0x3fff)
		return error_set(ps->err, "IPv4 fragment (flags and offset "
				 "0x%04x) not supported", ip->frag);
	return 0;
}

/* IPv6 extension headers (RFC 8200 §4) and how their length is counted. */
static const struct {
	uint8_t type;
	uint8_t unit;			/* length byte counts this many bytes */
	uint8_t extra;			/* units not counted by the length byte */
	bool fixed8;			/* fragment header: always 8 bytes */
} ipv6_exts[] = {
	{ 0, 8, 1, false },		/* hop-by-hop options */
	{ 43, 8, 1, false },		/* routing */
	{ 44, 8, 1, true },		/* fragment */
	{ 51, 4, 2, false },		/* authentication header (RFC 4302) */
	{ 60, 8, 1, false },		/* destination options */
	{ 135, 8, 1, false },		/* mobility (RFC 6275) */
};

static int ipv6_ext_index(uint8_t type)
{
	size_t i;

	for (i = 0; i < sizeof(ipv6_exts) / sizeof(ipv6_exts[0]); i++)
		if (ipv6_exts[i].type == type)
			return (int)i;
	return -1;
}

/* Walk the extension headers after the fixed 40 bytes, within `avail`. */
static int ipv6_ext_walk(struct parser *ps, const uint8_t *p, size_t avail,
			 struct packet_ip *ip)
{
	size_t off = PACKET_IPV6_LEN, len;
	int e;

	while ((e = ipv6_ext_index(ip->protocol)) >= 0) {
		if (ip->protocol == 44)
			return error_set(ps->err, "IPv6 fragment not supported");
		if (ip->ext_count == PACKET_IPV6_MAX_EXT)
			return error_set(ps->err, "more than %d IPv6 extension "
					 "headers", PACKET_IPV6_MAX_EXT);
		if (avail < off + 2)
			return error_set(ps->err, "IPv6 extension header %u "
					 "cut off", ip->protocol);
		len = ((size_t)p[off + 1] + ipv6_exts[e].extra) *
		      ipv6_exts[e].unit;
		if (avail < off + len)
			return error_set(ps->err, "IPv6 extension header %u of "
					 "%zu bytes cut off", ip->protocol, len);
		ip->ext[ip->ext_count++] = ip->protocol;
		ip->protocol = p[off];
		off += len;
	}
	ip->header_len = (uint16_t)off;
	ip->options_len = (uint16_t)(off - PACKET_IPV6_LEN);
	return 0;
}

static void ipv6_fixed(const uint8_t *p, size_t off, struct packet_ip *ip)
{
	uint32_t word = get_be32(p);

	ip->family = AF_INET6;
	ip->tos = (uint8_t)(word >> 20);
	ip->flowlabel = word & 0xfffff;
	ip->total_len = PACKET_IPV6_LEN + (uint32_t)get_be16(p + 4);
	ip->protocol = p[6];
	ip->ttl = p[7];
	memcpy(&ip->src.v6, p + 8, 16);
	memcpy(&ip->dst.v6, p + 24, 16);
	ip->header_len = PACKET_IPV6_LEN;
	ip->offset = off;
}

static int ipv6_header(struct parser *ps, struct span *sp,
		       struct packet_ip *ip)
{
	const uint8_t *p = ps->b + sp->off;
	size_t avail;

	if (need_bytes(ps, sp, PACKET_IPV6_LEN, "IPv6 header") < 0)
		return -1;
	ipv6_fixed(p, sp->off, ip);
	if (ip->total_len > sp->end - sp->off)
		return error_set(ps->err, "IPv6 payload length %u exceeds the "
				 "%zu bytes its enclosing header leaves",
				 ip->total_len - PACKET_IPV6_LEN,
				 sp->end - sp->off - PACKET_IPV6_LEN);
	avail = captured_end(ps, sp) - sp->off;
	if (avail > ip->total_len)
		avail = ip->total_len;
	if (ipv6_ext_walk(ps, p, avail, ip) < 0)
		return -1;
	return 0;
}

/* ---- the layer walk ---------------------------------------------------- */

/* What comes next: an encapsulation layer, or the transport. */
#define NEXT_TRANSPORT (-2)

static struct packet_layer *push_outer(struct parser *ps,
				       enum packet_layer_kind kind)
{
	struct packet *pkt = ps->pkt;

	if (pkt->outer_count == PACKET_MAX_OUTER) {
		error_set(ps->err, "more than %d encapsulation headers",
			  PACKET_MAX_OUTER);
		return NULL;
	}
	pkt->outer[pkt->outer_count].kind = kind;
	return &pkt->outer[pkt->outer_count++];
}

/*
 * An IP header whose protocol announces another layer is an outer one;
 * else it is the packet's own and the transport follows.
 */
static int ip_done(struct parser *ps, struct span *sp,
		   const struct packet_ip *ip)
{
	int next = packet_layer_by_ip_proto(ip->protocol);
	struct packet_layer *layer;

	sp->end = sp->off + ip->total_len;
	sp->off += ip->header_len;
	if (next < 0) {
		ps->pkt->ip = *ip;
		return NEXT_TRANSPORT;
	}
	layer = push_outer(ps, packet_layer_of_family(ip->family));
	if (!layer)
		return -1;
	layer->ip = *ip;
	return next;
}

static int parse_ipv4(struct parser *ps, struct span *sp)
{
	struct packet_ip ip = { 0 };

	if (ipv4_header(ps, sp, &ip) < 0 || ipv4_lengths(ps, sp, &ip) < 0)
		return -1;
	return ip_done(ps, sp, &ip);
}

static int parse_ipv6(struct parser *ps, struct span *sp)
{
	struct packet_ip ip = { 0 };

	if (ipv6_header(ps, sp, &ip) < 0)
		return -1;
	return ip_done(ps, sp, &ip);
}

/* After GRE or MPLS: what the ethertype or the version nibble says. */
static int next_by_version(struct parser *ps, const struct span *sp,
			   const char *after)
{
	uint8_t version;

	if (need_bytes(ps, sp, 1, "IP header") < 0)
		return error_prefix(ps->err, "after %s", after);
	version = ps->b[sp->off] >> 4;
	if (version == 4)
		return PACKET_LAYER_IPV4;
	if (version == 6)
		return PACKET_LAYER_IPV6;
	return error_set(ps->err, "after %s: IP version %u is neither 4 nor 6",
			 after, version);
}

static int gre_fields(struct parser *ps, const struct span *sp,
		      struct packet_gre *gre)
{
	const uint8_t *p = ps->b + sp->off;
	size_t at = 4;

	if (need_bytes(ps, sp, PACKET_GRE_MIN, "GRE header") < 0)
		return -1;
	gre->flags = get_be16(p);
	gre->proto = get_be16(p + 2);
	if (gre->flags & (PACKET_GRE_R | PACKET_GRE_VERSION))
		return error_set(ps->err, "GRE flags 0x%04x: routing and "
				 "versions other than 0 are not supported",
				 gre->flags);
	gre->header_len = (uint16_t)(PACKET_GRE_MIN +
		4 * (!!(gre->flags & PACKET_GRE_C) +
		     !!(gre->flags & PACKET_GRE_K) +
		     !!(gre->flags & PACKET_GRE_S)));
	if (need_bytes(ps, sp, gre->header_len, "GRE header") < 0)
		return -1;
	if (gre->flags & PACKET_GRE_C) {
		gre->sum = get_be16(p + at);
		gre->off = get_be16(p + at + 2);
		at += 4;
	}
	if (gre->flags & PACKET_GRE_K) {
		gre->key = get_be32(p + at);
		at += 4;
	}
	if (gre->flags & PACKET_GRE_S)
		gre->seq = get_be32(p + at);
	gre->offset = sp->off;
	return 0;
}

static int parse_gre(struct parser *ps, struct span *sp)
{
	struct packet_layer *layer = push_outer(ps, PACKET_LAYER_GRE);
	struct packet_gre *gre;
	int next;

	if (!layer)
		return -1;
	gre = &layer->gre;
	if (gre_fields(ps, sp, gre) < 0)
		return -1;
	sp->off += gre->header_len;
	next = packet_layer_by_ethertype(gre->proto);
	if (next < 0 || next == PACKET_LAYER_GRE)
		return error_set(ps->err, "GRE protocol 0x%04x not supported",
				 gre->proto);
	return next;
}

static int parse_mpls(struct parser *ps, struct span *sp)
{
	struct packet_layer *layer = push_outer(ps, PACKET_LAYER_MPLS);
	struct packet_mpls *mpls;
	uint32_t word;

	if (!layer)
		return -1;
	mpls = &layer->mpls;
	mpls->offset = sp->off;
	do {
		if (mpls->count == PACKET_MPLS_MAX)
			return error_set(ps->err, "MPLS stack deeper than %d",
					 PACKET_MPLS_MAX);
		if (need_bytes(ps, sp, PACKET_MPLS_LEN, "MPLS entry") < 0)
			return -1;
		word = get_be32(ps->b + sp->off);
		mpls->entry[mpls->count++] = (struct packet_mpls_entry){
			.label = word >> 12, .tc = (word >> 9) & 7,
			.bottom = (word >> 8) & 1, .ttl = word & 0xff,
		};
		sp->off += PACKET_MPLS_LEN;
	} while (!mpls->entry[mpls->count - 1].bottom);
	return next_by_version(ps, sp, "MPLS");
}

static int (*const layer_parsers[])(struct parser *ps, struct span *sp) = {
	[PACKET_LAYER_IPV4] = parse_ipv4,
	[PACKET_LAYER_IPV6] = parse_ipv6,
	[PACKET_LAYER_GRE] = parse_gre,
	[PACKET_LAYER_MPLS] = parse_mpls,
};

/* ---- transports ------------------------------------------------------- */

/* Set the payload of a transport whose header is hlen bytes. */
static void set_payload(struct parser *ps, const struct span *sp,
			size_t hlen, size_t claimed)
{
	struct packet *pkt = ps->pkt;
	size_t cap = captured_end(ps, sp) - sp->off - hlen;

	pkt->payload_offset = sp->off + hlen;
	pkt->payload_len = (uint32_t)claimed;
	pkt->payload_captured = (uint32_t)(cap < claimed ? cap : claimed);
	pkt->truncated = pkt->payload_captured < pkt->payload_len;
}

/* The fixed 20 bytes; the caller checks they are there. */
static void tcp_fixed(const uint8_t *p, struct packet_tcp *tcp)
{
	tcp->sport = get_be16(p);
	tcp->dport = get_be16(p + 2);
	tcp->seq = get_be32(p + 4);
	tcp->ack = get_be32(p + 8);
	tcp->header_len = (uint8_t)((p[12] >> 4) * 4);
	tcp->flags = (uint16_t)((p[12] & 1) << 8 | p[13]);
	tcp->window = get_be16(p + 14);
	tcp->checksum = get_be16(p + 16);
	tcp->urg_ptr = get_be16(p + 18);
}

static int parse_tcp(struct parser *ps, const struct span *sp)
{
	struct packet_tcp *tcp = &ps->pkt->tcp;
	const uint8_t *p = ps->b + sp->off;

	if (need_bytes(ps, sp, PACKET_TCP_MIN, "TCP header") < 0)
		return -1;
	tcp_fixed(p, tcp);
	if (tcp->header_len < PACKET_TCP_MIN)
		return error_set(ps->err, "TCP data offset %u is less than 5",
				 tcp->header_len / 4);
	if (need_bytes(ps, sp, tcp->header_len, "TCP header with options") < 0)
		return -1;
	if (tcp_options_parse(p + PACKET_TCP_MIN,
			      tcp->header_len - PACKET_TCP_MIN, &tcp->options,
			      ps->err) < 0)
		return error_prefix(ps->err, "TCP options");
	set_payload(ps, sp, tcp->header_len,
		    sp->end - sp->off - tcp->header_len);
	return 0;
}

static int parse_udp(struct parser *ps, const struct span *sp)
{
	struct packet_udp *udp = &ps->pkt->udp;
	const uint8_t *p = ps->b + sp->off;

	if (need_bytes(ps, sp, PACKET_UDP_LEN, "UDP header") < 0)
		return -1;
	udp->sport = get_be16(p);
	udp->dport = get_be16(p + 2);
	udp->length = get_be16(p + 4);
	udp->checksum = get_be16(p + 6);
	if (udp->length < PACKET_UDP_LEN ||
	    udp->length > sp->end - sp->off)
		return error_set(ps->err, "UDP length %u: at least 8 and at "
				 "most the %zu bytes the IP header leaves",
				 udp->length, sp->end - sp->off);
	set_payload(ps, sp, PACKET_UDP_LEN, udp->length - PACKET_UDP_LEN);
	return 0;
}

/* ---- the ICMP quote: best effort, never an error ----------------------- */

static void quote_tcp(const uint8_t *p, struct packet_quote *q,
		      size_t l4_total)
{
	struct packet_tcp *tcp = &q->tcp;
	struct error ignored = { 0 };
	size_t hlen = PACKET_TCP_MIN;

	if (q->l4_len >= 4) {
		tcp->sport = get_be16(p);
		tcp->dport = get_be16(p + 2);
	}
	if (q->l4_len >= 8)
		tcp->seq = get_be32(p + 4);
	if (q->l4_len >= PACKET_TCP_MIN)
		tcp_fixed(p, tcp);
	if (q->l4_len >= 13) {
		tcp->header_len = (uint8_t)((p[12] >> 4) * 4);
		if (tcp->header_len >= PACKET_TCP_MIN)
			hlen = tcp->header_len;
	}
	if (q->l4_len >= hlen && hlen > PACKET_TCP_MIN &&
	    tcp_options_parse(p + PACKET_TCP_MIN, hlen - PACKET_TCP_MIN,
			      &tcp->options, &ignored) < 0) {
		tcp->options.count = 0;
		error_clear(&ignored);
	}
	q->payload_len = (uint32_t)(l4_total > hlen ? l4_total - hlen : 0);
}

static void quote_udp(const uint8_t *p, struct packet_quote *q,
		      size_t l4_total)
{
	struct packet_udp *udp = &q->udp;

	if (q->l4_len >= 4) {
		udp->sport = get_be16(p);
		udp->dport = get_be16(p + 2);
	}
	if (q->l4_len >= PACKET_UDP_LEN) {
		udp->length = get_be16(p + 4);
		udp->checksum = get_be16(p + 6);
	}
	q->payload_len = (uint32_t)(l4_total > PACKET_UDP_LEN ?
				    l4_total - PACKET_UDP_LEN : 0);
}

/* The quoted IP header; false when it is not all there. */
static bool quote_ip(const uint8_t *p, size_t avail, struct packet_ip *ip)
{
	struct parser ps = { .b = p, .cap = avail };
	struct span sp = { 0, avail };
	struct error ignored = { 0 };
	bool ok;

	ps.err = &ignored;
	if (avail < 1)
		return false;
	if (p[0] >> 4 == 4) {
		ok = ipv4_header(&ps, &sp, ip) == 0;
	} else if (p[0] >> 4 == 6 && avail >= PACKET_IPV6_LEN) {
		ipv6_fixed(p, 0, ip);
		ok = ipv6_ext_walk(&ps, p, avail, ip) == 0;
	} else {
		ok = false;
	}
	error_clear(&ignored);
	return ok;
}

static void parse_quote(struct packet_icmp *icmp, const uint8_t *p,
			size_t avail, size_t base)
{
	struct packet_quote *q = &icmp->quote;
	size_t l4_total;

	if (!quote_ip(p, avail, &q->ip)) {
		memset(q, 0, sizeof(*q));
		return;
	}
	icmp->has_quote = true;
	q->ip.offset += base;
	q->l4_len = (uint32_t)(avail - q->ip.header_len);
	l4_total = q->ip.total_len > q->ip.header_len ?
		   q->ip.total_len - q->ip.header_len : 0;
	/* Bytes past the quoted datagram's own length are not its own. */
	if (q->l4_len > l4_total)
		q->l4_len = (uint32_t)l4_total;
	if (q->ip.protocol == IPPROTO_TCP)
		quote_tcp(p + q->ip.header_len, q, l4_total);
	else if (q->ip.protocol == IPPROTO_UDP)
		quote_udp(p + q->ip.header_len, q, l4_total);
}

static int parse_icmp(struct parser *ps, const struct span *sp)
{
	struct packet_icmp *icmp = &ps->pkt->icmp;
	int family = packet_icmp_family(ps->pkt->proto);
	const uint8_t *p = ps->b + sp->off;
	int mtu_bits;

	if (need_bytes(ps, sp, PACKET_ICMP_LEN, "ICMP header") < 0)
		return -1;
	icmp->type = p[0];
	icmp->code = p[1];
	icmp->checksum = get_be16(p + 2);
	icmp->rest = get_be32(p + 4);
	mtu_bits = packet_icmp_mtu_bits(family, icmp->type, icmp->code);
	icmp->has_mtu = mtu_bits != 0;
	icmp->mtu = mtu_bits == 16 ? icmp->rest & 0xffff
				   : mtu_bits == 32 ? icmp->rest : 0;
	if (packet_icmp_is_echo(family, icmp->type)) {
		icmp->id = (uint16_t)(icmp->rest >> 16);
		icmp->seq = icmp->rest & 0xffff;
	}
	set_payload(ps, sp, PACKET_ICMP_LEN,
		    sp->end - sp->off - PACKET_ICMP_LEN);
	if (packet_icmp_is_error(family, icmp->type))
		parse_quote(icmp, p + PACKET_ICMP_LEN,
			    ps->pkt->payload_captured, ps->pkt->payload_offset);
	return 0;
}

static int parse_other(struct parser *ps, const struct span *sp)
{
	set_payload(ps, sp, 0, sp->end - sp->off);
	return 0;
}

static const struct {
	uint8_t proto;
	int (*parse)(struct parser *ps, const struct span *sp);
} transport_parsers[] = {
	{ IPPROTO_TCP, parse_tcp },
	{ IPPROTO_UDP, parse_udp },
	{ IPPROTO_ICMP, parse_icmp },
	{ IPPROTO_ICMPV6, parse_icmp },
};

static int parse_transport(struct parser *ps, const struct span *sp)
{
	size_t i;

	ps->pkt->proto = ps->pkt->ip.protocol;
	ps->pkt->l4_offset = sp->off;
	for (i = 0; i < sizeof(transport_parsers) /
			sizeof(transport_parsers[0]); i++)
		if (transport_parsers[i].proto == ps->pkt->proto)
			return transport_parsers[i].parse(ps, sp);
	return parse_other(ps, sp);
}

int packet_parse(const uint8_t *bytes, size_t len, struct packet *pkt,
		 struct error *err)
{
	struct parser ps = { .pkt = pkt, .b = bytes, .cap = len, .err = err };
	struct span sp = { 0, 0 };
	int next;

	memset(pkt, 0, sizeof(*pkt));
	pkt->bytes = bytes;
	pkt->len = len;
	if (len < 1)
		return error_set(err, "empty packet");
	if (bytes[0] >> 4 != 4 && bytes[0] >> 4 != 6)
		return error_set(err, "not an IP packet: version %u",
				 bytes[0] >> 4);
	next = bytes[0] >> 4 == 4 ? PACKET_LAYER_IPV4 : PACKET_LAYER_IPV6;
	/* The outermost header claims what its length field says. */
	sp.end = SIZE_MAX;
	while (next >= 0)
		next = layer_parsers[next](&ps, &sp);
	if (next != NEXT_TRANSPORT || parse_transport(&ps, &sp) < 0)
		return -1;
	/* The outermost IP length can claim more than a short UDP length. */
	if ((pkt->outer_count ? pkt->outer[0].ip.total_len
			      : pkt->ip.total_len) > len)
		pkt->truncated = true;
	return pkt->truncated ? PACKET_TRUNCATED : 0;
}

/* ---- checksum verification ---------------------------------------------- */

/* The checksum a region should carry: its sum with the field taken out. */
static uint16_t expected_sum(uint32_t sum_with_field, uint16_t field)
{
	return checksum_fold(checksum_add_u16(sum_with_field,
					      (uint16_t)~field));
}

static int region_captured(const struct packet *pkt, size_t off, size_t len,
			   const char *what, struct error *err)
{
	if (off + len > pkt->len)
		return error_set(err, "cannot verify the %s checksum: %zu "
				 "bytes needed, %zu captured", what, off + len,
				 pkt->len);
	return 0;
}

static int verify_ipv4(const struct packet *pkt, const struct packet_ip *ip,
		       struct error *err)
{
	uint32_t sum;

	if (ip->family != AF_INET)
		return 0;
	if (region_captured(pkt, ip->offset, ip->header_len, "IPv4", err) < 0)
		return -1;
	sum = checksum_add(0, pkt->bytes + ip->offset, ip->header_len);
	if (checksum_fold(sum) == 0)
		return 0;
	return error_set(err, "bad IPv4 header checksum 0x%04x, expected "
			 "0x%04x", ip->checksum, expected_sum(sum,
							      ip->checksum));
}

static int verify_gre(const struct packet *pkt, size_t i, struct error *err)
{
	const struct packet_gre *gre = &pkt->outer[i].gre;
	const struct packet_ip *ip = &pkt->outer[i - 1].ip;
	size_t len = ip->offset + ip->total_len - gre->offset;
	uint32_t sum;

	if (!(gre->flags & PACKET_GRE_C))
		return 0;
	if (region_captured(pkt, gre->offset, len, "GRE", err) < 0)
		return -1;
	sum = checksum_add(0, pkt->bytes + gre->offset, len);
	if (checksum_fold(sum) == 0)
		return 0;
	return error_set(err, "bad GRE checksum 0x%04x, expected 0x%04x",
			 gre->sum, expected_sum(sum, gre->sum));
}

/* Transports with a checksum, and where the field sits in the header. */
static const struct {
	uint8_t proto;
	const char *name;
	size_t check_at;
} l4_sums[] = {
	{ IPPROTO_TCP, "TCP", 16 },
	{ IPPROTO_UDP, "UDP", 6 },
	{ IPPROTO_ICMP, "ICMP", 2 },
	{ IPPROTO_ICMPV6, "ICMPv6", 2 },
};

static int verify_l4(const struct packet *pkt, struct error *err)
{
	const struct packet_ip *ip = &pkt->ip;
	size_t len = ip->total_len - ip->header_len, i;
	uint16_t field, want;

	for (i = 0; i < sizeof(l4_sums) / sizeof(l4_sums[0]); i++)
		if (l4_sums[i].proto == pkt->proto)
			break;
	if (i == sizeof(l4_sums) / sizeof(l4_sums[0]))
		return 0;
	if (pkt->proto == IPPROTO_UDP)
		len = pkt->udp.length;
	if (region_captured(pkt, pkt->l4_offset, len, l4_sums[i].name,
			    err) < 0)
		return -1;
	field = get_be16(pkt->bytes + pkt->l4_offset + l4_sums[i].check_at);
	/* RFC 768: zero over IPv4 means no checksum was sent. */
	if (pkt->proto == IPPROTO_UDP && ip->family == AF_INET && field == 0)
		return 0;
	want = packet_l4_checksum(ip->family, &ip->src, &ip->dst, pkt->proto,
				  pkt->bytes + pkt->l4_offset, len);
	if (want == 0)
		return 0;
	/* want is the complement of the sum with the field included. */
	return error_set(err, "bad %s checksum 0x%04x, expected 0x%04x",
			 l4_sums[i].name, field,
			 expected_sum((uint16_t)~want, field));
}

int packet_verify_checksums(const struct packet *pkt, unsigned int which,
			    struct error *err)
{
	size_t i;

	for (i = 0; i < pkt->outer_count; i++) {
		const struct packet_layer *layer = &pkt->outer[i];

		if ((which & PACKET_CHECK_IP) &&
		    layer->kind == PACKET_LAYER_IPV4 &&
		    verify_ipv4(pkt, &layer->ip, err) < 0)
			return error_prefix(err, "outer layer %zu", i);
		if ((which & PACKET_CHECK_GRE) && i > 0 &&
		    layer->kind == PACKET_LAYER_GRE &&
		    verify_gre(pkt, i, err) < 0)
			return -1;
	}
	if ((which & PACKET_CHECK_IP) && verify_ipv4(pkt, &pkt->ip, err) < 0)
		return -1;
	if ((which & PACKET_CHECK_L4) && verify_l4(pkt, err) < 0)
		return -1;
	return 0;
}

void packet_tcp_join(struct packet *first, const struct packet *next)
{
	uint32_t seq = first->tcp.seq, payload = first->payload_len;
	uint16_t cwr = first->tcp.flags & PACKET_TCP_CWR;

	first->ip = next->ip;
	first->tcp = next->tcp;
	first->tcp.seq = seq;
	first->tcp.flags = (uint16_t)((first->tcp.flags & ~PACKET_TCP_CWR) | cwr);
	first->payload_len = payload + next->payload_len;
}
