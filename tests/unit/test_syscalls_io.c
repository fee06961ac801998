// SPDX-License-Identifier: GPL-2.0
/*
 * test_syscalls_io.c - syscall lines run against real kernel objects that
 * need no namespace and no privilege: pipes, socketpairs, files and TCP
 * over 127.0.0.1 with kernel-chosen ports. Every check passes once and is
 * made to fail once with its exact message.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "syscall_lines.h"

#define I(v) x_int(v)
#define W(s) x_word(s)
#define S(s) x_str(s)
#define D x_dots()
#define L1(e) x_list(e, NULL)
#define F(n, v) x_field(n, v)
#define OR(a, b) x_or(W(a), W(b))

static struct syscall_env env;

static int live(int script_fd)
{
	return syscall_env_live_fd(&env, script_fd);
}

/* Wait until the script fd has `bytes` to read (loopback is fast, not
 * instant). */
static void wait_readable(int script_fd, int bytes)
{
	struct pollfd p = { .fd = live(script_fd), .events = POLLIN };
	int n = 0, i;

	for (i = 0; i < 100; i++) {
		poll(&p, 1, 10);
		if (ioctl(p.fd, FIONREAD, &n) == 0 && n >= bytes)
			return;
	}
	printf("# fd %d: only %d of %d bytes arrived\n", script_fd, n, bytes);
}

/* Point `...` in connect() at the port a script socket is bound to. */
static void connect_to(int script_fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	getsockname(live(script_fd), (struct sockaddr *)&sin, &len);
	((struct sockaddr_in *)&env.connect_addr)->sin_port = sin.sin_port;
}

static void test_pipe(void)
{
	x_ok(&env, x_sc("pipe", I(0), NULL, x_list(I(5), I(6), NULL), NULL),
	     "pipe([5, 6]) = 0");
	tap_ok(live(5) >= 0 && live(6) >= 0 && live(5) != live(6),
	       "both pipe ends mapped");
	x_ok(&env, x_sc("write", I(50), NULL, I(6), D, I(50), NULL),
	     "write(6, ..., 50) = 50");
	x_fail(&env, x_sc("read", I(100), NULL, I(5), D, I(100), NULL),
	       "runtime error in read call: expected result 100 but got 50",
	       "read result mismatch");
	x_ok(&env, x_sc("write", I(3), NULL, I(6), S("abc"), I(3), NULL),
	     "write(6, \"abc\", 3) = 3");
	x_fail(&env, x_sc("read", I(3), NULL, I(5), S("abd"), I(3), NULL),
	       "runtime error in read call: expected data \"abd\" but got "
	       "\"abc\"", "read data mismatch");
	x_ok(&env, x_sc("write", I(11), NULL, I(6), S("hello world"), I(11),
			NULL), "write a string");
	{
		struct ast_expr *prefix = S("hello");

		prefix->str_ellipsis = true;
		x_ok(&env, x_sc("read", I(11), NULL, I(5), prefix, I(100),
				NULL), "read(5, \"hello\"..., 100) = 11");
	}
	x_ok(&env, x_sc("close", I(0), NULL, I(6), NULL), "close(6) = 0");
	tap_is_int(live(6), -1, "closed fd left the map");
	x_ok(&env, x_sc("read", I(0), NULL, I(5), D, I(10), NULL),
	     "read at EOF = 0");
	x_fail(&env, x_sc("write", I(1), NULL, I(6), D, I(1), NULL),
	       "runtime error in write call: unknown fd 6: no earlier call "
	       "returned it", "closed fd is unknown");
	x_ok(&env, x_sc("write", I(-1), "EBADF", I(-1), D, I(1), NULL),
	     "a negative fd reaches the kernel: EBADF");
	x_ok(&env, x_sc("close", I(0), NULL, I(5), NULL), "close(5) = 0");
}

static void test_listen_connect_accept(void)
{
	struct syscall_outcome out;
	struct error err = { 0 };

	x_ok(&env, x_sc("socket", I(3), NULL, D, W("SOCK_STREAM"),
			W("IPPROTO_TCP"), NULL),
	     "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(3), W("SOL_SOCKET"),
			W("SO_REUSEADDR"), L1(I(1)), I(4), NULL),
	     "setsockopt SO_REUSEADDR [1]");
	x_ok(&env, x_sc("bind", I(0), NULL, I(3), D, D, NULL),
	     "bind(3, ..., ...) = 0");
	x_ok(&env, x_sc("listen", I(0), NULL, I(3), I(1), NULL),
	     "listen(3, 1) = 0");
	connect_to(3);
	x_ok(&env, x_sc("socket", I(4), NULL, D, W("SOCK_STREAM"),
			W("IPPROTO_TCP"), NULL), "socket = 4");
	x_ok(&env, x_sc("connect", I(0), NULL, I(4), D, D, NULL),
	     "connect(4, ..., ...) = 0");
	x_run(&env, x_sc("accept", I(5), NULL, I(3),
			 x_struct(F("sa_family", W("AF_INET")),
				  F("sin_addr", x_call1("inet_addr",
							S("127.0.0.1"))),
				  NULL),
			 L1(I(sizeof(struct sockaddr_in))), NULL),
	      &out, &err);
	tap_ok(!error_is_set(&err), "accept(3, {AF_INET, 127.0.0.1}, [16])");
	tap_ok(out.new_fds == 1 && out.new_script_fd[0] == 5 &&
	       out.new_live_fd[0] == live(5) && out.script_fd == 3 &&
	       out.live_fd == live(3), "accept's outcome names the new fd");
	error_clear(&err);

	/* A second connection, to see a sockaddr mismatch. */
	x_ok(&env, x_sc("socket", I(7), NULL, D, W("SOCK_STREAM"),
			W("IPPROTO_TCP"), NULL), "socket = 7");
	x_ok(&env, x_sc("connect", I(0), NULL, I(7), D, D, NULL),
	     "connect(7) = 0");
	x_run(&env, x_sc("accept", I(8), NULL, I(3),
			 x_struct(F("sa_family", W("AF_INET")),
				  F("sin_addr", x_call1("inet_addr",
							S("127.0.0.2"))),
				  NULL), D, NULL), &out, &err);
	{
		const char *want = "runtime error in accept call: address: "
				   "expected 127.0.0.2 but got 127.0.0.1";

		tap_is_str(err.message, want, "accept address mismatch");
	}
	error_clear(&err);
	x_ok(&env, x_sc("close", I(0), NULL, I(8), NULL), "close(8)");
	x_ok(&env, x_sc("close", I(0), NULL, I(7), NULL), "close(7)");
}

