// SPDX-License-Identifier: GPL-2.0
/*
 * test_packet_parse.c - the parser on hostile input: every valid packet cut
 * at every length, malformed headers one by one, IPv6 extension headers,
 * random mutations, and checksum verification messages.
 *
 * Each cut or mutated packet is parsed from a heap copy of exactly its
 * length, so ASan (--enable-sanitizers) or valgrind sees any read past it.
 */
#include "checksum.h"
#include "packet_internal.h"
#include "packet_fixtures.h"

static uint8_t buf[PACKET_MAX_BYTES];

/* Parse `len` bytes from an exact-size heap copy. */
static int parse_copy(const uint8_t *bytes, size_t len, struct packet *pkt,
		      struct error *err)
{
	uint8_t *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, bytes, len);
	rc = packet_parse(copy, len, pkt, err);
	pkt->bytes = NULL;
	free(copy);
	return rc;
}

/* ---- sample packets ----------------------------------------------------- */

static size_t sample_tcp4(uint8_t *out)
{
	struct packet_spec spec;
	struct error err = { 0 };
	size_t len;

	spec_tcp(&spec, AF_INET);
	spec.tcp.flags = PACKET_TCP_PSH | PACKET_TCP_ACK;
	spec.tcp.options = (const uint8_t *)"\x01\x01\x08\x0a\0\0\0\1\0\0\0\2";
	spec.tcp.options_len = 12;
	spec.payload_len = 30;
	packet_build(&spec, out, PACKET_MAX_BYTES, &len, &err);
	return len;
}

static size_t sample_tcp6(uint8_t *out)
{
	struct packet_spec spec;
	struct error err = { 0 };
	size_t len;

	spec_tcp(&spec, AF_INET6);
	spec.tcp.options = (const uint8_t *)"\x02\x04\x05\xa0";
	spec.tcp.options_len = 4;
	spec.payload_len = 9;
	packet_build(&spec, out, PACKET_MAX_BYTES, &len, &err);
	return len;
}

static size_t sample_udp6(uint8_t *out)
{
	struct packet_spec spec;
	struct error err = { 0 };
	size_t len;

	spec_tcp(&spec, AF_INET6);
	spec.proto = IPPROTO_UDP;
	spec.payload_len = 7;
	packet_build(&spec, out, PACKET_MAX_BYTES, &len, &err);
	return len;
}

static size_t sample_icmp4(uint8_t *out)
{
	struct packet_spec spec, quote;
	struct error err = { 0 };
	size_t len;

	spec_tcp(&quote, AF_INET);
	spec_reverse(&quote);
	quote.payload_len = 100;
	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_ICMP;
	spec.icmp.type = 3;
	spec.icmp.code = 4;
	spec.icmp.has_mtu = true;
	spec.icmp.mtu = 576;
	spec.icmp.quote = &quote;
	packet_build(&spec, out, PACKET_MAX_BYTES, &len, &err);
	return len;
}

static size_t sample_gre_mpls(uint8_t *out)
{
	struct packet_spec spec;
	struct error err = { 0 };
	size_t len;

	spec_tcp(&spec, AF_INET6);
	spec.payload_len = 3;
	spec.outer_count = 3;
	spec.outer[0].kind = PACKET_LAYER_IPV4;
	spec_ip(&spec.outer[0].ip, AF_INET, "198.51.100.1", "198.51.100.2");
	spec.outer[1].kind = PACKET_LAYER_GRE;
	spec.outer[1].gre.flags = PACKET_GRE_C | PACKET_GRE_S;
	spec.outer[2].kind = PACKET_LAYER_MPLS;
	spec.outer[2].mpls.count = 2;
	spec.outer[2].mpls.entry[1].bottom = true;
	packet_build(&spec, out, PACKET_MAX_BYTES, &len, &err);
	return len;
}

static const struct {
	const char *name;
	size_t (*make)(uint8_t *out);
} samples[] = {
	{ "TCP/IPv4 with options and data", sample_tcp4 },
	{ "TCP/IPv6", sample_tcp6 },
	{ "UDP/IPv6", sample_udp6 },
	{ "ICMP frag needed with a quote", sample_icmp4 },
	{ "TCP/IPv6 in MPLS in GRE in IPv4", sample_gre_mpls },
};

