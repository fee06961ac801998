// SPDX-License-Identifier: GPL-2.0
/*
 * tun.c - the TUN device: creation, rtnetlink configuration, injection,
 * and timestamped capture of outbound packets; see tun.h.
 *
 * Two file descriptors serve one device:
 *  - the TUN fd: tun_write() injects through it. The kernel also queues
 *    every outbound packet on it; nobody needs those copies, so they are
 *    drained and dropped at each tun_read(). Left alone, the queue fills
 *    at 500 packets and Linux 6.18 then drops the device's copies, which
 *    costs us nothing (the packet socket got its copy before the driver
 *    saw the packet) but shows as tx_dropped; a kernel that stopped the
 *    device's queue instead would hold our packets back. test_tun checks
 *    that 2000 packets pass with none dropped.
 *  - an AF_PACKET socket bound to the device: the kernel hands it a copy
 *    of each outbound packet when the packet reaches the driver, stamped
 *    at that moment. That stamp is the departure time the timing checks
 *    need, taken by the kernel, not whenever we got around to read().
 */
#include "tun.h"

#include <arpa/inet.h>
#include <errno.h>
#include <time.h>
#include <net/if.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "netlink.h"
#include "sandbox.h"

/*
 * Room for a burst of outbound copies while the event loop is busy
 * elsewhere: 4 MiB holds about 2000 full-size frames (each costs about
 * 2 KiB of buffer), four times the device's 500-packet queue.
 */
#define TUN_PACKET_RCVBUF (4 << 20)

struct tun {
	int fd;			/* the TUN queue: inject, and drain */
	int packet_fd;		/* outbound copies with kernel stamps */
	unsigned int lost;	/* copies the kernel dropped: buffer full */
	int ifindex;
	char name[IFNAMSIZ];
};

/* ---- clocks -------------------------------------------------------------- */

static int64_t tun_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static struct timespec tun_timespec(int64_t ns)
{
	struct timespec ts = {
		.tv_sec = ns / 1000000000,
		.tv_nsec = ns % 1000000000,
	};

	return ts;
}

static int64_t tun_clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return tun_ns(&ts);
}

static const struct timespec *tun_find_stamp(struct msghdr *msg)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_TIMESTAMPNS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct timespec)))
			return (const struct timespec *)CMSG_DATA(c);
	return NULL;
}

/* ---- configuration ------------------------------------------------------- */

int tun_addr_parse(struct tun_addr *addr, const char *text, struct error *err)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, text, &addr->v4) == 1) {
		addr->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, &addr->v6) == 1) {
		addr->family = AF_INET6;
		return 0;
	}
	return error_set(err, "'%s' is not a numeric IPv4 or IPv6 address",
			 text);
}

/* One row per wire family: the defaults of SPEC §8. */
struct tun_defaults {
	int family;
	const char *local;
	int local_prefix_len;
	const char *gateway;
	const char *remote;
	int remote_prefix_len;
};

/*
 * The remote end lives in the documentation ranges (192.0.2.0/24,
 * 2001:db8::/32) so that no packet of a test can reach a real host;
 * the local side is a private range the tests own inside the namespace.
 */
static const struct tun_defaults tun_defaults[] = {
	{ AF_INET, "192.168.0.1", 16, "192.168.0.1", "192.0.2.1", 24 },
	{ AF_INET6, "fd3d:fa7b:d17d::1", 48, "fd3d:fa7b:d17d:8888::1",
	  "2001:db8::1", 32 },
};

int tun_config_default(struct tun_config *cfg, int family, struct error *err)
{
	size_t i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < sizeof(tun_defaults) / sizeof(tun_defaults[0]); i++) {
		const struct tun_defaults *d = &tun_defaults[i];

		if (d->family != family)
			continue;
		cfg->family = family;
		cfg->local_prefix_len = d->local_prefix_len;
		cfg->remote_prefix_len = d->remote_prefix_len;
		cfg->mtu = 1500;
		cfg->teardown_with_netns = 1;
		if (tun_addr_parse(&cfg->local, d->local, err) < 0 ||
		    tun_addr_parse(&cfg->gateway, d->gateway, err) < 0 ||
		    tun_addr_parse(&cfg->remote, d->remote, err) < 0)
			return -1;
		return 0;
	}
	return error_set(err, "no TUN defaults for address family %d", family);
}

