// SPDX-License-Identifier: GPL-2.0
/*
 * test_packet_build.c - build -> parse round trips for every protocol and
 * family, the checksums the builder fills (checked against sums the test
 * assembles itself), ICMP quotes, GRE and MPLS encapsulation, and the
 * specs the builder refuses.
 */
#include "checksum.h"
#include "packet_internal.h"
#include "packet_fixtures.h"

static uint8_t buf[PACKET_MAX_BYTES];

/* The options Linux sends in a SYN, as wire bytes. */
static size_t syn_options(uint8_t *opt)
{
	struct tcp_options opts = { 0 };
	struct tcp_option *o;
	struct error err = { 0 };
	size_t len;

	tcp_options_add(&opts, TCP_OPTION_MSS)->mss = 1460;
	tcp_options_add(&opts, TCP_OPTION_SACK_PERMITTED);
	o = tcp_options_add(&opts, TCP_OPTION_TIMESTAMP);
	o->ts.val = 100;
	o->ts.ecr = 0;
	tcp_options_add(&opts, TCP_OPTION_NOP);
	tcp_options_add(&opts, TCP_OPTION_WSCALE)->wscale = 7;
	tcp_options_build(&opts, opt, TCP_OPTIONS_MAX_BYTES, &len, &err);
	return len;
}

/* The TCP checksum summed here from the wire bytes, independently. */
static uint16_t tcp_sum_by_hand_v4(const uint8_t *ip, size_t tcp_len)
{
	uint8_t pseudo[12];
	uint8_t seg[PACKET_MAX_BYTES];

	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	pseudo[10] = (uint8_t)(tcp_len >> 8);
	pseudo[11] = tcp_len & 0xff;
	memcpy(seg, ip + 20, tcp_len);
	seg[16] = seg[17] = 0;
	return checksum_fold(checksum_add(checksum_add(0, pseudo, 12), seg,
					  tcp_len));
}

static void test_tcp_ipv4_syn(void)
{
	struct packet_spec spec;
	struct packet pkt;
	uint8_t opt[TCP_OPTIONS_MAX_BYTES];
	size_t len;
	char *text;

	spec_tcp(&spec, AF_INET);
	spec.ip.tos = 0x02;
	spec.ip.id = 0x1234;
	spec.ip.df = true;
	spec.tcp.seq = 0xfffffff0;
	spec.tcp.flags = PACKET_TCP_SYN;
	spec.tcp.window = 32792;
	spec.tcp.options = opt;
	spec.tcp.options_len = syn_options(opt);
	if (!tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0,
		    "IPv4 SYN builds and parses"))
		return;
	tap_is_int(len, 20 + 20 + 20, "IPv4 SYN is 60 bytes");
	tap_is_int(buf[0], 0x45, "version 4, IHL 5");
	tap_is_int(pkt.ip.total_len, 60, "total length 60");
	tap_is_int(pkt.ip.tos, 0x02, "TOS kept (ECT0)");
	tap_is_int(pkt.ip.id, 0x1234, "IP ID kept");
	tap_is_int(pkt.ip.frag, 0x4000, "DF set");
	tap_is_int(pkt.ip.ttl, 64, "TTL kept");
	tap_ok(addr4_is(&pkt.ip.src.v4, REMOTE4) && addr4_is(&pkt.ip.dst.v4, LOCAL4),
	       "addresses kept");
	tap_is_int(pkt.proto, IPPROTO_TCP, "protocol TCP");
	tap_is_int(pkt.tcp.sport, 40000, "source port");
	tap_is_int(pkt.tcp.dport, 8080, "destination port");
	tap_is_int(pkt.tcp.seq, 0xfffffff0, "seq kept, 32 bits");
	tap_is_int(pkt.tcp.flags, PACKET_TCP_SYN, "flags SYN");
	tap_is_int(pkt.tcp.window, 32792, "window");
	tap_is_int(pkt.tcp.header_len, 40, "data offset covers options");
	text = tcp_options_to_string(&pkt.tcp.options);
	tap_is_str(text, "mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7",
		   "options round trip");
	free(text);
	tap_is_int(pkt.payload_len, 0, "no payload");
	tap_ok(checksum_verify(buf, 20, 0), "IPv4 header checksum verifies");
	tap_is_int(pkt.tcp.checksum, tcp_sum_by_hand_v4(buf, 40),
		   "TCP checksum equals one summed by hand");
	tap_ok(checksums_ok(&pkt), "packet_verify_checksums agrees");
}

