// SPDX-License-Identifier: GPL-2.0
/*
 * test_symbols.c - the symbol table: lookups, errno names both ways, flag
 * spelling, and every symbol the packetdrill corpus writes in a syscall.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "symbols.h"
#include "tap.h"

/*
 * Every distinct word the packetdrill corpus (every .pkt under gtests/net, 177
 * scripts) writes in its syscall lines, arguments, results and errnos.
 * CMSG_LEVEL_IP and CMSG_TYPE_RECVERR are -D names of its runner, whose
 * values (SOL_IP/SOL_IPV6, IP_RECVERR/IPV6_RECVERR) are listed instead.
 */
static const char *const corpus_symbols[] = {
	"AF_UNSPEC", "EAGAIN", "EALREADY", "ECONNREFUSED", "ECONNRESET",
	"EFAULT", "EHOSTUNREACH", "EINPROGRESS", "EISCONN", "ENOMSG",
	"EOPNOTSUPP", "EPIPE", "EPOLLERR", "EPOLLET", "EPOLLEXCLUSIVE",
	"EPOLLIN", "EPOLLONESHOT", "EPOLLOUT", "EPOLL_CTL_ADD",
	"EPOLL_CTL_MOD", "ETIMEDOUT", "F_GETFL", "F_SETFL", "IPPROTO_TCP",
	"IPPROTO_UDP", "IP_FREEBIND", "IP_MTU_DISCOVER", "IP_PMTUDISC_DONT",
	"IP_TOS", "MSG_DONTWAIT", "MSG_EOR", "MSG_ERRQUEUE", "MSG_FASTOPEN",
	"MSG_MORE", "MSG_NOSIGNAL", "MSG_TRUNC", "MSG_ZEROCOPY", "NULL",
	"O_NONBLOCK", "O_RDONLY", "O_RDWR", "POLLERR", "POLLHUP", "POLLIN",
	"POLLOUT", "POLLRDHUP", "SCM_TIMESTAMPING", "SCM_TSTAMP_ACK",
	"SCM_TSTAMP_SCHED", "SCM_TSTAMP_SND", "SHUT_RD", "SHUT_RDWR",
	"SHUT_WR", "SIOCINQ", "SOCK_STREAM", "SOF_TIMESTAMPING_OPT_ID",
	"SOF_TIMESTAMPING_SOFTWARE", "SOF_TIMESTAMPING_TX_ACK",
	"SOF_TIMESTAMPING_TX_SCHED", "SOF_TIMESTAMPING_TX_SOFTWARE", "SOL_IP",
	"SOL_SOCKET", "SOL_TCP", "SO_EE_CODE_ZEROCOPY_COPIED",
	"SO_EE_ORIGIN_TIMESTAMPING", "SO_EE_ORIGIN_ZEROCOPY", "SO_ERROR",
	"SO_KEEPALIVE", "SO_MARK", "SO_REUSEADDR", "SO_SNDBUF",
	"SO_TIMESTAMPING", "SO_ZEROCOPY", "TCP_CM_INQ", "TCP_CORK",
	"TCP_FASTOPEN", "TCP_FASTOPEN_CONNECT", "TCP_FASTOPEN_KEY", "TCP_INQ",
	"TCP_KEEPIDLE", "TCP_MAXSEG", "TCP_NODELAY", "TCP_NOTSENT_LOWAT",
	"TCP_SYNCNT", "TCP_USER_TIMEOUT",
	/* the values of the runner's -D CMSG_LEVEL_IP / CMSG_TYPE_RECVERR */
	"SOL_IPV6", "IP_RECVERR", "IPV6_RECVERR",
};

static void test_lookup(void)
{
	int64_t v = -1;

	tap_is_int(symbols_lookup("TCP_NODELAY", &v), 0, "TCP_NODELAY found");
	tap_is_int(v, 1, "TCP_NODELAY is 1");
	symbols_lookup("SOL_TCP", &v);
	tap_is_int(v, 6, "SOL_TCP is 6");
	symbols_lookup("MSG_FASTOPEN", &v);
	tap_is_int(v, 0x20000000, "MSG_FASTOPEN is 0x20000000");
	symbols_lookup("MSG_ZEROCOPY", &v);
	tap_is_int(v, 0x4000000, "MSG_ZEROCOPY is 0x4000000");
	symbols_lookup("SO_ZEROCOPY", &v);
	tap_is_int(v, 60, "SO_ZEROCOPY is 60");
	symbols_lookup("TCP_TX_DELAY", &v);
	tap_is_int(v, 37, "TCP_TX_DELAY is 37");
	symbols_lookup("TCP_DELACK_MAX_US", &v);
	tap_is_int(v, 46, "TCP_DELACK_MAX_US is 46 (newer than the headers)");
	symbols_lookup("SOF_TIMESTAMPING_OPT_ID_TCP", &v);
	tap_is_int(v, 1 << 16, "SOF_TIMESTAMPING_OPT_ID_TCP is 1<<16");
	symbols_lookup("SIOCINQ", &v);
	tap_is_int(v, 0x541b, "SIOCINQ is FIONREAD's 0x541b");
	symbols_lookup("EPOLL_CTL_MOD", &v);
	tap_is_int(v, 3, "EPOLL_CTL_MOD is 3");
	symbols_lookup("SOCK_NONBLOCK", &v);
	tap_is_int(v, 04000, "SOCK_NONBLOCK is 04000");
	v = 77;
	tap_is_int(symbols_lookup("NULL", &v), 0, "NULL found");
	tap_is_int(v, 0, "NULL is 0");
	v = 77;
	tap_is_int(symbols_lookup("TCP_NODELAYX", &v), -1,
		   "unknown name not found");
	tap_is_int(v, 77, "unknown name leaves the value alone");
	tap_is_int(symbols_lookup("tcp_nodelay", &v), -1,
		   "names are case-sensitive");
	tap_is_int(symbols_lookup(NULL, &v), -1, "NULL name not found");
	symbols_lookup("ECONNREFUSED", &v);
	tap_is_int(v, ECONNREFUSED, "errno names are symbols too");
}

