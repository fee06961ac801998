// SPDX-License-Identifier: GPL-2.0
/*
 * pcap_read.c - a capture file's TCP segments; see pcap_read.h.
 *
 * One table row per link type: its name and how to find the IP packet in
 * a frame. The IP and TCP headers are decoded by the packet codec, never
 * here.
 */
#include "pcap_read.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#define NSEC_PER_SEC 1000000000LL

/* Ethertypes (IEEE 802.3 / IANA). */
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100		/* 802.1Q */
#define ETHERTYPE_QINQ 0x88a8		/* 802.1ad */
#define ETHERTYPE_QINQ_OLD 0x9100	/* pre-standard double tagging */

/* Header lengths of the Linux cooked captures (pcap-linktype(7)). */
#define SLL_HEADER_LEN 16
#define SLL_PROTOCOL_OFFSET 14
#define SLL2_HEADER_LEN 20
#define SLL2_PROTOCOL_OFFSET 0
/* BSD loopback: a 4-byte address family before the packet. */
#define LOOPBACK_HEADER_LEN 4
/* Ethernet: two addresses, then the ethertype; each VLAN tag adds 4. */
#define ETHER_TYPE_OFFSET 12
#define VLAN_TAG_LEN 4

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static bool ethertype_is_ip(uint16_t type)
{
	return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6;
}

static int ether_ip_offset(const uint8_t *f, size_t caplen)
{
	size_t off = ETHER_TYPE_OFFSET;
	uint16_t type;

	for (;;) {
		if (caplen < off + 2)
			return -1;
		type = get_be16(f + off);
		if (type != ETHERTYPE_VLAN && type != ETHERTYPE_QINQ &&
		    type != ETHERTYPE_QINQ_OLD)
			break;
		off += VLAN_TAG_LEN;
	}
	return ethertype_is_ip(type) ? (int)off + 2 : -1;
}

static int sll_ip_offset(const uint8_t *f, size_t caplen)
{
	if (caplen < SLL_HEADER_LEN)
		return -1;
	return ethertype_is_ip(get_be16(f + SLL_PROTOCOL_OFFSET)) ?
	       SLL_HEADER_LEN : -1;
}

static int sll2_ip_offset(const uint8_t *f, size_t caplen)
{
	if (caplen < SLL2_HEADER_LEN)
		return -1;
	return ethertype_is_ip(get_be16(f + SLL2_PROTOCOL_OFFSET)) ?
	       SLL2_HEADER_LEN : -1;
}

static int raw_ip_offset(const uint8_t *f, size_t caplen)
{
	if (caplen < 1)
		return -1;
	return (f[0] >> 4) == 4 || (f[0] >> 4) == 6 ? 0 : -1;
}

/*
 * The loopback header holds the writer's AF_ value: AF_INET is 2
 * everywhere, AF_INET6 is 10 on Linux, 24 on NetBSD/OpenBSD, 28 on
 * FreeBSD and 30 on macOS (pcap-linktype(7) lists the same three BSD ones).
 */
static bool loopback_family_is_ip(uint32_t family)
{
	return family == 2 || family == 10 || family == 24 || family == 28 ||
	       family == 30;
}

/* DLT_NULL: the family in the capturing host's byte order, either one. */
static int null_ip_offset(const uint8_t *f, size_t caplen)
{
	if (caplen < LOOPBACK_HEADER_LEN)
		return -1;
	return loopback_family_is_ip(get_le32(f)) ||
	       loopback_family_is_ip(get_be32(f)) ? LOOPBACK_HEADER_LEN : -1;
}

/* DLT_LOOP: the family in network byte order. */
static int loop_ip_offset(const uint8_t *f, size_t caplen)
{
	if (caplen < LOOPBACK_HEADER_LEN)
		return -1;
	return loopback_family_is_ip(get_be32(f)) ? LOOPBACK_HEADER_LEN : -1;
}

struct link_row {
	int linktype;
	const char *name;
	int (*ip_offset)(const uint8_t *frame, size_t caplen);
};

static const struct link_row link_rows[] = {
	{ DLT_EN10MB, "Ethernet", ether_ip_offset },
	{ DLT_LINUX_SLL, "Linux cooked v1", sll_ip_offset },
	{ DLT_LINUX_SLL2, "Linux cooked v2", sll2_ip_offset },
	{ DLT_RAW, "raw IP", raw_ip_offset },
	{ PCAP_READ_LINKTYPE_RAW, "raw IP", raw_ip_offset },
	{ DLT_IPV4, "raw IPv4", raw_ip_offset },
	{ DLT_IPV6, "raw IPv6", raw_ip_offset },
	{ DLT_NULL, "BSD loopback", null_ip_offset },
	{ DLT_LOOP, "OpenBSD loopback", loop_ip_offset },
};

static const struct link_row *link_find(int linktype)
{
	size_t i;

	for (i = 0; i < sizeof(link_rows) / sizeof(link_rows[0]); i++)
		if (link_rows[i].linktype == linktype)
			return &link_rows[i];
	return NULL;
}

int pcap_link_ip_offset(int linktype, const uint8_t *frame, size_t caplen)
{
	const struct link_row *row = link_find(linktype);

	return row ? row->ip_offset(frame, caplen) : -2;
}

const char *pcap_link_name(int linktype)
{
	const struct link_row *row = link_find(linktype);

	return row ? row->name : NULL;
}

void pcap_trace_init(struct pcap_trace *trace, int linktype)
{
	memset(trace, 0, sizeof(*trace));
	trace->linktype = linktype;
}

void pcap_trace_free(struct pcap_trace *trace)
{
	free(trace->seg);
	free(trace->malformed_reason);
	memset(trace, 0, sizeof(*trace));
}

