// SPDX-License-Identifier: GPL-2.0
/*
 * test_packet_print.c - packets printed the way a script line writes them,
 * the tcpdump-like raw line, printing a copy with script-relative numbers,
 * and the name tables (TCP flags, ECN, ICMP types and codes).
 */
#include "packet_fixtures.h"

static uint8_t buf[PACKET_MAX_BYTES];
static char printed[1024];

/* Build, parse, print with flags; the text (static) or the error. */
static const char *show(const struct packet_spec *spec, unsigned int flags)
{
	struct packet pkt;
	size_t len;
	char *text;

	if (build_parse(spec, buf, sizeof(buf), &len, &pkt) < 0)
		return "(build or parse failed)";
	text = packet_to_string(&pkt, flags);
	snprintf(printed, sizeof(printed), "%s", text ? text : "(null)");
	free(text);
	return printed;
}

/* Option bytes for a list written as the test wants it. */
static size_t options(uint8_t *out, const struct tcp_options *opts)
{
	struct error err = { 0 };
	size_t len = 0;

	tcp_options_build(opts, out, TCP_OPTIONS_MAX_BYTES, &len, &err);
	error_clear(&err);
	return len;
}

static void test_tcp_lines(void)
{
	struct tcp_options opts = { 0 };
	struct packet_spec spec;
	uint8_t opt[TCP_OPTIONS_MAX_BYTES];
	struct tcp_option *ts;

	spec_tcp(&spec, AF_INET);
	spec.tcp.flags = PACKET_TCP_SYN | PACKET_TCP_ACK;
	spec.tcp.ack = 1;
	tcp_options_add(&opts, TCP_OPTION_MSS)->mss = 1460;
	tcp_options_add(&opts, TCP_OPTION_NOP);
	tcp_options_add(&opts, TCP_OPTION_NOP);
	tcp_options_add(&opts, TCP_OPTION_SACK_PERMITTED);
	tcp_options_add(&opts, TCP_OPTION_NOP);
	tcp_options_add(&opts, TCP_OPTION_WSCALE)->wscale = 7;
	spec.tcp.options = opt;
	spec.tcp.options_len = options(opt, &opts);
	tap_is_str(show(&spec, 0), "S. 0:0(0) ack 1 win 65535 "
		   "<mss 1460,nop,nop,sackOK,nop,wscale 7>", "SYN-ACK line");

	opts.count = 0;
	tcp_options_add(&opts, TCP_OPTION_NOP);
	tcp_options_add(&opts, TCP_OPTION_NOP);
	ts = tcp_options_add(&opts, TCP_OPTION_TIMESTAMP);
	ts->ts.val = 12;
	ts->ts.ecr = 5;
	spec.tcp.options_len = options(opt, &opts);
	spec.tcp.flags = PACKET_TCP_PSH | PACKET_TCP_ACK;
	spec.tcp.seq = 1;
	spec.tcp.window = 502;
	spec.payload_len = 1000;
	tap_is_str(show(&spec, 0), "P. 1:1001(1000) ack 1 win 502 "
		   "<nop,nop,TS val 12 ecr 5>", "data segment line");

	spec.tcp.options_len = 0;
	spec.tcp.flags = PACKET_TCP_ACK;
	spec.payload_len = 0;
	spec.tcp.window = 257;
	tap_is_str(show(&spec, 0), ". 1:1(0) ack 1 win 257",
		   "a bare ACK: no option brackets");

	spec.tcp.flags = PACKET_TCP_FIN | PACKET_TCP_ACK;
	spec.tcp.seq = 1001;
	tap_is_str(show(&spec, 0), "F. 1001:1001(0) ack 1 win 257",
		   "FIN adds nothing to the end of the range");

	spec.tcp.flags = PACKET_TCP_SYN;
	spec.tcp.seq = 0;
	spec.payload_len = 10;
	tap_is_str(show(&spec, 0), "S 0:10(10) win 257",
		   "SYN with data: end is start + payload, no ack printed");

	spec.tcp.flags = 0;
	spec.payload_len = 0;
	tap_is_str(show(&spec, 0), "- 0:0(0) win 257", "no flags print as -");

	spec.tcp.flags = PACKET_TCP_ACK | PACKET_TCP_URG;
	spec.tcp.urg_ptr = 3;
	spec.payload_len = 3;
	tap_is_str(show(&spec, 0), "U. 0:3(3) ack 1 win 257 urg 3",
		   "URG prints its pointer");

	spec.tcp.flags = 0x1ff;
	tap_is_str(show(&spec, 0), "FSRPUEWA. 0:3(3) ack 1 win 257 urg 3",
		   "all nine flags, '.' last as scripts write it");
	spec.tcp.flags = PACKET_TCP_SYN | PACKET_TCP_ECE | PACKET_TCP_AE;
	tap_is_str(show(&spec, PACKET_PRINT_ACE), "S5 0:3(3) win 257",
		   "ACE form: ECE|AE is the digit 5");
}

