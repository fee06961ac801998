// SPDX-License-Identifier: GPL-2.0
/*
 * packet_print.c - a packet in script syntax and as a tcpdump-like line;
 * see packet.h.
 *
 * Only decoded fields are read, never pkt->bytes: callers print copies whose
 * numbers they have mapped into script space. Each transport and each
 * encapsulation kind has a row with its script printer and its raw printer.
 */
#include "packet.h"

#include <arpa/inet.h>
#include <stdlib.h>

#include "packet_internal.h"

static const char *addr_string(int family, const union packet_addr *addr,
			       char buf[INET6_ADDRSTRLEN])
{
	if (!inet_ntop(family, family == AF_INET6 ? (const void *)&addr->v6
						  : (const void *)&addr->v4,
		       buf, INET6_ADDRSTRLEN))
		return "?";
	return buf;
}

static void print_addrs(FILE *out, const struct packet_ip *ip)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];

	fprintf(out, "%s %s > %s: ", ip->family == AF_INET6 ? "ipv6" : "ipv4",
		addr_string(ip->family, &ip->src, src),
		addr_string(ip->family, &ip->dst, dst));
}

/* ---- encapsulation layers in script syntax ----------------------------- */

static void script_ip_layer(FILE *out, const struct packet_layer *layer)
{
	print_addrs(out, &layer->ip);
}

/*
 * The grammar takes all five GRE fields at once ("gre flags 0x2000, sum 0,
 * off 0, key 0x1, seq 0:"), so all five are printed whenever any flag is.
 */
static void script_gre_layer(FILE *out, const struct packet_layer *layer)
{
	const struct packet_gre *gre = &layer->gre;

	if (!gre->flags) {
		fputs("gre: ", out);
		return;
	}
	fprintf(out, "gre flags 0x%x, sum %u, off %u, key 0x%x, seq %u: ",
		gre->flags, gre->sum, gre->off, gre->key, gre->seq);
}

static void script_mpls_layer(FILE *out, const struct packet_layer *layer)
{
	size_t i;

	fputs("mpls", out);
	for (i = 0; i < layer->mpls.count && i < PACKET_MPLS_MAX; i++) {
		const struct packet_mpls_entry *e = &layer->mpls.entry[i];

		fprintf(out, " (label %u, tc %u, %sttl %u)", e->label, e->tc,
			e->bottom ? "[S], " : "", e->ttl);
	}
	fputs(": ", out);
}

/* ---- encapsulation layers, raw ------------------------------------------ */

static void raw_ip(FILE *out, const struct packet_ip *ip)
{
	if (ip->family == AF_INET6)
		fprintf(out, "IP6 (class 0x%x, flowlabel 0x%05x, hlim %u, "
			"len %u) ", ip->tos, ip->flowlabel, ip->ttl,
			ip->total_len);
	else
		fprintf(out, "IP (tos 0x%x, ttl %u, id %u, offset 0x%04x, "
			"len %u) ", ip->tos, ip->ttl, ip->id, ip->frag,
			ip->total_len);
}

static void raw_ip_layer(FILE *out, const struct packet_layer *layer)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	const struct packet_ip *ip = &layer->ip;

	raw_ip(out, ip);
	fprintf(out, "%s > %s: ", addr_string(ip->family, &ip->src, src),
		addr_string(ip->family, &ip->dst, dst));
}

static void raw_gre_layer(FILE *out, const struct packet_layer *layer)
{
	const struct packet_gre *gre = &layer->gre;

	fprintf(out, "GRE (flags 0x%04x, proto 0x%04x", gre->flags,
		gre->proto);
	if (gre->flags & PACKET_GRE_C)
		fprintf(out, ", sum 0x%04x, off %u", gre->sum, gre->off);
	if (gre->flags & PACKET_GRE_K)
		fprintf(out, ", key 0x%x", gre->key);
	if (gre->flags & PACKET_GRE_S)
		fprintf(out, ", seq %u", gre->seq);
	fputs("): ", out);
}

static void raw_mpls_layer(FILE *out, const struct packet_layer *layer)
{
	fputs("MPLS ", out);
	script_mpls_layer(out, layer);
}

static const struct {
	void (*script)(FILE *out, const struct packet_layer *layer);
	void (*raw)(FILE *out, const struct packet_layer *layer);
} layer_printers[] = {
	[PACKET_LAYER_IPV4] = { script_ip_layer, raw_ip_layer },
	[PACKET_LAYER_IPV6] = { script_ip_layer, raw_ip_layer },
	[PACKET_LAYER_GRE] = { script_gre_layer, raw_gre_layer },
	[PACKET_LAYER_MPLS] = { script_mpls_layer, raw_mpls_layer },
};

static void print_layers(FILE *out, const struct packet *pkt, bool raw)
{
	size_t i;

	for (i = 0; i < pkt->outer_count && i < PACKET_MAX_OUTER; i++) {
		unsigned int kind = pkt->outer[i].kind;

		if (kind > PACKET_LAYER_MPLS)
			continue;
		if (raw)
			layer_printers[kind].raw(out, &pkt->outer[i]);
		else
			layer_printers[kind].script(out, &pkt->outer[i]);
	}
}