#define N_SAMPLES (sizeof(samples) / sizeof(samples[0]))

/* ---- cutting at every length --------------------------------------------- */

/*
 * Below the end of the transport header a cut packet must be an error;
 * from there on it must parse as truncated, with exactly the captured part
 * of the payload counted.
 */
static void test_cut_everywhere(void)
{
	struct packet whole, pkt;
	struct error err = { 0 };
	size_t s, len, cut, headers;
	char name[120];
	int ok;

	for (s = 0; s < N_SAMPLES; s++) {
		len = samples[s].make(buf);
		ok = parse_copy(buf, len, &whole, &err) == 0;
		headers = whole.payload_offset;
		for (cut = 0; ok && cut < len; cut++) {
			int rc = parse_copy(buf, cut, &pkt, &err);

			if (cut < headers)
				ok = rc == -1 && error_is_set(&err);
			else
				ok = rc == PACKET_TRUNCATED && pkt.truncated &&
				     pkt.payload_captured == cut - headers &&
				     pkt.payload_len == whole.payload_len;
			if (!ok)
				printf("# cut at %zu of %zu: rc %d, %s\n", cut,
				       len, rc, err.message);
			error_clear(&err);
		}
		snprintf(name, sizeof(name), "%s: every cut fails cleanly or "
			 "is flagged truncated", samples[s].name);
		tap_ok(ok, name);
	}
}

static void test_cut_messages(void)
{
	struct packet pkt;
	struct error err = { 0 };
	size_t len = sample_tcp4(buf);

	parse_copy(buf, 30, &pkt, &err);
	tap_ok(contains(err.message, "TCP header cut off: 20 bytes needed, "
			"10 captured"), "a cut TCP header says so");
	parse_copy(buf, 10, &pkt, &err);
	tap_ok(contains(err.message, "IPv4 header cut off"),
	       "a cut IPv4 header says so");
	tap_is_int(parse_copy(buf, len - 1, &pkt, &err), PACKET_TRUNCATED,
		   "one payload byte missing: truncated");
	tap_is_int(pkt.payload_captured, 29, "29 of 30 payload bytes");
	tap_is_int(packet_parse(buf, len - 1, &pkt, &err), PACKET_TRUNCATED,
		   "(again, keeping the bytes)");
	tap_is_int(packet_verify_checksums(&pkt, PACKET_CHECK_ALL, &err), -1,
		   "a truncated packet cannot be verified");
	tap_ok(contains(err.message, "cannot verify the TCP checksum"),
	       "and the message says why");
	error_clear(&err);
	tap_is_int(parse_copy(buf, 0, &pkt, &err), -1, "empty input");
	error_clear(&err);
}

static void test_trailing_bytes(void)
{
	struct packet pkt;
	struct error err = { 0 };
	size_t len = sample_udp6(buf);

	memset(buf + len, 0xee, 20);
	tap_is_int(parse_copy(buf, len + 20, &pkt, &err), 0,
		   "bytes after the IP length (link padding) are ignored");
	tap_is_int(pkt.payload_len, 7, "payload length from the headers");
	tap_is_int(pkt.len, len + 20, "len is what was captured");
}

/* ---- malformed headers ------------------------------------------------- */

/* A change to a valid sample, and a part of the error it must give. */
struct mutation {
	const char *name;
	size_t (*make)(uint8_t *out);
	size_t at;
	uint8_t value;
	size_t at2;			/* 0: none */
	uint8_t value2;
	const char *error;
};