static void test_tcp_ipv6_data(void)
{
	struct packet_spec spec;
	struct packet pkt;
	uint8_t payload[1000];
	size_t len, i;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7);
	spec_tcp(&spec, AF_INET6);
	spec.ip.tos = 0xb9;
	spec.ip.flowlabel = 0xabcde;
	spec.ip.ttl = 0;
	spec.tcp.seq = 1;
	spec.tcp.ack = 2;
	spec.tcp.flags = PACKET_TCP_PSH | PACKET_TCP_ACK;
	spec.tcp.window = 502;
	spec.payload = payload;
	spec.payload_len = sizeof(payload);
	if (!tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0,
		    "IPv6 data segment builds and parses"))
		return;
	tap_is_int(len, 40 + 20 + 1000, "length 1060");
	tap_is_int(buf[0] >> 4, 6, "version 6");
	tap_is_int(pkt.ip.total_len, 1060, "payload length field + 40");
	tap_is_int(pkt.ip.tos, 0xb9, "traffic class kept");
	tap_is_int(pkt.ip.flowlabel, 0xabcde, "flow label kept");
	tap_is_int(pkt.ip.ttl, 255, "hop limit 0 means 255, as packetdrill");
	tap_ok(addr6_is(&pkt.ip.src.v6, REMOTE6) &&
	       addr6_is(&pkt.ip.dst.v6, LOCAL6), "IPv6 addresses kept");
	tap_is_int(pkt.tcp.flags, PACKET_TCP_PSH | PACKET_TCP_ACK, "flags P.");
	tap_is_int(pkt.tcp.ack, 2, "ack kept");
	tap_is_int(pkt.payload_len, 1000, "payload length 1000");
	tap_is_int(pkt.payload_offset, 60, "payload after the headers");
	tap_ok(memcmp(buf + 60, payload, 1000) == 0, "payload bytes copied");
	tap_ok(checksums_ok(&pkt), "TCP over IPv6 checksum verifies");

	spec.payload = NULL;
	build_parse(&spec, buf, sizeof(buf), &len, &pkt);
	for (i = 0; i < 1000 && buf[60 + i] == 0; i++)
		;
	tap_is_int(i, 1000, "without payload bytes the payload is zeros");
}

static void test_tcp_flags_bits(void)
{
	struct packet_spec spec;
	struct packet pkt;
	size_t len;
	int ok = 1;
	uint16_t bit;

	spec_tcp(&spec, AF_INET);
	for (bit = 1; bit <= PACKET_TCP_AE; bit <<= 1) {
		spec.tcp.flags = bit;
		if (build_parse(&spec, buf, sizeof(buf), &len, &pkt) < 0 ||
		    pkt.tcp.flags != bit)
			ok = 0;
	}
	tap_ok(ok, "each of the 9 flag bits round trips alone");
	spec.tcp.flags = 0x1ff;
	spec.tcp.urg_ptr = 77;
	build_parse(&spec, buf, sizeof(buf), &len, &pkt);
	tap_is_int(pkt.tcp.flags, 0x1ff, "all 9 flag bits together");
	tap_is_int(buf[20 + 12] & 1, 1, "AE sits in the data offset byte");
	tap_is_int(pkt.tcp.urg_ptr, 77, "urgent pointer");
}

