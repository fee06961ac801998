// SPDX-License-Identifier: GPL-2.0
/*
 * packet_build.c - write a packet from a struct packet_spec; see packet.h.
 *
 * The builder works in three passes: lay out (every header's offset and
 * the total length, so length fields are known before anything is
 * written), write headers front to back, then fill checksums from the
 * inside out, because a GRE checksum and an outer transport checksum cover
 * the inner headers' final bytes.
 */
#include "packet.h"

#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "packet_internal.h"

/* An ICMP error quoting an ICMP error is never sent; one level is enough. */
#define MAX_QUOTE_DEPTH 1

struct builder {
	const struct packet_spec *spec;
	uint8_t *buf;
	size_t size;
	int depth;			/* quote nesting */
	size_t off[PACKET_MAX_OUTER + 1];	/* outer layers, then the IP */
	size_t l4_off;
	size_t l4_len;
	size_t total;
	uint8_t *quote;			/* the quoted bytes (allocated) */
	size_t quote_len;
	struct error *err;
};

static int build_packet(const struct packet_spec *spec, uint8_t *buf,
			size_t size, int depth, size_t *len, size_t *l4_off,
			struct error *err);

/* ---- lay out ---------------------------------------------------------- */

static int ip_header_len(const struct packet_ip_spec *ip, size_t *len,
			 struct error *err)
{
	if (ip->family == AF_INET6 && ip->options_len)
		return error_set(err, "IPv6 takes no IPv4 options; extension "
				 "headers are not built");
	if (ip->family == AF_INET6) {
		*len = PACKET_IPV6_LEN;
		return 0;
	}
	if (ip->family != AF_INET)
		return error_set(err, "IP family %d is neither AF_INET nor "
				 "AF_INET6", ip->family);
	if (ip->options_len % 4 || ip->options_len > 40)
		return error_set(err, "IPv4 options of %zu bytes: a multiple "
				 "of 4, at most 40, is needed", ip->options_len);
	*len = PACKET_IPV4_MIN + ip->options_len;
	return 0;
}

static size_t gre_header_len(uint16_t flags)
{
	return PACKET_GRE_MIN + (flags & PACKET_GRE_C ? 4 : 0) +
	       (flags & PACKET_GRE_K ? 4 : 0) + (flags & PACKET_GRE_S ? 4 : 0);
}

static int ip_layer_len(const struct packet_layer_spec *layer, size_t *len,
			struct error *err)
{
	if (layer->ip.family != (layer->kind == PACKET_LAYER_IPV4 ? AF_INET
								  : AF_INET6))
		return error_set(err, "IP layer kind and family disagree");
	return ip_header_len(&layer->ip, len, err);
}

static int gre_len(const struct packet_layer_spec *layer, size_t *len,
		   struct error *err)
{
	if (layer->gre.flags & (PACKET_GRE_R | PACKET_GRE_VERSION))
		return error_set(err, "GRE flags 0x%04x: routing and versions "
				 "other than 0 are not supported",
				 layer->gre.flags);
	*len = gre_header_len(layer->gre.flags);
	return 0;
}

static int mpls_len(const struct packet_layer_spec *layer, size_t *len,
		    struct error *err)
{
	if (layer->mpls.count < 1 || layer->mpls.count > PACKET_MPLS_MAX)
		return error_set(err, "MPLS stack of %u entries: 1 to %d are "
				 "allowed", layer->mpls.count, PACKET_MPLS_MAX);
	*len = PACKET_MPLS_LEN * (size_t)layer->mpls.count;
	return 0;
}

/* The kind of the layer at index i; the packet's own IP after the last. */
static enum packet_layer_kind kind_at(const struct packet_spec *spec,
				      size_t i)
{
	if (i >= spec->outer_count)
		return packet_layer_of_family(spec->ip.family);
	return spec->outer[i].kind;
}