static size_t tun_addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static int tun_addr_equal(const struct tun_addr *a, const struct tun_addr *b)
{
	return a->family == b->family &&
	       memcmp(&a->v6, &b->v6, tun_addr_len(a->family)) == 0;
}

static int tun_config_check(const struct tun_config *cfg, struct error *err)
{
	int bits = cfg->family == AF_INET6 ? 128 : 32;
	int min_mtu = cfg->family == AF_INET6 ? 1280 : 68;

	if (cfg->family != AF_INET && cfg->family != AF_INET6)
		return error_set(err, "TUN: address family %d is neither "
				 "IPv4 nor IPv6", cfg->family);
	if (cfg->local.family != cfg->family ||
	    cfg->gateway.family != cfg->family ||
	    cfg->remote.family != cfg->family)
		return error_set(err, "TUN: local, gateway and remote "
				 "addresses must all be %s",
				 cfg->family == AF_INET6 ? "IPv6" : "IPv4");
	if (cfg->local_prefix_len < 0 || cfg->local_prefix_len > bits ||
	    cfg->remote_prefix_len < 0 || cfg->remote_prefix_len > bits)
		return error_set(err, "TUN: prefix lengths must be 0..%d",
				 bits);
	if (cfg->mtu && (cfg->mtu < min_mtu || cfg->mtu > 65535))
		return error_set(err, "TUN: MTU %d out of range %d..65535",
				 cfg->mtu, min_mtu);
	if (cfg->name && (!cfg->name[0] || strlen(cfg->name) >= IFNAMSIZ))
		return error_set(err, "TUN: bad device name '%s'", cfg->name);
	return 0;
}

/* ---- the device ------------------------------------------------------------ */

static int tun_create(struct tun *tun, const struct tun_config *cfg,
		      struct error *err)
{
	const char *name = cfg->name ? cfg->name : TUN_NAME;
	struct ifreq ifr;