static void test_udp(int family)
{
	struct packet_spec spec;
	struct packet pkt;
	uint8_t payload[2] = { 0, 0 };
	size_t len, hlen = family == AF_INET ? 20 : 40;
	uint16_t first;

	spec_tcp(&spec, family);
	spec.proto = IPPROTO_UDP;
	spec.udp.sport = 53;
	spec.udp.dport = 1234;
	spec.payload_len = 10;
	if (!tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0,
		    family == AF_INET ? "UDP/IPv4 round trip"
				      : "UDP/IPv6 round trip"))
		return;
	tap_is_int(len, hlen + 8 + 10, "UDP packet length");
	tap_is_int(pkt.udp.length, 18, "UDP length field");
	tap_is_int(pkt.udp.sport * 100000 + pkt.udp.dport, 5301234, "ports");
	tap_is_int(pkt.payload_len, 10, "UDP payload length");
	tap_ok(checksums_ok(&pkt), "UDP checksum verifies");

	/*
	 * A payload word equal to the checksum it had as zero makes the
	 * computed checksum 0, which RFC 768 sends as 0xffff.
	 */
	spec.payload_len = 2;
	spec.payload = payload;
	build_parse(&spec, buf, sizeof(buf), &len, &pkt);
	first = pkt.udp.checksum;
	payload[0] = first >> 8;
	payload[1] = first & 0xff;
	build_parse(&spec, buf, sizeof(buf), &len, &pkt);
	tap_is_int(pkt.udp.checksum, 0xffff, "a computed 0 is sent as 0xffff");
	tap_ok(checksums_ok(&pkt), "and 0xffff verifies");
}

/* The kernel's data segment an ICMP error would quote. */
static void quoted_segment(struct packet_spec *q, int family)
{
	spec_tcp(q, family);
	spec_reverse(q);
	q->tcp.seq = 1;
	q->tcp.ack = 1;
	q->tcp.flags = PACKET_TCP_ACK;
	q->payload_len = 1460;
}

static void test_icmpv4_frag_needed(void)
{
	struct packet_spec spec, quote;
	struct packet pkt;
	const struct packet_quote *q = &pkt.icmp.quote;
	size_t len;

	quoted_segment(&quote, AF_INET);
	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_ICMP;
	spec.icmp.type = 3;
	spec.icmp.code = 4;
	spec.icmp.has_mtu = true;
	spec.icmp.mtu = 1200;
	spec.icmp.quote = &quote;
	if (!tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0,
		    "ICMP frag needed with a quoted TCP segment"))
		return;
	tap_is_int(len, 20 + 8 + 20 + 8, "IP + ICMP + quoted IP + 8 bytes");
	tap_is_int(pkt.icmp.type * 100 + pkt.icmp.code, 304, "type 3 code 4");
	tap_ok(pkt.icmp.has_mtu && pkt.icmp.mtu == 1200, "MTU 1200");
	tap_is_int(get_be16(buf + 26), 1200, "MTU in bytes 6-7 (RFC 1191)");
	tap_ok(pkt.icmp.has_quote, "the quote is found");
	tap_ok(addr4_is(&q->ip.src.v4, LOCAL4) &&
	       addr4_is(&q->ip.dst.v4, REMOTE4), "quoted addresses");
	tap_is_int(q->ip.total_len, 1500, "quoted IP length is the original");
	tap_is_int(q->l4_len, 8, "8 transport bytes quoted");
	tap_is_int(q->tcp.sport * 100000 + q->tcp.dport, 808040000,
		   "quoted ports");
	tap_is_int(q->tcp.seq, 1, "quoted seq");
	tap_is_int(q->tcp.header_len, 0, "the quoted data offset is not seen");
	tap_is_int(q->payload_len, 1460, "quoted payload from the IP length");
	tap_ok(checksum_verify(buf + 28, 20, 0),
	       "the quoted IP header keeps its checksum");
	tap_ok(checksums_ok(&pkt), "ICMP checksum verifies");
}