static void test_sockopts(void)
{
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			W("TCP_NODELAY"), L1(I(1)), I(4), NULL),
	     "setsockopt TCP_NODELAY [1]");
	x_ok(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			W("TCP_NODELAY"), L1(I(1)), L1(I(4)), NULL),
	     "getsockopt TCP_NODELAY [1] [4]");
	x_fail(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			  W("TCP_NODELAY"), L1(I(0)), L1(I(4)), NULL),
	       "runtime error in getsockopt call: optval: expected 0 but got 1",
	       "getsockopt optval mismatch");
	x_fail(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			  W("TCP_NODELAY"), L1(I(1)), L1(I(8)), NULL),
	       "runtime error in getsockopt call: optlen: expected 8 but got 4",
	       "getsockopt optlen mismatch");
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			W("SO_RCVBUF"), L1(I(65536)), I(4), NULL),
	     "setsockopt SO_RCVBUF [65536]");
	x_ok(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			W("SO_RCVBUF"), L1(I(131072)), L1(I(4)), NULL),
	     "getsockopt SO_RCVBUF doubled by the kernel");
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_IP"),
			W("IP_TOS"), L1(I(4)), I(1), NULL),
	     "setsockopt IP_TOS [4] with optlen 1");
	x_ok(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_IP"),
			W("IP_TOS"), L1(I(4)), L1(I(4)), NULL),
	     "getsockopt IP_TOS [4]");
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			W("TCP_NOTSENT_LOWAT"), L1(x_hex(0xffffffff)), I(4),
			NULL), "setsockopt [0xffffffff]");
	x_ok(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			W("TCP_NOTSENT_LOWAT"), L1(x_hex(0xffffffff)),
			L1(I(4)), NULL), "getsockopt [0xffffffff] matches -1");
	x_ok(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			W("SO_ERROR"), L1(I(0)), L1(I(4)), NULL),
	     "getsockopt SO_ERROR [0]");
	x_ok(&env, x_sc("setsockopt", I(-1), "EINVAL", I(4), W("SOL_TCP"),
			W("TCP_MAXSEG"), L1(I(1)), I(4), NULL),
	     "setsockopt TCP_MAXSEG [1] = -1 EINVAL");

	/* strings: TCP_CONGESTION */
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			W("TCP_CONGESTION"), S("reno"), I(4), NULL),
	     "setsockopt TCP_CONGESTION \"reno\"");
	x_ok(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			W("TCP_CONGESTION"), S("reno"), L1(I(16)), NULL),
	     "getsockopt TCP_CONGESTION \"reno\" [16]");
	x_fail(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			  W("TCP_CONGESTION"), S("cubic"), L1(I(16)), NULL),
	       "runtime error in getsockopt call: optval: expected \"cubic\" "
	       "but got \"reno\"", "getsockopt string mismatch");

	/* structs: SO_LINGER, TCP_INFO */
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			W("SO_LINGER"), x_struct(F("onoff", I(1)),
						 F("linger", I(3)), NULL),
			D, NULL), "setsockopt SO_LINGER {onoff=1, linger=3}");
	x_ok(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			W("SO_LINGER"), x_struct(F("l_onoff", I(1)),
						 F("l_linger", I(3)), NULL),
			L1(I(8)), NULL), "getsockopt SO_LINGER struct");
	x_fail(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			  W("SO_LINGER"), x_struct(F("l_onoff", I(1)),
						   F("l_linger", I(5)), NULL),
			  L1(I(8)), NULL),
	       "runtime error in getsockopt call: optval l_linger: expected 5 "
	       "but got 3", "getsockopt struct mismatch");
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			W("SO_LINGER"), x_struct(I(0), I(0), NULL), I(8), NULL),
	     "setsockopt SO_LINGER {0, 0}");
	x_ok(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			W("TCP_INFO"), x_struct(F("tcpi_state",
						  W("TCP_ESTABLISHED")),
						D, NULL), D, NULL),
	     "getsockopt TCP_INFO {tcpi_state=TCP_ESTABLISHED, ...}");
	x_ok(&env, x_sc("getsockopt", I(0), NULL, I(3), W("SOL_TCP"),
			W("TCP_INFO"), x_struct(F("tcpi_state",
						  W("TCP_LISTEN")), NULL),
			D, NULL), "listener's tcpi_state is TCP_LISTEN");
	x_fail(&env, x_sc("getsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			  W("TCP_INFO"), x_struct(F("tcpi_state",
						    W("TCP_CLOSE_WAIT")), NULL),
			  D, NULL),
	       "runtime error in getsockopt call: optval tcpi_state: expected "
	       "8 but got 1", "TCP_INFO field mismatch");
	x_fail(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_TCP"),
			  W("TCP_NODELAY"), x_struct(I(1), NULL), I(4), NULL),
	       "runtime error in setsockopt call: no struct is known for this "
	       "option (known: SO_LINGER, TCP_INFO, TCP_MD5SIG)",
	       "struct for an int option");
}