	tun->fd = open(SANDBOX_TUN_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (tun->fd < 0)
		return error_set(err, "cannot open %s: %s", SANDBOX_TUN_PATH,
				 strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	/* Layer 3, and no 4-byte protocol header: the kernel tells IPv4 from
	 * IPv6 by the version nibble of what we write. A virtio-net header
	 * before each packet lets one go in as a GSO packet (--mss); the
	 * device offers no offload, so what leaves is still segmented at the
	 * MSS and checksummed by the stack. */
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_VNET_HDR;
	if (ioctl(tun->fd, TUNSETIFF, &ifr) < 0)
		return error_set(err, "cannot create TUN device %s: %s%s", name,
				 strerror(errno), errno == EPERM ?
				 " (needs CAP_NET_ADMIN in this namespace)" :
				 "");
	/*
	 * See tun_close() in tun.h. When a namespace dies, the kernel moves
	 * devices without rtnl_link_ops (physical ones) to the initial
	 * namespace and unregisters the rest; a TUN device has link ops
	 * ("tun"), so it is unregistered with the namespace, never handed to
	 * the host.
	 */
	if (cfg->teardown_with_netns && ioctl(tun->fd, TUNSETPERSIST, 1) < 0)
		return error_set(err, "cannot make TUN device %s persistent: "
				 "%s", name, strerror(errno));
	snprintf(tun->name, sizeof(tun->name), "%s", ifr.ifr_name);
	tun->ifindex = (int)if_nametoindex(tun->name);
	if (tun->ifindex == 0)
		return error_set(err, "cannot find the index of %s: %s",
				 tun->name, strerror(errno));
	return 0;
}

/*
 * The packet socket opens with protocol 0, which receives nothing, so no
 * packet slips past the filter before it is attached; binding to ETH_P_ALL
 * on the device at the end starts the capture.
 */
static int tun_packet_open(struct tun *tun, struct error *err)
{
	tun->packet_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC |
				SOCK_NONBLOCK, 0);
	if (tun->packet_fd < 0)
		return error_set(err, "cannot open a packet socket: %s",
				 strerror(errno));
	return 0;
}

/*
 * Only what the kernel sends: packets we inject pass the same device as
 * PACKET_HOST and would otherwise wake the reader for nothing. Classic BPF
 * reads the packet type from the ancillary area; returning 0 drops.
 */
static struct sock_filter tun_outgoing_only[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

static int tun_packet_bind(struct tun *tun, struct error *err)
{
	struct sock_fprog prog = {
		.len = sizeof(tun_outgoing_only) / sizeof(tun_outgoing_only[0]),
		.filter = tun_outgoing_only,
	};
	struct sockaddr_ll sll;
	int bytes = TUN_PACKET_RCVBUF;
	int one = 1;

	if (setsockopt(tun->packet_fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
		       sizeof(prog)) < 0)
		return error_set(err, "packet socket filter: %s",
				 strerror(errno));
	if (setsockopt(tun->packet_fd, SOL_SOCKET, SO_TIMESTAMPNS, &one,
		       sizeof(one)) < 0)
		return error_set(err, "packet socket timestamps: %s",
				 strerror(errno));
	/* FORCE goes past net.core.rmem_max but needs CAP_NET_ADMIN; the
	 * plain option, capped at rmem_max, is the fallback. */
	if (setsockopt(tun->packet_fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes,
		       sizeof(bytes)) < 0)
		setsockopt(tun->packet_fd, SOL_SOCKET, SO_RCVBUF, &bytes,
			   sizeof(bytes));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = tun->ifindex;
	if (bind(tun->packet_fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return error_set(err, "cannot bind the packet socket to %s: %s",
				 tun->name, strerror(errno));
	return 0;
}

/*
 * Root qdiscs that queue in plain arrival order and never pace: the device
 * keeps its default one when it is of these kinds. Keeping the default
 * (handle 0:) matters beyond timing: packetdrill's defaults.sh runs
 * `tc qdisc add dev tun0 root pfifo`, which replaces a default qdisc but
 * fails ("Exclusivity flag on") over one that was added explicitly.
 */
static const char *const tun_fifo_qdiscs[] = {
	"pfifo_fast", "pfifo", "bfifo", "noqueue",
};

static bool tun_root_is_fifo(struct nl *nl, int ifindex, struct error *err)
{
	struct nl_qdisc *q = NULL;
	size_t n = 0, i, k;
	bool fifo = false;

	if (nl_qdisc_dump(nl, &q, &n, err) < 0) {
		error_clear(err);
		return false;
	}
	for (i = 0; i < n; i++) {
		if (q[i].ifindex != ifindex || q[i].parent != TC_H_ROOT)
			continue;
		for (k = 0; k < sizeof(tun_fifo_qdiscs) / sizeof(tun_fifo_qdiscs[0]); k++)
			fifo |= strcmp(q[i].kind, tun_fifo_qdiscs[k]) == 0;
	}
	free(q);
	return fifo;
}

/*
 * A pacing default (net.core.default_qdisc=fq) would delay packets against
 * the script's timeline: such a root is replaced by pfifo.
 */
static int tun_plain_fifo(struct nl *nl, int ifindex, struct error *err)
{
	if (tun_root_is_fifo(nl, ifindex, err))
		return 0;
	return nl_qdisc_replace_root(nl, ifindex, "pfifo", err);
}

/* 1 when the routing table delivers dst (IPv6) locally, 0 when not yet. */
static int tun_ipv6_local_route(struct nl *nl, const void *dst)
{
	struct nl_route *r = NULL;
	struct error ignored = { 0 };
	size_t n = 0, i;
	int found = 0;

	if (nl_route_dump(nl, AF_INET6, &r, &n, &ignored) < 0) {
		error_clear(&ignored);
		return 0;
	}
	for (i = 0; i < n && !found; i++)
		found = r[i].type == RTN_LOCAL && r[i].dst_len == 128 &&
			memcmp(r[i].dst, dst, 16) == 0;
	free(r);
	return found;
}

/*
 * An IPv6 address is listed as soon as it is added, but packets for it are
 * delivered only once its local route is in, and the kernel inserts that
 * route from a workqueue (when "DAD" completes, at once for a NODAD
 * address, but in another thread): on a loaded machine a packet injected
 * right after set-up was dropped as not ours (Ip6InAddrErrors). Wait for
 * the route, up to TUN_LOCAL_ROUTE_WAIT_USECS.
 */
#define TUN_LOCAL_ROUTE_WAIT_USECS 2000000

static int tun_await_ipv6_local(struct nl *nl, const void *addr,
				struct error *err)
{
	long waited = 0, step = 50;

	while (!tun_ipv6_local_route(nl, addr)) {
		if (waited >= TUN_LOCAL_ROUTE_WAIT_USECS)
			return error_set(err, "the local IPv6 address got no local "
					 "route within %d ms",
					 TUN_LOCAL_ROUTE_WAIT_USECS / 1000);
		nanosleep(&(struct timespec){ 0, step * 1000 }, NULL);
		waited += step;
		if (step < 5000)
			step *= 2;
	}
	return 0;
}

/*
 * Besides the route to the remote prefix, one to the remote address
 * itself, as packetdrill makes (it routes only the address): scripts
 * change it with `ip route change 192.0.2.1 via ... advmss 600 mtu lock
 * 640` (mtu_probe/), which needs that exact route to exist.
 */
static int tun_remote_host_route(struct nl *nl, const struct tun *tun,
				 const struct tun_config *cfg, const void *gw,
				 struct error *err)
{
	int bits = cfg->family == AF_INET6 ? 128 : 32;

	if (cfg->remote_prefix_len >= bits)
		return 0;
	return nl_route_add(nl, tun->ifindex, cfg->family, &cfg->remote.v6, bits,
			    gw, err);
}

/*
 * The order matters: the IPv6 address mode must be set while the link is
 * down (a link-local address is made when it goes up, and with it router
 * solicitations); the default qdisc is attached when the link goes up, and
 * is checked (or replaced) before any address or route lets a packet
 * queue; the routes need the link up and, for a gateway, the prefix route that comes
 * with the local address.
 */
/* 1 when the address is on the device and no longer tentative. */
static int tun_addr_settled(struct nl *nl, int ifindex,
			    const struct tun_addr *addr, struct error *err)
{
	struct nl_addr *addrs = NULL;
	size_t count = 0, i;
	int ready = 0;

	if (nl_addr_dump(nl, AF_INET6, &addrs, &count, err) < 0)
		return -1;
	for (i = 0; i < count; i++)
		if (addrs[i].ifindex == ifindex &&
		    memcmp(addrs[i].addr, &addr->v6, 16) == 0)
			ready = !(addrs[i].flags & IFA_F_TENTATIVE);
	free(addrs);
	return ready;
}

/* 1 when the local table routes the address to this host. */
static int tun_addr_routed(struct nl *nl, const struct tun_addr *addr,
			   struct error *err)
{
	struct nl_route *routes = NULL;
	size_t count = 0, i;
	int found = 0;

	if (nl_route_dump(nl, AF_INET6, &routes, &count, err) < 0)
		return -1;
	for (i = 0; i < count; i++)
		if (routes[i].type == RTN_LOCAL && routes[i].dst_len == 128 &&
		    memcmp(routes[i].dst, &addr->v6, 16) == 0)
			found = 1;
	free(routes);
	return found;
}

/*
 * Even with NODAD, a new IPv6 address is made usable by the addrconf work
 * item: it stops being "tentative", and then its local route goes in. Until
 * both have happened, packets to it are dropped (Ip6InAddrErrors). That is
 * microseconds on an idle machine and can be milliseconds under load, where
 * an injected SYN was seen lost. Wait for both, up to a second.
 */
static int tun_await_ipv6_address(struct nl *nl, int ifindex,
				  const struct tun_addr *addr, struct error *err)
{
	struct timespec pause = { 0, 50 * 1000 };
	int i, ready;

	for (i = 0; i < 20000; i++) {
		ready = tun_addr_settled(nl, ifindex, addr, err);
		if (ready > 0)
			ready = tun_addr_routed(nl, addr, err);
		if (ready != 0)
			return ready < 0 ? -1 : 0;
		nanosleep(&pause, NULL);
	}
	return error_set(err, "the IPv6 address was not usable after 1 s");
}

static int tun_configure(struct tun *tun, const struct tun_config *cfg,
			 struct error *err)
{
	struct nl_link_change silence = {
		.ifindex = tun->ifindex, .up = -1, .ipv6_addr_gen_none = 1,
	};
	struct nl_link_change up = {
		.ifindex = tun->ifindex, .mtu = cfg->mtu ? cfg->mtu : 1500,
		.up = 1,
	};
	/* A TUN device has IFF_NOARP: the kernel runs no DAD on it anyway;
	 * NODAD also says so in the address, so it is never "tentative". */
	uint32_t flags = cfg->family == AF_INET6 ? IFA_F_NODAD : 0;
	const void *gw = tun_addr_equal(&cfg->gateway, &cfg->local) ?
			 NULL : &cfg->gateway.v6;
	struct nl *nl;
	int ret = -1;

	/* tun_addr is a union: &x.v6 is also the address of x.v4. */
	if (nl_open(&nl, NETLINK_ROUTE, err) < 0)
		return -1;
	if (nl_link_set(nl, &silence, err) < 0 ||
	    nl_link_set(nl, &up, err) < 0 ||
	    tun_plain_fifo(nl, tun->ifindex, err) < 0 ||
	    nl_addr_add(nl, tun->ifindex, cfg->family, &cfg->local.v6,
			cfg->local_prefix_len, flags, err) < 0 ||
	    nl_route_add(nl, tun->ifindex, cfg->family, &cfg->remote.v6,
			 cfg->remote_prefix_len, gw, err) < 0 ||
	    tun_remote_host_route(nl, tun, cfg, gw, err) < 0 ||
	    (cfg->family == AF_INET6 &&
	     tun_await_ipv6_local(nl, &cfg->local.v6, err) < 0))
		goto out;
	if (cfg->family == AF_INET6 &&
	    tun_await_ipv6_address(nl, tun->ifindex, &cfg->local, err) < 0)
		goto out;
	ret = 0;
out:
	nl_close(nl);
	if (ret < 0)
		error_prefix(err, "configuring %s", tun->name);
	return ret;
}

/*
 * The kernel stamps packets only while some socket wants stamps, and the
 * first such socket turns stamping on through deferred work (a static key
 * whose flip patches kernel text): for a fraction of a millisecond after
 * our SO_TIMESTAMPNS (0.2-0.5 ms measured cold), packets go unstamped and
 * recvmsg() stamps them on delivery instead - late. So wait until a
 * datagram sent to ourselves over loopback (sandbox_enter() brought it up;
 * tun0 sees nothing of this) comes back stamped before we read it. The
 * wait gives up after about 50 ms; stamps then fall back to read time.
 */
static void tun_await_stamping(void)
{
	struct sockaddr_in self = { .sin_family = AF_INET };
	socklen_t len = sizeof(self);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int one = 1, i;

	self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&self, len) < 0 ||
	    getsockname(fd, (struct sockaddr *)&self, &len) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) < 0)
		goto out;
	for (i = 0; i < 500; i++) {
		char byte, control[CMSG_SPACE(sizeof(struct timespec)) * 2];
		struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = control,
			.msg_controllen = sizeof(control),
		};
		const struct timespec *found;
		struct timespec stamp;
		int64_t before_read;

		if (sendto(fd, "", 1, 0, (struct sockaddr *)&self, len) != 1)
			break;
		before_read = tun_clock_ns(CLOCK_REALTIME);
		if (recvmsg(fd, &msg, MSG_DONTWAIT) != 1)
			break;
		found = tun_find_stamp(&msg);
		if (!found)
			continue;
		memcpy(&stamp, found, sizeof(stamp));
		if (tun_ns(&stamp) < before_read)
			break;
		nanosleep(&(struct timespec){ 0, 100000 }, NULL);
	}
out:
	if (fd >= 0)
		close(fd);
}