/* ---- transports in script syntax --------------------------------------- */

/* [ect0] (tos 0x..) (flowlabel 0x..) (ttl N), as the flags ask. */
static void script_ip_info(FILE *out, const struct packet_ip *ip,
			   unsigned int flags)
{
	if (flags & PACKET_PRINT_TOS)
		fprintf(out, "(tos 0x%02x) ", ip->tos);
	else if (flags & PACKET_PRINT_ECN)
		fprintf(out, "[%s] ", packet_ecn_name(ip->tos));
	if ((flags & PACKET_PRINT_FLOWLABEL) && ip->family == AF_INET6)
		fprintf(out, "(flowlabel 0x%x) ", ip->flowlabel);
	if (flags & PACKET_PRINT_TTL)
		fprintf(out, "(ttl %u) ", ip->ttl);
}

static void script_tcp(FILE *out, const struct packet *pkt,
		       unsigned int flags)
{
	const struct packet_tcp *tcp = &pkt->tcp;
	char letters[PACKET_TCP_FLAGS_LEN];

	script_ip_info(out, &pkt->ip, flags);
	if (flags & PACKET_PRINT_PORTS)
		fprintf(out, "%u>%u ", tcp->sport, tcp->dport);
	fprintf(out, "%s %u:%u(%u)",
		packet_tcp_flags_string(tcp->flags, flags & PACKET_PRINT_ACE,
					letters),
		tcp->seq, tcp->seq + pkt->payload_len, pkt->payload_len);
	if (tcp->flags & PACKET_TCP_ACK)
		fprintf(out, " ack %u", tcp->ack);
	fprintf(out, " win %u", tcp->window);
	if (tcp->flags & PACKET_TCP_URG)
		fprintf(out, " urg %u", tcp->urg_ptr);
	if (tcp->options.count) {
		fputs(" <", out);
		tcp_options_print(out, &tcp->options);
		fputc('>', out);
	}
}

static void script_udp(FILE *out, const struct packet *pkt,
		       unsigned int flags)
{
	script_ip_info(out, &pkt->ip, flags);
	fputs("udp ", out);
	if (flags & PACKET_PRINT_PORTS)
		fprintf(out, "%u>%u ", pkt->udp.sport, pkt->udp.dport);
	fprintf(out, "(%u)", pkt->payload_len);
}

/* [start:end(len)] or [udp (len)]: what the script's echoed part says. */
static void script_quote(FILE *out, const struct packet_quote *q)
{
	if (q->ip.protocol == IPPROTO_TCP && q->l4_len >= 8)
		fprintf(out, " [%u:%u(%u)]", q->tcp.seq,
			q->tcp.seq + q->payload_len, q->payload_len);
	else if (q->ip.protocol == IPPROTO_UDP)
		fprintf(out, " [udp (%u)]", q->payload_len);
}

static void icmp_names(FILE *out, const struct packet *pkt)
{
	int family = packet_icmp_family(pkt->proto);
	const struct packet_icmp *icmp = &pkt->icmp;
	char tbuf[16], cbuf[16];
	const char *code;

	fputs(packet_icmp_type_name(family, icmp->type, tbuf), out);
	code = packet_icmp_code_name(family, icmp->type, icmp->code, cbuf);
	if (code)
		fprintf(out, " %s", code);
}

static void script_icmp(FILE *out, const struct packet *pkt,
			unsigned int flags)
{
	const struct packet_icmp *icmp = &pkt->icmp;

	script_ip_info(out, &pkt->ip, flags);
	fputs("icmp ", out);
	icmp_names(out, pkt);
	if (icmp->has_mtu)
		fprintf(out, " mtu %u", icmp->mtu);
	if (packet_icmp_is_echo(packet_icmp_family(pkt->proto), icmp->type) &&
	    icmp->id)
		fprintf(out, " id %u", icmp->id);
	if (icmp->has_quote)
		script_quote(out, &icmp->quote);
}

static void script_other(FILE *out, const struct packet *pkt,
			 unsigned int flags)
{
	script_ip_info(out, &pkt->ip, flags);
	fprintf(out, "proto %u (%u)", pkt->proto, pkt->payload_len);
}

/* ---- transports, raw ---------------------------------------------------- */

static void raw_endpoints(FILE *out, const struct packet_ip *ip,
			  uint16_t sport, uint16_t dport, bool ports)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];

	fputs(addr_string(ip->family, &ip->src, src), out);
	if (ports)
		fprintf(out, ".%u", sport);
	fprintf(out, " > %s", addr_string(ip->family, &ip->dst, dst));
	if (ports)
		fprintf(out, ".%u", dport);
	fputs(": ", out);
}

