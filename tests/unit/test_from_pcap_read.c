// SPDX-License-Identifier: GPL-2.0
/*
 * test_from_pcap_read.c - pcap_read.c: the IP packet found behind every
 * supported link-layer header, TCP segments kept with their fields and
 * option bytes, other frames counted, pcap and pcapng files read with
 * their timestamps, snaplen-cut payloads flagged with the IP lengths kept,
 * and damaged, foreign or missing files refused with a clear message.
 */
#include "from_pcap_fixtures.h"
#include "tap.h"

static uint8_t ip_buf[PACKET_MAX_BYTES];

/* A frame: `head` link bytes, then a TCP SYN from the client. */
static size_t frame(const uint8_t *head, size_t head_len, int family,
		    uint8_t *out, size_t size)
{
	struct fx fx;
	size_t n;

	fx_init(&fx, family);
	n = fx_build(&fx, FX_CLIENT, FX_S, 1000, 0, 0, 65535, "mss 1460", ip_buf,
		     sizeof(ip_buf));
	fx_free(&fx);
	if (head_len + n > size)
		return 0;
	if (head_len)
		memcpy(out, head, head_len);
	memcpy(out + head_len, ip_buf, n);
	return head_len + n;
}

static void test_link_offsets(void)
{
	static const uint8_t ether[14] = { [12] = 0x08, [13] = 0x00 };
	static const uint8_t ether6[14] = { [12] = 0x86, [13] = 0xdd };
	static const uint8_t vlan[18] = { [12] = 0x81, [13] = 0x00, [16] = 0x08 };
	static const uint8_t qinq[22] = { [12] = 0x88, [13] = 0xa8, [16] = 0x81,
					  [17] = 0x00, [20] = 0x86, [21] = 0xdd };
	static const uint8_t arp[14] = { [12] = 0x08, [13] = 0x06 };
	static const uint8_t sll[16] = { [14] = 0x08, [15] = 0x00 };
	static const uint8_t sll2[20] = { [0] = 0x86, [1] = 0xdd };
	static const uint8_t null_le[4] = { 2, 0, 0, 0 };
	static const uint8_t null_be6[4] = { 0, 0, 0, 30 };	/* macOS AF_INET6 */
	static const uint8_t loop_be[4] = { 0, 0, 0, 24 };	/* OpenBSD AF_INET6 */
	static const uint8_t null_ipx[4] = { 23, 0, 0, 0 };
	static const uint8_t raw4[1] = { 0x45 }, raw6[1] = { 0x60 }, junk[1] = { 0x12 };

	tap_is_int(pcap_link_ip_offset(DLT_EN10MB, ether, sizeof(ether)), 14,
		   "Ethernet: IPv4 after 14 bytes");
	tap_is_int(pcap_link_ip_offset(DLT_EN10MB, ether6, sizeof(ether6)), 14,
		   "Ethernet: IPv6 after 14 bytes");
	tap_is_int(pcap_link_ip_offset(DLT_EN10MB, vlan, sizeof(vlan)), 18,
		   "Ethernet: an 802.1Q tag is skipped");
	tap_is_int(pcap_link_ip_offset(DLT_EN10MB, qinq, sizeof(qinq)), 22,
		   "Ethernet: two stacked tags are skipped");
	tap_is_int(pcap_link_ip_offset(DLT_EN10MB, arp, sizeof(arp)), -1,
		   "Ethernet: ARP is not IP");
	tap_is_int(pcap_link_ip_offset(DLT_EN10MB, ether, 13), -1,
		   "Ethernet: a frame cut before its type is not IP");
	tap_is_int(pcap_link_ip_offset(DLT_LINUX_SLL, sll, sizeof(sll)), 16,
		   "Linux cooked v1: 16 bytes, protocol at 14");
	tap_is_int(pcap_link_ip_offset(DLT_LINUX_SLL2, sll2, sizeof(sll2)), 20,
		   "Linux cooked v2: 20 bytes, protocol at 0");
	tap_is_int(pcap_link_ip_offset(DLT_LINUX_SLL2, sll2, 19), -1,
		   "Linux cooked v2: a short header is not IP");
	tap_is_int(pcap_link_ip_offset(DLT_RAW, raw4, 1), 0, "raw IP: v4 at 0");
	tap_is_int(pcap_link_ip_offset(PCAP_READ_LINKTYPE_RAW, raw6, 1), 0,
		   "LINKTYPE_RAW 101: v6 at 0");
	tap_is_int(pcap_link_ip_offset(DLT_IPV4, raw4, 1), 0, "DLT_IPV4");
	tap_is_int(pcap_link_ip_offset(DLT_IPV6, raw6, 1), 0, "DLT_IPV6");
	tap_is_int(pcap_link_ip_offset(DLT_RAW, junk, 1), -1,
		   "raw IP: version 1 is not IP");
	tap_is_int(pcap_link_ip_offset(DLT_NULL, null_le, 4), 4,
		   "BSD loopback: AF_INET in little-endian order");
	tap_is_int(pcap_link_ip_offset(DLT_NULL, null_be6, 4), 4,
		   "BSD loopback: AF_INET6 30 in big-endian order");
	tap_is_int(pcap_link_ip_offset(DLT_LOOP, loop_be, 4), 4,
		   "OpenBSD loopback: AF_INET6 24, network order");
	tap_is_int(pcap_link_ip_offset(DLT_NULL, null_ipx, 4), -1,
		   "BSD loopback: another family is not IP");
	tap_is_int(pcap_link_ip_offset(DLT_IEEE802_11, raw4, 1), -2,
		   "802.11 is not a supported link type");
	tap_is_str(pcap_link_name(DLT_LINUX_SLL2), "Linux cooked v2",
		   "link type names");
	tap_ok(pcap_link_name(DLT_IEEE802_11) == NULL, "no name for 802.11");
}