static void test_icmpv6_too_big(void)
{
	struct packet_spec spec, quote;
	struct packet pkt;
	const struct packet_quote *q = &pkt.icmp.quote;
	size_t len;
	char *opts;

	quoted_segment(&quote, AF_INET6);
	quote.tcp.options = (const uint8_t *)"\x01\x01\x08\x0a\0\0\0\x0c\0\0\0\x05";
	quote.tcp.options_len = 12;
	spec_tcp(&spec, AF_INET6);
	spec.proto = IPPROTO_ICMPV6;
	spec.icmp.type = 2;
	spec.icmp.has_mtu = true;
	spec.icmp.mtu = 1280;
	spec.icmp.quote = &quote;
	spec.icmp.quote_l4_len = 32;
	if (!tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0,
		    "ICMPv6 packet too big with a quoted TCP segment"))
		return;
	tap_is_int(len, 40 + 8 + 40 + 32, "whole quoted TCP header kept");
	tap_ok(pkt.icmp.has_mtu && pkt.icmp.mtu == 1280, "32-bit MTU 1280");
	tap_is_int(q->l4_len, 32, "32 transport bytes quoted");
	tap_is_int(q->tcp.header_len, 32, "quoted data offset seen");
	tap_is_int(q->tcp.flags, PACKET_TCP_ACK, "quoted flags");
	opts = tcp_options_to_string(&q->tcp.options);
	tap_is_str(opts, "nop,nop,TS val 12 ecr 5", "quoted options decoded");
	free(opts);
	tap_is_int(q->payload_len, 1460, "quoted payload length");
	tap_ok(checksums_ok(&pkt), "ICMPv6 checksum (with pseudo-header)");
}

static void test_icmp_echo(void)
{
	struct packet_spec spec;
	struct packet pkt;
	size_t len;

	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_ICMP;
	spec.icmp.type = 8;
	spec.icmp.id = 0x4242;
	spec.icmp.seq = 3;
	spec.payload_len = 56;
	if (!tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0,
		    "ICMP echo request"))
		return;
	tap_is_int(len, 20 + 8 + 56, "ping of 56 bytes");
	tap_ok(pkt.icmp.id == 0x4242 && pkt.icmp.seq == 3, "id and seq");
	tap_ok(!pkt.icmp.has_quote && !pkt.icmp.has_mtu, "no quote, no MTU");
	tap_ok(checksums_ok(&pkt), "ICMP echo checksum");

	spec.proto = IPPROTO_ICMPV6;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "ICMPv6 needs an IPv6"),
	       "ICMPv6 over IPv4 is refused");
}

static void test_gre_encapsulation(void)
{
	struct packet_spec spec;
	struct packet pkt;
	struct error err = { 0 };
	size_t len;

	spec_tcp(&spec, AF_INET);
	spec.tcp.flags = PACKET_TCP_SYN;
	spec.payload_len = 5;
	spec.outer_count = 2;
	spec.outer[0].kind = PACKET_LAYER_IPV4;
	spec_ip(&spec.outer[0].ip, AF_INET, "198.51.100.1", "198.51.100.2");
	spec.outer[1].kind = PACKET_LAYER_GRE;
	spec.outer[1].gre.flags = PACKET_GRE_C | PACKET_GRE_K | PACKET_GRE_S;
	spec.outer[1].gre.key = 0xdeadbeef;
	spec.outer[1].gre.seq = 9;
	if (!tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0,
		    "IPv4 in GRE in IPv4"))
		return;
	tap_is_int(len, 20 + 16 + 20 + 20 + 5, "outer IP + GRE 16 + inner");
	tap_is_int(pkt.outer_count, 2, "two outer layers");
	tap_is_int(pkt.outer[0].ip.protocol, IPPROTO_GRE, "outer protocol 47");
	tap_ok(addr4_is(&pkt.outer[0].ip.src.v4, "198.51.100.1"),
	       "outer source address");
	tap_is_int(pkt.outer[0].ip.total_len, len, "outer length is it all");
	tap_is_int(pkt.outer[1].gre.proto, 0x0800, "GRE carries IPv4");
	tap_is_int(pkt.outer[1].gre.key, 0xdeadbeef, "GRE key");
	tap_is_int(pkt.outer[1].gre.seq, 9, "GRE sequence");
	tap_is_int(pkt.outer[1].gre.header_len, 16, "GRE header length");
	tap_ok(addr4_is(&pkt.ip.src.v4, REMOTE4), "inner IP found");
	tap_is_int(pkt.tcp.flags, PACKET_TCP_SYN, "inner TCP found");
	tap_is_int(pkt.payload_len, 5, "inner payload");
	tap_ok(checksums_ok(&pkt), "GRE, IP and TCP checksums all verify");

	buf[len - 1] ^= 0x40;
	tap_is_int(packet_verify_checksums(&pkt, PACKET_CHECK_GRE, &err), -1,
		   "a flipped payload bit breaks the GRE checksum");
	tap_ok(contains(err.message, "bad GRE checksum"), "which is named");
	tap_is_int(packet_verify_checksums(&pkt, PACKET_CHECK_L4, &err), -1,
		   "and the TCP checksum");
	tap_ok(contains(err.message, "bad TCP checksum"), "which is named");
	error_clear(&err);
}

