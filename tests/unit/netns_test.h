/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netns_test.h - helpers for the unit tests that need a network namespace.
 *
 * netns_fork() runs a function in a forked child that first enters a new
 * sandbox; the child's TAP lines continue the parent's numbering and its
 * counts come back over a pipe. netns_snapshot() renders the links,
 * addresses and routes of the current namespace as text, to prove that
 * the starting namespace is left as it was. The packet builders are the
 * least the tests need (a real codec lives in src/packet.*): IPv4/IPv6
 * UDP and IPv4 TCP without options, with correct checksums.
 */
#ifndef TCPDRILL_NETNS_TEST_H
#define TCPDRILL_NETNS_TEST_H

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "netlink.h"
#include "sandbox.h"
#include "tap.h"

/* Tests that need root say so in TAP and pass; CI runs them as root. */
static inline int netns_skip_unless_root(void)
{
	if (geteuid() == 0)
		return 0;
	printf("1..0 # SKIP not root\n");
	return 1;
}

#define NETNS_NO_SANDBOX (-1)

/*
 * Run fn(arg) in a child. With mode >= 0 the child enters a sandbox of
 * that mode first (a failure is a failed test point). A child that dies
 * early, by a signal or by the 60 s alarm, is a failed test point too.
 */
static inline void netns_fork(const char *what, int mode,
			      void (*fn)(void *), void *arg)
{
	int counts[2], fds[2], status = 0;
	ssize_t got = 0;
	pid_t pid;

	printf("# %s\n", what);
	fflush(stdout);
	if (pipe(fds) < 0 || (pid = fork()) < 0) {
		tap_ok(0, what);
		return;
	}
	if (pid == 0) {
		struct error err = { 0 };

		close(fds[0]);
		alarm(60);
		if (mode >= 0 && sandbox_enter_mode(mode, &err) < 0) {
			tap_ok(0, what);
			printf("#   sandbox_enter: %s\n", err.message);
		} else {
			fn(arg);
		}
		error_clear(&err);
		counts[0] = tap_count;
		counts[1] = tap_failed;
		fflush(stdout);
		if (write(fds[1], counts, sizeof(counts)) != sizeof(counts))
			_exit(3);
		exit(0);
	}
	close(fds[1]);
	got = read(fds[0], counts, sizeof(counts));
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (got == (ssize_t)sizeof(counts)) {
		tap_count = counts[0];
		tap_failed = counts[1];
	}
	if (got != (ssize_t)sizeof(counts) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		tap_ok(0, what);
		printf("#   child status 0x%x%s\n", status,
		       WIFSIGNALED(status) ? " (killed by a signal)" : "");
	}
}

/* ---- the state of a namespace as text ------------------------------------ */

static inline void netns_put_addr(FILE *out, int family, const uint8_t *a)
{
	char text[INET6_ADDRSTRLEN] = "?";

	inet_ntop(family, a, text, sizeof(text));
	fputs(text, out);
}

/* Links (up or down), addresses and routes; NULL on failure. */
static inline char *netns_snapshot(void)
{
	struct nl_link *links = NULL;
	struct nl_addr *addrs = NULL;
	struct nl_route *routes = NULL;
	size_t nlinks = 0, naddrs = 0, nroutes = 0, i, len = 0;
	struct error err = { 0 };
	char *text = NULL;
	struct nl *nl;
	FILE *out;

	if (nl_open(&nl, NETLINK_ROUTE, &err) < 0)
		goto fail;
	if (nl_link_dump(nl, &links, &nlinks, &err) < 0 ||
	    nl_addr_dump(nl, AF_UNSPEC, &addrs, &naddrs, &err) < 0 ||
	    nl_route_dump(nl, AF_UNSPEC, &routes, &nroutes, &err) < 0)
		goto fail_nl;
	out = open_memstream(&text, &len);
	for (i = 0; i < nlinks; i++)
		fprintf(out, "link %d %s mtu %u %s\n", links[i].ifindex,
			links[i].name, links[i].mtu,
			links[i].flags & 1 ? "up" : "down");
	for (i = 0; i < naddrs; i++) {
		fprintf(out, "addr %d ", addrs[i].ifindex);
		netns_put_addr(out, addrs[i].family, addrs[i].addr);
		fprintf(out, "/%d\n", addrs[i].prefix_len);
	}
	for (i = 0; i < nroutes; i++) {
		fprintf(out, "route table %u type %d ", routes[i].table,
			routes[i].type);
		netns_put_addr(out, routes[i].family, routes[i].dst);
		fprintf(out, "/%d oif %d", routes[i].dst_len, routes[i].oif);
		if (routes[i].has_gateway) {
			fputs(" via ", out);
			netns_put_addr(out, routes[i].family,
				       routes[i].gateway);
		}
		fputc('\n', out);
	}
	fclose(out);
fail_nl:
	nl_close(nl);
fail:
	if (error_is_set(&err))
		printf("#   snapshot: %s\n", err.message);
	error_clear(&err);
	free(links);
	free(addrs);
	free(routes);
	return text;
}

/* ---- time ------------------------------------------------------------------ */

