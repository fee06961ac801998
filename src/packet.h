/* SPDX-License-Identifier: GPL-2.0 */
/*
 * packet.h - wire formats: build, parse and print IP packets.
 *
 * Contract: this room knows headers only (IPv4, IPv6, GRE, MPLS, TCP, UDP,
 * ICMP, ICMPv6), nothing of scripts, time or sockets.
 *
 * - packet_build() writes one packet into a caller's buffer from explicit
 *   values (a struct packet_spec); every length, protocol field and checksum
 *   is filled in. Nothing is allocated that outlives the call.
 * - packet_parse() decodes bytes into a struct packet: a plain value with
 *   every header field in host order plus the offset of each header. It
 *   never reads outside [bytes, bytes + len): arbitrary bytes are input.
 *   It returns -1 with err for malformed input or when a header is cut off,
 *   and PACKET_TRUNCATED when all headers are whole but the payload is
 *   shorter than the IP length claims (pkt->truncated, e.g. a pcap snaplen).
 * - The printers read only the decoded fields of a struct packet, never the
 *   bytes. A caller that wants script-relative numbers copies the struct,
 *   rewrites seq/ack/SACK/TS (and the quoted ICMP seq) and prints the copy.
 *
 * A struct packet holds no allocated memory: copy it freely, never free it.
 * pkt->bytes points into the parsed buffer and is read only by
 * packet_verify_checksums(); it is valid as long as that buffer is.
 */
#ifndef TCPDRILL_PACKET_H
#define TCPDRILL_PACKET_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "tcp_options.h"

/* IPv4 total length and IPv6 payload length are 16-bit fields. */
#define PACKET_MAX_BYTES 65535
/* Encapsulation headers before the packet's own IP header. */
#define PACKET_MAX_OUTER 6
/* MPLS label stack entries in one MPLS layer. */
#define PACKET_MPLS_MAX 8
/* IPv6 extension headers recorded (and skipped) before the transport. */
#define PACKET_IPV6_MAX_EXT 8
/*
 * Transport bytes an ICMP error quotes by default: RFC 792 asks for the IP
 * header and 64 bits of data, which carry the TCP/UDP ports and the TCP seq
 * the kernel needs to find and check the socket.
 */
#define PACKET_QUOTE_L4_BYTES 8
/* packet_parse(): all headers whole, payload cut short. */
#define PACKET_TRUNCATED 1

/* TCP flag bits as on the wire (RFC 9293, RFC 3168, AccECN's AE). */
#define PACKET_TCP_FIN 0x001
#define PACKET_TCP_SYN 0x002
#define PACKET_TCP_RST 0x004
#define PACKET_TCP_PSH 0x008
#define PACKET_TCP_ACK 0x010
#define PACKET_TCP_URG 0x020
#define PACKET_TCP_ECE 0x040
#define PACKET_TCP_CWR 0x080
#define PACKET_TCP_AE 0x100	/* formerly NS (RFC 3540) */

/* The ECN field: the low two bits of TOS / traffic class (RFC 3168). */
#define PACKET_ECN_MASK 0x3
#define PACKET_ECN_NOT_ECT 0
#define PACKET_ECN_ECT1 1
#define PACKET_ECN_ECT0 2
#define PACKET_ECN_CE 3

/* GRE flag bits (RFC 2784, RFC 2890) in the first 16 bits. */
#define PACKET_GRE_C 0x8000	/* checksum and offset words present */
#define PACKET_GRE_R 0x4000	/* routing (RFC 1701): not supported */
#define PACKET_GRE_K 0x2000	/* key word present */
#define PACKET_GRE_S 0x1000	/* sequence word present */
#define PACKET_GRE_VERSION 0x0007

union packet_addr {
	struct in_addr v4;
	struct in6_addr v6;
};

/* ---- parsed headers --------------------------------------------------- */

