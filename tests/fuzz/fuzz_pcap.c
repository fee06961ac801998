// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_pcap.c - arbitrary bytes as a capture file: libpcap reads them from
 * memory (fmemopen + pcap_fopen_offline, so no file is written), each frame
 * loses its link-layer header and the IP packet goes through the packet
 * codec and its printers, as a capture read back would.
 *
 * libpcap itself is not instrumented; what is explored is our side: the
 * link-layer walk and the codec on frames of every length a file can claim.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "packet.h"

/* Frames read from one input at most: a file is a loop of records. */
#define FUZZ_PCAP_MAX_FRAMES 256

static unsigned int be16(const uint8_t *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

/* Ethernet: 14 bytes, then any 802.1Q/802.1ad tags (4 bytes each). */
static long ether_offset(const uint8_t *frame, size_t len)
{
	size_t off = 12;

	while (off + 2 <= len) {
		unsigned int type = be16(frame + off);

		if (type == 0x8100 || type == 0x88a8) {
			off += 4;
			continue;
		}
		if (type != 0x0800 && type != 0x86dd)
			return -1;
		return (long)off + 2;
	}
	return -1;
}

/* Where the IP packet starts, or -1 when the frame carries none. */
static long ip_offset(int linktype, const uint8_t *frame, size_t len)
{
	switch (linktype) {
	case DLT_EN10MB:
		return ether_offset(frame, len);
	case DLT_LINUX_SLL:
		return len >= 16 ? 16 : -1;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2:
		return len >= 20 ? 20 : -1;
#endif
	case DLT_NULL:
	case DLT_LOOP:
		return len >= 4 ? 4 : -1;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		return 0;
	}
	return -1;
}

static void decode_frame(int linktype, const uint8_t *frame, size_t len)
{
	long off = ip_offset(linktype, frame, len);
	struct error err = { 0 };
	struct packet pkt;
	char *text;
	int ret;

	if (off < 0 || (size_t)off > len)
		return;
	ret = packet_parse(frame + off, len - (size_t)off, &pkt, &err);
	if (ret < 0) {
		FUZZ_ASSERT(err.message);
		error_clear(&err);
		return;
	}
	text = packet_to_string(&pkt, PACKET_PRINT_ADDRS | PACKET_PRINT_PORTS |
					      PACKET_PRINT_TOS | PACKET_PRINT_TTL);
	FUZZ_ASSERT(text);
	free(text);
	text = packet_to_string_raw(&pkt);
	FUZZ_ASSERT(text);
	free(text);
	packet_verify_checksums(&pkt, PACKET_CHECK_ALL, &err);
	error_clear(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *hdr;
	const u_char *frame;
	int frames = 0, linktype;
	pcap_t *pcap;
	FILE *file;

	if (size == 0)
		return 0;
	file = fmemopen((void *)data, size, "rb");
	if (!file)
		return 0;
	pcap = pcap_fopen_offline(file, errbuf);
	if (!pcap) {
		fclose(file);
		return 0;
	}
	linktype = pcap_datalink(pcap);
	while (frames++ < FUZZ_PCAP_MAX_FRAMES &&
	       pcap_next_ex(pcap, &hdr, &frame) == 1)
		decode_frame(linktype, frame, hdr->caplen);
	pcap_close(pcap);	/* closes file too */
	return 0;
}