static inline int64_t netns_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static inline int64_t netns_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return netns_ns(&ts);
}

static inline struct timespec netns_after_ms(int ms)
{
	int64_t ns = netns_now_ns() + (int64_t)ms * 1000000;
	struct timespec ts = { ns / 1000000000, ns % 1000000000 };

	return ts;
}

/* ---- packets ------------------------------------------------------------------ */

static inline uint32_t netns_sum(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static inline uint16_t netns_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* The checksum of a transport segment with its pseudo-header. */
static inline uint16_t netns_l4_sum(int family, const void *src,
				    const void *dst, int proto,
				    const void *seg, size_t len)
{
	size_t alen = family == AF_INET6 ? 16 : 4;
	uint32_t sum = 0;

	sum = netns_sum(sum, src, alen);
	sum = netns_sum(sum, dst, alen);
	sum += (uint32_t)proto + (uint32_t)len;
	return netns_fold(netns_sum(sum, seg, len));
}

static inline size_t netns_ip4_header(uint8_t *p, const void *src,
				      const void *dst, int proto,
				      size_t payload)
{
	size_t total = 20 + payload;

	memset(p, 0, 20);
	p[0] = 0x45;
	p[2] = total >> 8;
	p[3] = total & 0xff;
	p[8] = 64;
	p[9] = (uint8_t)proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	memcpy(p + 10, &(uint16_t){ netns_fold(netns_sum(0, p, 20)) }, 2);
	return 20;
}

static inline size_t netns_ip6_header(uint8_t *p, const void *src,
				      const void *dst, int proto,
				      size_t payload)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	p[4] = payload >> 8;
	p[5] = payload & 0xff;
	p[6] = (uint8_t)proto;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	return 40;
}

/* An IPv4 or IPv6 UDP datagram; ports in host order. Returns its size. */
static inline size_t netns_udp(uint8_t *p, int family, const void *src,
			       uint16_t sport, const void *dst,
			       uint16_t dport, const void *data, size_t len)
{
	size_t ulen = 8 + len, hl;
	uint8_t *u;
	uint16_t sum;

	hl = family == AF_INET6 ?
	     netns_ip6_header(p, src, dst, IPPROTO_UDP, ulen) :
	     netns_ip4_header(p, src, dst, IPPROTO_UDP, ulen);
	u = p + hl;
	memcpy(u, &(uint16_t){ htons(sport) }, 2);
	memcpy(u + 2, &(uint16_t){ htons(dport) }, 2);
	memcpy(u + 4, &(uint16_t){ htons((uint16_t)ulen) }, 2);
	memset(u + 6, 0, 2);
	memcpy(u + 8, data, len);
	sum = netns_l4_sum(family, src, dst, IPPROTO_UDP, u, ulen);
	memcpy(u + 6, &sum, 2);
	return hl + ulen;
}

enum { NETNS_FIN = 0x01, NETNS_SYN = 0x02, NETNS_RST = 0x04,
       NETNS_ACK = 0x10 };

/* An IPv4 TCP segment without options or payload; returns its size. */
static inline size_t netns_tcp4(uint8_t *p, const void *src, uint16_t sport,
				const void *dst, uint16_t dport,
				uint32_t seq, uint32_t ack, int flags)
{
	uint8_t *t = p + netns_ip4_header(p, src, dst, IPPROTO_TCP, 20);
	uint16_t sum;

	memset(t, 0, 20);
	memcpy(t, &(uint16_t){ htons(sport) }, 2);
	memcpy(t + 2, &(uint16_t){ htons(dport) }, 2);
	memcpy(t + 4, &(uint32_t){ htonl(seq) }, 4);
	memcpy(t + 8, &(uint32_t){ htonl(ack) }, 4);
	t[12] = 5 << 4;
	t[13] = (uint8_t)flags;
	t[14] = 0xff;		/* window 65535 */
	t[15] = 0xff;
	sum = netns_l4_sum(AF_INET, src, dst, IPPROTO_TCP, t, 20);
	memcpy(t + 16, &sum, 2);
	return 40;
}

/* Fields of an outbound IPv4 TCP segment; 0 when it is not one. */
struct netns_tcp_seen {
	uint16_t sport, dport;
	uint32_t seq, ack;
	int flags;
};

static inline int netns_parse_tcp4(const uint8_t *p, size_t len,
				   struct netns_tcp_seen *seen)
{
	size_t ihl;
	const uint8_t *t;

	if (len < 20 || p[0] >> 4 != 4 || p[9] != IPPROTO_TCP)
		return 0;
	ihl = (size_t)(p[0] & 0xf) * 4;
	if (len < ihl + 20)
		return 0;
	t = p + ihl;
	seen->sport = (uint16_t)(t[0] << 8 | t[1]);
	seen->dport = (uint16_t)(t[2] << 8 | t[3]);
	seen->seq = (uint32_t)t[4] << 24 | t[5] << 16 | t[6] << 8 | t[7];
	seen->ack = (uint32_t)t[8] << 24 | t[9] << 16 | t[10] << 8 | t[11];
	seen->flags = t[13];
	return 1;
}

#endif /* TCPDRILL_NETNS_TEST_H */
