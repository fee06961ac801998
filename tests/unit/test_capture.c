// SPDX-License-Identifier: GPL-2.0
/*
 * test_capture.c - packets written through capture.c and read back with
 * libpcap (and tcpdump when installed): count, bytes, lengths, link type
 * and nanosecond timestamps that keep the monotonic gaps exactly.
 */
#include <pcap/pcap.h>
#include <stdint.h>

#include "capture.h"
#include "tap.h"
#include "runner_test.h"

/* An IPv4 TCP SYN 192.168.0.1:8080 > 192.0.2.1:40000, checksums left 0. */
static void make_syn(unsigned char *p, size_t len)
{
	static const unsigned char head[40] = {
		0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x40, 0x00,
		0x40, 0x06, 0x00, 0x00, 192, 168, 0, 1, 192, 0, 2, 1,
		0x1f, 0x90, 0x9c, 0x40, 0x00, 0x00, 0x03, 0xe8,
		0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x72, 0x10,
		0x00, 0x00, 0x00, 0x00,
	};
	size_t i;

	memcpy(p, head, sizeof(head));
	p[2] = (unsigned char)(len >> 8);
	p[3] = (unsigned char)len;
	for (i = sizeof(head); i < len; i++)
		p[i] = (unsigned char)i;
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static void test_round_trip(void)
{
	char *dir = scratch_dir(), *path = str_printf("%s/t.pcap", dir);
	char errbuf[PCAP_ERRBUF_SIZE], *cmd, *text;
	unsigned char pkts[3][300];
	size_t lens[3] = { 40, 60, 300 };
	struct timespec base, ts[3];
	struct error err = { 0 };
	struct pcap_pkthdr *hdr;
	const u_char *data;
	int64_t first = 0, wall_now;
	struct capture *cap;
	int i, n = 0, bytes_ok = 1, lens_ok = 1;
	int64_t gaps[3] = { 0 };
	pcap_t *pcap;

	clock_gettime(CLOCK_MONOTONIC, &base);
	for (i = 0; i < 3; i++)
		make_syn(pkts[i], lens[i]);
	/* gaps of 1.5 ms and 1 s + 7 ns, well apart from "now" */
	ts[0] = base;
	ts[1] = base;
	ts[1].tv_nsec += 1500000;
	ts[2] = base;
	ts[2].tv_sec += 1;
	ts[2].tv_nsec += 7;
	for (i = 1; i < 3; i++)
		if (ts[i].tv_nsec >= 1000000000L) {
			ts[i].tv_nsec -= 1000000000L;
			ts[i].tv_sec++;
		}

	cap = capture_open(path, CAPTURE_LINKTYPE_RAW, 100, &err);
	tap_ok(cap != NULL, "capture opened");
	if (!cap)
		return;
	for (i = 0; i < 3; i++)
		tap_is_int(capture_write(cap, pkts[i], lens[i], &ts[i], &err), 0,
			   "packet written");
	tap_is_int(capture_close(cap, &err), 0, "capture closed");

	pcap = pcap_open_offline_with_tstamp_precision(path,
						       PCAP_TSTAMP_PRECISION_NANO,
						       errbuf);
	tap_ok(pcap != NULL, "libpcap opens it");
	if (!pcap)
		return;
	tap_is_int(pcap_datalink(pcap), DLT_RAW, "link type: raw IP");
	tap_is_int(pcap_snapshot(pcap), 100, "snaplen recorded");
	while (pcap_next_ex(pcap, &hdr, &data) == 1 && n < 3) {
		int64_t t = (int64_t)hdr->ts.tv_sec * 1000000000LL + hdr->ts.tv_usec;
		size_t want = lens[n] > 100 ? 100 : lens[n];

		if (n == 0)
			first = t;
		gaps[n] = t - first;
		if (hdr->len != lens[n] || hdr->caplen != want)
			lens_ok = 0;
		if (memcmp(data, pkts[n], want) != 0)
			bytes_ok = 0;
		n++;
	}
	pcap_close(pcap);
	tap_is_int(n, 3, "three packets read back");
	tap_ok(bytes_ok, "their bytes are the ones written");
	tap_ok(lens_ok, "a packet past the snaplen keeps its length, stores 100 bytes");
	tap_is_int(gaps[1], 1500000, "gap of 1.5 ms kept to the nanosecond");
	tap_is_int(gaps[2], 1000000007, "gap of 1 s + 7 ns kept to the nanosecond");
	clock_gettime(CLOCK_REALTIME, &base);
	wall_now = ts_ns(&base);
	tap_ok(first > wall_now - 5000000000LL && first <= wall_now,
	       "timestamps are wall-clock time");

	if (system("command -v tcpdump >/dev/null 2>&1") != 0) {
		tap_ok(1, "tcpdump reads it # SKIP tcpdump not installed");
	} else {
		cmd = str_printf("tcpdump -nn -r '%s' > '%s.txt' 2>/dev/null", path, path);
		tap_is_int(system(cmd), 0, "tcpdump -r reads the file");
		free(cmd);
		cmd = str_printf("%s.txt", path);
		text = read_file_text(cmd);
		tap_ok(text && count_substr(text, "192.168.0.1.8080 > 192.0.2.1.40000: "
						  "Flags [S]") == 3,
		       "tcpdump sees three SYNs from 192.168.0.1:8080");
		free(text);
		free(cmd);
	}
	free(path);
	scratch_remove(dir);
}

static void test_errors_and_now(void)
{
	char *dir = scratch_dir(), *path = str_printf("%s/no/such/dir/x.pcap", dir);
	char errbuf[PCAP_ERRBUF_SIZE];
	struct error err = { 0 };
	struct pcap_pkthdr *hdr;
	const u_char *data;
	struct timespec wall;
	struct capture *cap;
	unsigned char pkt[40];
	pcap_t *pcap;

	cap = capture_open(path, CAPTURE_LINKTYPE_RAW, 0, &err);
	tap_ok(!cap && err.message && strstr(err.message, "no/such/dir/x.pcap"),
	       "an unwritable path is an error naming it");
	error_clear(&err);
	tap_is_int(capture_close(NULL, &err), 0, "closing NULL is a no-op");
	free(path);

	path = str_printf("%s/now.pcap", dir);
	make_syn(pkt, sizeof(pkt));
	cap = capture_open(path, CAPTURE_LINKTYPE_RAW, 0, &err);
	capture_write(cap, pkt, sizeof(pkt), NULL, &err);
	capture_close(cap, &err);
	clock_gettime(CLOCK_REALTIME, &wall);
	pcap = pcap_open_offline(path, errbuf);
	tap_ok(pcap && pcap_next_ex(pcap, &hdr, &data) == 1 &&
	       hdr->ts.tv_sec >= wall.tv_sec - 5 && hdr->ts.tv_sec <= wall.tv_sec &&
	       pcap_snapshot(pcap) == CAPTURE_SNAPLEN_MAX,
	       "no time given: now; snaplen 0: the maximum");
	if (pcap)
		pcap_close(pcap);
	free(path);
	scratch_remove(dir);
}

int main(void)
{
	test_round_trip();
	test_errors_and_now();
	return tap_done();
}