/* Write frames through libpcap's dump API; NULL on failure. */
static char *write_pcap(int linktype, int precision, const uint8_t *const *frames,
			const size_t *lens, const size_t *caplens, size_t count)
{
	char *path = fx_temp(".pcap");
	pcap_t *p = pcap_open_dead_with_tstamp_precision(linktype, 65535, precision);
	pcap_dumper_t *d = p && path ? pcap_dump_open(p, path) : NULL;
	size_t i;

	for (i = 0; d && i < count; i++) {
		struct pcap_pkthdr h = { 0 };

		h.ts.tv_sec = 1700000000 + (long)i;
		/* tv_usec holds ns with nanosecond precision */
		h.ts.tv_usec = precision == PCAP_TSTAMP_PRECISION_NANO ? 123456789 : 123456;
		h.caplen = (bpf_u_int32)(caplens ? caplens[i] : lens[i]);
		h.len = (bpf_u_int32)lens[i];
		pcap_dump((u_char *)d, &h, frames[i]);
	}
	if (d)
		pcap_dump_close(d);
	if (p)
		pcap_close(p);
	if (!d && path) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

static void test_read_ethernet(void)
{
	static const uint8_t ether[14] = { [12] = 0x08, [13] = 0x00 };
	static const uint8_t arp[42] = { [12] = 0x08, [13] = 0x06 };
	uint8_t syn[200], udp[200];
	const uint8_t *frames[3] = { syn, arp, udp };
	size_t lens[3];
	struct pcap_trace t;
	struct error err = { 0 };
	struct packet_spec spec;
	struct tcp_options o;
	char *path;
	int ret;

	lens[0] = frame(ether, sizeof(ether), AF_INET, syn, sizeof(syn));
	lens[1] = sizeof(arp);
	memset(&spec, 0, sizeof(spec));
	spec.ip.family = AF_INET;
	fx_addr(AF_INET, FX_CLIENT, &spec.ip.src);
	fx_addr(AF_INET, FX_SERVER, &spec.ip.dst);
	spec.proto = IPPROTO_UDP;
	spec.udp.sport = 53;
	spec.udp.dport = 53;
	spec.payload_len = 10;
	memcpy(udp, ether, sizeof(ether));
	packet_build(&spec, udp + 14, sizeof(udp) - 14, &lens[2], &err);
	lens[2] += 14;
	path = write_pcap(DLT_EN10MB, PCAP_TSTAMP_PRECISION_MICRO, frames, lens, NULL, 3);
	ret = path ? pcap_trace_read(path, &t, &err) : -1;
	tap_is_int(ret, 0, "an Ethernet pcap file is read");
	if (ret == 0) {
		tap_is_int(t.linktype, DLT_EN10MB, "its link type");
		tap_is_int((long long)t.frames, 3, "3 frames read");
		tap_is_int((long long)t.count, 1, "1 TCP segment kept");
		tap_is_int((long long)t.not_ip, 1, "the ARP frame counted as not IP");
		tap_is_int((long long)t.not_tcp, 1, "the UDP packet counted as not TCP");
		tap_is_int(t.seg[0].sport, FX_CLIENT_PORT, "segment: source port");
		tap_is_int(t.seg[0].dport, FX_SERVER_PORT, "segment: destination port");
		tap_is_int(t.seg[0].seq, 1000, "segment: seq");
		tap_is_int(t.seg[0].flags, FX_S, "segment: flags");
		tap_is_int(t.seg[0].window, 65535, "segment: window");
		tap_is_int(t.seg[0].frame, 1, "segment: its record number");
		tap_is_int(t.seg[0].ts_nsecs, 1700000000123456000LL,
			   "segment: a microsecond time scaled to ns");
		pcap_segment_options(&t.seg[0], &o);
		tap_ok(o.count == 1 && o.opt[0].type == TCP_OPTION_MSS &&
		       o.opt[0].mss == 1460, "segment: its option bytes decode");
		pcap_trace_free(&t);
	}
	error_clear(&err);
	if (path)
		unlink(path);
	free(path);
}

static void test_read_sll2_ipv6_nano(void)
{
	static const uint8_t sll2[20] = { [0] = 0x86, [1] = 0xdd };
	uint8_t f[200];
	const uint8_t *frames[1] = { f };
	size_t lens[1];
	struct pcap_trace t;
	struct error err = { 0 };
	char buf[INET6_ADDRSTRLEN];
	char *path;

	lens[0] = frame(sll2, sizeof(sll2), AF_INET6, f, sizeof(f));
	path = write_pcap(DLT_LINUX_SLL2, PCAP_TSTAMP_PRECISION_NANO, frames, lens, NULL, 1);
	if (!tap_ok(path && pcap_trace_read(path, &t, &err) == 0,
		    "a Linux cooked v2 file with nanosecond times is read"))
		goto out;
	tap_ok(t.count == 1 && t.seg[0].family == AF_INET6, "its IPv6 TCP segment");
	inet_ntop(AF_INET6, &t.seg[0].src.v6, buf, sizeof(buf));
	tap_is_str(buf, "fd00::1", "the IPv6 source address");
	tap_is_int(t.seg[0].ts_nsecs, 1700000000123456789LL, "nanoseconds kept");
	pcap_trace_free(&t);
out:
	error_clear(&err);
	if (path)
		unlink(path);
	free(path);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* host order: the byte-order magic says which */
}

/* A pcapng file by hand (libpcap cannot write one): SHB, IDB, one EPB. */
static char *write_pcapng(const uint8_t *pkt, size_t len, int linktype)
{
	uint8_t b[512] = { 0 };
	size_t padded = (len + 3) & ~(size_t)3, epb = 32 + padded, off = 0;
	char *path = fx_temp(".pcapng");
	uint64_t ts = 1700000000ULL * 1000000 + 250000;	/* µs, the default */
	FILE *f;

	if (!path || 28 + 20 + epb > sizeof(b))
		return path;
	put32(b + 0, 0x0A0D0D0A);
	put32(b + 4, 28);
	put32(b + 8, 0x1A2B3C4D);
	b[12] = 1;			/* major 1, minor 0 (host order) */
	memset(b + 16, 0xff, 8);	/* section length unknown */
	put32(b + 24, 28);
	off = 28;
	put32(b + off, 1);		/* IDB */
	put32(b + off + 4, 20);
	memcpy(b + off + 8, &(uint16_t){ (uint16_t)linktype }, 2);
	put32(b + off + 12, 65535);
	put32(b + off + 16, 20);
	off += 20;
	put32(b + off, 6);		/* EPB */
	put32(b + off + 4, (uint32_t)epb);
	put32(b + off + 8, 0);
	put32(b + off + 12, (uint32_t)(ts >> 32));
	put32(b + off + 16, (uint32_t)ts);
	put32(b + off + 20, (uint32_t)len);
	put32(b + off + 24, (uint32_t)len);
	memcpy(b + off + 28, pkt, len);
	put32(b + off + 28 + padded, (uint32_t)epb);
	off += epb;
	f = fopen(path, "wb");
	if (f) {
		fwrite(b, 1, off, f);
		fclose(f);
	}
	return path;
}

static void test_read_pcapng(void)
{
	struct pcap_trace t;
	struct error err = { 0 };
	uint8_t f[200];
	size_t len = frame(NULL, 0, AF_INET, f, sizeof(f));
	char *path = write_pcapng(f, len, 101);

	if (tap_ok(path && pcap_trace_read(path, &t, &err) == 0,
		   "a pcapng file with LINKTYPE_RAW is read")) {
		tap_ok(t.count == 1 && t.seg[0].seq == 1000, "its TCP segment");
		tap_is_int(t.seg[0].ts_nsecs, 1700000000250000000LL,
			   "its microsecond time in ns");
		pcap_trace_free(&t);
	} else {
		printf("# %s\n", err.message ? err.message : "?");
	}
	error_clear(&err);
	if (path)
		unlink(path);
	free(path);
}

static void test_snaplen(void)
{
	struct fx fx;
	uint8_t f[2000];
	const uint8_t *frames[1] = { f };
	size_t lens[1], cap[1] = { 80 };
	struct pcap_trace t;
	struct error err = { 0 };
	char *path;

	fx_init(&fx, AF_INET);
	lens[0] = fx_build(&fx, FX_SERVER, FX_P | FX_A, 1, 1, 1000, 512, NULL, f, sizeof(f));
	fx_free(&fx);
	path = write_pcap(DLT_RAW, PCAP_TSTAMP_PRECISION_MICRO, frames, lens, cap, 1);
	if (tap_ok(path && pcap_trace_read(path, &t, &err) == 0,
		   "a capture with an 80-byte snaplen is read")) {
		tap_ok(t.count == 1, "the cut segment is kept");
		tap_is_int(t.seg[0].payload_len, 1000, "its length comes from the IP header");
		tap_ok(t.seg[0].snapped, "it is flagged as cut");
		tap_is_int((long long)t.snapped, 1, "and counted");
		pcap_trace_free(&t);
	}
	error_clear(&err);
	if (path)
		unlink(path);
	free(path);
}

static void test_damaged(void)
{
	uint8_t f[3][200];
	const uint8_t *frames[3] = { f[0], f[1], f[2] };
	size_t lens[3];
	struct pcap_trace t;
	struct error err = { 0 };
	char *path;
	FILE *file;
	int i;

	for (i = 0; i < 3; i++)
		lens[i] = frame(NULL, 0, AF_INET, f[i], sizeof(f[i]));
	path = write_pcap(DLT_RAW, PCAP_TSTAMP_PRECISION_MICRO, frames, lens, NULL, 3);
	/* cut the file in the middle of the third record */
	if (path && truncate(path, (off_t)(24 + 2 * (16 + lens[0]) + 20)) == 0) {
		tap_is_int(pcap_trace_read(path, &t, &err), -1, "a truncated file is refused");
		tap_ok(err.message && strstr(err.message, "damaged or truncated capture: "
					     "record 3 cannot be read"),
		       "naming the record that is cut");
	}
	error_clear(&err);
	file = path ? fopen(path, "w") : NULL;
	if (file) {
		fputs("GET / HTTP/1.1\r\n\r\n", file);
		fclose(file);
	}
	tap_is_int(pcap_trace_read(path, &t, &err), -1, "a text file is refused");
	tap_ok(err.message && strstr(err.message, "not a readable pcap or pcapng capture"),
	       "as not a capture");
	error_clear(&err);
	if (path)
		unlink(path);
	free(path);
	tap_is_int(pcap_trace_read("/nonexistent/x.pcap", &t, &err), -1,
		   "a missing file is refused");
	error_clear(&err);

	path = write_pcap(DLT_IEEE802_11, PCAP_TSTAMP_PRECISION_MICRO, frames, lens, NULL, 1);
	tap_is_int(path ? pcap_trace_read(path, &t, &err) : 0, -1,
		   "an 802.11 capture is refused");
	tap_ok(err.message && strstr(err.message, "is not supported"),
	       "saying the link type is not supported");
	error_clear(&err);
	if (path)
		unlink(path);
	free(path);
}

static void test_malformed(void)
{
	struct pcap_trace t;
	struct error err = { 0 };
	uint8_t f[200];
	size_t n = frame(NULL, 0, AF_INET, f, sizeof(f));

	pcap_trace_init(&t, DLT_RAW);
	/* the TCP header cut after 10 bytes: headers are needed whole */
	tap_is_int(pcap_trace_add_frame(&t, 0, f, 30, &err), 0,
		   "a frame with a cut TCP header is no error");
	tap_is_int((long long)t.malformed, 1, "but counted as malformed");
	tap_ok(t.first_malformed == 1 && t.malformed_reason != NULL,
	       "with the first one's record and reason");
	tap_is_int((long long)t.count, 0, "and not kept");
	tap_is_int(pcap_trace_add_frame(&t, 0, f, n, &err), 0, "a whole one is kept");
	tap_is_int((long long)t.count, 1, "as a segment");
	pcap_trace_free(&t);
	error_clear(&err);
}

int main(void)
{
	test_link_offsets();
	test_read_ethernet();
	test_read_sll2_ipv6_nano();
	test_read_pcapng();
	test_snaplen();
	test_damaged();
	test_malformed();
	return tap_done();
}