/*
 * GRE announces what follows by ethertype, and there is none for GRE; the
 * MPLS payload is told apart by its IP version nibble, so it must be IP.
 */
static int check_layer_order(const struct packet_spec *spec,
			     struct error *err)
{
	size_t i;

	if (spec->outer_count > PACKET_MAX_OUTER)
		return error_set(err, "%u encapsulation layers: at most %d",
				 spec->outer_count, PACKET_MAX_OUTER);
	for (i = 0; i < spec->outer_count; i++) {
		enum packet_layer_kind kind = spec->outer[i].kind;
		enum packet_layer_kind next = kind_at(spec, i + 1);

		if ((unsigned int)kind > PACKET_LAYER_MPLS)
			return error_set(err, "layer %zu: unknown kind %d", i,
					 (int)kind);
		if (kind == PACKET_LAYER_GRE && next == PACKET_LAYER_GRE)
			return error_set(err, "layer %zu: GRE cannot carry "
					 "GRE", i);
		if (kind == PACKET_LAYER_MPLS && next != PACKET_LAYER_IPV4 &&
		    next != PACKET_LAYER_IPV6)
			return error_set(err, "layer %zu: MPLS must carry IPv4 "
					 "or IPv6", i);
	}
	return 0;
}

static int tcp_len(struct builder *b, size_t *len)
{
	const struct packet_tcp_spec *tcp = &b->spec->tcp;

	if (tcp->options_len % 4 || tcp->options_len > TCP_OPTIONS_MAX_BYTES)
		return error_set(b->err, "TCP options of %zu bytes: the data "
				 "offset needs a multiple of 4, at most 40; pad "
				 "the option list with nop or eol",
				 tcp->options_len);
	*len = PACKET_TCP_MIN + tcp->options_len + b->spec->payload_len;
	return 0;
}

static int udp_len(struct builder *b, size_t *len)
{
	*len = PACKET_UDP_LEN + (size_t)b->spec->payload_len;
	return 0;
}

/* Build the quoted packet in full, then keep its headers and the first
 * transport bytes, as a host does when it sends an ICMP error.
 */
static int build_quote(struct builder *b)
{
	const struct packet_icmp_spec *icmp = &b->spec->icmp;
	size_t keep = icmp->quote_l4_len ? icmp->quote_l4_len
					 : PACKET_QUOTE_L4_BYTES;
	size_t len, l4_off;

	if (b->depth >= MAX_QUOTE_DEPTH)
		return error_set(b->err, "an ICMP quote may not quote again");
	b->quote = malloc(PACKET_MAX_BYTES);
	if (!b->quote)
		return error_set(b->err, "out of memory");
	if (build_packet(icmp->quote, b->quote, PACKET_MAX_BYTES, b->depth + 1,
			 &len, &l4_off, b->err) < 0)
		return error_prefix(b->err, "ICMP quote");
	b->quote_len = l4_off + keep < len ? l4_off + keep : len;
	return 0;
}

static int icmp_len(struct builder *b, size_t *len)
{
	int want = b->spec->proto == IPPROTO_ICMP ? AF_INET : AF_INET6;

	if (b->spec->ip.family != want)
		return error_set(b->err, "%s needs an %s header",
				 want == AF_INET ? "ICMP" : "ICMPv6",
				 want == AF_INET ? "IPv4" : "IPv6");
	if (b->spec->icmp.quote && build_quote(b) < 0)
		return -1;
	*len = PACKET_ICMP_LEN + b->quote_len + b->spec->payload_len;
	return 0;
}

/* ---- write ------------------------------------------------------------ */

