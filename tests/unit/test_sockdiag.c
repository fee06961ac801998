// SPDX-License-Identifier: GPL-2.0
/*
 * test_sockdiag.c - every TCP state as sock_diag reports it, inside a
 * private namespace: over loopback (LISTEN, ESTABLISHED, FIN_WAIT2,
 * CLOSE_WAIT, TIME_WAIT, CLOSED; IPv6 and ipv4-mapped-ipv6) and over the
 * TUN device with hand-made segments (SYN_SENT, SYN_RECV, FIN_WAIT1,
 * CLOSING, LAST_ACK, and orphans after close()).
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "sockdiag.h"
#include "tun.h"
#include "netns_test.h"

static const char *const state_names[] = {
	"(none)", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
	"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
	"LISTEN", "CLOSING",
};

static const char *state_name(int state)
{
	return state >= 0 && state <= TCP_CLOSING ? state_names[state] : "?";
}

/* A socket address from text; the port in host order. */
static struct sockaddr_storage sa(const char *ip, uint16_t port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in = (void *)&ss;
	struct sockaddr_in6 *in6 = (void *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, ip, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
	} else {
		inet_pton(AF_INET6, ip, &in6->sin6_addr);
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
	}
	return ss;
}

static socklen_t sa_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
					   sizeof(struct sockaddr_in);
}

static uint16_t sa_port(const struct sockaddr_storage *ss)
{
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

/* One side of a connection as the socket sees it. */
struct end {
	int family;			/* the socket's */
	struct sockaddr_storage local, remote;
};

static struct end end_of(int fd)
{
	struct end e;
	socklen_t len = sizeof(e.local);

	memset(&e, 0, sizeof(e));
	getsockname(fd, (void *)&e.local, &len);
	len = sizeof(e.remote);
	getpeername(fd, (void *)&e.remote, &len);
	e.family = e.local.ss_family;
	return e;
}

/*
 * Ask until the state is `want` or two seconds pass: over loopback the
 * last packets of an exchange may still sit in the softirq backlog when
 * a system call returns.
 */
static int state_of(const struct end *e, int want)
{
	int64_t end = netns_now_ns() + 2000000000LL;
	struct error err = { 0 };
	int state = -1;

	do {
		if (sockdiag_tcp_state(e->family, (void *)&e->local,
				       (void *)&e->remote, &state, &err) < 0) {
			printf("#   sock_diag: %s\n", err.message);
			error_clear(&err);
			return -1;
		}
		if (state == want)
			break;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	} while (netns_now_ns() < end);
	return state;
}

static void is_state(const struct end *e, int want, const char *name)
{
	int state = state_of(e, want);

	if (!tap_is_int(state, want, name))
		printf("#   expected %s, got %s\n", state_name(want),
		       state_name(state));
}

static void is_listener(int family, uint16_t port, int want,
			const char *name)
{
	struct error err = { 0 };
	int state = -1;

	if (sockdiag_listener_state(family, port, &state, &err) < 0)
		printf("#   sock_diag: %s\n", err.message);
	tap_is_int(state, want, name);
	error_clear(&err);
}

static int listen_on(const char *ip, uint16_t port, int v6only,
		     uint16_t *bound)
{
	struct sockaddr_storage ss = sa(ip, port);
	socklen_t len = sa_len(&ss);
	int fd = socket(ss.ss_family, SOCK_STREAM, 0);
	int one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
			   sizeof(v6only));
	if (bind(fd, (void *)&ss, len) < 0 || listen(fd, 8) < 0 ||
	    getsockname(fd, (void *)&ss, &len) < 0) {
		close(fd);
		return -1;
	}
	*bound = sa_port(&ss);
	return fd;
}

/* A connected pair over loopback: *client and *server fds. */
static int connect_pair(int listener, int family, const char *ip,
			uint16_t port, int *client, int *server)
{
	struct sockaddr_storage ss = sa(ip, port);

	*client = socket(family, SOCK_STREAM, 0);
	*server = -1;
	if (*client < 0 || connect(*client, (void *)&ss, sa_len(&ss)) < 0)
		return -1;
	*server = accept(listener, NULL, NULL);
	return *server < 0 ? -1 : 0;
}

/* ---- over loopback ---------------------------------------------------- */