static void test_ip_info(void)
{
	struct packet_spec spec;

	spec_tcp(&spec, AF_INET);
	spec.tcp.flags = PACKET_TCP_PSH | PACKET_TCP_ACK;
	spec.tcp.seq = 1;
	spec.tcp.ack = 1;
	spec.tcp.window = 502;
	spec.payload_len = 1000;
	spec.ip.tos = 0x02;
	tap_is_str(show(&spec, PACKET_PRINT_ECN),
		   "[ect0] P. 1:1001(1000) ack 1 win 502", "[ect0] prefix");
	spec.ip.tos = 0xa3;
	tap_is_str(show(&spec, PACKET_PRINT_ECN),
		   "[ce] P. 1:1001(1000) ack 1 win 502", "[ce] from a TOS byte");
	spec.ip.tos = 0x01;
	tap_is_str(show(&spec, PACKET_PRINT_ECN | PACKET_PRINT_TTL |
				PACKET_PRINT_PORTS),
		   "[ect1] (ttl 64) 40000>8080 P. 1:1001(1000) ack 1 win 502",
		   "ECN, TTL and ports");
	spec.ip.tos = 0;
	tap_is_str(show(&spec, PACKET_PRINT_ECN | PACKET_PRINT_ADDRS),
		   "ipv4 192.0.2.1 > 192.168.0.1: [noecn] P. 1:1001(1000) "
		   "ack 1 win 502", "addresses and [noecn]");
	spec.ip.tos = 0xb8;
	tap_is_str(show(&spec, PACKET_PRINT_TOS | PACKET_PRINT_ECN),
		   "(tos 0xb8) P. 1:1001(1000) ack 1 win 502",
		   "the whole TOS byte replaces the ECN bracket");

	spec_tcp(&spec, AF_INET6);
	spec.tcp.flags = PACKET_TCP_SYN;
	spec.ip.flowlabel = 0x12345;
	tap_is_str(show(&spec, PACKET_PRINT_FLOWLABEL | PACKET_PRINT_ADDRS),
		   "ipv6 2001:db8::1 > fd3d:fa7b:d17d::1: (flowlabel 0x12345) "
		   "S 0:0(0) win 65535", "IPv6 addresses and flow label");
}

static void test_udp_lines(void)
{
	struct packet_spec spec;

	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_UDP;
	spec.udp.sport = 53;
	spec.udp.dport = 1234;
	spec.payload_len = 10;
	tap_is_str(show(&spec, 0), "udp (10)", "UDP line");
	tap_is_str(show(&spec, PACKET_PRINT_PORTS | PACKET_PRINT_ECN),
		   "[noecn] udp 53>1234 (10)", "UDP with ip info and ports");
}

static void test_icmp_lines(void)
{
	struct packet_spec spec, quote;

	spec_tcp(&quote, AF_INET);
	spec_reverse(&quote);
	quote.tcp.seq = 1;
	quote.tcp.flags = PACKET_TCP_ACK;
	quote.payload_len = 1460;
	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_ICMP;
	spec.icmp.type = 3;
	spec.icmp.code = 4;
	spec.icmp.has_mtu = true;
	spec.icmp.mtu = 1200;
	spec.icmp.quote = &quote;
	tap_is_str(show(&spec, 0),
		   "icmp unreachable frag_needed mtu 1200 [1:1461(1460)]",
		   "ICMP frag needed with its quoted segment");

	spec.icmp.type = 11;
	spec.icmp.code = 0;
	spec.icmp.has_mtu = false;
	tap_is_str(show(&spec, 0), "icmp time_exceeded [1:1461(1460)]",
		   "code 0 without a code table is not printed");
	spec.icmp.code = 1;
	tap_is_str(show(&spec, 0), "icmp time_exceeded code_1 [1:1461(1460)]",
		   "an unnamed code prints as code_N");
	spec.icmp.type = 42;
	tap_is_str(show(&spec, 0), "icmp type_42 code_1",
		   "an unknown type prints as type_N, without a quote");
	spec.icmp.type = 3;
	spec.icmp.code = 3;
	quote.proto = IPPROTO_UDP;
	quote.payload_len = 10;
	tap_is_str(show(&spec, 0), "icmp unreachable port_unreachable "
		   "[udp (10)]", "a quoted UDP datagram");

	spec.icmp.type = 8;
	spec.icmp.code = 0;
	spec.icmp.id = 7;
	spec.icmp.quote = NULL;
	tap_is_str(show(&spec, 0), "icmp echo_request id 7", "echo with id");

	spec_tcp(&quote, AF_INET6);
	spec_reverse(&quote);
	quote.tcp.seq = 1;
	quote.payload_len = 1000;
	spec_tcp(&spec, AF_INET6);
	spec.proto = IPPROTO_ICMPV6;
	spec.icmp.type = 2;
	spec.icmp.has_mtu = true;
	spec.icmp.mtu = 1280;
	spec.icmp.quote = &quote;
	tap_is_str(show(&spec, 0), "icmp packet_too_big mtu 1280 [1:1001(1000)]",
		   "ICMPv6 packet too big");
	spec.icmp.type = 1;
	spec.icmp.has_mtu = false;
	tap_is_str(show(&spec, 0), "icmp unreachable no_route [1:1001(1000)]",
		   "ICMPv6 unreachable code 0 is no_route");
}

