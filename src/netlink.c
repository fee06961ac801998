// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - libmnl request/reply loop and rtnetlink helpers; see
 * netlink.h. Changes are refused outside a private network namespace.
 */
#include "netlink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/inet_diag.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>

#include "sandbox.h"

/*
 * A dump of a busy table (routes of a full host) arrives in many
 * messages; 32 KiB per read is what libmnl recommends for dumps.
 */
#define NL_RECV_SIZE 32768
#define NL_SEND_SIZE MNL_SOCKET_BUFFER_SIZE

struct nl {
	struct mnl_socket *sock;
	int bus;
	unsigned int portid;
	unsigned int seq;
	int last_errno;		/* the kernel's errno for the last request */
	char *send_buf;
	char *recv_buf;
};

/* What one nl_talk() call learns besides the replies themselves. */
struct nl_call {
	nl_reply_fn fn;
	void *data;
	int error;		/* errno from the kernel, 0 when none */
	char kernel_msg[160];	/* extended ack text, "" when none */
};

int nl_open(struct nl **out, int bus, struct error *err)
{
	struct nl *nl = calloc(1, sizeof(*nl));
	int one = 1;

	*out = NULL;
	if (!nl)
		return error_set(err, "netlink: out of memory");
	nl->bus = bus;
	nl->send_buf = malloc(NL_SEND_SIZE);
	nl->recv_buf = malloc(NL_RECV_SIZE);
	nl->sock = mnl_socket_open2(bus, SOCK_CLOEXEC);
	if (!nl->send_buf || !nl->recv_buf || !nl->sock) {
		error_set(err, "netlink socket: %s", strerror(errno));
		nl_close(nl);
		return -1;
	}
	/* Ask for the kernel's reason text and a short ack without our
	 * request echoed back; both are optional, so failures are ignored. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		error_set(err, "netlink bind: %s", strerror(errno));
		nl_close(nl);
		return -1;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	*out = nl;
	return 0;
}

void nl_close(struct nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->send_buf);
	free(nl->recv_buf);
	free(nl);
}

struct nlmsghdr *nl_msg(struct nl *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset(nl->send_buf, 0, NL_SEND_SIZE);
	nlh = mnl_nlmsg_put_header(nl->send_buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

/*
 * Read-only requests: rtnetlink's RTM_GET* (every fourth type from
 * RTM_BASE, two after RTM_NEW*) and sock_diag's lookups. Anything else on
 * any bus counts as a change and needs the private namespace.
 */
static int nl_is_change(const struct nl *nl, const struct nlmsghdr *nlh)
{
	uint16_t type = nlh->nlmsg_type;

	if (nl->bus == NETLINK_ROUTE)
		return !(type >= RTM_BASE && (type & 3) == 2);
	if (nl->bus == NETLINK_SOCK_DIAG)
		return type != SOCK_DIAG_BY_FAMILY;
	return 1;
}

static int nl_extack_cb(const struct nlattr *attr, void *data)
{
	struct nl_call *call = data;
	const char *text;
	size_t len;

	if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG)
		return MNL_CB_OK;
	text = mnl_attr_get_payload(attr);
	len = strnlen(text, mnl_attr_get_payload_len(attr));
	if (len >= sizeof(call->kernel_msg))
		len = sizeof(call->kernel_msg) - 1;
	memcpy(call->kernel_msg, text, len);
	call->kernel_msg[len] = '\0';
	return MNL_CB_OK;
}

static int nl_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct nl_call *call = data;
	size_t off = sizeof(*e);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		call->error = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;	/* the ack */
	call->error = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return MNL_CB_ERROR;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (mnl_nlmsg_size(off) < nlh->nlmsg_len)
		mnl_attr_parse(nlh, off, nl_extack_cb, call);
	return MNL_CB_ERROR;
}