static const struct mutation mutations[] = {
	{ "IP version 5", sample_tcp4, 0, 0x55, 0, 0, "version 5" },
	{ "IHL 4", sample_tcp4, 0, 0x44, 0, 0, "header length 16 is less" },
	{ "IHL 15 past the end", sample_udp6, 0, 0x4f, 0, 0,
	  "IPv4 header with options cut off: 60 bytes needed, 55 captured" },
	{ "total length below the header", sample_tcp4, 2, 0, 3, 10,
	  "total length 10 is less than its header length 20" },
	{ "more fragments", sample_tcp4, 6, 0x20, 0, 0, "fragment" },
	{ "fragment offset", sample_tcp4, 7, 0x01, 0, 0, "fragment" },
	{ "TCP data offset 4", sample_tcp4, 32, 0x40, 0, 0,
	  "data offset 4 is less than 5" },
	{ "TCP data offset past the segment", sample_tcp4, 2, 0, 3, 48,
	  "TCP header with options needs 32 bytes, its enclosing header "
	  "leaves 28" },
	{ "TCP option length 0", sample_tcp4, 43, 0, 0, 0,
	  "TCP options: TCP option kind 8 at byte 2: length 0" },
	{ "UDP length 7", sample_udp6, 45, 7, 0, 0, "UDP length 7" },
	{ "UDP length past IP", sample_udp6, 45, 16, 0, 0,
	  "UDP length 16: at least 8 and at most the 15 bytes" },
	{ "IPv6 payload past the capture", sample_udp6, 5, 200, 0, 0,
	  NULL },
	{ "inner IPv6 longer than GRE leaves", sample_gre_mpls, 45, 200, 0,
	  0, "IPv6 payload length 200 exceeds the 23 bytes" },
	{ "GRE version 1", sample_gre_mpls, 21, 0x01, 0, 0,
	  "versions other than 0" },
	{ "GRE routing", sample_gre_mpls, 20, 0xd0, 0, 0, "routing" },
	{ "GRE protocol 0x6558", sample_gre_mpls, 22, 0x65, 23, 0x58,
	  "GRE protocol 0x6558 not supported" },
	{ "MPLS payload version 5", sample_gre_mpls, 40, 0x50, 0, 0,
	  "after MPLS: IP version 5" },
	{ "GRE carrying GRE", sample_gre_mpls, 22, 0, 23, 0,
	  "GRE protocol 0x0000" },
};

static void test_mutations(void)
{
	struct packet pkt;
	struct error err = { 0 };
	size_t i, len;
	char name[120];
	int rc;

	for (i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *m = &mutations[i];

		len = m->make(buf);
		buf[m->at] = m->value;
		if (m->at2)
			buf[m->at2] = m->value2;
		rc = parse_copy(buf, len, &pkt, &err);
		snprintf(name, sizeof(name), "malformed: %s", m->name);
		if (!m->error)
			tap_ok(rc == PACKET_TRUNCATED, name);
		else
			tap_ok(rc == -1 && contains(err.message, m->error),
			       name);
		error_clear(&err);
	}
}

/* An MPLS stack with no bottom bit, or IP nested too deep. */
static void test_depth_limits(void)
{
	struct packet_spec spec;
	struct packet pkt;
	struct error err = { 0 };
	size_t len, i;

	len = sample_gre_mpls(buf);
	memset(buf + 32, 0, 40);
	tap_ok(parse_copy(buf, len, &pkt, &err) == -1 &&
	       contains(err.message, "MPLS stack deeper than 8"),
	       "MPLS entries without a bottom bit stop at 8");
	error_clear(&err);

	spec_tcp(&spec, AF_INET);
	spec.outer_count = PACKET_MAX_OUTER;
	for (i = 0; i < PACKET_MAX_OUTER; i++) {
		spec.outer[i].kind = PACKET_LAYER_IPV4;
		spec_ip(&spec.outer[i].ip, AF_INET, REMOTE4, LOCAL4);
	}
	tap_ok(build_parse(&spec, buf, sizeof(buf), &len, &pkt) == 0 &&
	       pkt.outer_count == PACKET_MAX_OUTER,
	       "six IP-in-IP layers parse");
	/* Make the innermost IP announce IP-in-IP too. */
	buf[20 * PACKET_MAX_OUTER + 9] = IPPROTO_IPIP;
	tap_ok(parse_copy(buf, len, &pkt, &err) == -1 &&
	       contains(err.message, "more than 6 encapsulation headers"),
	       "a seventh is refused");
	error_clear(&err);
}

/* ---- IPv6 extension headers ---------------------------------------------- */

/* Insert hop-by-hop (8 bytes) and destination options (16) before TCP. */
static size_t with_extensions(uint8_t *out)
{
	size_t len = sample_tcp6(out), tcp_len = len - 40;

	memmove(out + 64, out + 40, tcp_len);
	memset(out + 40, 0, 24);
	out[6] = 0;			/* next: hop-by-hop */
	out[40] = 60;			/* hop-by-hop -> destination options */
	out[41] = 0;			/* 8 bytes */
	out[48] = IPPROTO_TCP;		/* destination options -> TCP */
	out[49] = 1;			/* 16 bytes */
	put_be16(out + 4, (uint16_t)(24 + tcp_len));
	return len + 24;
}