static void test_data_and_fcntl(void)
{
	x_ok(&env, x_sc("write", I(1000), NULL, I(4), D, I(1000), NULL),
	     "write(4, ..., 1000) = 1000");
	wait_readable(5, 1000);
	x_ok(&env, x_sc("read", I(100), NULL, I(5), D, I(100), NULL),
	     "read(5, ..., 100) = 100");
	x_ok(&env, x_sc("recv", I(900), NULL, I(5), D, I(2000), I(0), NULL),
	     "recv(5, ..., 2000, 0) = 900");
	x_ok(&env, x_sc("ioctl", I(0), NULL, I(5), W("FIONREAD"), L1(I(0)),
			NULL), "ioctl(5, FIONREAD, [0]) = 0");
	x_ok(&env, x_sc("send", I(7), NULL, I(4), D, I(7), W("MSG_NOSIGNAL"),
			NULL), "send(4, ..., 7, MSG_NOSIGNAL) = 7");
	wait_readable(5, 7);
	x_ok(&env, x_sc("ioctl", I(0), NULL, I(5), W("SIOCINQ"), L1(I(7)),
			NULL), "ioctl(5, SIOCINQ, [7]) = 0");
	x_fail(&env, x_sc("ioctl", I(0), NULL, I(5), W("FIONREAD"), L1(I(8)),
			  NULL),
	       "runtime error in ioctl call: ioctl value: expected 8 but got 7",
	       "ioctl value mismatch");
	x_ok(&env, x_sc("read", I(7), NULL, I(5), D, I(7), NULL), "drain 7");

	x_ok(&env, x_sc("fcntl", x_hex(2), NULL, I(5), W("F_GETFL"), NULL),
	     "fcntl(5, F_GETFL) = 0x2");
	x_ok(&env, x_sc("fcntl", I(0), NULL, I(5), W("F_SETFL"),
			OR("O_RDWR", "O_NONBLOCK"), NULL),
	     "fcntl(5, F_SETFL, O_RDWR|O_NONBLOCK) = 0");
	x_ok(&env, x_sc("fcntl", OR("O_RDWR", "O_NONBLOCK"), NULL, I(5),
			W("F_GETFL"), NULL), "F_GETFL = O_RDWR|O_NONBLOCK");
	x_fail(&env, x_sc("fcntl", x_hex(2), NULL, I(5), W("F_GETFL"), NULL),
	       "runtime error in fcntl call: expected result 0x2 but got "
	       "0x802", "fcntl result mismatch, in hex as written");

	x_ok(&env, x_sc("read", I(-1), "EAGAIN", I(5), D, I(10), NULL),
	     "read = -1 EAGAIN on an empty non-blocking socket");
	x_fail(&env, x_sc("read", I(-1), "ECONNREFUSED", I(5), D, I(10), NULL),
	       "runtime error in read call: expected errno ECONNREFUSED "
	       "(Connection refused) but got EAGAIN (Resource temporarily "
	       "unavailable)", "errno mismatch");
	x_fail(&env, x_sc("read", I(10), NULL, I(5), D, I(10), NULL),
	       "runtime error in read call: expected result 10 but got -1 "
	       "with errno EAGAIN (Resource temporarily unavailable)",
	       "result mismatch with errno");
	x_ok(&env, x_sc("recv", I(-1), "EAGAIN", I(5), D, I(10),
			W("MSG_DONTWAIT"), NULL), "recv MSG_DONTWAIT EAGAIN");
	x_ok(&env, x_sc("read", D, NULL, I(5), D, I(10), NULL),
	     "read = ... accepts anything");
}

static void test_poll(void)
{
	x_ok(&env, x_sc("poll", I(1), NULL,
			L1(x_struct(F("fd", I(4)), F("events", W("POLLOUT")),
				    F("revents", W("POLLOUT")), NULL)),
			I(1), I(0), NULL), "poll POLLOUT");
	x_ok(&env, x_sc("poll", I(0), NULL,
			L1(x_struct(F("fd", I(5)), F("events", W("POLLIN")),
				    NULL)), I(1), I(0), NULL),
	     "poll without revents: none expected, none came");
	x_fail(&env, x_sc("poll", I(1), NULL,
			  L1(x_struct(F("fd", I(4)),
				      F("events", OR("POLLIN", "POLLOUT")),
				      F("revents", OR("POLLIN", "POLLOUT")),
				      NULL)), I(1), I(0), NULL),
	       "runtime error in poll call: pollfd 0 revents: expected "
	       "POLLIN|POLLOUT but got POLLOUT", "poll revents mismatch");
	x_fail(&env, x_sc("poll", I(1), NULL,
			  L1(x_struct(F("fd", I(4)), F("events", W("POLLOUT")),
				      NULL)), I(1), I(0), NULL),
	       "runtime error in poll call: pollfd 0 revents: expected 0 but "
	       "got POLLOUT", "poll revents unwritten but set");
	x_fail(&env, x_sc("poll", I(1), NULL,
			  L1(x_struct(F("fd", I(4)), F("events", W("POLLOUT")),
				      NULL)), I(2), I(0), NULL),
	       "runtime error in poll call: count 2 does not match the "
	       "1-element array", "poll nfds mismatch");
}