static void write_ipv4(const struct packet_ip_spec *ip, uint8_t *p,
		       size_t hlen, size_t total, uint8_t proto)
{
	p[0] = (uint8_t)(0x40 | hlen / 4);
	p[1] = ip->tos;
	put_be16(p + 2, (uint16_t)total);
	put_be16(p + 4, ip->id);
	put_be16(p + 6, ip->df ? 0x4000 : 0);
	p[8] = ip->ttl ? ip->ttl : 255;
	p[9] = proto;
	put_be16(p + 10, 0);
	memcpy(p + 12, &ip->src.v4, 4);
	memcpy(p + 16, &ip->dst.v4, 4);
	if (ip->options_len)
		memcpy(p + PACKET_IPV4_MIN, ip->options, ip->options_len);
}

static void write_ipv6(const struct packet_ip_spec *ip, uint8_t *p,
		       size_t total, uint8_t proto)
{
	put_be32(p, 6u << 28 | (uint32_t)ip->tos << 20 |
		    (ip->flowlabel & 0xfffff));
	put_be16(p + 4, (uint16_t)(total - PACKET_IPV6_LEN));
	p[6] = proto;
	p[7] = ip->ttl ? ip->ttl : 255;
	memcpy(p + 8, &ip->src.v6, 16);
	memcpy(p + 24, &ip->dst.v6, 16);
}

static int write_ip(struct builder *b, const struct packet_ip_spec *ip,
		    size_t off, size_t hlen, uint8_t proto)
{
	size_t total = b->total - off;

	if (total > PACKET_MAX_BYTES + (ip->family == AF_INET6 ?
					PACKET_IPV6_LEN : 0))
		return error_set(b->err, "an IP datagram of %zu bytes does not "
				 "fit its 16-bit length field", total);
	if (ip->family == AF_INET)
		write_ipv4(ip, b->buf + off, hlen, total, proto);
	else
		write_ipv6(ip, b->buf + off, total, proto);
	return 0;
}

static void write_gre(const struct packet_gre_spec *gre, uint8_t *p,
		      uint16_t ethertype)
{
	size_t at = 4;

	put_be16(p, gre->flags);
	put_be16(p + 2, ethertype);
	if (gre->flags & PACKET_GRE_C) {
		put_be16(p + at, gre->sum_as_given ? gre->sum : 0);
		put_be16(p + at + 2, gre->off);
		at += 4;
	}
	if (gre->flags & PACKET_GRE_K) {
		put_be32(p + at, gre->key);
		at += 4;
	}
	if (gre->flags & PACKET_GRE_S)
		put_be32(p + at, gre->seq);
}

static void write_mpls(const struct packet_mpls_spec *mpls, uint8_t *p)
{
	size_t i;

	for (i = 0; i < mpls->count; i++) {
		const struct packet_mpls_entry *e = &mpls->entry[i];

		put_be32(p + 4 * i, (e->label & 0xfffff) << 12 |
				    (uint32_t)(e->tc & 7) << 9 |
				    (uint32_t)e->bottom << 8 | e->ttl);
	}
}

static int write_ip_layer(struct builder *b, size_t i)
{
	const struct packet_ip_spec *ip = &b->spec->outer[i].ip;
	enum packet_layer_kind next = kind_at(b->spec, i + 1);

	return write_ip(b, ip, b->off[i], b->off[i + 1] - b->off[i],
			packet_layers[next].ip_proto);
}

static int write_gre_layer(struct builder *b, size_t i)
{
	enum packet_layer_kind next = kind_at(b->spec, i + 1);

	write_gre(&b->spec->outer[i].gre, b->buf + b->off[i],
		  packet_layers[next].ethertype);
	return 0;
}

static int write_mpls_layer(struct builder *b, size_t i)
{
	write_mpls(&b->spec->outer[i].mpls, b->buf + b->off[i]);
	return 0;
}

/* One row per encapsulation kind: its header length and its writer. */
static const struct {
	int (*len)(const struct packet_layer_spec *layer, size_t *len,
		   struct error *err);
	int (*write)(struct builder *b, size_t i);
} layer_rows[] = {
	[PACKET_LAYER_IPV4] = { ip_layer_len, write_ip_layer },
	[PACKET_LAYER_IPV6] = { ip_layer_len, write_ip_layer },
	[PACKET_LAYER_GRE] = { gre_len, write_gre_layer },
	[PACKET_LAYER_MPLS] = { mpls_len, write_mpls_layer },
};

