// SPDX-License-Identifier: GPL-2.0
/*
 * sockdiag.c - TCP states through inet_diag; see sockdiag.h.
 *
 * Connections use the exact lookup (SOCK_DIAG_BY_FAMILY without
 * NLM_F_DUMP). The kernel then finds the 4-tuple the way it demultiplexes
 * an arriving segment: in the established hash, which holds every socket
 * that owns a 4-tuple - SYN_SENT and later full sockets (orphans too),
 * request sockets (TCP_NEW_SYN_RECV since Linux 4.4, reported as
 * SYN_RECV) and timewait sockets (reported with their substate:
 * TIME_WAIT, or FIN_WAIT2 for an orphan waiting for the peer's FIN) - and,
 * failing that, in the listening hash. Two consequences:
 *  - the cost does not grow with the host: a dump walks every bucket of
 *    the established hash, which all namespaces share (hundreds of
 *    thousands of buckets on a big machine), even when ours holds three
 *    sockets;
 *  - the answer may be a listener on the local end: a reply whose state
 *    is LISTEN or whose tuple is not ours means "no such connection".
 * The test suite checks all eleven states against this (tests/unit/
 * test_sockdiag.c), including request and timewait sockets.
 *
 * Listeners have no remote end to look up, so they come from a dump
 * restricted to LISTEN, which the kernel filters by local port itself and
 * which walks only the listening hash.
 *
 * An IPv4-mapped AF_INET6 socket is hashed under its IPv4 addresses, so
 * the query is always made in the family of the addresses on the wire:
 * mapped addresses become IPv4 before asking, and a reply about an
 * AF_INET6 socket is compared after the same conversion.
 */
#include "sockdiag.h"

#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "netlink.h"

/* One end of a connection as the kernel keys it. */
struct sockdiag_end {
	int family;		/* AF_INET (also for mapped) or AF_INET6 */
	uint8_t addr[16];	/* 4 bytes used for AF_INET */
	uint16_t port;		/* network order */
};

/* What a reply callback looks for, and what it found. */
struct sockdiag_query {
	struct sockdiag_end local;
	struct sockdiag_end remote;	/* unused for listeners */
	int want_v4_dual;		/* listener: accept dual-stack v6 */
	int state;
};

static const uint8_t sockdiag_v4_mapped_prefix[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
};

/* Normalise a v6 address: mapped ones become IPv4. */
static void sockdiag_end_set(struct sockdiag_end *end, int family,
			     const void *addr, uint16_t port)
{
	memset(end, 0, sizeof(*end));
	end->port = port;
	if (family == AF_INET6 &&
	    memcmp(addr, sockdiag_v4_mapped_prefix, 12) != 0) {
		end->family = AF_INET6;
		memcpy(end->addr, addr, 16);
		return;
	}
	end->family = AF_INET;
	memcpy(end->addr, family == AF_INET6 ? (const uint8_t *)addr + 12 :
	       addr, 4);
}

static int sockdiag_end_from(struct sockdiag_end *end,
			     const struct sockaddr *sa, struct error *err)
{
	if (sa && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		sockdiag_end_set(end, AF_INET, &in->sin_addr, in->sin_port);
		return 0;
	}
	if (sa && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		sockdiag_end_set(end, AF_INET6, &in6->sin6_addr,
				 in6->sin6_port);
		return 0;
	}
	return error_set(err, "sock_diag: an address is neither IPv4 nor "
			 "IPv6");
}

static int sockdiag_end_equal(const struct sockdiag_end *a,
			      const struct sockdiag_end *b)
{
	size_t len = a->family == AF_INET6 ? 16 : 4;

	return a->family == b->family && a->port == b->port &&
	       memcmp(a->addr, b->addr, len) == 0;
}

static void sockdiag_req_fill(struct inet_diag_req_v2 *req, int family,
			      uint32_t states)
{
	memset(req, 0, sizeof(*req));
	req->sdiag_family = family;
	req->sdiag_protocol = IPPROTO_TCP;
	req->idiag_states = states;
	req->id.idiag_if = 0;
	req->id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	req->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
}

static const struct inet_diag_msg *sockdiag_msg(const struct nlmsghdr *nlh)
{
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct inet_diag_msg)))
		return NULL;
	return mnl_nlmsg_get_payload(nlh);
}

static int sockdiag_connection_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct inet_diag_msg *msg = sockdiag_msg(nlh);
	struct sockdiag_query *q = data;
	struct sockdiag_end local, remote;

	if (!msg || msg->idiag_state == TCP_LISTEN)
		return MNL_CB_OK;
	sockdiag_end_set(&local, msg->idiag_family, msg->id.idiag_src,
			 msg->id.idiag_sport);
	sockdiag_end_set(&remote, msg->idiag_family, msg->id.idiag_dst,
			 msg->id.idiag_dport);
	if (sockdiag_end_equal(&local, &q->local) &&
	    sockdiag_end_equal(&remote, &q->remote))
		q->state = msg->idiag_state;
	return MNL_CB_OK;
}

static int sockdiag_ask(struct nl *nl, struct nlmsghdr *nlh,
			nl_reply_fn fn, struct sockdiag_query *q,
			struct error *err)
{
	if (nl_talk(nl, nlh, fn, q, err) == 0)
		return 0;
	/* The exact lookup answers "no such socket" with ENOENT. */
	if (!(nlh->nlmsg_flags & NLM_F_DUMP) && nl_errno(nl) == ENOENT) {
		error_clear(err);
		return 0;
	}
	return error_prefix(err, "sock_diag");
}