static void test_epoll(void)
{
	x_ok(&env, x_sc("epoll_create", I(6), NULL, I(1), NULL),
	     "epoll_create(1) = 6");
	x_ok(&env, x_sc("epoll_ctl", I(0), NULL, I(6), W("EPOLL_CTL_ADD"),
			I(5), x_struct(F("events", W("EPOLLIN")),
				       F("fd", I(5)), NULL), NULL),
	     "epoll_ctl(6, EPOLL_CTL_ADD, 5, {events=EPOLLIN, fd=5}) = 0");
	x_ok(&env, x_sc("epoll_wait", I(0), NULL, I(6),
			x_struct(F("events", I(0)), F("ptr", I(0)), NULL),
			I(1), I(0), NULL),
	     "epoll_wait(6, {events=0, ptr=0}, 1, 0) = 0");
	x_ok(&env, x_sc("write", I(3), NULL, I(4), D, I(3), NULL), "write 3");
	wait_readable(5, 3);
	x_ok(&env, x_sc("epoll_wait", I(1), NULL, I(6),
			x_struct(F("events", W("EPOLLIN")), F("fd", I(5)),
				 NULL), I(1), I(0), NULL),
	     "epoll_wait(6, {events=EPOLLIN, fd=5}, 1, 0) = 1");
	x_fail(&env, x_sc("epoll_wait", I(1), NULL, I(6),
			  x_struct(F("events", OR("EPOLLIN", "EPOLLRDHUP")),
				   F("fd", I(5)), NULL), I(1), I(0), NULL),
	       "runtime error in epoll_wait call: epoll_event events: "
	       "expected EPOLLIN|EPOLLRDHUP but got EPOLLIN",
	       "epoll events mismatch");
	x_fail(&env, x_sc("epoll_wait", I(1), NULL, I(6),
			  x_struct(F("events", W("EPOLLIN")), F("fd", I(4)),
				   NULL), I(1), I(0), NULL),
	       "runtime error in epoll_wait call: epoll_event fd: expected 4 "
	       "but got 5", "epoll fd mismatch, in script fds");
	x_ok(&env, x_sc("read", I(3), NULL, I(5), D, I(3), NULL), "drain 3");
	x_ok(&env, x_sc("epoll_ctl", I(0), NULL, I(6), W("EPOLL_CTL_DEL"),
			I(5), x_word("NULL"), NULL), "EPOLL_CTL_DEL with NULL");
	x_ok(&env, x_sc("epoll_ctl", I(0), NULL, I(6), W("EPOLL_CTL_ADD"),
			I(4), x_struct(F("events", W("EPOLLOUT")),
				       F("u64", I(123456789012LL)), NULL),
			NULL), "epoll_ctl with u64 data");
	x_ok(&env, x_sc("epoll_wait", I(1), NULL, I(6),
			L1(x_struct(F("events", W("EPOLLOUT")),
				    F("u64", I(123456789012LL)), NULL)),
			I(4), I(0), NULL), "epoll_wait with a list of events");
	x_fail(&env, x_sc("epoll_wait", I(1), NULL, I(6),
			  x_struct(F("events", W("EPOLLOUT")), F("u64", I(5)),
				   NULL), I(1), I(0), NULL),
	       "runtime error in epoll_wait call: epoll_event u64: expected 5 "
	       "but got 123456789012", "epoll u64 mismatch");
	x_ok(&env, x_sc("close", I(0), NULL, I(6), NULL), "close(6)");
}

static void test_vectors(void)
{
	x_ok(&env, x_sc("writev", I(30), NULL, I(4),
			x_list(x_struct(D, I(10), NULL),
			       x_struct(F("iov_base", D), F("iov_len", I(20)),
					NULL), NULL), I(2), NULL),
	     "writev(4, [{..., 10}, {iov_base=..., iov_len=20}], 2) = 30");
	wait_readable(5, 30);
	x_ok(&env, x_sc("readv", I(30), NULL, I(5),
			x_list(x_struct(D, I(15), NULL),
			       x_struct(D, I(15), NULL), NULL), I(2), NULL),
	     "readv(5, [{..., 15}, {..., 15}], 2) = 30");
	x_fail(&env, x_sc("writev", I(10), NULL, I(4),
			  L1(x_struct(D, I(10), NULL)), I(2), NULL),
	       "runtime error in writev call: count 2 does not match the "
	       "1-element array", "iovec count mismatch");
}

/* {msg_name(...)=..., msg_iov(1)=[{..., len}], msg_flags=F[, control]} */
static struct ast_expr *msghdr(int len, struct ast_expr *flags,
			       struct ast_expr *control)
{
	struct ast_expr *m;

	m = x_struct(x_field_at("msg_name", D, D),
		     x_field_at("msg_iov", I(1),
				L1(x_struct(D, I(len), NULL))),
		     F("msg_flags", flags), NULL);
	if (control)
		m->items->next->next->next = F("msg_control", control);
	return m;
}

static struct ast_expr *inq_cmsg(int64_t value)
{
	return x_struct(F("cmsg_level", W("SOL_TCP")),
			F("cmsg_type", W("TCP_CM_INQ")),
			F("cmsg_data", I(value)), NULL);
}

