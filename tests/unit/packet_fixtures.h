/* SPDX-License-Identifier: GPL-2.0 */
/*
 * packet_fixtures.h - specs and helpers shared by the packet room's tests:
 * the addresses packetdrill uses by default, a TCP connection's segment in
 * either family, build-then-parse in one call.
 */
#ifndef TCPDRILL_PACKET_FIXTURES_H
#define TCPDRILL_PACKET_FIXTURES_H

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "packet.h"
#include "tap.h"

#define REMOTE4 "192.0.2.1"
#define LOCAL4 "192.168.0.1"
#define REMOTE6 "2001:db8::1"
#define LOCAL6 "fd3d:fa7b:d17d::1"

static inline void spec_ip(struct packet_ip_spec *ip, int family,
			   const char *src, const char *dst)
{
	memset(ip, 0, sizeof(*ip));
	ip->family = family;
	inet_pton(family, src, family == AF_INET ? (void *)&ip->src.v4
						 : (void *)&ip->src.v6);
	inet_pton(family, dst, family == AF_INET ? (void *)&ip->dst.v4
						 : (void *)&ip->dst.v6);
	ip->ttl = 64;
}

/* A peer -> kernel TCP segment with no options. */
static inline void spec_tcp(struct packet_spec *spec, int family)
{
	memset(spec, 0, sizeof(*spec));
	if (family == AF_INET)
		spec_ip(&spec->ip, family, REMOTE4, LOCAL4);
	else
		spec_ip(&spec->ip, family, REMOTE6, LOCAL6);
	spec->proto = IPPROTO_TCP;
	spec->tcp.sport = 40000;
	spec->tcp.dport = 8080;
	spec->tcp.window = 65535;
}

/* Turn spec into the kernel's reply direction (local -> remote). */
static inline void spec_reverse(struct packet_spec *spec)
{
	union packet_addr tmp = spec->ip.src;
	uint16_t port = spec->tcp.sport;

	spec->ip.src = spec->ip.dst;
	spec->ip.dst = tmp;
	spec->tcp.sport = spec->tcp.dport;
	spec->tcp.dport = port;
	port = spec->udp.sport;
	spec->udp.sport = spec->udp.dport;
	spec->udp.dport = port;
}

/* Build and parse; on failure print the error and return -1. */
static inline int build_parse(const struct packet_spec *spec, uint8_t *buf,
			      size_t size, size_t *len, struct packet *pkt)
{
	struct error err = { 0 };
	int rc;

	if (packet_build(spec, buf, size, len, &err) < 0) {
		printf("# build: %s\n", err.message);
		error_clear(&err);
		return -1;
	}
	rc = packet_parse(buf, *len, pkt, &err);
	if (rc != 0) {
		printf("# parse (%d): %s\n", rc, err.message);
		error_clear(&err);
		return -1;
	}
	return 0;
}

/* The build error message (static buffer), or "" when it built. */
static inline const char *build_error(const struct packet_spec *spec,
				      size_t size)
{
	static char text[256];
	struct error err = { 0 };
	uint8_t *buf = malloc(size ? size : 1);
	size_t len;

	text[0] = '\0';
	if (packet_build(spec, buf, size, &len, &err) < 0)
		snprintf(text, sizeof(text), "%s", err.message);
	error_clear(&err);
	free(buf);
	return text;
}

/* Checksums all good? Print the error when not. */
static inline int checksums_ok(const struct packet *pkt)
{
	struct error err = { 0 };

	if (packet_verify_checksums(pkt, PACKET_CHECK_ALL, &err) == 0)
		return 1;
	printf("# %s\n", err.message);
	error_clear(&err);
	return 0;
}

static inline int addr4_is(const struct in_addr *a, const char *text)
{
	struct in_addr want;

	inet_pton(AF_INET, text, &want);
	return a->s_addr == want.s_addr;
}

static inline int addr6_is(const struct in6_addr *a, const char *text)
{
	struct in6_addr want;

	inet_pton(AF_INET6, text, &want);
	return memcmp(a, &want, sizeof(want)) == 0;
}

static inline int contains(const char *text, const char *part)
{
	if (text && strstr(text, part))
		return 1;
	printf("#   \"%s\" does not contain \"%s\"\n", text ? text : "(null)",
	       part);
	return 0;
}

#endif /* TCPDRILL_PACKET_FIXTURES_H */