struct packet_ip {
	int family;			/* AF_INET or AF_INET6 */
	union packet_addr src;
	union packet_addr dst;
	uint8_t tos;			/* TOS / traffic class: DSCP << 2 | ECN */
	uint32_t flowlabel;		/* IPv6: 20 bits */
	uint8_t ttl;			/* TTL / hop limit */
	uint16_t id;			/* IPv4 identification */
	uint16_t frag;			/* IPv4 flags + fragment offset (DF 0x4000) */
	uint16_t checksum;		/* IPv4 header checksum, as on the wire */
	uint8_t protocol;		/* what follows: IPv4 protocol, IPv6 last
					 * next header after extension headers */
	uint16_t header_len;		/* IPv4 with options; IPv6 40 + ext hdrs */
	uint16_t options_len;		/* IPv4 options; IPv6 ext header bytes */
	uint32_t total_len;		/* the length the header claims */
	uint8_t ext_count;		/* IPv6 extension headers, in order */
	uint8_t ext[PACKET_IPV6_MAX_EXT];
	size_t offset;			/* of the header in the bytes */
};

struct packet_gre {
	uint16_t flags;			/* first 16 bits: C R K S, version */
	uint16_t proto;			/* ethertype of what follows */
	uint16_t sum;			/* with C */
	uint16_t off;			/* with C */
	uint32_t key;			/* with K */
	uint32_t seq;			/* with S */
	uint16_t header_len;
	size_t offset;
};

struct packet_mpls_entry {
	uint32_t label;			/* 20 bits */
	uint8_t tc;			/* 3 bits */
	bool bottom;			/* S bit: bottom of stack */
	uint8_t ttl;
};

struct packet_mpls {
	uint8_t count;
	struct packet_mpls_entry entry[PACKET_MPLS_MAX];	/* outer first */
	size_t offset;
};

enum packet_layer_kind {
	PACKET_LAYER_IPV4,
	PACKET_LAYER_IPV6,
	PACKET_LAYER_GRE,
	PACKET_LAYER_MPLS,
};

/* An encapsulation header before the packet's own IP header. */
struct packet_layer {
	enum packet_layer_kind kind;
	union {
		struct packet_ip ip;		/* IPV4, IPV6 */
		struct packet_gre gre;
		struct packet_mpls mpls;
	};
};

struct packet_tcp {
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint16_t flags;			/* PACKET_TCP_* */
	uint16_t window;
	uint16_t checksum;		/* as on the wire */
	uint16_t urg_ptr;
	uint8_t header_len;		/* data offset * 4; 0 when not seen */
	struct tcp_options options;
};

struct packet_udp {
	uint16_t sport;
	uint16_t dport;
	uint16_t length;		/* the UDP length field */
	uint16_t checksum;
};

/*
 * The packet an ICMP error quotes: its IP header and the first transport
 * bytes (usually 8). Fields are valid as far as l4_len reaches: ports from
 * 4 bytes, the TCP seq from 8, the whole TCP header (ack, flags, window,
 * options) when l4_len covers its data offset.
 */
struct packet_quote {
	struct packet_ip ip;
	uint32_t l4_len;		/* transport bytes present */
	uint32_t payload_len;		/* TCP/UDP payload the quoted header
					 * claims (a TCP header of 20 bytes
					 * assumed when its offset is cut off) */
	struct packet_tcp tcp;		/* ip.protocol == IPPROTO_TCP */
	struct packet_udp udp;		/* ip.protocol == IPPROTO_UDP */
};

struct packet_icmp {
	uint8_t type;
	uint8_t code;
	uint16_t checksum;
	uint32_t rest;			/* the 4 bytes after the checksum */
	bool has_mtu;			/* v4 frag needed, v6 packet too big */
	uint32_t mtu;
	uint16_t id;			/* echo request/reply */
	uint16_t seq;
	bool has_quote;			/* an error quoting an IP packet */
	struct packet_quote quote;
};

struct packet {
	const uint8_t *bytes;		/* the parsed buffer (not owned) */
	size_t len;			/* bytes captured */
	uint8_t outer_count;		/* encapsulation, outermost first */
	struct packet_layer outer[PACKET_MAX_OUTER];
	struct packet_ip ip;		/* the packet's own (innermost) IP */
	uint8_t proto;			/* IPPROTO_TCP, _UDP, _ICMP, _ICMPV6,
					 * or another (transport not decoded) */
	struct packet_tcp tcp;
	struct packet_udp udp;
	struct packet_icmp icmp;	/* ICMP and ICMPv6 */
	size_t l4_offset;		/* transport header */
	size_t payload_offset;		/* data after the transport header */
	uint32_t payload_len;		/* as the headers claim */
	uint32_t payload_captured;	/* as present in the bytes */
	bool truncated;			/* payload_captured < payload_len */
};