static void test_msghdr(void)
{
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(5), W("SOL_TCP"),
			W("TCP_INQ"), L1(I(1)), I(4), NULL), "TCP_INQ on");
	x_ok(&env, x_sc("sendmsg", I(1000), NULL, I(4),
			x_struct(x_field_at("msg_name", D, D),
				 x_field_at("msg_iov", I(2),
					    x_list(x_struct(D, I(600), NULL),
						   x_struct(D, I(400), NULL),
						   NULL)),
				 F("msg_flags", I(0)), NULL), I(0), NULL),
	     "sendmsg(4, {..., msg_iov(2)=[{..., 600}, {..., 400}]}) = 1000");
	wait_readable(5, 1000);
	x_ok(&env, x_sc("recvmsg", I(600), NULL, I(5),
			msghdr(600, I(0), L1(inq_cmsg(400))), I(0), NULL),
	     "recvmsg with cmsg TCP_CM_INQ 400");
	x_fail(&env, x_sc("recvmsg", I(100), NULL, I(5),
			  msghdr(100, I(0), L1(inq_cmsg(999))), I(0), NULL),
	       "runtime error in recvmsg call: cmsg 0 cmsg_data: expected 999 "
	       "but got 300", "cmsg data mismatch");
	x_fail(&env, x_sc("recvmsg", I(100), NULL, I(5),
			  msghdr(100, I(0), NULL), I(0), NULL),
	       "runtime error in recvmsg call: msg_flags: expected 0 but got "
	       "MSG_CTRUNC", "msg_flags mismatch (no room for the cmsg)");
	x_fail(&env, x_sc("recvmsg", I(100), NULL, I(5),
			  msghdr(100, I(0), x_list(inq_cmsg(100), inq_cmsg(0),
						   NULL)), I(0), NULL),
	       "runtime error in recvmsg call: expected 2 cmsgs but got 1",
	       "cmsg count mismatch");
	x_ok(&env, x_sc("read", I(100), NULL, I(5), D, I(100), NULL),
	     "drain the rest");
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(5), W("SOL_TCP"),
			W("TCP_INQ"), L1(I(0)), I(4), NULL), "TCP_INQ off");
	x_ok(&env, x_sc("recvmsg", I(-1), "EAGAIN", I(4),
			msghdr(0, W("MSG_ERRQUEUE"), x_list(NULL)),
			W("MSG_ERRQUEUE"), NULL),
	     "recvmsg MSG_ERRQUEUE on an empty queue = -1 EAGAIN");
	x_fail(&env, x_sc("recvmsg", I(0), NULL, I(5),
			  x_struct(x_field_at("msg_iov", I(2),
					      L1(x_struct(D, I(1), NULL))),
				   NULL), I(0), NULL),
	       "runtime error in recvmsg call: msg_iov(2) does not match the "
	       "1-element iovec array", "msg_iov count mismatch");
}

static struct ast_expr *zerocopy_cmsg(int64_t data)
{
	return x_struct(F("cmsg_level", W("CMSG_LEVEL_IP")),
			F("cmsg_type", W("CMSG_TYPE_RECVERR")),
			F("cmsg_data",
			  x_struct(F("ee_errno", I(0)),
				   F("ee_origin", W("SO_EE_ORIGIN_ZEROCOPY")),
				   F("ee_type", I(0)),
				   F("ee_code",
				     W("SO_EE_CODE_ZEROCOPY_COPIED")),
				   F("ee_info", I(data)), F("ee_data",
							    I(data)), NULL)),
			NULL);
}

static void wait_errqueue(int script_fd)
{
	struct pollfd p = { .fd = live(script_fd), .events = 0 };

	poll(&p, 1, 2000);
}

/* MSG_ZEROCOPY over loopback: the completion comes back as "copied". */
static void test_errqueue(void)
{
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			W("SO_ZEROCOPY"), L1(I(1)), I(4), NULL),
	     "SO_ZEROCOPY on");
	x_ok(&env, x_sc("send", I(1000), NULL, I(4), D, I(1000),
			W("MSG_ZEROCOPY"), NULL), "send MSG_ZEROCOPY");
	wait_readable(5, 1000);
	x_ok(&env, x_sc("read", I(1000), NULL, I(5), D, I(1000), NULL),
	     "read it");
	wait_errqueue(4);
	x_ok(&env, x_sc("recvmsg", I(0), NULL, I(4),
			msghdr(0, W("MSG_ERRQUEUE"), L1(zerocopy_cmsg(0))),
			W("MSG_ERRQUEUE"), NULL),
	     "recvmsg MSG_ERRQUEUE: sock_extended_err of the completion");
	x_ok(&env, x_sc("send", I(1000), NULL, I(4), D, I(1000),
			W("MSG_ZEROCOPY"), NULL), "send MSG_ZEROCOPY again");
	wait_readable(5, 1000);
	x_ok(&env, x_sc("read", I(1000), NULL, I(5), D, I(1000), NULL),
	     "read it");
	wait_errqueue(4);
	x_fail(&env, x_sc("recvmsg", I(0), NULL, I(4),
			  msghdr(0, W("MSG_ERRQUEUE"), L1(zerocopy_cmsg(5))),
			  W("MSG_ERRQUEUE"), NULL),
	       "runtime error in recvmsg call: cmsg 0 ee_info: expected 5 but "
	       "got 1", "sock_extended_err field mismatch");
}