static void test_encapsulation_lines(void)
{
	struct packet_spec spec;

	spec_tcp(&spec, AF_INET);
	spec.tcp.flags = PACKET_TCP_SYN;
	spec.tcp.window = 100;
	spec.outer_count = 2;
	spec.outer[0].kind = PACKET_LAYER_IPV4;
	spec_ip(&spec.outer[0].ip, AF_INET, "198.51.100.1", "198.51.100.2");
	spec.outer[1].kind = PACKET_LAYER_GRE;
	tap_is_str(show(&spec, 0), "ipv4 198.51.100.1 > 198.51.100.2: gre: "
		   "S 0:0(0) win 100", "plain GRE");
	spec.outer[1].gre.flags = PACKET_GRE_C | PACKET_GRE_K | PACKET_GRE_S;
	spec.outer[1].gre.sum_as_given = true;
	spec.outer[1].gre.sum = 0x1234;
	spec.outer[1].gre.key = 0xabc;
	spec.outer[1].gre.seq = 7;
	tap_is_str(show(&spec, 0), "ipv4 198.51.100.1 > 198.51.100.2: "
		   "gre flags 0xb000, sum 4660, off 0, key 0xabc, seq 7: "
		   "S 0:0(0) win 100", "GRE with every field");

	spec.outer[0].kind = PACKET_LAYER_IPV6;
	spec_ip(&spec.outer[0].ip, AF_INET6, "2001:db8::a", "2001:db8::b");
	spec.outer[1].kind = PACKET_LAYER_MPLS;
	spec.outer[1].mpls.count = 2;
	spec.outer[1].mpls.entry[0] = (struct packet_mpls_entry){
		.label = 100, .tc = 1, .ttl = 64 };
	spec.outer[1].mpls.entry[1] = (struct packet_mpls_entry){
		.label = 200, .bottom = true, .ttl = 63 };
	tap_is_str(show(&spec, 0), "ipv6 2001:db8::a > 2001:db8::b: "
		   "mpls (label 100, tc 1, ttl 64) (label 200, tc 0, [S], "
		   "ttl 63): S 0:0(0) win 100", "MPLS label stack");
}

/*
 * The flow room's use: parse a live packet, copy it, put script-space
 * numbers into the copy, print the copy.
 */
static void test_script_relative_copy(void)
{
	struct tcp_options opts = { 0 };
	struct packet_spec spec;
	struct packet live, shown;
	struct tcp_option *o;
	uint8_t opt[TCP_OPTIONS_MAX_BYTES];
	const uint32_t local_isn = 3000000000u, remote_isn = 1000;
	size_t len, i;
	char *text;

	tcp_options_add(&opts, TCP_OPTION_NOP);
	tcp_options_add(&opts, TCP_OPTION_NOP);
	o = tcp_options_add(&opts, TCP_OPTION_SACK);
	o->sack.count = 1;
	o->sack.block[0] = (struct tcp_sack_block){ remote_isn + 201,
						    remote_isn + 301 };
	spec_tcp(&spec, AF_INET);
	spec_reverse(&spec);
	spec.tcp.flags = PACKET_TCP_ACK;
	spec.tcp.seq = local_isn + 1;
	spec.tcp.ack = remote_isn + 101;
	spec.tcp.window = 1000;
	spec.tcp.options = opt;
	spec.tcp.options_len = options(opt, &opts);
	build_parse(&spec, buf, sizeof(buf), &len, &live);

	shown = live;
	shown.tcp.seq -= local_isn;
	shown.tcp.ack -= remote_isn;
	for (i = 0; i < shown.tcp.options.count; i++) {
		o = &shown.tcp.options.opt[i];
		if (o->type == TCP_OPTION_SACK) {
			o->sack.block[0].left -= remote_isn;
			o->sack.block[0].right -= remote_isn;
		}
	}
	text = packet_to_string(&shown, 0);
	tap_is_str(text, ". 1:1(0) ack 101 win 1000 <nop,nop,sack 201:301>",
		   "a copy with mapped numbers prints script-relative");
	free(text);
	text = packet_to_string(&live, 0);
	tap_is_str(text, ". 3000000001:3000000001(0) ack 1101 win 1000 "
		   "<nop,nop,sack 1201:1301>", "the original keeps wire values");
	free(text);
}