static void check_loopback(void *arg)
{
	int l, c, s, c2, s2;
	uint16_t port;
	struct end ce, se, probe;

	l = listen_on("127.0.0.1", 0, 0, &port);
	tap_ok(l >= 0, "listen on 127.0.0.1");
	is_listener(AF_INET, port, TCP_LISTEN, "LISTEN on the port");
	is_listener(AF_INET, 9, TCP_CLOSE, "no listener on port 9: CLOSE");
	is_listener(AF_INET6, port, TCP_CLOSE,
		    "an IPv4 listener is not an IPv6 one");

	tap_is_int(connect_pair(l, AF_INET, "127.0.0.1", port, &c, &s), 0,
		   "connect and accept over loopback");
	ce = end_of(c);
	se = end_of(s);
	is_state(&ce, TCP_ESTABLISHED, "client ESTABLISHED");
	is_state(&se, TCP_ESTABLISHED, "server ESTABLISHED");

	probe = se;
	probe.remote = sa("127.0.0.1", 1);
	is_state(&probe, TCP_CLOSE, "the listener's port with an unknown "
		 "peer is CLOSE, not LISTEN");
	probe.local = sa("127.0.0.2", 7);
	probe.remote = sa("127.0.0.3", 8);
	is_state(&probe, TCP_CLOSE, "an unknown 4-tuple is CLOSE");

	shutdown(c, SHUT_WR);
	is_state(&ce, TCP_FIN_WAIT2, "client FIN_WAIT2 after shutdown(WR)");
	is_state(&se, TCP_CLOSE_WAIT, "server CLOSE_WAIT");
	close(s);
	is_state(&ce, TCP_TIME_WAIT, "client TIME_WAIT after the server's "
		 "FIN");
	is_state(&se, TCP_CLOSE, "server side gone: CLOSE");
	close(c);
	is_state(&ce, TCP_TIME_WAIT, "still TIME_WAIT with no fd left");

	tap_is_int(connect_pair(l, AF_INET, "127.0.0.1", port, &c2, &s2), 0,
		   "a second connection");
	ce = end_of(c2);
	se = end_of(s2);
	close(c2);
	is_state(&ce, TCP_FIN_WAIT2, "orphan FIN_WAIT2 after close()");
	is_state(&se, TCP_CLOSE_WAIT, "its peer CLOSE_WAIT");
	close(s2);
	is_state(&ce, TCP_TIME_WAIT, "orphan TIME_WAIT after the peer's FIN");
	close(l);
	is_listener(AF_INET, port, TCP_CLOSE, "no listener after close()");
}

static void check_mapped(void *arg)
{
	struct error err = { 0 };
	int l, c, s, c4, s4, l6only, state = -1;
	uint16_t port, port6only;
	struct end ce, se, plain;
	struct sockaddr_storage v6 = sa("::1", 2);

	l = listen_on("::", 0, 0, &port);
	tap_ok(l >= 0, "dual-stack listen on ::");
	is_listener(AF_INET6, port, TCP_LISTEN, "LISTEN as AF_INET6");
	is_listener(AF_INET, port, TCP_LISTEN,
		    "a dual-stack listener counts for AF_INET");
	l6only = listen_on("::", 0, 1, &port6only);
	is_listener(AF_INET, port6only, TCP_CLOSE,
		    "an IPV6_V6ONLY listener does not");
	is_listener(AF_INET6, port6only, TCP_LISTEN, "but is one for IPv6");

	tap_is_int(connect_pair(l, AF_INET6, "::ffff:127.0.0.1", port, &c, &s),
		   0, "connect to ::ffff:127.0.0.1");
	ce = end_of(c);
	se = end_of(s);
	tap_ok(ce.family == AF_INET6 &&
	       IN6_IS_ADDR_V4MAPPED(&((struct sockaddr_in6 *)&ce.local)
					     ->sin6_addr),
	       "the client socket is AF_INET6 with mapped addresses");
	is_state(&ce, TCP_ESTABLISHED, "mapped client ESTABLISHED");
	is_state(&se, TCP_ESTABLISHED, "mapped server ESTABLISHED");
	plain = ce;
	plain.local = sa("127.0.0.1", sa_port(&ce.local));
	plain.remote = sa("127.0.0.1", port);
	is_state(&plain, TCP_ESTABLISHED,
		 "found from plain IPv4 addresses too");

	tap_is_int(connect_pair(l, AF_INET, "127.0.0.1", port, &c4, &s4), 0,
		   "an AF_INET client to the dual-stack listener");
	se = end_of(s4);
	is_state(&se, TCP_ESTABLISHED,
		 "its AF_INET6 server side ESTABLISHED");

	plain.local = sa("127.0.0.1", 1);
	tap_is_int(sockdiag_tcp_state(AF_INET6, (void *)&plain.local,
				      (void *)&v6, &state, &err),
		   -1, "mixed families are an error");
	close(c);
	close(s);
	close(c4);
	close(s4);
	close(l);
	close(l6only);
	error_clear(&err);
}