/* The end of a dump carries the dump's own error code. */
static int nl_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_call *call = data;
	const int *code = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(*code)) && *code < 0) {
		call->error = -*code;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int nl_noop_cb(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_OK;
}

static int nl_overrun_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_call *call = data;

	call->error = ENOBUFS;
	return MNL_CB_ERROR;
}

static int nl_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_call *call = data;

	return call->fn ? call->fn(nlh, call->data) : MNL_CB_OK;
}

/* libmnl uses no default handler once a control array is given. */
static mnl_cb_t nl_ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = nl_noop_cb,
	[NLMSG_ERROR] = nl_error_cb,
	[NLMSG_DONE] = nl_done_cb,
	[NLMSG_OVERRUN] = nl_overrun_cb,
};

static int nl_call_error(const struct nl_call *call, struct error *err)
{
	int code = call->error ? call->error : errno;

	if (call->kernel_msg[0])
		return error_set(err, "%s (kernel: %s)", strerror(code),
				 call->kernel_msg);
	return error_set(err, "%s", strerror(code));
}

static int nl_receive(struct nl *nl, unsigned int seq, struct nl_call *call,
		      struct error *err)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->recv_buf,
						NL_RECV_SIZE);
		int ret;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return error_set(err, "netlink receive: %s",
					 strerror(errno));
		errno = 0;
		ret = mnl_cb_run2(nl->recv_buf, n, seq, nl->portid, nl_data_cb,
				  call, nl_ctl_cbs, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR)
			return nl_call_error(call, err);
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

int nl_talk(struct nl *nl, struct nlmsghdr *nlh, nl_reply_fn fn, void *data,
	    struct error *err)
{
	struct nl_call call = { .fn = fn, .data = data };
	int ret;

	nl->last_errno = 0;
	if (nl_is_change(nl, nlh) && sandbox_check_private(err) < 0)
		return -1;
	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	nlh->nlmsg_pid = 0;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return error_set(err, "netlink send: %s", strerror(errno));
	ret = nl_receive(nl, nlh->nlmsg_seq, &call, err);
	nl->last_errno = call.error;
	return ret;
}

int nl_errno(const struct nl *nl)
{
	return nl->last_errno;
}

/* ---- changes ------------------------------------------------------------ */

static size_t nl_addr_len(int family)
{
	return family == AF_INET6 ? 16 : family == AF_INET ? 4 : 0;
}

static const char *nl_link_label(const struct nl_link_change *c, char *buf,
				 size_t cap)
{
	if (c->name)
		return c->name;
	snprintf(buf, cap, "ifindex %d", c->ifindex);
	return buf;
}

static struct nlmsghdr *nl_link_msg(struct nl *nl,
				    const struct nl_link_change *c)
{
	struct nlmsghdr *nlh = nl_msg(nl, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = c->ifindex;
	if (!c->ifindex && c->name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, c->name);
	return nlh;
}

/*
 * The kernel applies IFLA_AF_SPEC after the MTU and the flags of the same
 * message. The address generation mode must be in place before the link
 * goes up (that is when the link-local address is made), and an MTU below
 * 1280 removes IPv6 from the device altogether, so the mode goes first in
 * a message of its own.
 */
static int nl_link_set_addr_gen(struct nl *nl, const struct nl_link_change *c,
				struct error *err)
{
	struct nlmsghdr *nlh = nl_link_msg(nl, c);
	struct nlattr *spec, *inet6;
	struct error tmp = { 0 };

	spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	inet6 = mnl_attr_nest_start(nlh, AF_INET6);
	mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
	mnl_attr_nest_end(nlh, inet6);
	mnl_attr_nest_end(nlh, spec);
	if (nl_talk(nl, nlh, NULL, NULL, &tmp) == 0)
		return 0;
	if (nl_errno(nl) == EAFNOSUPPORT) {
		/* No IPv6 on this device (or at all): nothing to silence. */
		error_clear(&tmp);
		return 0;
	}
	error_set(err, "%s", tmp.message ? tmp.message : "unknown error");
	error_clear(&tmp);
	return -1;
}

int nl_link_set(struct nl *nl, const struct nl_link_change *c,
		struct error *err)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	char label[32];

	if (c->ipv6_addr_gen_none && nl_link_set_addr_gen(nl, c, err) < 0)
		return error_prefix(err, "setting the IPv6 address mode of %s",
				    nl_link_label(c, label, sizeof(label)));
	if (c->mtu <= 0 && c->up < 0)
		return 0;
	nlh = nl_link_msg(nl, c);
	ifi = mnl_nlmsg_get_payload(nlh);
	if (c->up >= 0) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = c->up ? IFF_UP : 0;
	}
	if (c->mtu > 0)
		mnl_attr_put_u32(nlh, IFLA_MTU, (uint32_t)c->mtu);
	if (nl_talk(nl, nlh, NULL, NULL, err) < 0)
		return error_prefix(err, "configuring link %s",
				    nl_link_label(c, label, sizeof(label)));
	return 0;
}

