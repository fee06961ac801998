/* SPDX-License-Identifier: GPL-2.0 */
/*
 * packet_internal.h - helpers shared by the packet room's files only
 * (packet.c, packet_build.c, packet_parse.c, packet_print.c, tcp_options.c).
 * Not an API: other rooms include packet.h.
 */
#ifndef TCPDRILL_PACKET_INTERNAL_H
#define TCPDRILL_PACKET_INTERNAL_H

#include <stdint.h>

#include "packet.h"

/* Ethertypes GRE carries (IEEE registry; RFC 5332 for MPLS). */
#define PACKET_ETH_IPV4 0x0800
#define PACKET_ETH_IPV6 0x86dd
#define PACKET_ETH_MPLS_UC 0x8847
#define PACKET_ETH_MPLS_MC 0x8848

/* Fixed header sizes. */
#define PACKET_IPV4_MIN 20
#define PACKET_IPV4_MAX 60
#define PACKET_IPV6_LEN 40
#define PACKET_TCP_MIN 20
#define PACKET_UDP_LEN 8
#define PACKET_ICMP_LEN 8
#define PACKET_GRE_MIN 4
#define PACKET_MPLS_LEN 4

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, v >> 16);
	put_be16(p + 2, v & 0xffff);
}

/*
 * The transport checksum of `len` bytes at `data` (checksum field zeroed
 * when building, as sent when verifying), with the pseudo-header TCP, UDP
 * and ICMPv6 include; ICMPv4 has none.
 */
uint16_t packet_l4_checksum(int family, const union packet_addr *src,
			    const union packet_addr *dst, uint8_t proto,
			    const uint8_t *data, size_t len);

/*
 * The bits of the ICMP rest-of-header word that carry an MTU for this
 * type and code: 16 (v4 frag needed, RFC 1191), 32 (v6 packet too big,
 * RFC 4443), or 0 for none.
 */
int packet_icmp_mtu_bits(int family, uint8_t type, uint8_t code);

/* True for the types whose rest-of-header is an echo id and sequence. */
bool packet_icmp_is_echo(int family, uint8_t type);

/*
 * How each encapsulation layer is announced by the header before it: the
 * IP protocol number (RFC 2003 IP-in-IP, RFC 2473 IPv6, RFC 2784 GRE,
 * RFC 4023 MPLS-in-IP) and the GRE ethertype (0: GRE cannot carry it).
 */
struct packet_layer_info {
	const char *name;
	uint8_t ip_proto;
	uint16_t ethertype;
};

extern const struct packet_layer_info packet_layers[];

/* The layer an IP protocol / GRE ethertype announces, or -1. */
int packet_layer_by_ip_proto(uint8_t proto);
int packet_layer_by_ethertype(uint16_t ethertype);

/* The layer kind of an IP header of this family. */
enum packet_layer_kind packet_layer_of_family(int family);

/* The family whose ICMP this protocol number is (AF_INET for ICMP). */
int packet_icmp_family(uint8_t proto);

#endif /* TCPDRILL_PACKET_INTERNAL_H */