static void test_errno(void)
{
	int i, ok = 1;

	tap_is_str(symbols_errno_name(EAGAIN), "EAGAIN", "11 is EAGAIN");
	tap_is_str(symbols_errno_name(EDEADLK), "EDEADLK",
		   "EDEADLK printed over EDEADLOCK");
	tap_is_str(symbols_errno_name(EOPNOTSUPP), "EOPNOTSUPP",
		   "EOPNOTSUPP printed over ENOTSUP");
	tap_is_str(symbols_errno_name(ECONNREFUSED), "ECONNREFUSED",
		   "ECONNREFUSED by value");
	tap_ok(symbols_errno_name(9999) == NULL, "no name for 9999");
	tap_ok(symbols_errno_name(0) == NULL, "no name for 0");
	tap_is_int(symbols_errno_value("EAGAIN"), EAGAIN, "EAGAIN is 11");
	tap_is_int(symbols_errno_value("EWOULDBLOCK"), EAGAIN,
		   "EWOULDBLOCK is EAGAIN");
	tap_is_int(symbols_errno_value("EINPROGRESS"), EINPROGRESS,
		   "EINPROGRESS by name");
	tap_is_int(symbols_errno_value("SOL_TCP"), -1,
		   "a non-errno symbol is no errno");
	tap_is_int(symbols_errno_value("EFOO"), -1, "EFOO is no errno");
	/* Linux numbers its errnos 1..133 without gaps but 41 and 58. */
	for (i = 1; i <= 133; i++) {
		const char *name = symbols_errno_name(i);

		if (i == 41 || i == 58)
			continue;
		if (!name || symbols_errno_value(name) != i) {
			printf("# errno %d: %s\n", i, name ? name : "(none)");
			ok = 0;
		}
	}
	tap_ok(ok, "every Linux errno 1..133 has a name that maps back");
	tap_is_str(symbols_errno_text(EAGAIN),
		   "Resource temporarily unavailable", "text of EAGAIN");
	tap_is_str(symbols_errno_text(9999), "Unknown error",
		   "text of an unknown errno");
}

static void test_flags_one(const char *prefix, uint64_t flags,
			   const char *want, const char *name)
{
	char *s = symbols_flags_string(prefix, flags);

	tap_is_str(s, want, name);
	free(s);
}

static void test_flags(void)
{
	int64_t in = 0, out = 0;

	symbols_lookup("POLLIN", &in);
	symbols_lookup("POLLOUT", &out);
	test_flags_one("POLL", (uint64_t)(in | out), "POLLIN|POLLOUT",
		       "POLLIN|POLLOUT spelled");
	test_flags_one("POLL", 0, "0", "empty mask is 0");
	test_flags_one("POLL", 0x10000 | (uint64_t)in, "POLLIN|0x10000",
		       "unknown bits in hex");
	test_flags_one("EPOLL", 0x1 | (1u << 31), "EPOLLIN|EPOLLET",
		       "EPOLLIN|EPOLLET spelled");
	test_flags_one("EPOLL", 0x2, "EPOLLPRI",
		       "EPOLL_CTL_DEL is no event bit");
	test_flags_one("MSG_", 0x2000 | 0x20, "MSG_TRUNC|MSG_ERRQUEUE",
		       "msg_flags spelled");
}

static void test_corpus(void)
{
	size_t i, missing = 0;
	int64_t v;

	for (i = 0; i < sizeof(corpus_symbols) / sizeof(corpus_symbols[0]);
	     i++) {
		if (symbols_lookup(corpus_symbols[i], &v) == 0)
			continue;
		printf("# missing: %s\n", corpus_symbols[i]);
		missing++;
	}
	tap_is_int((long long)missing, 0,
		   "every symbol of the packetdrill corpus resolves");
}

static void test_table(void)
{
	const struct symbol *t;
	size_t n, i, j, dup = 0;

	t = symbols_table(&n);
	tap_ok(n > 400, "the table is broad");
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(t[i].name, t[j].name) == 0) {
				printf("# duplicate: %s\n", t[i].name);
				dup++;
			}
	tap_is_int((long long)dup, 0, "no name appears twice");
}

int main(void)
{
	test_lookup();
	test_errno();
	test_flags();
	test_corpus();
	test_table();
	return tap_done();
}