int nl_addr_add(struct nl *nl, int ifindex, int family, const void *addr,
		int prefix_len, uint32_t flags, struct error *err)
{
	size_t len = nl_addr_len(family);
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;

	if (!len || prefix_len < 0 || (size_t)prefix_len > len * 8)
		return error_set(err, "bad address family or prefix length %d",
				 prefix_len);
	nlh = nl_msg(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = prefix_len;
	ifa->ifa_flags = flags & 0xff;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	/* Local and "address" equal: a plain address with a prefix route,
	 * not a point-to-point peer, though the device is point-to-point. */
	mnl_attr_put(nlh, IFA_LOCAL, len, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, len, addr);
	mnl_attr_put_u32(nlh, IFA_FLAGS, flags);
	if (nl_talk(nl, nlh, NULL, NULL, err) < 0)
		return error_prefix(err, "adding an address");
	return 0;
}

static void nl_prefix_mask(uint8_t *addr, size_t len, int prefix_len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		int keep = prefix_len - (int)i * 8;

		if (keep <= 0)
			addr[i] = 0;
		else if (keep < 8)
			addr[i] &= (uint8_t)(0xff << (8 - keep));
	}
}

int nl_route_add(struct nl *nl, int ifindex, int family, const void *dst,
		 int dst_len, const void *gateway, struct error *err)
{
	size_t len = nl_addr_len(family);
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	uint8_t prefix[16];

	if (!len || dst_len < 0 || (size_t)dst_len > len * 8)
		return error_set(err, "bad route family or prefix length %d",
				 dst_len);
	memcpy(prefix, dst, len);
	nl_prefix_mask(prefix, len, dst_len);
	nlh = nl_msg(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = family;
	rtm->rtm_dst_len = dst_len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	if (dst_len > 0)
		mnl_attr_put(nlh, RTA_DST, len, prefix);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
	if (gateway)
		mnl_attr_put(nlh, RTA_GATEWAY, len, gateway);
	if (nl_talk(nl, nlh, NULL, NULL, err) < 0)
		return error_prefix(err, "adding a route");
	return 0;
}

int nl_qdisc_replace_root(struct nl *nl, int ifindex, const char *kind,
			  struct error *err)
{
	struct nlmsghdr *nlh;
	struct tcmsg *tcm;

	nlh = nl_msg(nl, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE);
	tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = ifindex;
	tcm->tcm_handle = 0;		/* let the kernel pick one */
	tcm->tcm_parent = TC_H_ROOT;
	/* No TCA_OPTIONS: a FIFO then holds the device's txqueuelen. */
	mnl_attr_put_strz(nlh, TCA_KIND, kind);
	if (nl_talk(nl, nlh, NULL, NULL, err) < 0)
		return error_prefix(err, "setting the %s qdisc", kind);
	return 0;
}

/* ---- dumps --------------------------------------------------------------- */

/* A growing array of fixed-size items for the dump callbacks. */
struct nl_array {
	char *items;
	size_t size;
	size_t count;
	size_t cap;
};

static void *nl_array_push(struct nl_array *a)
{
	char *slot;

	if (a->count == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		char *items = realloc(a->items, cap * a->size);

		if (!items)
			return NULL;
		a->items = items;
		a->cap = cap;
	}
	slot = a->items + a->count++ * a->size;
	memset(slot, 0, a->size);
	return slot;
}

/* Attributes of one message by type; unknown or later types are skipped. */
#define NL_ATTR_MAX 64
struct nl_attrs {
	const struct nlattr *tb[NL_ATTR_MAX];
};

static int nl_attrs_cb(const struct nlattr *attr, void *data)
{
	struct nl_attrs *attrs = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type < NL_ATTR_MAX)
		attrs->tb[type] = attr;
	return MNL_CB_OK;
}