/*
 * ENOENT also means "no inet_diag handler for TCP" (tcp_diag missing from
 * the kernel). A dump, which has no "not found" answer, tells the two
 * apart; it runs once per process, the first time a lookup finds nothing.
 */
static int sockdiag_check_available(struct nl *nl, int family,
				    struct error *err)
{
	static int available;
	struct sockdiag_query q = { .state = TCP_CLOSE };
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;

	if (available)
		return 0;
	nlh = nl_msg(nl, SOCK_DIAG_BY_FAMILY, NLM_F_DUMP);
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	sockdiag_req_fill(req, family, 1u << TCP_LISTEN);
	if (nl_talk(nl, nlh, NULL, &q, err) < 0)
		return error_prefix(err, "sock_diag for TCP is not available "
				    "(kernel without CONFIG_INET_TCP_DIAG?)");
	available = 1;
	return 0;
}

int sockdiag_tcp_state(int family, const struct sockaddr *local,
		       const struct sockaddr *remote, int *state,
		       struct error *err)
{
	struct sockdiag_query q = { .state = TCP_CLOSE };
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;
	size_t len;
	struct nl *nl;
	int ret;

	*state = TCP_CLOSE;
	if (family != AF_INET && family != AF_INET6)
		return error_set(err, "sock_diag: family %d is not TCP/IP",
				 family);
	if (sockdiag_end_from(&q.local, local, err) < 0 ||
	    sockdiag_end_from(&q.remote, remote, err) < 0)
		return -1;
	if (q.local.family != q.remote.family)
		return error_set(err, "sock_diag: local and remote addresses "
				 "are of different families");
	if (nl_open(&nl, NETLINK_SOCK_DIAG, err) < 0)
		return error_prefix(err, "sock_diag");
	nlh = nl_msg(nl, SOCK_DIAG_BY_FAMILY, 0);
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	sockdiag_req_fill(req, q.local.family, ~0u);
	len = q.local.family == AF_INET6 ? 16 : 4;
	req->id.idiag_sport = q.local.port;
	req->id.idiag_dport = q.remote.port;
	memcpy(req->id.idiag_src, q.local.addr, len);
	memcpy(req->id.idiag_dst, q.remote.addr, len);
	ret = sockdiag_ask(nl, nlh, sockdiag_connection_cb, &q, err);
	if (ret == 0 && q.state == TCP_CLOSE)
		ret = sockdiag_check_available(nl, q.local.family, err);
	nl_close(nl);
	if (ret == 0)
		*state = q.state;
	return ret;
}

/* A v6 listener takes IPv4 connections when bound to :: or ::ffff:x. */
static int sockdiag_dual_stack(const struct nlmsghdr *nlh,
			       const struct inet_diag_msg *msg)
{
	static const uint8_t any[16];
	const struct nlattr *attr;

	if (memcmp(msg->id.idiag_src, any, 16) != 0 &&
	    memcmp(msg->id.idiag_src, sockdiag_v4_mapped_prefix, 12) != 0)
		return 0;
	mnl_attr_for_each(attr, nlh, sizeof(*msg))
		if (mnl_attr_get_type(attr) == INET_DIAG_SKV6ONLY &&
		    mnl_attr_get_payload_len(attr) >= 1)
			return !mnl_attr_get_u8(attr);
	return 1;
}

static int sockdiag_listener_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct inet_diag_msg *msg = sockdiag_msg(nlh);
	struct sockdiag_query *q = data;

	if (!msg || msg->idiag_state != TCP_LISTEN ||
	    msg->id.idiag_sport != q->local.port)
		return MNL_CB_OK;
	if (q->want_v4_dual && !sockdiag_dual_stack(nlh, msg))
		return MNL_CB_OK;
	q->state = TCP_LISTEN;
	return MNL_CB_OK;
}

static int sockdiag_listener_dump(struct nl *nl, int family,
				  struct sockdiag_query *q, struct error *err)
{
	struct nlmsghdr *nlh = nl_msg(nl, SOCK_DIAG_BY_FAMILY, NLM_F_DUMP);
	struct inet_diag_req_v2 *req;

	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	sockdiag_req_fill(req, family, 1u << TCP_LISTEN);
	req->id.idiag_sport = q->local.port;	/* the kernel filters on it */
	return sockdiag_ask(nl, nlh, sockdiag_listener_cb, q, err);
}

int sockdiag_listener_state(int family, uint16_t local_port, int *state,
			    struct error *err)
{
	struct sockdiag_query q = { .state = TCP_CLOSE };
	struct nl *nl;
	int ret;

	*state = TCP_CLOSE;
	if (family != AF_INET && family != AF_INET6)
		return error_set(err, "sock_diag: family %d is not TCP/IP",
				 family);
	q.local.port = htons(local_port);
	if (nl_open(&nl, NETLINK_SOCK_DIAG, err) < 0)
		return error_prefix(err, "sock_diag");
	ret = sockdiag_listener_dump(nl, family, &q, err);
	if (ret == 0 && q.state == TCP_CLOSE && family == AF_INET) {
		q.want_v4_dual = 1;
		ret = sockdiag_listener_dump(nl, AF_INET6, &q, err);
	}
	nl_close(nl);
	if (ret == 0)
		*state = q.state;
	return ret;
}