static void check_ipv6(void *arg)
{
	int l, c, s;
	uint16_t port;
	struct end ce;

	l = listen_on("::1", 0, 1, &port);
	is_listener(AF_INET6, port, TCP_LISTEN, "LISTEN on ::1");
	tap_is_int(connect_pair(l, AF_INET6, "::1", port, &c, &s), 0,
		   "connect over ::1");
	ce = end_of(c);
	is_state(&ce, TCP_ESTABLISHED, "IPv6 client ESTABLISHED");
	close(c);
	is_state(&ce, TCP_FIN_WAIT2, "IPv6 orphan FIN_WAIT2");
	close(s);
	is_state(&ce, TCP_TIME_WAIT, "IPv6 TIME_WAIT");
	close(l);
}

/* ---- over the TUN device ---------------------------------------------------- */

static uint8_t local_ip[4], remote_ip[4];

/* The next outbound TCP segment carrying all of `flags`. */
static int expect_out(struct tun *tun, int flags, struct netns_tcp_seen *seen)
{
	struct error err = { 0 };
	uint8_t pkt[2048];
	size_t len;

	for (;;) {
		struct timespec deadline = netns_after_ms(1000);
		int ret;

		if (tun_wait(tun, &deadline, &err) != 1)
			break;
		ret = tun_read(tun, pkt, sizeof(pkt), &len, NULL, &err);
		if (ret < 0)
			break;
		if (ret == 1 && netns_parse_tcp4(pkt, len, seen) &&
		    (seen->flags & flags) == flags)
			return 1;
	}
	error_clear(&err);
	return 0;
}

static void inject(struct tun *tun, uint16_t sport, uint16_t dport,
		   uint32_t seq, uint32_t ack, int flags)
{
	struct error err = { 0 };
	uint8_t pkt[64];
	size_t len = netns_tcp4(pkt, remote_ip, sport, local_ip, dport, seq,
				ack, flags);

	if (tun_write(tun, pkt, len, &err) < 0)
		printf("#   inject: %s\n", err.message);
	error_clear(&err);
}

/*
 * An active open to the remote end, completed by a hand-made SYN-ACK.
 * Returns the fd and fills the kernel's ISN; the peer's ISN is 1000.
 */
static int active_open(struct tun *tun, uint16_t rport, struct end *e,
		       uint32_t *isn, int check_syn_sent)
{
	struct sockaddr_storage to = sa("192.0.2.1", rport);
	struct netns_tcp_seen seen;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (connect(fd, (void *)&to, sa_len(&to)) == 0 ||
	    errno != EINPROGRESS)
		return -1;
	tap_ok(expect_out(tun, NETNS_SYN, &seen), "the SYN leaves by tun0");
	*isn = seen.seq;
	*e = end_of(fd);
	e->remote = to;		/* not connected yet: no peer name */
	if (check_syn_sent)
		is_state(e, TCP_SYN_SENT, "SYN_SENT");
	inject(tun, rport, seen.sport, 1000, *isn + 1, NETNS_SYN | NETNS_ACK);
	expect_out(tun, NETNS_ACK, &seen);
	return fd;
}

static void check_active_close(struct tun *tun)
{
	struct netns_tcp_seen seen;
	uint32_t isn = 0;
	struct end e;
	int fd = active_open(tun, 80, &e, &isn, 1);

	is_state(&e, TCP_ESTABLISHED, "ESTABLISHED after the SYN-ACK");
	close(fd);
	tap_ok(expect_out(tun, NETNS_FIN, &seen), "close() sends a FIN");
	is_state(&e, TCP_FIN_WAIT1, "orphan FIN_WAIT1");
	inject(tun, 80, sa_port(&e.local), 1001, isn + 2, NETNS_ACK);
	is_state(&e, TCP_FIN_WAIT2, "orphan FIN_WAIT2 once the FIN is acked");
	inject(tun, 80, sa_port(&e.local), 1001, isn + 2,
	       NETNS_FIN | NETNS_ACK);
	is_state(&e, TCP_TIME_WAIT, "TIME_WAIT after the peer's FIN");
}