static void raw_tcp(FILE *out, const struct packet *pkt)
{
	const struct packet_tcp *tcp = &pkt->tcp;
	char letters[PACKET_TCP_FLAGS_LEN];

	raw_endpoints(out, &pkt->ip, tcp->sport, tcp->dport, true);
	fprintf(out, "Flags [%s], cksum 0x%04x, seq %u",
		packet_tcp_flags_string(tcp->flags, false, letters),
		tcp->checksum, tcp->seq);
	if (tcp->flags & PACKET_TCP_ACK)
		fprintf(out, ", ack %u", tcp->ack);
	fprintf(out, ", win %u", tcp->window);
	if (tcp->flags & PACKET_TCP_URG || tcp->urg_ptr)
		fprintf(out, ", urg %u", tcp->urg_ptr);
	if (tcp->options.count) {
		fputs(", options [", out);
		tcp_options_print(out, &tcp->options);
		fputc(']', out);
	}
	fprintf(out, ", length %u", pkt->payload_len);
}

static void raw_udp(FILE *out, const struct packet *pkt)
{
	raw_endpoints(out, &pkt->ip, pkt->udp.sport, pkt->udp.dport, true);
	fprintf(out, "UDP, cksum 0x%04x, length %u", pkt->udp.checksum,
		pkt->payload_len);
}

static void raw_quote(FILE *out, const struct packet_quote *q)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	bool tcp = q->ip.protocol == IPPROTO_TCP;
	bool ports = (tcp || q->ip.protocol == IPPROTO_UDP) && q->l4_len >= 4;

	fprintf(out, ", quoting %s proto %u %s", q->ip.family == AF_INET6 ?
		"IP6" : "IP", q->ip.protocol,
		addr_string(q->ip.family, &q->ip.src, src));
	if (ports)
		fprintf(out, ".%u", tcp ? q->tcp.sport : q->udp.sport);
	fprintf(out, " > %s", addr_string(q->ip.family, &q->ip.dst, dst));
	if (ports)
		fprintf(out, ".%u", tcp ? q->tcp.dport : q->udp.dport);
	if (tcp && q->l4_len >= 8)
		fprintf(out, " seq %u", q->tcp.seq);
}

static void raw_icmp(FILE *out, const struct packet *pkt)
{
	const struct packet_icmp *icmp = &pkt->icmp;

	raw_endpoints(out, &pkt->ip, 0, 0, false);
	fprintf(out, "%s ", pkt->proto == IPPROTO_ICMP ? "ICMP" : "ICMP6");
	icmp_names(out, pkt);
	if (icmp->has_mtu)
		fprintf(out, ", mtu %u", icmp->mtu);
	if (packet_icmp_is_echo(packet_icmp_family(pkt->proto), icmp->type))
		fprintf(out, ", id %u, seq %u", icmp->id, icmp->seq);
	fprintf(out, ", cksum 0x%04x, length %u", icmp->checksum,
		pkt->payload_len);
	if (icmp->has_quote)
		raw_quote(out, &icmp->quote);
}

static void raw_other(FILE *out, const struct packet *pkt)
{
	raw_endpoints(out, &pkt->ip, 0, 0, false);
	fprintf(out, "proto %u, length %u", pkt->proto, pkt->payload_len);
}

/* ---- the entry points ---------------------------------------------------- */

static const struct {
	uint8_t proto;
	void (*script)(FILE *out, const struct packet *pkt,
		       unsigned int flags);
	void (*raw)(FILE *out, const struct packet *pkt);
} transport_printers[] = {
	{ IPPROTO_TCP, script_tcp, raw_tcp },
	{ IPPROTO_UDP, script_udp, raw_udp },
	{ IPPROTO_ICMP, script_icmp, raw_icmp },
	{ IPPROTO_ICMPV6, script_icmp, raw_icmp },
};

#define N_TRANSPORT_PRINTERS \
	(sizeof(transport_printers) / sizeof(transport_printers[0]))

static int printer_index(uint8_t proto)
{
	size_t i;

	for (i = 0; i < N_TRANSPORT_PRINTERS; i++)
		if (transport_printers[i].proto == proto)
			return (int)i;
	return -1;
}

void packet_print(FILE *out, const struct packet *pkt, unsigned int flags)
{
	int t = printer_index(pkt->proto);

	print_layers(out, pkt, false);
	if (flags & PACKET_PRINT_ADDRS)
		print_addrs(out, &pkt->ip);
	if (t < 0)
		script_other(out, pkt, flags);
	else
		transport_printers[t].script(out, pkt, flags);
}

void packet_print_raw(FILE *out, const struct packet *pkt)
{
	int t = printer_index(pkt->proto);

	print_layers(out, pkt, true);
	raw_ip(out, &pkt->ip);
	if (t < 0)
		raw_other(out, pkt);
	else
		transport_printers[t].raw(out, pkt);
	if (pkt->truncated)
		fprintf(out, " [truncated: %u of %u payload bytes]",
			pkt->payload_captured, pkt->payload_len);
}

/* Run a printer into a malloc'ed string. */
static char *to_string(const struct packet *pkt, unsigned int flags,
		       bool raw)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	if (raw)
		packet_print_raw(out, pkt);
	else
		packet_print(out, pkt, flags);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

char *packet_to_string(const struct packet *pkt, unsigned int flags)
{
	return to_string(pkt, flags, false);
}

char *packet_to_string_raw(const struct packet *pkt)
{
	return to_string(pkt, 0, true);
}