/* Drop the TUN queue's copies of outbound packets; see the file comment. */
static void tun_drain(struct tun *tun)
{
	char scrap[64];	/* a short read still consumes the whole packet */

	while (read(tun->fd, scrap, sizeof(scrap)) >= 0 || errno == EINTR)
		;
}

int tun_open(const struct tun_config *cfg, struct tun **out,
	     struct error *err)
{
	struct tun *tun;

	*out = NULL;
	if (sandbox_check_private(err) < 0)
		return error_prefix(err, "TUN");
	if (tun_config_check(cfg, err) < 0)
		return -1;
	tun = calloc(1, sizeof(*tun));
	if (!tun)
		return error_set(err, "TUN: out of memory");
	tun->fd = -1;
	tun->packet_fd = -1;
	if (tun_create(tun, cfg, err) < 0 ||
	    (!cfg->no_sniff && tun_packet_open(tun, err) < 0) ||
	    tun_configure(tun, cfg, err) < 0 ||
	    (!cfg->no_sniff && tun_packet_bind(tun, err) < 0)) {
		tun_close(tun);
		return -1;
	}
	if (!cfg->no_sniff)
		tun_await_stamping();
	tun_drain(tun);
	*out = tun;
	return 0;
}

void tun_close(struct tun *tun)
{
	if (!tun)
		return;
	if (tun->packet_fd >= 0)
		close(tun->packet_fd);
	if (tun->fd >= 0)
		close(tun->fd);
	free(tun);
}