static void nl_attrs_parse(const struct nlmsghdr *nlh, size_t hdr,
			   struct nl_attrs *attrs)
{
	memset(attrs, 0, sizeof(*attrs));
	mnl_attr_parse(nlh, hdr, nl_attrs_cb, attrs);
}

/* Copy an attribute's payload when it is exactly `len` bytes long. */
static int nl_attr_copy(const struct nlattr *attr, void *dst, size_t len)
{
	if (!attr || mnl_attr_get_payload_len(attr) != len)
		return 0;
	memcpy(dst, mnl_attr_get_payload(attr), len);
	return 1;
}

static uint32_t nl_attr_u32(const struct nlattr *attr, uint32_t fallback)
{
	uint32_t v;

	return nl_attr_copy(attr, &v, sizeof(v)) ? v : fallback;
}

static int nl_dump(struct nl *nl, struct nlmsghdr *nlh, nl_reply_fn fn,
		   struct nl_array *a, void **out, size_t *count,
		   struct error *err)
{
	*out = NULL;
	*count = 0;
	if (nl_talk(nl, nlh, fn, a, err) < 0) {
		free(a->items);
		return -1;
	}
	*out = a->items;
	*count = a->count;
	return 0;
}

static int nl_link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct rtnl_link_stats64 stats;
	struct nl_link *link;
	struct nl_attrs at;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	link = nl_array_push(data);
	if (!link)
		return MNL_CB_ERROR;
	nl_attrs_parse(nlh, sizeof(*ifi), &at);
	link->ifindex = ifi->ifi_index;
	link->flags = ifi->ifi_flags;
	link->mtu = nl_attr_u32(at.tb[IFLA_MTU], 0);
	if (at.tb[IFLA_STATS64] &&
	    mnl_attr_get_payload_len(at.tb[IFLA_STATS64]) >= sizeof(stats)) {
		memcpy(&stats, mnl_attr_get_payload(at.tb[IFLA_STATS64]),
		       sizeof(stats));
		link->tx_packets = stats.tx_packets;
		link->tx_dropped = stats.tx_dropped;
	}
	if (at.tb[IFLA_IFNAME])
		snprintf(link->name, sizeof(link->name), "%.*s",
			 (int)mnl_attr_get_payload_len(at.tb[IFLA_IFNAME]),
			 mnl_attr_get_str(at.tb[IFLA_IFNAME]));
	return MNL_CB_OK;
}

int nl_link_dump(struct nl *nl, struct nl_link **out, size_t *count,
		 struct error *err)
{
	struct nl_array a = { .size = sizeof(struct nl_link) };
	struct nlmsghdr *nlh = nl_msg(nl, RTM_GETLINK, NLM_F_DUMP);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	return nl_dump(nl, nlh, nl_link_cb, &a, (void **)out, count, err);
}

