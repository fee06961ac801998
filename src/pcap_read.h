/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pcap_read.h - the TCP segments of a capture file, for from-pcap.
 *
 * Contract: pcap_trace_read() opens a pcap or pcapng file through libpcap,
 * strips the link-layer header of each frame (Ethernet with VLAN tags,
 * Linux cooked v1/v2, raw IP, BSD loopback), decodes the IP packet with the
 * packet codec and keeps every TCP segment as a small plain record: the
 * header fields, the option bytes and the payload length the IP header
 * claims (so a snaplen that cut the payload changes nothing but a flag).
 * Everything else is only counted, so the caller can say what the file
 * held when it finds no TCP. A file cut off in the middle of a record, or
 * one libpcap cannot read at all, is an error naming the file and the
 * record. The trace owns its memory: pcap_trace_free() releases it.
 */
#ifndef TCPDRILL_PCAP_READ_H
#define TCPDRILL_PCAP_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "packet.h"
#include "tcp_options.h"

/* LINKTYPE_RAW as stored in files, when libpcap hands it over unmapped. */
#define PCAP_READ_LINKTYPE_RAW 101

/* One TCP segment, as captured. */
struct pcap_segment {
	int64_t ts_nsecs;		/* capture time, ns since the epoch */
	uint32_t frame;			/* 1-based record number in the file */
	int family;			/* AF_INET or AF_INET6 */
	union packet_addr src;
	union packet_addr dst;
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint16_t flags;			/* PACKET_TCP_* */
	uint16_t window;
	uint16_t urg_ptr;
	uint8_t tos;
	uint32_t payload_len;		/* from the IP header */
	bool snapped;			/* payload cut short by the snaplen */
	uint8_t options_len;
	uint8_t options[TCP_OPTIONS_MAX_BYTES];	/* wire bytes */
};

struct pcap_trace {
	int linktype;			/* DLT_ value of the file */
	size_t frames;			/* records read */
	size_t not_ip;			/* frames carrying no IPv4/IPv6 */
	size_t not_tcp;			/* IP packets of another protocol */
	size_t malformed;		/* IP packets the codec refused */
	size_t snapped;			/* TCP segments with their payload cut */
	uint32_t first_malformed;	/* record number of the first, or 0 */
	char *malformed_reason;		/* and why (malloc'ed), or NULL */
	struct pcap_segment *seg;	/* in file order */
	size_t count;
	size_t cap;
};

void pcap_trace_init(struct pcap_trace *trace, int linktype);
void pcap_trace_free(struct pcap_trace *trace);

/*
 * Read a whole pcap or pcapng file. Returns 0, or -1 with err for a file
 * that cannot be opened, an unsupported link type, or a damaged record.
 * A file without TCP is not an error here (trace->count is 0).
 */
int pcap_trace_read(const char *path, struct pcap_trace *trace,
		    struct error *err);

/*
 * Where the IP packet starts in a frame of this link type: its offset, or
 * -1 when the frame carries something else (ARP, ...) or is too short.
 * Returns -2 for a link type from-pcap cannot read.
 */
int pcap_link_ip_offset(int linktype, const uint8_t *frame, size_t caplen);

/* A name for a link type ("Ethernet", "Linux cooked v2", ...). */
const char *pcap_link_name(int linktype);

/*
 * Add one frame of caplen captured bytes, seen at ts_nsecs, to the trace:
 * counted, and kept when it is a TCP segment. -1 with err only when out of
 * memory or for an unsupported link type.
 */
int pcap_trace_add_frame(struct pcap_trace *trace, int64_t ts_nsecs,
			 const uint8_t *frame, size_t caplen,
			 struct error *err);

/* Decode a segment's option bytes (they were valid when it was kept). */
void pcap_segment_options(const struct pcap_segment *seg,
			  struct tcp_options *opts);

#endif /* TCPDRILL_PCAP_READ_H */