/* ---- packets --------------------------------------------------------------- */

int tun_write_gso(struct tun *tun, const void *packet, size_t len,
		  unsigned int mss, struct error *err)
{
	struct virtio_net_hdr vnet;
	struct iovec iov[2] = {
		{ .iov_base = &vnet, .iov_len = sizeof(vnet) },
		{ .iov_base = (void *)packet, .iov_len = len },
	};
	ssize_t n;

	if (len == 0)
		return error_set(err, "TUN: cannot inject an empty packet");
	/* No flags: the kernel checks every checksum as it would a NIC's. */
	memset(&vnet, 0, sizeof(vnet));
	if (mss) {
		vnet.gso_type = ((const uint8_t *)packet)[0] >> 4 == 6 ?
				VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4;
		vnet.gso_size = (uint16_t)mss;
	}
	do
		n = writev(tun->fd, iov, 2);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return error_set(err, "TUN: the kernel refused a %zu-byte "
				 "packet: %s", len, strerror(errno));
	if ((size_t)n != sizeof(vnet) + len)
		return error_set(err, "TUN: short write, %zd of %zu bytes",
				 n - (ssize_t)sizeof(vnet), len);
	return 0;
}

int tun_write(struct tun *tun, const void *packet, size_t len,
	      struct error *err)
{
	return tun_write_gso(tun, packet, len, 0, err);
}