/* ---- building --------------------------------------------------------- */

struct packet_ip_spec {
	int family;			/* AF_INET or AF_INET6 */
	union packet_addr src;
	union packet_addr dst;
	uint8_t tos;			/* TOS / traffic class, ECN bits included */
	uint32_t flowlabel;		/* IPv6 */
	uint8_t ttl;			/* 0: 255, what packetdrill injects */
	uint16_t id;			/* IPv4 */
	bool df;			/* IPv4 don't fragment */
	const uint8_t *options;		/* IPv4 options, a multiple of 4 bytes */
	size_t options_len;
};

struct packet_gre_spec {
	uint16_t flags;			/* C/K/S decide the optional words;
					 * R and a non-zero version refused */
	uint16_t sum;			/* written as given when sum_as_given, */
	bool sum_as_given;		/* else computed when C is set */
	uint16_t off;
	uint32_t key;
	uint32_t seq;
};

struct packet_mpls_spec {
	uint8_t count;
	struct packet_mpls_entry entry[PACKET_MPLS_MAX];	/* outer first;
					 * bottom bits written as given */
};

struct packet_layer_spec {
	enum packet_layer_kind kind;
	union {
		struct packet_ip_spec ip;
		struct packet_gre_spec gre;
		struct packet_mpls_spec mpls;
	};
};

struct packet_tcp_spec {
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint16_t flags;			/* PACKET_TCP_* */
	uint16_t window;
	uint16_t urg_ptr;
	const uint8_t *options;		/* wire bytes (tcp_options_build()),
					 * a multiple of 4, at most 40 */
	size_t options_len;
};

struct packet_udp_spec {
	uint16_t sport;
	uint16_t dport;
};

struct packet_spec;

struct packet_icmp_spec {
	uint8_t type;
	uint8_t code;
	bool has_mtu;			/* v4: 16 bits in bytes 6-7 (RFC 1191);
					 * v6: the 32-bit MTU (RFC 4443) */
	uint32_t mtu;
	uint16_t id;			/* bytes 4-5, echo identifier */
	uint16_t seq;			/* bytes 6-7, echo sequence */
	const struct packet_spec *quote;	/* the packet an error quotes,
					 * built in full then cut to its
					 * IP header(s) + quote_l4_len */
	uint32_t quote_l4_len;		/* 0: PACKET_QUOTE_L4_BYTES */
};

/*
 * One packet. outer[] are encapsulation headers, outermost first; the
 * builder derives every protocol, ethertype and length field from what
 * follows. The payload (payload_len bytes after the TCP/UDP header; for
 * ICMP after the 8-byte header and the quote, if any: echo data, or a raw
 * body) is a copy of `payload` when given, else zeros.
 */
struct packet_spec {
	uint8_t outer_count;
	struct packet_layer_spec outer[PACKET_MAX_OUTER];
	struct packet_ip_spec ip;
	uint8_t proto;			/* IPPROTO_TCP, _UDP, _ICMP, _ICMPV6 */
	struct packet_tcp_spec tcp;
	struct packet_udp_spec udp;
	struct packet_icmp_spec icmp;
	uint32_t payload_len;
	const uint8_t *payload;		/* NULL: zeros */
};

/*
 * Build the packet into buf (size bytes) and store its length in *len.
 * Returns 0, or -1 with err (bad family, unpadded options, a length that
 * does not fit a field or the buffer, an unsupported layer order, ...).
 */
int packet_build(const struct packet_spec *spec, uint8_t *buf, size_t size,
		 size_t *len, struct error *err);

/* ---- parsing ---------------------------------------------------------- */

/*
 * Decode an IP packet (no link-layer header). Returns 0, PACKET_TRUNCATED
 * (see the contract above), or -1 with err saying which header is bad and
 * why. Trailing bytes beyond the IP length are ignored (link padding).
 */
int packet_parse(const uint8_t *bytes, size_t len, struct packet *pkt,
		 struct error *err);

/*
 * One TCP segment the kernel split (TSO/GSO) read as the script's single
 * line, the way packetdrill aggregates: `first` takes `next`'s IP and TCP
 * headers (flags, ack, window, options) but keeps its own sequence number
 * and CWR flag, and grows by next's payload. The caller checks that next
 * continues first (same ports, contiguous sequence numbers).
 */