static void test_ipv6_extensions(void)
{
	struct packet pkt;
	struct error err = { 0 };
	size_t len = with_extensions(buf);

	tap_is_int(packet_parse(buf, len, &pkt, &err), 0,
		   "IPv6 with hop-by-hop and destination options");
	tap_is_int(pkt.ip.ext_count, 2, "two extension headers");
	tap_ok(pkt.ip.ext[0] == 0 && pkt.ip.ext[1] == 60, "in order");
	tap_is_int(pkt.ip.header_len, 64, "header length includes them");
	tap_is_int(pkt.ip.options_len, 24, "24 extension bytes");
	tap_is_int(pkt.proto, IPPROTO_TCP, "TCP after them");
	tap_is_int(pkt.tcp.sport, 40000, "TCP decoded at the right offset");
	tap_is_int(pkt.payload_len, 9, "payload length");
	tap_ok(checksums_ok(&pkt), "pseudo-header uses the TCP length only");

	buf[48] = 44;
	tap_ok(parse_copy(buf, len, &pkt, &err) == -1 &&
	       contains(err.message, "IPv6 fragment not supported"),
	       "an IPv6 fragment header is refused");
	buf[48] = 60;
	buf[49] = 200;
	tap_ok(parse_copy(buf, len, &pkt, &err) == -1 &&
	       contains(err.message, "extension header 60 of 1608 bytes"),
	       "an extension header longer than the packet is refused");
	error_clear(&err);
}

/* ---- checksum verification ------------------------------------------------ */

static void test_verify_messages(void)
{
	struct packet pkt;
	struct error err = { 0 };
	size_t len = sample_tcp4(buf);
	char want[80];
	uint16_t good;

	packet_parse(buf, len, &pkt, &err);
	good = pkt.ip.checksum;
	put_be16(buf + 10, 0xdead);
	packet_parse(buf, len, &pkt, &err);
	snprintf(want, sizeof(want), "bad IPv4 header checksum 0xdead, "
		 "expected 0x%04x", good);
	tap_ok(packet_verify_checksums(&pkt, PACKET_CHECK_IP, &err) == -1 &&
	       contains(err.message, want),
	       "a bad IPv4 checksum names the value it should have");
	tap_is_int(packet_verify_checksums(&pkt, PACKET_CHECK_L4, &err), 0,
		   "only the IP header is wrong");
	put_be16(buf + 10, good);

	good = pkt.tcp.checksum;
	put_be16(buf + 36, 0xbeef);
	packet_parse(buf, len, &pkt, &err);
	snprintf(want, sizeof(want), "bad TCP checksum 0xbeef, expected "
		 "0x%04x", good);
	tap_ok(packet_verify_checksums(&pkt, PACKET_CHECK_ALL, &err) == -1 &&
	       contains(err.message, want),
	       "a bad TCP checksum names the value it should have");
	error_clear(&err);

	len = sample_udp6(buf);
	put_be16(buf + 46, 0);
	packet_parse(buf, len, &pkt, &err);
	tap_is_int(packet_verify_checksums(&pkt, PACKET_CHECK_L4, &err), -1,
		   "UDP over IPv6 must carry a checksum");
	error_clear(&err);
}

static void test_udp4_no_checksum(void)
{
	struct packet_spec spec;
	struct packet pkt;
	size_t len;

	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_UDP;
	build_parse(&spec, buf, sizeof(buf), &len, &pkt);
	put_be16(buf + 26, 0);
	packet_parse(buf, len, &pkt, NULL);
	tap_ok(checksums_ok(&pkt), "UDP over IPv4 with checksum 0 passes");
}

static void test_other_protocol(void)
{
	struct packet pkt;
	struct error err = { 0 };
	size_t len = sample_tcp4(buf);

	buf[9] = IPPROTO_SCTP;
	put_be16(buf + 10, 0);
	put_be16(buf + 10, checksum_compute(buf, 20));
	tap_is_int(parse_copy(buf, len, &pkt, &err), 0,
		   "an unknown transport parses");
	tap_ok(pkt.proto == IPPROTO_SCTP && pkt.payload_len == len - 20 &&
	       pkt.l4_offset == 20, "its bytes are the payload");
}