static int nl_addr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	size_t len = nl_addr_len(ifa->ifa_family);
	const struct nlattr *where;
	struct nl_addr *addr;
	struct nl_attrs at;

	if (nlh->nlmsg_type != RTM_NEWADDR || !len)
		return MNL_CB_OK;
	addr = nl_array_push(data);
	if (!addr)
		return MNL_CB_ERROR;
	nl_attrs_parse(nlh, sizeof(*ifa), &at);
	addr->ifindex = (int)ifa->ifa_index;
	addr->family = ifa->ifa_family;
	addr->prefix_len = ifa->ifa_prefixlen;
	addr->scope = ifa->ifa_scope;
	addr->flags = nl_attr_u32(at.tb[IFA_FLAGS], ifa->ifa_flags);
	where = at.tb[IFA_LOCAL] ? at.tb[IFA_LOCAL] : at.tb[IFA_ADDRESS];
	nl_attr_copy(where, addr->addr, len);
	return MNL_CB_OK;
}

int nl_addr_dump(struct nl *nl, int family, struct nl_addr **out,
		 size_t *count, struct error *err)
{
	struct nl_array a = { .size = sizeof(struct nl_addr) };
	struct nlmsghdr *nlh = nl_msg(nl, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	ifa->ifa_family = family;
	return nl_dump(nl, nlh, nl_addr_cb, &a, (void **)out, count, err);
}

static int nl_route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	size_t len = nl_addr_len(rtm->rtm_family);
	struct nl_route *route;
	struct nl_attrs at;

	if (nlh->nlmsg_type != RTM_NEWROUTE || !len)
		return MNL_CB_OK;
	route = nl_array_push(data);
	if (!route)
		return MNL_CB_ERROR;
	nl_attrs_parse(nlh, sizeof(*rtm), &at);
	route->family = rtm->rtm_family;
	route->table = nl_attr_u32(at.tb[RTA_TABLE], rtm->rtm_table);
	route->type = rtm->rtm_type;
	route->protocol = rtm->rtm_protocol;
	route->dst_len = rtm->rtm_dst_len;
	nl_attr_copy(at.tb[RTA_DST], route->dst, len);
	route->has_gateway = nl_attr_copy(at.tb[RTA_GATEWAY], route->gateway,
					  len);
	route->oif = (int)nl_attr_u32(at.tb[RTA_OIF], 0);
	route->priority = nl_attr_u32(at.tb[RTA_PRIORITY], 0);
	return MNL_CB_OK;
}

int nl_route_dump(struct nl *nl, int family, struct nl_route **out,
		  size_t *count, struct error *err)
{
	struct nl_array a = { .size = sizeof(struct nl_route) };
	struct nlmsghdr *nlh = nl_msg(nl, RTM_GETROUTE, NLM_F_DUMP);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = family;
	return nl_dump(nl, nlh, nl_route_cb, &a, (void **)out, count, err);
}

static int nl_qdisc_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	struct nl_qdisc *q;
	struct nl_attrs at;

	if (nlh->nlmsg_type != RTM_NEWQDISC)
		return MNL_CB_OK;
	q = nl_array_push(data);
	if (!q)
		return MNL_CB_ERROR;
	nl_attrs_parse(nlh, sizeof(*tcm), &at);
	q->ifindex = tcm->tcm_ifindex;
	q->handle = tcm->tcm_handle;
	q->parent = tcm->tcm_parent;
	if (at.tb[TCA_KIND])
		snprintf(q->kind, sizeof(q->kind), "%.*s",
			 (int)mnl_attr_get_payload_len(at.tb[TCA_KIND]),
			 mnl_attr_get_str(at.tb[TCA_KIND]));
	return MNL_CB_OK;
}

int nl_qdisc_dump(struct nl *nl, struct nl_qdisc **out, size_t *count,
		  struct error *err)
{
	struct nl_array a = { .size = sizeof(struct nl_qdisc) };
	struct nlmsghdr *nlh = nl_msg(nl, RTM_GETQDISC, NLM_F_DUMP);
	struct tcmsg *tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));

	tcm->tcm_family = AF_UNSPEC;
	return nl_dump(nl, nlh, nl_qdisc_cb, &a, (void **)out, count, err);
}