static int64_t realtime_usecs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static struct ast_expr *tstamp_cmsgs(int64_t sec, int64_t nsec, int64_t data)
{
	return x_list(x_struct(F("cmsg_level", W("SOL_SOCKET")),
			       F("cmsg_type", W("SCM_TIMESTAMPING")),
			       F("cmsg_data",
				 x_struct(F("scm_sec", I(sec)),
					  F("scm_nsec", I(nsec)), NULL)),
			       NULL),
		      x_struct(F("cmsg_level", W("CMSG_LEVEL_IP")),
			       F("cmsg_type", W("CMSG_TYPE_RECVERR")),
			       F("cmsg_data",
				 x_struct(F("ee_errno", W("ENOMSG")),
					  F("ee_origin",
					    W("SO_EE_ORIGIN_TIMESTAMPING")),
					  F("ee_type", I(0)),
					  F("ee_code", I(0)),
					  F("ee_info", W("SCM_TSTAMP_ACK")),
					  F("ee_data", I(data)), NULL)),
			       NULL), NULL);
}

/*
 * SO_TIMESTAMPING's ACK timestamps: the SCM_TIMESTAMPING time is checked
 * against the script's clock (script time 0 = realtime_start_usecs).
 */
static void test_timestamping(void)
{
	int64_t saved_tol = env.tolerance_usecs;

	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			W("SO_TIMESTAMPING"),
			L1(x_or(x_or(W("SOF_TIMESTAMPING_TX_ACK"),
				     W("SOF_TIMESTAMPING_SOFTWARE")),
				W("SOF_TIMESTAMPING_OPT_ID"))), I(4), NULL),
	     "SO_TIMESTAMPING TX_ACK|SOFTWARE|OPT_ID");
	env.realtime_start_usecs = realtime_usecs();
	env.tolerance_usecs = 500000;
	x_ok(&env, x_sc("write", I(1000), NULL, I(4), D, I(1000), NULL),
	     "write 1000 bytes to timestamp");
	wait_readable(5, 1000);
	x_ok(&env, x_sc("read", I(1000), NULL, I(5), D, I(1000), NULL),
	     "read them");
	wait_errqueue(4);
	x_ok(&env, x_sc("recvmsg", I(0), NULL, I(4),
			msghdr(0, OR("MSG_ERRQUEUE", "MSG_TRUNC"),
			       tstamp_cmsgs(0, 1000, 999)),
			W("MSG_ERRQUEUE"), NULL),
	     "recvmsg: SCM_TIMESTAMPING near script time 0, ACK of byte 999");
	x_ok(&env, x_sc("write", I(1000), NULL, I(4), D, I(1000), NULL),
	     "write 1000 more");
	wait_readable(5, 1000);
	x_ok(&env, x_sc("read", I(1000), NULL, I(5), D, I(1000), NULL),
	     "read them");
	wait_errqueue(4);
	{
		struct error err = { 0 };
		const char *want = "runtime error in recvmsg call: cmsg 0 "
				   "scm_timestamping: expected 100.000000 sec "
				   "but got 0.";

		x_run(&env, x_sc("recvmsg", I(0), NULL, I(4),
				 msghdr(0, OR("MSG_ERRQUEUE", "MSG_TRUNC"),
					tstamp_cmsgs(100, 0, 1999)),
				 W("MSG_ERRQUEUE"), NULL), NULL, &err);
		tap_ok(err.message && !strncmp(err.message, want, strlen(want)),
		       "timestamp outside the tolerance");
		printf("# %s\n", err.message ? err.message : "(none)");
		error_clear(&err);
	}
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(4), W("SOL_SOCKET"),
			W("SO_TIMESTAMPING"), L1(I(0)), I(4), NULL),
	     "SO_TIMESTAMPING off");
	env.tolerance_usecs = saved_tol;
}

struct worker {
	struct syscall_call *call;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	syscall_invoke(w->call);
	return NULL;
}

/* A blocking read on a worker thread, the write that ends it on this one. */
static void test_blocking_split(void)
{
	struct syscall_outcome out;
	struct error err = { 0 };
	struct ast_syscall *sc;
	struct worker w;
	pthread_t t;

	x_ok(&env, x_sc("fcntl", I(0), NULL, I(5), W("F_SETFL"), W("O_RDWR"),
			NULL), "back to blocking");
	sc = x_sc("read", I(10), NULL, I(5), D, I(10), NULL);
	tap_is_int(syscall_prepare(&env, sc, &w.call, &err), 0,
		   "prepare the blocking read");
	pthread_create(&t, NULL, worker_main, &w);
	usleep(50000);
	x_ok(&env, x_sc("write", I(10), NULL, I(4), D, I(10), NULL),
	     "write on the main thread meanwhile");
	pthread_join(t, NULL);
	tap_is_int(syscall_check(&env, w.call, &out, &err), 0,
		   "check the read on the main thread");
	tap_ok(out.result == 10 && out.end_usecs - out.start_usecs >= 40000,
	       "the read blocked until the write");
	syscall_call_free(w.call);
	x_sc_free(sc);
	x_next_line();
}

static void test_shutdown_close(void)
{
	struct syscall_outcome out;
	struct error err = { 0 };

	x_ok(&env, x_sc("shutdown", I(0), NULL, I(4), W("SHUT_WR"), NULL),
	     "shutdown(4, SHUT_WR) = 0");
	wait_readable(5, 0);
	x_ok(&env, x_sc("read", I(0), NULL, I(5), D, I(10), NULL),
	     "read after the peer's FIN = 0");
	x_run(&env, x_sc("close", I(0), NULL, I(4), NULL), &out, &err);
	tap_ok(!error_is_set(&err) && out.closed && out.script_fd == 4,
	       "close(4) = 0 reports the closed fd");
	x_ok(&env, x_sc("close", I(0), NULL, I(5), NULL), "close(5)");
	x_ok(&env, x_sc("close", I(0), NULL, I(3), NULL), "close(3)");
}