static void check_simultaneous_close(struct tun *tun)
{
	struct netns_tcp_seen seen;
	uint32_t isn = 0;
	struct end e;
	int fd = active_open(tun, 81, &e, &isn, 0);

	close(fd);
	expect_out(tun, NETNS_FIN, &seen);
	/* The peer's FIN crosses ours: it does not ack our FIN. */
	inject(tun, 81, sa_port(&e.local), 1001, isn + 1,
	       NETNS_FIN | NETNS_ACK);
	is_state(&e, TCP_CLOSING, "CLOSING when FINs cross");
}

static void check_passive(struct tun *tun)
{
	struct netns_tcp_seen seen;
	uint16_t port;
	struct end e;
	uint32_t isn;
	int l = listen_on("192.168.0.1", 8080, 0, &port);
	int a;

	e.family = AF_INET;
	e.local = sa("192.168.0.1", 8080);
	e.remote = sa("192.0.2.1", 40000);
	inject(tun, 40000, 8080, 5000, 0, NETNS_SYN);
	tap_ok(expect_out(tun, NETNS_SYN | NETNS_ACK, &seen) &&
	       seen.ack == 5001, "a SYN-ACK answers the injected SYN");
	isn = seen.seq;
	is_state(&e, TCP_SYN_RECV, "SYN_RECV (a request socket)");
	inject(tun, 40000, 8080, 5001, isn + 1, NETNS_ACK);
	is_state(&e, TCP_ESTABLISHED, "ESTABLISHED before accept()");
	inject(tun, 40000, 8080, 5001, isn + 1, NETNS_FIN | NETNS_ACK);
	is_state(&e, TCP_CLOSE_WAIT, "CLOSE_WAIT after the peer's FIN");
	a = accept(l, NULL, NULL);
	close(a);
	tap_ok(expect_out(tun, NETNS_FIN, &seen), "close() sends our FIN");
	is_state(&e, TCP_LAST_ACK, "orphan LAST_ACK");
	inject(tun, 40000, 8080, 5002, isn + 2, NETNS_ACK);
	is_state(&e, TCP_CLOSE, "CLOSE once our FIN is acked");
	close(l);
}

/* A request socket of a dual-stack listener, found both ways. */
static void check_mapped_request(struct tun *tun)
{
	struct netns_tcp_seen seen;
	uint16_t port;
	struct end e;
	int l = listen_on("::", 8081, 0, &port);

	inject(tun, 40001, 8081, 7000, 0, NETNS_SYN);
	expect_out(tun, NETNS_SYN | NETNS_ACK, &seen);
	e.family = AF_INET6;
	e.local = sa("::ffff:192.168.0.1", 8081);
	e.remote = sa("::ffff:192.0.2.1", 40001);
	is_state(&e, TCP_SYN_RECV, "mapped SYN_RECV from mapped addresses");
	e.local = sa("192.168.0.1", 8081);
	e.remote = sa("192.0.2.1", 40001);
	is_state(&e, TCP_SYN_RECV, "mapped SYN_RECV from IPv4 addresses");
	close(l);
}

static void check_tun(void *arg)
{
	struct tun_config cfg;
	struct error err = { 0 };
	struct tun *tun = NULL;

	tun_config_default(&cfg, AF_INET, &err);
	memcpy(local_ip, &cfg.local.v4, 4);
	memcpy(remote_ip, &cfg.remote.v4, 4);
	if (!tap_is_int(tun_open(&cfg, &tun, &err), 0, "tun_open")) {
		printf("#   %s\n", err.message);
		error_clear(&err);
		return;
	}
	check_active_close(tun);
	check_simultaneous_close(tun);
	check_passive(tun);
	check_mapped_request(tun);
	tun_close(tun);
}

int main(void)
{
	if (netns_skip_unless_root())
		return 0;
	netns_fork("loopback states", SANDBOX_AUTO, check_loopback, NULL);
	netns_fork("ipv4-mapped-ipv6 states", SANDBOX_AUTO, check_mapped, NULL);
	netns_fork("IPv6 states", SANDBOX_AUTO, check_ipv6, NULL);
	netns_fork("states over the TUN device", SANDBOX_AUTO, check_tun,
		   NULL);
	return tap_done();
}