static void test_mpls_encapsulation(void)
{
	struct packet_spec spec;
	struct packet pkt;
	size_t len;

	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_UDP;
	spec.payload_len = 4;
	spec.outer_count = 2;
	spec.outer[0].kind = PACKET_LAYER_IPV6;
	spec_ip(&spec.outer[0].ip, AF_INET6, "2001:db8::a", "2001:db8::b");
	spec.outer[1].kind = PACKET_LAYER_MPLS;
	spec.outer[1].mpls.count = 2;
	spec.outer[1].mpls.entry[0] = (struct packet_mpls_entry){
		.label = 100, .tc = 1, .ttl = 64 };
	spec.outer[1].mpls.entry[1] = (struct packet_mpls_entry){
		.label = 0xfffff, .tc = 7, .bottom = true, .ttl = 63 };
	if (!tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0,
		    "IPv4 in MPLS in IPv6"))
		return;
	tap_is_int(pkt.outer[0].ip.protocol, IPPROTO_MPLS, "MPLS-in-IP 137");
	tap_is_int(pkt.outer[1].mpls.count, 2, "two MPLS entries");
	tap_ok(pkt.outer[1].mpls.entry[0].label == 100 &&
	       pkt.outer[1].mpls.entry[0].tc == 1 &&
	       !pkt.outer[1].mpls.entry[0].bottom &&
	       pkt.outer[1].mpls.entry[0].ttl == 64, "first entry fields");
	tap_ok(pkt.outer[1].mpls.entry[1].label == 0xfffff &&
	       pkt.outer[1].mpls.entry[1].tc == 7 &&
	       pkt.outer[1].mpls.entry[1].bottom &&
	       pkt.outer[1].mpls.entry[1].ttl == 63, "20-bit label, bottom");
	tap_is_int(pkt.proto, IPPROTO_UDP, "inner UDP");
	tap_ok(checksums_ok(&pkt), "checksums verify");

	/* GRE carrying MPLS carrying IPv6, inside IPv4. */
	spec_tcp(&spec, AF_INET6);
	spec.outer_count = 3;
	spec.outer[0].kind = PACKET_LAYER_IPV4;
	spec_ip(&spec.outer[0].ip, AF_INET, "198.51.100.1", "198.51.100.2");
	spec.outer[1].kind = PACKET_LAYER_GRE;
	spec.outer[2].kind = PACKET_LAYER_MPLS;
	spec.outer[2].mpls.count = 1;
	spec.outer[2].mpls.entry[0].bottom = true;
	tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0 &&
	       pkt.outer_count == 3 && pkt.outer[1].gre.proto == 0x8847 &&
	       pkt.ip.family == AF_INET6 && pkt.proto == IPPROTO_TCP,
	       "IPv6 in MPLS in GRE in IPv4");

	/* IP in IP (RFC 2003). */
	spec_tcp(&spec, AF_INET);
	spec.outer_count = 1;
	spec.outer[0].kind = PACKET_LAYER_IPV4;
	spec_ip(&spec.outer[0].ip, AF_INET, "198.51.100.1", "198.51.100.2");
	tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0 &&
	       pkt.outer[0].ip.protocol == IPPROTO_IPIP &&
	       pkt.ip.total_len == 40, "IPv4 in IPv4");
}