void packet_tcp_join(struct packet *first, const struct packet *next);

/* Checksums packet_verify_checksums() checks. */
#define PACKET_CHECK_IP 0x1	/* IPv4 header checksums, outer ones too */
#define PACKET_CHECK_GRE 0x2	/* GRE checksums where C is set */
#define PACKET_CHECK_L4 0x4	/* TCP, UDP (unless 0 over IPv4), ICMP */
#define PACKET_CHECK_ALL 0x7

/*
 * Recompute the checksums named by `which` over pkt->bytes. Returns 0 when
 * they all match, -1 with err naming the first that does not ("bad TCP
 * checksum 0x1234, expected 0xabcd") or when the packet is truncated.
 */
int packet_verify_checksums(const struct packet *pkt, unsigned int which,
			    struct error *err);

/* ---- printing --------------------------------------------------------- */

/* What packet_print() adds to the bare script form. */
#define PACKET_PRINT_ECN 0x01		/* [noecn] [ect0] [ect1] [ce] */
#define PACKET_PRINT_TOS 0x02		/* (tos 0x..) instead of [ecn] */
#define PACKET_PRINT_FLOWLABEL 0x04	/* (flowlabel 0x..), IPv6 */
#define PACKET_PRINT_TTL 0x08		/* (ttl N) */
#define PACKET_PRINT_PORTS 0x10		/* sport>dport */
#define PACKET_PRINT_ADDRS 0x20		/* ipv4 A > B: before the packet */
#define PACKET_PRINT_ACE 0x40		/* ECE|CWR|AE as one digit 0-7 */

/*
 * The packet as a script line writes it, without direction and time:
 *   S. 0:0(0) ack 1 win 65535 <mss 1460,nop,nop,sackOK,nop,wscale 7>
 *   udp (10)
 *   icmp unreachable frag_needed mtu 1200 [1:1461(1460)]
 * Encapsulation layers come first ("ipv4 A > B: gre: ..."). The end of
 * start:end(len) is start + payload length: SYN and FIN add nothing.
 * `ack N` is printed when ACK is set, `urg N` when URG is set.
 */
void packet_print(FILE *out, const struct packet *pkt, unsigned int flags);
/* The same as a malloc'ed string (free it), or NULL when out of memory. */
char *packet_to_string(const struct packet *pkt, unsigned int flags);

/*
 * A tcpdump-like line for verbose traces, all fields raw:
 *   IP (tos 0x0, ttl 64, id 0, len 60) 192.0.2.1.40000 > 192.168.0.1.8080:
 *   Flags [S], cksum 0x1a2b, seq 0, win 65535, options [mss 1460], length 0
 */
void packet_print_raw(FILE *out, const struct packet *pkt);
char *packet_to_string_raw(const struct packet *pkt);

/* ---- names: the script's words for wire values ------------------------ */

/* Flags as scripts write them, "FSRPUEWA." ('.' = ACK, last), "-" for none. */
#define PACKET_TCP_FLAGS_LEN 12
const char *packet_tcp_flags_string(uint16_t flags, bool ace,
				    char buf[PACKET_TCP_FLAGS_LEN]);
/*
 * Parse a script's flags: letters of ".FSRPEWAU", or a digit 0-7 giving
 * ECE|CWR|AE at once (AccECN's ACE field), or "-" for none.
 */
int packet_tcp_flags_parse(const char *text, uint16_t *flags,
			   struct error *err);

/* "noecn", "ect1", "ect0", "ce" for the low two bits of a TOS byte. */
const char *packet_ecn_name(uint8_t tos);

/*
 * ICMP names as scripts write them ("unreachable", "frag_needed",
 * "packet_too_big"), per family. Unknown values print as "type_N" and
 * "code_N", and those forms parse too. A code of 0 has no name when the
 * type has no code table (NULL is returned then).
 */
const char *packet_icmp_type_name(int family, uint8_t type, char buf[16]);
const char *packet_icmp_code_name(int family, uint8_t type, uint8_t code,
				  char buf[16]);
int packet_icmp_type_parse(int family, const char *name, uint8_t *type);
int packet_icmp_code_parse(int family, uint8_t type, const char *name,
			   uint8_t *code);
/* True for the ICMP types that quote the offending packet. */
bool packet_icmp_is_error(int family, uint8_t type);

#endif /* TCPDRILL_PACKET_H */