/* The payload after the transport header: the caller's bytes or zeros. */
static void write_payload(struct builder *b, uint8_t *p)
{
	if (b->spec->payload)
		memcpy(p, b->spec->payload, b->spec->payload_len);
	else
		memset(p, 0, b->spec->payload_len);
}

static void write_tcp(struct builder *b, uint8_t *p)
{
	const struct packet_tcp_spec *tcp = &b->spec->tcp;
	size_t hlen = PACKET_TCP_MIN + tcp->options_len;

	put_be16(p, tcp->sport);
	put_be16(p + 2, tcp->dport);
	put_be32(p + 4, tcp->seq);
	put_be32(p + 8, tcp->ack);
	p[12] = (uint8_t)(hlen / 4 << 4 | (tcp->flags & PACKET_TCP_AE ? 1 : 0));
	p[13] = tcp->flags & 0xff;
	put_be16(p + 14, tcp->window);
	put_be16(p + 16, 0);
	put_be16(p + 18, tcp->urg_ptr);
	if (tcp->options_len)
		memcpy(p + PACKET_TCP_MIN, tcp->options, tcp->options_len);
	write_payload(b, p + hlen);
}

static void write_udp(struct builder *b, uint8_t *p)
{
	put_be16(p, b->spec->udp.sport);
	put_be16(p + 2, b->spec->udp.dport);
	put_be16(p + 4, (uint16_t)b->l4_len);
	put_be16(p + 6, 0);
	write_payload(b, p + PACKET_UDP_LEN);
}

/* Echo id/seq first, then an MTU where the type carries one. */
static uint32_t icmp_rest(const struct packet_icmp_spec *icmp, int family)
{
	uint32_t rest = (uint32_t)icmp->id << 16 | icmp->seq;

	if (!icmp->has_mtu)
		return rest;
	if (family == AF_INET)
		return (rest & 0xffff0000) | (icmp->mtu & 0xffff);
	return icmp->mtu;
}

static void write_icmp(struct builder *b, uint8_t *p)
{
	const struct packet_icmp_spec *icmp = &b->spec->icmp;

	p[0] = icmp->type;
	p[1] = icmp->code;
	put_be16(p + 2, 0);
	put_be32(p + 4, icmp_rest(icmp, b->spec->ip.family));
	if (b->quote_len)
		memcpy(p + PACKET_ICMP_LEN, b->quote, b->quote_len);
	write_payload(b, p + PACKET_ICMP_LEN + b->quote_len);
}

/* One row per transport: how long it is and how to write it. */
static const struct {
	uint8_t proto;
	const char *name;
	int (*len)(struct builder *b, size_t *len);
	void (*write)(struct builder *b, uint8_t *p);
	size_t check_at;		/* offset of its checksum field */
} transports[] = {
	{ IPPROTO_TCP, "TCP", tcp_len, write_tcp, 16 },
	{ IPPROTO_UDP, "UDP", udp_len, write_udp, 6 },
	{ IPPROTO_ICMP, "ICMP", icmp_len, write_icmp, 2 },
	{ IPPROTO_ICMPV6, "ICMPv6", icmp_len, write_icmp, 2 },
};

#define N_TRANSPORTS (sizeof(transports) / sizeof(transports[0]))

static int transport_index(const struct packet_spec *spec, struct error *err)
{
	size_t i;

	for (i = 0; i < N_TRANSPORTS; i++)
		if (transports[i].proto == spec->proto)
			return (int)i;
	return error_set(err, "cannot build IP protocol %u: TCP, UDP, ICMP or "
			 "ICMPv6 only", spec->proto);
}

/* ---- checksums, inside out -------------------------------------------- */