static void test_ipv4_options(void)
{
	static const uint8_t ipopt[] = { 1, 1, 1, 0 };
	struct packet_spec spec;
	struct packet pkt;
	size_t len;

	spec_tcp(&spec, AF_INET);
	spec.ip.options = ipopt;
	spec.ip.options_len = sizeof(ipopt);
	tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0 &&
	       buf[0] == 0x46 && pkt.ip.header_len == 24 &&
	       pkt.ip.options_len == 4 && pkt.l4_offset == 24 &&
	       checksums_ok(&pkt), "IPv4 options: IHL 6, TCP after them");
	spec.ip.options_len = 3;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "multiple of 4"),
	       "unpadded IPv4 options are refused");
}

static void test_refused_specs(void)
{
	struct packet_spec spec, quote;

	spec_tcp(&spec, AF_INET);
	spec.tcp.options = (const uint8_t *)"\x03\x03\x07";
	spec.tcp.options_len = 3;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "pad the option list"),
	       "TCP options not a multiple of 4 are refused, not padded");

	spec_tcp(&spec, AF_INET6);
	spec.ip.options = (const uint8_t *)"\x01\x01\x01\x00";
	spec.ip.options_len = 4;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "IPv6 takes no"),
	       "IPv4 options on an IPv6 header are refused");

	spec_tcp(&spec, AF_INET);
	spec.ip.family = AF_UNIX;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "family"),
	       "a bad family is refused");

	spec_tcp(&spec, AF_INET);
	tap_ok(contains(build_error(&spec, 39), "does not fit the 39-byte"),
	       "a buffer too small is refused");
	spec.payload_len = 70000;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "does not fit"),
	       "more than 65535 bytes are refused");
	spec.payload_len = 65535 - 40;
	tap_ok(build_error(&spec, sizeof(buf))[0] == '\0',
	       "exactly 65535 bytes build");

	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_SCTP;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "protocol 132"),
	       "an unknown transport is refused");

	spec_tcp(&spec, AF_INET);
	spec.outer_count = 2;
	spec.outer[0].kind = PACKET_LAYER_MPLS;
	spec.outer[0].mpls.count = 1;
	spec.outer[1].kind = PACKET_LAYER_GRE;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "MPLS must carry"),
	       "MPLS carrying GRE is refused");
	spec.outer[0].kind = PACKET_LAYER_GRE;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "GRE cannot carry"),
	       "GRE carrying GRE is refused");
	spec.outer_count = 1;
	spec.outer[0].gre.flags = PACKET_GRE_R;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "routing"),
	       "GRE routing is refused");
	spec.outer[0].kind = PACKET_LAYER_MPLS;
	spec.outer[0].mpls.count = 0;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "MPLS stack of 0"),
	       "an empty MPLS stack is refused");
	spec.outer[0].kind = PACKET_LAYER_IPV6;
	spec_ip(&spec.outer[0].ip, AF_INET, REMOTE4, LOCAL4);
	tap_ok(contains(build_error(&spec, sizeof(buf)), "disagree"),
	       "an IPv6 layer with an IPv4 family is refused");

	quoted_segment(&quote, AF_INET);
	quote.proto = IPPROTO_ICMP;
	quote.icmp.type = 3;
	quote.icmp.quote = &quote;
	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_ICMP;
	spec.icmp.type = 3;
	spec.icmp.quote = &quote;
	tap_ok(contains(build_error(&spec, sizeof(buf)), "may not quote again"),
	       "a quote quoting a quote is refused (no endless recursion)");
}

int main(void)
{
	test_tcp_ipv4_syn();
	test_tcp_ipv6_data();
	test_tcp_flags_bits();
	test_udp(AF_INET);
	test_udp(AF_INET6);
	test_icmpv4_frag_needed();
	test_icmpv6_too_big();
	test_icmp_echo();
	test_gre_encapsulation();
	test_mpls_encapsulation();
	test_ipv4_options();
	test_refused_specs();
	return tap_done();
}