static struct pcap_segment *trace_append(struct pcap_trace *trace)
{
	if (trace->count == trace->cap) {
		size_t cap = trace->cap ? trace->cap * 2 : 64;
		struct pcap_segment *grown = realloc(trace->seg, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		trace->seg = grown;
		trace->cap = cap;
	}
	return &trace->seg[trace->count++];
}

static void trace_note_malformed(struct pcap_trace *trace, const char *why)
{
	trace->malformed++;
	if (trace->first_malformed)
		return;
	trace->first_malformed = (uint32_t)trace->frames;
	trace->malformed_reason = strdup(why ? why : "malformed");
}

/* A fragment after the first carries no TCP header of its own. */
static bool ip_is_fragment(const struct packet_ip *ip)
{
	return ip->family == AF_INET && (ip->frag & 0x3fff) != 0;
}

static void segment_fill(struct pcap_segment *seg, const struct packet *pkt,
			 int64_t ts_nsecs, uint32_t frame)
{
	const uint8_t *opts = pkt->bytes + pkt->l4_offset + 20;

	memset(seg, 0, sizeof(*seg));
	seg->ts_nsecs = ts_nsecs;
	seg->frame = frame;
	seg->family = pkt->ip.family;
	seg->src = pkt->ip.src;
	seg->dst = pkt->ip.dst;
	seg->sport = pkt->tcp.sport;
	seg->dport = pkt->tcp.dport;
	seg->seq = pkt->tcp.seq;
	seg->ack = pkt->tcp.ack;
	seg->flags = pkt->tcp.flags;
	seg->window = pkt->tcp.window;
	seg->urg_ptr = pkt->tcp.urg_ptr;
	seg->tos = pkt->ip.tos;
	seg->payload_len = pkt->payload_len;
	seg->snapped = pkt->truncated;
	if (pkt->tcp.header_len > 20) {
		seg->options_len = (uint8_t)(pkt->tcp.header_len - 20);
		memcpy(seg->options, opts, seg->options_len);
	}
}

int pcap_trace_add_frame(struct pcap_trace *trace, int64_t ts_nsecs,
			 const uint8_t *frame, size_t caplen,
			 struct error *err)
{
	int off = pcap_link_ip_offset(trace->linktype, frame, caplen);
	struct error why = { 0 };
	struct pcap_segment *seg;
	struct packet pkt;
	int ret;

	trace->frames++;
	if (off == -2)
		return error_set(err, "link type %d is not supported",
				 trace->linktype);
	if (off < 0) {
		trace->not_ip++;
		return 0;
	}
	ret = packet_parse(frame + off, caplen - (size_t)off, &pkt, &why);
	if (ret < 0) {
		trace_note_malformed(trace, why.message);
		error_clear(&why);
		return 0;
	}
	if (pkt.proto != IPPROTO_TCP || ip_is_fragment(&pkt.ip)) {
		trace->not_tcp++;
		return 0;
	}
	seg = trace_append(trace);
	if (!seg)
		return error_set(err, "out of memory");
	segment_fill(seg, &pkt, ts_nsecs, (uint32_t)trace->frames);
	if (seg->snapped)
		trace->snapped++;
	return 0;
}

void pcap_segment_options(const struct pcap_segment *seg,
			  struct tcp_options *opts)
{
	struct error err = { 0 };

	if (tcp_options_parse(seg->options, seg->options_len, opts, &err))
		opts->count = 0;
	error_clear(&err);
}

static int trace_read_records(pcap_t *p, const char *path,
			      struct pcap_trace *trace, struct error *err)
{
	struct pcap_pkthdr *hdr;
	const u_char *data;
	int ret;

	while ((ret = pcap_next_ex(p, &hdr, &data)) == 1) {
		/* opened with nanosecond precision: tv_usec holds ns */
		/*
		 * Unsigned, so that a damaged record's absurd seconds wrap
		 * instead of overflowing (undefined behaviour, found by
		 * fuzzing); such a time is merely wrong, never dangerous.
		 */
		int64_t ts = (int64_t)((uint64_t)hdr->ts.tv_sec * NSEC_PER_SEC +
				       (uint64_t)hdr->ts.tv_usec);

		if (pcap_trace_add_frame(trace, ts, data, hdr->caplen, err))
			return -1;
	}
	if (ret == PCAP_ERROR_BREAK)
		return 0;
	return error_set(err, "%s: damaged or truncated capture: record %zu "
			 "cannot be read (%s)", path, trace->frames + 1,
			 pcap_geterr(p));
}

int pcap_trace_read(const char *path, struct pcap_trace *trace,
		    struct error *err)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	int linktype, ret;
	pcap_t *p;

	/* Nanoseconds: libpcap scales microsecond files up, losing nothing. */
	p = pcap_open_offline_with_tstamp_precision(path,
						    PCAP_TSTAMP_PRECISION_NANO,
						    errbuf);
	if (!p)
		return error_set(err, "%s: not a readable pcap or pcapng "
				 "capture: %s", path, errbuf);
	linktype = pcap_datalink(p);
	if (!link_find(linktype)) {
		const char *name = pcap_datalink_val_to_name(linktype);

		error_set(err, "%s: link type %s (%d) is not supported: from-pcap "
			  "reads Ethernet, Linux cooked v1/v2, raw IP and loopback "
			  "captures", path, name ? name : "unknown", linktype);
		pcap_close(p);
		return -1;
	}
	pcap_trace_init(trace, linktype);
	ret = trace_read_records(p, path, trace, err);
	pcap_close(p);
	if (ret)
		pcap_trace_free(trace);
	return ret;
}