static void test_refused(void)
{
	x_ok(&env, x_sc("socket", I(10), NULL, D, W("SOCK_STREAM"),
			W("IPPROTO_TCP"), NULL), "socket = 10");
	x_ok(&env, x_sc("bind", I(0), NULL, I(10), D, D, NULL),
	     "bind 10, never listening: its port refuses");
	connect_to(10);
	x_ok(&env, x_sc("socket", I(11), NULL, D, W("SOCK_STREAM"),
			W("IPPROTO_TCP"), NULL), "socket = 11");
	x_ok(&env, x_sc("connect", I(-1), "ECONNREFUSED", I(11), D, D, NULL),
	     "connect = -1 ECONNREFUSED");
	x_ok(&env, x_sc("socket", I(12), NULL, D, W("SOCK_STREAM"),
			W("IPPROTO_TCP"), NULL), "socket = 12");
	x_fail(&env, x_sc("connect", I(0), NULL, I(12), D, D, NULL),
	       "runtime error in connect call: expected result 0 but got -1 "
	       "with errno ECONNREFUSED (Connection refused)",
	       "connect result mismatch");
	x_ok(&env, x_sc("socket", I(13), NULL, D, W("SOCK_STREAM"),
			W("IPPROTO_TCP"), NULL), "socket = 13");
	x_fail(&env, x_sc("connect", I(-1), "EAGAIN", I(13), D, D, NULL),
	       "runtime error in connect call: expected errno EAGAIN "
	       "(Resource temporarily unavailable) but got ECONNREFUSED "
	       "(Connection refused)", "connect errno mismatch");
	x_fail(&env, x_sc("socket", I(13), NULL, D, W("SOCK_STREAM"),
			  W("IPPROTO_TCP"), NULL),
	       "runtime error in socket call: fd 13 is already open in the "
	       "script", "a script fd cannot be opened twice");
	x_ok(&env, x_sc("socket", I(-1), "EPROTONOSUPPORT", D,
			W("SOCK_STREAM"), W("IPPROTO_UDP"), NULL),
	     "socket(..., SOCK_STREAM, IPPROTO_UDP) = -1 EPROTONOSUPPORT");
	x_fail(&env, x_sc("socket", I(14), NULL, D, W("SOCK_STREAM"),
			  W("IPPROTO_UDP"), NULL),
	       "runtime error in socket call: expected result 14 but got -1 "
	       "with errno EPROTONOSUPPORT (Protocol not supported)",
	       "socket result mismatch");
}

static void test_files(void)
{
	char path[] = "/tmp/tcpdrill-test-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, "hello", 5) != 5)
		printf("# cannot make %s\n", path);
	close(fd);
	x_ok(&env, x_sc("socketpair", I(0), NULL, W("AF_UNIX"),
			W("SOCK_STREAM"), I(0), x_list(I(20), I(21), NULL),
			NULL), "socketpair(AF_UNIX, SOCK_STREAM, 0, [20, 21])");
	x_ok(&env, x_sc("open", I(22), NULL, S(path), W("O_RDONLY"), NULL),
	     "open(path, O_RDONLY) = 22");
	x_ok(&env, x_sc("sendfile", I(5), NULL, I(20), I(22), L1(I(0)), I(5),
			NULL), "sendfile(20, 22, [0], 5) = 5");
	x_ok(&env, x_sc("read", I(5), NULL, I(21), S("hello"), I(5), NULL),
	     "read(21, \"hello\", 5) = 5");
	x_ok(&env, x_sc("sendfile", I(4), NULL, I(20), I(22), L1(I(1)), I(9),
			NULL), "sendfile from offset 1 = 4");
	x_fail(&env, x_sc("read", I(4), NULL, I(21), S("ellx"), I(4), NULL),
	       "runtime error in read call: expected data \"ellx\" but got "
	       "\"ello\"", "data after sendfile mismatch");
	x_ok(&env, x_sc("pipe", I(0), NULL, x_list(I(23), I(24), NULL), NULL),
	     "pipe([23, 24]) = 0");
	x_ok(&env, x_sc("write", I(99), NULL, I(20), D, I(99), NULL),
	     "write 99 into the socketpair");
	x_ok(&env, x_sc("splice", I(99), NULL, I(21), W("NULL"), I(24),
			W("NULL"), I(99), I(0), NULL),
	     "splice(21, NULL, 24, NULL, 99, 0) = 99");
	x_ok(&env, x_sc("read", I(99), NULL, I(23), D, I(200), NULL),
	     "read the spliced bytes");
	x_ok(&env, x_sc("open", I(-1), "ENOENT", S("/nonexistent/tcpdrill"),
			W("O_RDONLY"), NULL), "open a missing file = ENOENT");
	unlink(path);
	syscall_env_close_all(&env);
	tap_is_int(env.fd_count, 0, "close_all empties the map");
}

static void test_cap_set(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	x_ok(&env, x_sc("cap_set", I(0), NULL, W("CAP_EFFECTIVE"),
			W("CAP_SYS_BOOT"), W("CAP_CLEAR"), NULL),
	     "cap_set(CAP_EFFECTIVE, CAP_SYS_BOOT, CAP_CLEAR) = 0");
	syscall(SYS_capget, &hdr, data);
	tap_ok(!(data[0].effective & (1u << CAP_SYS_BOOT)),
	       "CAP_SYS_BOOT is no longer effective");
	x_fail(&env, x_sc("cap_set", I(0), NULL, W("CAP_EFFECTIVE"), I(99),
			  W("CAP_SET"), NULL),
	       "runtime error in cap_set call: expected result 0 but got -1 "
	       "with errno EINVAL (Invalid argument)", "cap_set bad capability");
}

