/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netlink.h - small libmnl helpers: one request, its replies, its ack.
 *
 * Contract: `nl_talk()` sends one netlink message and runs a callback on
 * every reply until the kernel's ack (or NLMSG_DONE for a dump); a kernel
 * error comes back as a struct error carrying the kernel's extended-ack
 * text when it gave one. The rtnetlink helpers configure links, addresses,
 * routes and qdiscs, and dump them back as plain arrays for checks.
 *
 * Safety: every rtnetlink request that changes something (any RTM_NEW*,
 * RTM_DEL*, RTM_SET*) is refused unless sandbox_check_private() says this
 * process is inside a network namespace it created. Dumps are read-only and
 * work anywhere.
 */
#ifndef TCPDRILL_NETLINK_H
#define TCPDRILL_NETLINK_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "error.h"

struct nl;			/* one netlink socket, its buffer and sequence */

/* A reply callback: libmnl's MNL_CB_OK / MNL_CB_STOP / MNL_CB_ERROR. */
typedef int (*nl_reply_fn)(const struct nlmsghdr *nlh, void *data);

/* Open and bind a socket on a netlink bus (NETLINK_ROUTE, ...). */
int nl_open(struct nl **out, int bus, struct error *err);
void nl_close(struct nl *nl);

/*
 * A message buffer for building one request; nl_talk() fills in the
 * sequence number and port. Valid until the next call on `nl`.
 */
struct nlmsghdr *nl_msg(struct nl *nl, uint16_t type, uint16_t flags);

/* Send `nlh` (NLM_F_ACK is added) and run `fn` (may be NULL) on replies. */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, nl_reply_fn fn, void *data,
	    struct error *err);

/* The kernel's errno for the last nl_talk() (0: none, or not the kernel). */
int nl_errno(const struct nl *nl);

/* ---- changes (only inside a private namespace) ------------------------ */

/* One link change; a field left at its "keep" value is not sent. */
struct nl_link_change {
	int ifindex;		/* 0: find the link by `name` */
	const char *name;
	int mtu;		/* 0: keep */
	int up;			/* 1 up, 0 down, -1 keep */
	int ipv6_addr_gen_none;	/* 1: no IPv6 link-local address, ever */
};

int nl_link_set(struct nl *nl, const struct nl_link_change *change,
		struct error *err);

/* Add `addr`/`prefix_len` (AF_INET or AF_INET6) with IFA_F_* `flags`. */
int nl_addr_add(struct nl *nl, int ifindex, int family, const void *addr,
		int prefix_len, uint32_t flags, struct error *err);

/*
 * Route `dst`/`dst_len` out of `ifindex` in the main table, through
 * `gateway` when it is not NULL, else as a device (on-link) route.
 * Host bits of `dst` beyond `dst_len` are cleared.
 */
int nl_route_add(struct nl *nl, int ifindex, int family, const void *dst,
		 int dst_len, const void *gateway, struct error *err);

/* Make `kind` ("pfifo") the root qdisc of `ifindex`, replacing any. */
int nl_qdisc_replace_root(struct nl *nl, int ifindex, const char *kind,
			  struct error *err);

/* ---- dumps (read-only) -------------------------------------------------- */

struct nl_link {
	int ifindex;
	char name[16];		/* IFNAMSIZ, with its NUL */
	unsigned int flags;	/* IFF_* */
	unsigned int mtu;
	uint64_t tx_packets;	/* from IFLA_STATS64, 0 when absent */
	uint64_t tx_dropped;
};

struct nl_addr {
	int ifindex;
	int family;
	int prefix_len;
	uint32_t flags;		/* IFA_F_*, from IFA_FLAGS when present */
	int scope;		/* RT_SCOPE_* */
	uint8_t addr[16];	/* IFA_LOCAL, else IFA_ADDRESS */
};

struct nl_route {
	int family;
	uint32_t table;		/* RT_TABLE_* */
	int type;		/* RTN_* */
	int protocol;		/* RTPROT_* */
	int dst_len;
	uint8_t dst[16];	/* zero for a default route */
	int has_gateway;
	uint8_t gateway[16];
	int oif;		/* 0 when the route has none */
	uint32_t priority;
};

struct nl_qdisc {
	int ifindex;
	uint32_t handle;
	uint32_t parent;	/* TC_H_ROOT for the root qdisc */
	char kind[16];
};

/* Each fills a malloc'ed array the caller frees with free(). */
int nl_link_dump(struct nl *nl, struct nl_link **out, size_t *count,
		 struct error *err);
/* family: AF_INET, AF_INET6 or AF_UNSPEC for both. */
int nl_addr_dump(struct nl *nl, int family, struct nl_addr **out,
		 size_t *count, struct error *err);
int nl_route_dump(struct nl *nl, int family, struct nl_route **out,
		  size_t *count, struct error *err);
int nl_qdisc_dump(struct nl *nl, struct nl_qdisc **out, size_t *count,
		  struct error *err);

#endif /* TCPDRILL_NETLINK_H */