/*
 * CLOCK_REALTIME minus CLOCK_MONOTONIC, now. The realtime read sits
 * between two monotonic reads; of three tries the tightest pair wins, and
 * its midpoint is the monotonic time of the realtime read (these are vDSO
 * calls of some 20 ns, so the error is a few tens of nanoseconds).
 */
static int64_t tun_realtime_offset(void)
{
	int64_t best_width = INT64_MAX, offset = 0;
	int i;

	for (i = 0; i < 3; i++) {
		int64_t before = tun_clock_ns(CLOCK_MONOTONIC);
		int64_t real = tun_clock_ns(CLOCK_REALTIME);
		int64_t after = tun_clock_ns(CLOCK_MONOTONIC);

		if (after - before < best_width) {
			best_width = after - before;
			offset = real - (before + (after - before) / 2);
		}
	}
	return offset;
}

/*
 * The kernel stamps packet-socket copies on CLOCK_REALTIME (there is no
 * monotonic choice for SO_TIMESTAMPNS), while the event loop runs on
 * CLOCK_MONOTONIC. Both clocks run at the same rate (NTP slewing adjusts
 * both), so moving the stamp by the offset between them is exact, except
 * when the wall clock is *stepped* (settimeofday, an NTP step) between the
 * stamp and our read. The offset is therefore measured at every read, not
 * once, so a step spoils at most the packets already queued when it
 * happened; and a stamp that lands in the future is clamped to now. When
 * the kernel gave no stamp, the time of the read stands in.
 */