static void test_raw_lines(void)
{
	struct packet_spec spec, quote;
	struct packet pkt;
	uint8_t opt[4] = { 2, 4, 0x05, 0xb4 };
	char want[512];
	size_t len;
	char *text;

	spec_tcp(&spec, AF_INET);
	spec.ip.df = true;
	spec.tcp.flags = PACKET_TCP_SYN;
	spec.tcp.options = opt;
	spec.tcp.options_len = 4;
	build_parse(&spec, buf, sizeof(buf), &len, &pkt);
	snprintf(want, sizeof(want), "IP (tos 0x0, ttl 64, id 0, offset 0x4000, "
		 "len 44) 192.0.2.1.40000 > 192.168.0.1.8080: Flags [S], "
		 "cksum 0x%04x, seq 0, win 65535, options [mss 1460], "
		 "length 0", pkt.tcp.checksum);
	text = packet_to_string_raw(&pkt);
	tap_is_str(text, want, "raw TCP line, tcpdump-like");
	free(text);

	spec.payload_len = 10;
	build_parse(&spec, buf, sizeof(buf), &len, &pkt);
	packet_parse(buf, len - 2, &pkt, NULL);
	text = packet_to_string_raw(&pkt);
	tap_ok(contains(text, "length 10 [truncated: 8 of 10 payload bytes]"),
	       "raw line flags truncation");
	free(text);

	spec_tcp(&quote, AF_INET6);
	spec_reverse(&quote);
	quote.tcp.seq = 5;
	spec_tcp(&spec, AF_INET6);
	spec.proto = IPPROTO_ICMPV6;
	spec.icmp.type = 1;
	spec.icmp.code = 4;
	spec.icmp.quote = &quote;
	build_parse(&spec, buf, sizeof(buf), &len, &pkt);
	snprintf(want, sizeof(want), "IP6 (class 0x0, flowlabel 0x00000, "
		 "hlim 64, len 96) 2001:db8::1 > fd3d:fa7b:d17d::1: ICMP6 "
		 "unreachable port_unreachable, cksum 0x%04x, length 48, "
		 "quoting IP6 proto 6 fd3d:fa7b:d17d::1.8080 > "
		 "2001:db8::1.40000 seq 5", pkt.icmp.checksum);
	text = packet_to_string_raw(&pkt);
	tap_is_str(text, want, "raw ICMPv6 line with its quote");
	free(text);

	spec_tcp(&spec, AF_INET);
	spec.proto = IPPROTO_UDP;
	spec.outer_count = 1;
	spec.outer[0].kind = PACKET_LAYER_GRE;
	spec.outer[0].gre.flags = PACKET_GRE_K;
	spec.outer[0].gre.key = 5;
	/* GRE must sit inside IP to parse; wrap it. */
	spec.outer_count = 2;
	spec.outer[1] = spec.outer[0];
	spec.outer[0].kind = PACKET_LAYER_IPV4;
	spec_ip(&spec.outer[0].ip, AF_INET, "198.51.100.1", "198.51.100.2");
	build_parse(&spec, buf, sizeof(buf), &len, &pkt);
	text = packet_to_string_raw(&pkt);
	tap_ok(contains(text, "198.51.100.1 > 198.51.100.2: GRE (flags "
			"0x2000, proto 0x0800, key 0x5): IP (tos 0x0"),
	       "raw GRE layer");
	free(text);
}