static void fill_l4_checksum(struct builder *b, int t)
{
	const struct packet_ip_spec *ip = &b->spec->ip;
	uint8_t *p = b->buf + b->l4_off;
	uint16_t sum = packet_l4_checksum(ip->family, &ip->src, &ip->dst,
					  b->spec->proto, p, b->l4_len);

	/* RFC 768: a computed 0 is sent as all ones; 0 means "none". */
	if (b->spec->proto == IPPROTO_UDP && sum == 0)
		sum = 0xffff;
	put_be16(p + transports[t].check_at, sum);
}

static void fill_ipv4_checksum(uint8_t *p)
{
	size_t hlen = (size_t)(p[0] & 0xf) * 4;

	put_be16(p + 10, checksum_compute(p, hlen));
}

static void fill_outer_checksums(struct builder *b)
{
	size_t i = b->spec->outer_count;

	while (i-- > 0) {
		const struct packet_layer_spec *layer = &b->spec->outer[i];
		uint8_t *p = b->buf + b->off[i];

		if (layer->kind == PACKET_LAYER_IPV4)
			fill_ipv4_checksum(p);
		if (layer->kind == PACKET_LAYER_GRE &&
		    (layer->gre.flags & PACKET_GRE_C) && !layer->gre.sum_as_given)
			put_be16(p + 4, checksum_compute(p,
							 b->total - b->off[i]));
	}
}

/* ---- the passes ------------------------------------------------------- */

static int lay_out(struct builder *b, int t)
{
	const struct packet_spec *spec = b->spec;
	size_t i, hlen, off = 0;

	if (check_layer_order(spec, b->err) < 0)
		return -1;
	for (i = 0; i < spec->outer_count; i++) {
		b->off[i] = off;
		if (layer_rows[spec->outer[i].kind].len(&spec->outer[i], &hlen,
							b->err) < 0)
			return error_prefix(b->err, "layer %zu", i);
		off += hlen;
	}
	b->off[spec->outer_count] = off;
	if (ip_header_len(&spec->ip, &hlen, b->err) < 0)
		return -1;
	b->l4_off = off + hlen;
	if (transports[t].len(b, &b->l4_len) < 0)
		return -1;
	b->total = b->l4_off + b->l4_len;
	if (b->total > b->size)
		return error_set(b->err, "a packet of %zu bytes does not fit "
				 "the %zu-byte buffer", b->total, b->size);
	return 0;
}

static int write_all(struct builder *b, int t)
{
	const struct packet_spec *spec = b->spec;
	size_t i, ip_off = b->off[spec->outer_count];

	for (i = 0; i < spec->outer_count; i++)
		if (layer_rows[spec->outer[i].kind].write(b, i) < 0)
			return -1;
	if (write_ip(b, &spec->ip, ip_off, b->l4_off - ip_off,
		     spec->proto) < 0)
		return -1;
	transports[t].write(b, b->buf + b->l4_off);
	fill_l4_checksum(b, t);
	if (spec->ip.family == AF_INET)
		fill_ipv4_checksum(b->buf + ip_off);
	fill_outer_checksums(b);
	return 0;
}

static int build_packet(const struct packet_spec *spec, uint8_t *buf,
			size_t size, int depth, size_t *len, size_t *l4_off,
			struct error *err)
{
	struct builder b = {
		.spec = spec, .buf = buf, .size = size, .depth = depth,
		.err = err,
	};
	int t = transport_index(spec, err), rc = -1;

	*len = 0;
	if (t >= 0 && lay_out(&b, t) == 0 && write_all(&b, t) == 0) {
		*len = b.total;
		*l4_off = b.l4_off;
		rc = 0;
	}
	free(b.quote);
	return rc;
}

int packet_build(const struct packet_spec *spec, uint8_t *buf, size_t size,
		 size_t *len, struct error *err)
{
	size_t l4_off;

	return build_packet(spec, buf, size, 0, len, &l4_off, err);
}
