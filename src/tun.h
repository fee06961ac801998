/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tun.h - the TUN device a test talks through.
 *
 * Contract: inside a private namespace (sandbox_enter()), tun_open()
 * creates a layer-3 TUN device and configures it through rtnetlink only:
 * MTU, local address and prefix, a route to the remote prefix, a plain
 * FIFO root qdisc (the kernel's default one when that is a FIFO, so that
 * scripts may still `tc qdisc add` their own; pfifo otherwise), the link up, and no traffic of the device's own (no
 * IPv6 link-local address, hence no router solicitation, DAD or MLD).
 * tun_write() injects an IP packet as if it came from the network;
 * tun_read() returns the next IP packet the kernel sent out of the device
 * with the kernel's timestamp of its departure, on CLOCK_MONOTONIC.
 * Knows nothing of scripts or packet contents.
 *
 * Errors from tun_open() are about the environment or the addresses
 * given: the caller reports them with exit status 2.
 */
#ifndef TCPDRILL_TUN_H
#define TCPDRILL_TUN_H

#include <stddef.h>
#include <time.h>
#include <netinet/in.h>

#include "error.h"

#define TUN_NAME "tun0"

struct tun_addr {
	int family;			/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

struct tun_config {
	int family;			/* of the wire: AF_INET (also for
					 * ipv4-mapped-ipv6) or AF_INET6 */
	struct tun_addr local;		/* our address on the device */
	int local_prefix_len;
	struct tun_addr gateway;	/* next hop to the remote prefix; when
					 * equal to `local`, the route is a
					 * device route */
	struct tun_addr remote;		/* the peer, reached over the device */
	int remote_prefix_len;
	int mtu;			/* 0: 1500 */
	const char *name;		/* NULL: TUN_NAME */
	int no_sniff;			/* 1: no outbound capture at all, for a
					 * run that never reads a packet: the
					 * packet socket's close costs an RCU
					 * grace period (~10 ms) at exit */
	int teardown_with_netns;	/* 1: tun_close() leaves the device to
					 * the namespace; see tun_close() */
};

struct tun;

/*
 * The defaults of SPEC §8 for a wire family:
 *   AF_INET:  local 192.168.0.1/16, gateway 192.168.0.1, remote 192.0.2.1/24
 *   AF_INET6: local fd3d:fa7b:d17d::1/48, gateway fd3d:fa7b:d17d:8888::1,
 *             remote 2001:db8::1/32
 * with MTU 1500 and teardown_with_netns set.
 */
int tun_config_default(struct tun_config *cfg, int family, struct error *err);

/* Parse a numeric IPv4 or IPv6 address ("192.0.2.1", "2001:db8::1"). */
int tun_addr_parse(struct tun_addr *addr, const char *text, struct error *err);

/* Create and configure the device; refused outside a private namespace. */
int tun_open(const struct tun_config *cfg, struct tun **out,
	     struct error *err);
/*
 * Close our descriptors and free `tun`. Removing a network device makes
 * the kernel wait for RCU grace periods, about 35 ms here, most of it
 * idle. With cfg->teardown_with_netns the device is persistent: it stays
 * (down, carrier off) until the namespace dies with its last process, and
 * the kernel removes it then, in the background; tun_close() returns at
 * once. Without it, tun_close() removes the device and waits.
 * Closing the packet socket also waits for one RCU grace period (the
 * kernel's packet_release() calls synchronize_net()), about 9 ms here,
 * idle, not CPU: a runner should take the child's verdict before it
 * waits for the child's exit.
 */
void tun_close(struct tun *tun);

/* Inject one IPv4 or IPv6 packet (no link header) as received. */
int tun_write(struct tun *tun, const void *packet, size_t len,
	      struct error *err);

/*
 * The same for a TCP packet the kernel is to take as a GSO packet of
 * `mss`-byte segments, as a NIC's GRO hands it up (packetdrill's --mss: a
 * line longer than the MTU arrives whole, and the receiver measures its
 * MSS from mss). mss 0 is tun_write().
 */
int tun_write_gso(struct tun *tun, const void *packet, size_t len,
		  unsigned int mss, struct error *err);

/*
 * The next outbound packet, if one is waiting (never blocks): returns 1
 * and fills `buf`, `*len` and `*when` (CLOCK_MONOTONIC, the kernel's
 * timestamp of the packet leaving through the device); 0 when none is
 * waiting; -1 on error (also when the packet is larger than `cap`, and
 * once outbound packets were lost because the capture buffer overflowed:
 * from then on what the kernel sent is not known).
 * `when` may be NULL.
 */
int tun_read(struct tun *tun, void *buf, size_t cap, size_t *len,
	     struct timespec *when, struct error *err);

/*
 * Wait until an outbound packet is waiting or the CLOCK_MONOTONIC time
 * `deadline` passes (NULL: no deadline). Returns 1 when a packet is
 * waiting, 0 at the deadline, -1 on error (lost packets too, as for
 * tun_read()). EINTR is retried.
 */
int tun_wait(struct tun *tun, const struct timespec *deadline,
	     struct error *err);

/*
 * The fd that becomes readable (POLLIN) when an outbound packet waits,
 * for callers with their own poll loop; after it wakes, call tun_read().
 */
int tun_poll_fd(const struct tun *tun);

int tun_ifindex(const struct tun *tun);
const char *tun_name(const struct tun *tun);

#endif /* TCPDRILL_TUN_H */