static void test_flag_names(void)
{
	struct error err = { 0 };
	char b[PACKET_TCP_FLAGS_LEN];
	uint16_t flags;

	tap_is_str(packet_tcp_flags_string(PACKET_TCP_ACK | PACKET_TCP_SYN,
					   false, b), "S.", "S. for SYN-ACK");
	tap_is_str(packet_tcp_flags_string(0, false, b), "-", "- for none");
	tap_is_str(packet_tcp_flags_string(PACKET_TCP_SYN, true, b), "S0",
		   "ACE form prints the digit even when 0");
	packet_tcp_flags_parse("S.", &flags, &err);
	tap_is_int(flags, PACKET_TCP_SYN | PACKET_TCP_ACK, "parse S.");
	packet_tcp_flags_parse("FPE.W", &flags, &err);
	tap_is_int(flags, PACKET_TCP_FIN | PACKET_TCP_PSH | PACKET_TCP_ACK |
		   PACKET_TCP_ECE | PACKET_TCP_CWR, "parse FPE.W");
	packet_tcp_flags_parse("S.7", &flags, &err);
	tap_is_int(flags, PACKET_TCP_SYN | PACKET_TCP_ACK | PACKET_TCP_ECE |
		   PACKET_TCP_CWR | PACKET_TCP_AE, "parse an ACE digit");
	packet_tcp_flags_parse("-", &flags, &err);
	tap_is_int(flags, 0, "parse - as none");
	tap_ok(packet_tcp_flags_parse("SX", &flags, &err) == -1 &&
	       contains(err.message, "bad TCP flag 'X'"), "bad letter");
	tap_ok(packet_tcp_flags_parse("E5", &flags, &err) == -1 &&
	       contains(err.message, "ACE digit excludes"), "E with a digit");
	tap_ok(packet_tcp_flags_parse("12", &flags, &err) == -1,
	       "two digits");
	error_clear(&err);
	tap_ok(!strcmp(packet_ecn_name(0), "noecn") &&
	       !strcmp(packet_ecn_name(1), "ect1") &&
	       !strcmp(packet_ecn_name(2), "ect0") &&
	       !strcmp(packet_ecn_name(0xff), "ce"), "ECN names");
}

static void test_icmp_names(void)
{
	uint8_t v = 0;
	char b[16];

	tap_ok(packet_icmp_type_parse(AF_INET, "unreachable", &v) == 0 &&
	       v == 3, "v4 unreachable is 3");
	tap_ok(packet_icmp_type_parse(AF_INET6, "unreachable", &v) == 0 &&
	       v == 1, "v6 unreachable is 1");
	tap_ok(packet_icmp_type_parse(AF_INET6, "packet_too_big", &v) == 0 &&
	       v == 2, "v6 packet_too_big is 2");
	tap_ok(packet_icmp_type_parse(AF_INET, "packet_too_big", &v) == -1,
	       "packet_too_big is not an ICMPv4 name");
	tap_ok(packet_icmp_type_parse(AF_INET, "type_200", &v) == 0 && v == 200,
	       "type_N parses");
	tap_ok(packet_icmp_type_parse(AF_INET, "type_256", &v) == -1 &&
	       packet_icmp_type_parse(AF_INET, "type_", &v) == -1 &&
	       packet_icmp_type_parse(AF_INET, "type_1x", &v) == -1,
	       "type_N out of range or malformed is refused");
	tap_ok(packet_icmp_code_parse(AF_INET, 3, "frag_needed", &v) == 0 &&
	       v == 4, "frag_needed is 4");
	tap_ok(packet_icmp_code_parse(AF_INET6, 1, "net_unreachable", &v) == 0
	       && v == 0, "v6 accepts packetdrill's net_unreachable for 0");
	tap_ok(packet_icmp_code_parse(AF_INET, 11, "code_1", &v) == 0 && v == 1,
	       "code_N parses");
	tap_ok(packet_icmp_code_parse(AF_INET, 11, "frag_needed", &v) == -1,
	       "a code name of another type is refused");
	tap_is_str(packet_icmp_type_name(AF_INET6, 129, b), "echo_reply",
		   "v6 129 is echo_reply");
	tap_is_str(packet_icmp_code_name(AF_INET6, 4, 1, b),
		   "unknown_next_header", "v6 parameter problem code 1");
	tap_ok(packet_icmp_code_name(AF_INET6, 2, 0, b) == NULL,
	       "packet_too_big code 0 has no name");
	tap_ok(packet_icmp_is_error(AF_INET, 3) &&
	       packet_icmp_is_error(AF_INET6, 2) &&
	       !packet_icmp_is_error(AF_INET, 8) &&
	       !packet_icmp_is_error(AF_INET6, 128), "error types quote");
}

int main(void)
{
	test_tcp_lines();
	test_ip_info();
	test_udp_lines();
	test_icmp_lines();
	test_encapsulation_lines();
	test_script_relative_copy();
	test_raw_lines();
	test_flag_names();
	test_icmp_names();
	return tap_done();
}