/* socket, bind, listen, connect and accept on fds base..base+2. */
static void handshake(struct syscall_env *e, int base, const char *family,
		      const char *peer, const char *label)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char name[128];

	snprintf(name, sizeof(name), "%s: socket, bind, listen", label);
	x_ok(e, x_sc("socket", I(base), NULL, D, W("SOCK_STREAM"),
		     W("IPPROTO_TCP"), NULL), name);
	x_run(e, x_sc("bind", I(0), NULL, I(base), D, D, NULL), NULL, NULL);
	x_run(e, x_sc("listen", I(0), NULL, I(base), I(1), NULL), NULL, NULL);
	getsockname(syscall_env_live_fd(e, base), (struct sockaddr *)&ss,
		    &len);
	((struct sockaddr_in6 *)&e->connect_addr)->sin6_port =
		((struct sockaddr_in6 *)&ss)->sin6_port;
	x_run(e, x_sc("socket", I(base + 1), NULL, D, W("SOCK_STREAM"),
		      W("IPPROTO_TCP"), NULL), NULL, NULL);
	snprintf(name, sizeof(name), "%s: connect(..., ...) = 0", label);
	x_ok(e, x_sc("connect", I(0), NULL, I(base + 1), D, D, NULL), name);
	snprintf(name, sizeof(name), "%s: accept sees the peer %s", label,
		 peer);
	x_ok(e, x_sc("accept", I(base + 2), NULL, I(base),
		     x_struct(F("sa_family", W(family)),
			      F("sin6_addr", x_call1("inet6_addr", S(peer))),
			      NULL), D, NULL), name);
}

static void test_ipv6(void)
{
	struct syscall_env e6;
	struct error err = { 0 };
	int probe = socket(AF_INET6, SOCK_STREAM, 0);

	if (probe < 0) {
		tap_ok(1, "# SKIP no IPv6 sockets here");
		return;
	}
	close(probe);
	syscall_env_init(&e6, "io.pkt");
	syscall_env_set_addresses(&e6, CONFIG_IPV4_MAPPED_IPV6, "127.0.0.1", 0,
				  "127.0.0.1", 0, &err);
	handshake(&e6, 30, "AF_INET6", "::ffff:127.0.0.1", "ipv4-mapped-ipv6");
	x_ok(&e6, x_sc("getsockopt", I(0), NULL, I(31), W("SOL_SOCKET"),
		       W("SO_DOMAIN"), L1(W("AF_INET6")), L1(I(4)), NULL),
	     "ipv4-mapped-ipv6: socket(..., ...) made an AF_INET6 socket");
	syscall_env_close_all(&e6);
	if (syscall_env_set_addresses(&e6, CONFIG_IPV6, "::1", 0, "::1", 0,
				      &err) == 0)
		handshake(&e6, 40, "AF_INET6", "::1", "ipv6");
	syscall_env_close_all(&e6);
	syscall_env_free(&e6);
}

static void test_md5(void)
{
	x_ok(&env, x_sc("socket", I(50), NULL, D, W("SOCK_STREAM"),
			W("IPPROTO_TCP"), NULL), "socket = 50");
	x_ok(&env, x_sc("setsockopt", I(0), NULL, I(50), W("SOL_TCP"),
			W("TCP_MD5SIG"),
			x_struct(F("tcpm_addr", D),
				 F("tcpm_key", S("0123456789abcdef")), NULL),
			D, NULL),
	     "setsockopt TCP_MD5SIG {tcpm_addr=..., tcpm_key=\"...\"} = 0");
	x_ok(&env, x_sc("setsockopt", I(-1), "EINVAL", I(50), W("SOL_TCP"),
			W("TCP_MD5SIG"),
			x_struct(F("tcpm_addr", D), F("tcpm_keylen", I(81)),
				 NULL), D, NULL),
	     "tcpm_keylen 81 = -1 EINVAL");
	x_fail(&env, x_sc("setsockopt", I(0), NULL, I(50), W("SOL_TCP"),
			  W("TCP_MD5SIG"),
			  x_struct(F("tcpm_key", S("0123456789012345678901234"
						   "5678901234567890123456789"
						   "0123456789012345678901234"
						   "567890")), NULL),
			  D, NULL),
	       "runtime error in setsockopt call: tcpm_key holds at most 80 "
	       "bytes", "an 81-byte key does not fit");
	x_ok(&env, x_sc("close", I(0), NULL, I(50), NULL), "close(50)");
}

int main(void)
{
	struct error err = { 0 };

	syscall_env_init(&env, "io.pkt");
	if (syscall_env_set_addresses(&env, CONFIG_IPV4, "127.0.0.1", 0,
				      "127.0.0.1", 0, &err) < 0)
		return 99;
	test_pipe();
	test_listen_connect_accept();
	test_sockopts();
	test_data_and_fcntl();
	test_poll();
	test_epoll();
	test_vectors();
	test_msghdr();
	test_errqueue();
	test_timestamping();
	test_blocking_split();
	test_shutdown_close();
	test_refused();
	test_files();
	test_cap_set();
	test_ipv6();
	test_md5();
	syscall_env_close_all(&env);
	syscall_env_free(&env);
	return tap_done();
}