static struct timespec tun_stamp_to_monotonic(const struct timespec *real)
{
	int64_t now = tun_clock_ns(CLOCK_MONOTONIC);
	int64_t mono;

	if (!real)
		return tun_timespec(now);
	mono = tun_ns(real) - tun_realtime_offset();
	return tun_timespec(mono > now ? now : mono);
}

/* One datagram from the packet socket: 1 read, 0 none, -1 error. */
static int tun_receive(struct tun *tun, void *buf, size_t cap, size_t *len,
		       struct timespec *when, struct error *err)
{
	char control[CMSG_SPACE(sizeof(struct timespec)) * 2];
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct sockaddr_ll from;
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct timespec stamp;
	const struct timespec *found;
	ssize_t n;

	do
		n = recvmsg(tun->packet_fd, &msg, MSG_TRUNC | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n < 0)
		return error_set(err, "TUN: reading outbound packets: %s",
				 strerror(errno));
	if ((size_t)n > cap)
		return error_set(err, "TUN: an outbound packet of %zd bytes "
				 "does not fit in %zu", n, cap);
	found = tun_find_stamp(&msg);
	if (found)
		memcpy(&stamp, found, sizeof(stamp));
	*len = (size_t)n;
	if (when)
		*when = tun_stamp_to_monotonic(found ? &stamp : NULL);
	return from.sll_pkttype == PACKET_OUTGOING ? 1 : 2;
}

/*
 * A copy dropped because the buffer was full is a packet the kernel sent
 * and we never saw: every later expectation would be judged on a lie (a
 * hang waiting for it, or a wrong "not sent"). So losing one is an error,
 * noticed each time the queue runs dry. Reading the statistics resets
 * them, hence the running total.
 */
static int tun_check_lost(struct tun *tun, struct error *err)
{
	struct tpacket_stats stats;
	socklen_t len = sizeof(stats);

	if (getsockopt(tun->packet_fd, SOL_PACKET, PACKET_STATISTICS, &stats,
		       &len) == 0)
		tun->lost += stats.tp_drops;
	if (!tun->lost)
		return 0;
	return error_set(err, "TUN: %u outbound packets were lost: more than "
			 "%d MiB of them queued up faster than they were read, "
			 "so what the kernel sent is no longer known",
			 tun->lost, TUN_PACKET_RCVBUF >> 20);
}

int tun_read(struct tun *tun, void *buf, size_t cap, size_t *len,
	     struct timespec *when, struct error *err)
{
	int ret;

	if (tun->packet_fd < 0)
		return error_set(err, "TUN: outbound packets are not captured "
				 "in this run");
	tun_drain(tun);
	/* The filter already keeps only outgoing packets; a packet of
	 * another type (ret 2) could only pass if it were missing. */
	do
		ret = tun_receive(tun, buf, cap, len, when, err);
	while (ret == 2);
	if (ret == 0 && tun_check_lost(tun, err))
		return -1;
	return ret;
}

int tun_wait(struct tun *tun, const struct timespec *deadline,
	     struct error *err)
{
	struct pollfd pfd = { .fd = tun->packet_fd, .events = POLLIN };

	if (tun->packet_fd < 0)
		return error_set(err, "TUN: outbound packets are not captured "
				 "in this run");
	if (tun_check_lost(tun, err))
		return -1;
	for (;;) {
		struct timespec left, *timeout = NULL;
		int n;

		if (deadline) {
			int64_t ns = tun_ns(deadline) -
				     tun_clock_ns(CLOCK_MONOTONIC);

			left = tun_timespec(ns > 0 ? ns : 0);
			timeout = &left;
		}
		n = ppoll(&pfd, 1, timeout, NULL);
		if (n > 0)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR)
			return error_set(err, "TUN: waiting for packets: %s",
					 strerror(errno));
	}
}

int tun_poll_fd(const struct tun *tun)
{
	return tun->packet_fd;
}

int tun_ifindex(const struct tun *tun)
{
	return tun->ifindex;
}

const char *tun_name(const struct tun *tun)
{
	return tun->name;
}