/* ---- random mutations ------------------------------------------------------ */

static uint32_t lcg(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* Parse, print and verify whatever comes out; none of it may crash. */
static int exercise(const uint8_t *bytes, size_t len)
{
	struct packet pkt;
	struct error err = { 0 };
	uint8_t *copy = malloc(len ? len : 1);
	char *a, *b;
	int rc;

	memcpy(copy, bytes, len);
	rc = packet_parse(copy, len, &pkt, &err);
	if (rc < 0 && !error_is_set(&err))
		rc = -99;
	if (rc >= 0) {
		a = packet_to_string(&pkt, 0x7f);
		b = packet_to_string_raw(&pkt);
		if (!a || !b)
			rc = -99;
		free(a);
		free(b);
		packet_verify_checksums(&pkt, PACKET_CHECK_ALL, &err);
	}
	error_clear(&err);
	free(copy);
	return rc;
}

static void test_random_mutations(void)
{
	uint8_t mutated[2048];
	uint32_t state = 7;
	int round, n, rc, counts[3] = { 0 }, bad = 0;
	size_t len, s;

	for (round = 0; round < 30000; round++) {
		s = lcg(&state) % N_SAMPLES;
		len = samples[s].make(mutated);
		for (n = 1 + (int)(lcg(&state) % 4); n > 0; n--)
			mutated[lcg(&state) % len] = (uint8_t)lcg(&state);
		if (lcg(&state) % 4 == 0)
			len = lcg(&state) % (len + 1);
		rc = exercise(mutated, len);
		if (rc >= -1 && rc <= PACKET_TRUNCATED)
			counts[rc + 1]++;
		else
			bad++;
	}
	printf("# errors %d, parsed %d, truncated %d\n", counts[0], counts[1],
	       counts[2]);
	tap_is_int(bad, 0, "30000 mutated packets: -1 with a message, 0 or "
		   "PACKET_TRUNCATED, never anything else");
	tap_ok(counts[0] > 1000 && counts[1] > 1000 && counts[2] > 100,
	       "and every outcome was seen many times");
}

/*
 * A split segment read as one, packetdrill's way: the last piece's headers,
 * the first piece's sequence number and CWR, the payloads added up.
 */
static void test_tcp_join(void)
{
	uint8_t a[PACKET_MAX_BYTES], b[PACKET_MAX_BYTES];
	struct packet first, next;
	struct packet_spec spec;
	struct error err = { 0 };
	size_t len_a = 0, len_b = 0;

	spec_tcp(&spec, AF_INET);
	spec.tcp.seq = 4001;
	spec.tcp.flags = PACKET_TCP_PSH | PACKET_TCP_ACK | PACKET_TCP_CWR;
	spec.tcp.window = 100;
	spec.payload_len = 2000;
	packet_build(&spec, a, PACKET_MAX_BYTES, &len_a, &err);
	spec.tcp.seq = 6001;
	spec.tcp.flags = PACKET_TCP_ACK;
	spec.tcp.window = 200;
	spec.payload_len = 1000;
	packet_build(&spec, b, PACKET_MAX_BYTES, &len_b, &err);
	packet_parse(a, len_a, &first, &err);
	packet_parse(b, len_b, &next, &err);
	packet_tcp_join(&first, &next);
	tap_is_int(first.tcp.seq, 4001, "joined: the first piece's seq");
	tap_is_int(first.tcp.flags, PACKET_TCP_ACK | PACKET_TCP_CWR,
		   "the last piece's flags (no PSH) with the first's CWR");
	tap_is_int(first.tcp.window, 200, "the last piece's window");
	tap_is_int((int)first.payload_len, 3000, "both payloads");
	error_clear(&err);
}

int main(void)
{
	test_tcp_join();
	test_cut_everywhere();
	test_cut_messages();
	test_trailing_bytes();
	test_mutations();
	test_depth_limits();
	test_ipv6_extensions();
	test_verify_messages();
	test_udp4_no_checksum();
	test_other_protocol();
	test_random_mutations();
	return tap_done();
}
