// SPDX-License-Identifier: GPL-2.0
/*
 * test_syscalls_args.c - argument evaluation, the fd map, the env's
 * addresses, struct layouts and the errors a line can have before it runs.
 * Nothing here makes a system call on a socket.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <sys/socket.h>

#include "syscall_args.h"
#include "syscall_structs.h"
#include "syscall_lines.h"

static struct syscall_env env;
static struct ast_syscall fake_sc = { .name = "test" };
static struct syscall_call fake;

static void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.ast = &fake_sc;
	fake.env = &env;
}

/* Evaluate one expression as an integer; frees it. */
static int eval1(struct ast_expr *e, int64_t *v, struct error *err)
{
	int rc;

	fake_reset();
	rc = eval_int(&fake, e, v, err);
	x_free(e);
	return rc;
}

static void test_eval_int(void)
{
	struct error err = { 0 };
	struct ast_expr *w;
	int64_t v = 0;

	eval1(x_or(x_word("O_RDWR"), x_word("O_NONBLOCK")), &v, &err);
	tap_is_int(v, O_RDWR | O_NONBLOCK, "O_RDWR|O_NONBLOCK");
	eval1(x_or(x_or(x_word("EPOLLIN"), x_word("EPOLLOUT")),
		   x_word("EPOLLET")), &v, &err);
	tap_is_int(v, 0x80000005LL, "EPOLLIN|EPOLLOUT|EPOLLET");
	eval1(x_hex(0x20000000), &v, &err);
	tap_is_int(v, 0x20000000, "hex integer");
	eval1(x_int(-1), &v, &err);
	tap_is_int(v, -1, "negative integer");
	eval1(x_bin('-', NULL, x_int(7)), &v, &err);
	tap_is_int(v, -7, "unary minus");
	eval1(x_bin('+', x_int(5), x_word("TCP_NODELAY")), &v, &err);
	tap_is_int(v, 6, "5 + TCP_NODELAY");
	eval1(x_call1("htons", x_int(8080)), &v, &err);
	tap_is_int(v, htons(8080), "htons(8080)");
	eval1(x_call1("ntohl", x_call1("htonl", x_int(0x01020304))), &v, &err);
	tap_is_int(v, 0x01020304, "ntohl(htonl(x))");
	eval1(x_call1("inet_addr", x_str("192.0.2.1")), &v, &err);
	tap_is_int(v, inet_addr("192.0.2.1"), "inet_addr() is network order");
	tap_ok(!error_is_set(&err), "no error so far");

	env.family = AF_INET;
	eval1(x_word("CMSG_LEVEL_IP"), &v, &err);
	tap_is_int(v, SOL_IP, "CMSG_LEVEL_IP is SOL_IP for IPv4");
	env.family = AF_INET6;
	eval1(x_word("CMSG_TYPE_RECVERR"), &v, &err);
	tap_is_int(v, IPV6_RECVERR, "CMSG_TYPE_RECVERR is IPV6_RECVERR for v6");
	env.family = AF_INET;

	w = x_word("TCP_NODELAYY");
	fake_reset();
	tap_is_int(eval_int(&fake, w, &v, &err), -1, "unknown symbol fails");
	tap_is_str(err.message,
		   "runtime error in test call: unknown symbol 'TCP_NODELAYY'",
		   "unknown symbol message");
	tap_is_str(err.file, "test.pkt", "error names the script");
	tap_is_int(err.line, w->pos.line, "error at the symbol's line");
	tap_is_int(err.col, w->pos.col, "error at the symbol's column");
	x_free(w);
	error_clear(&err);

	eval1(x_str("abc"), &v, &err);
	tap_is_str(err.message, "runtime error in test call: expected an "
		   "integer but got a string", "string is no integer");
	error_clear(&err);
	eval1(x_bin('/', x_int(1), x_int(0)), &v, &err);
	tap_is_str(err.message, "runtime error in test call: division by zero",
		   "division by zero");
	error_clear(&err);
	eval1(x_call1("frob", x_int(1)), &v, &err);
	tap_is_str(err.message, "runtime error in test call: unknown function "
		   "frob()", "unknown function");
	error_clear(&err);
	eval1(x_call1("inet_addr", x_str("300.1.1.1")), &v, &err);
	tap_is_str(err.message, "runtime error in test call: bad IPv4 address "
		   "\"300.1.1.1\"", "bad inet_addr()");
	error_clear(&err);
}

static void test_bracketed(void)
{
	struct error err = { 0 };
	struct ast_expr *e;
	int64_t v = 0;

	fake_reset();
	e = x_list(x_word("SO_REUSEADDR"), NULL);
	tap_is_int(eval_bracketed_int(&fake, e, &v, &err), 0, "[SYMBOL]");
	tap_is_int(v, SO_REUSEADDR, "[SO_REUSEADDR] value");
	x_free(e);
	e = x_list(x_int(1), x_int(2), NULL);
	eval_bracketed_int(&fake, e, &v, &err);
	tap_is_str(err.message, "runtime error in test call: expected "
		   "[<integer>] but got a list", "[1, 2] is no [N]");
	x_free(e);
	error_clear(&err);
}

static void test_fd_map(void)
{
	struct error err = { 0 };
	struct ast_expr *e;
	int sfd = 0, lfd = 0;

	tap_is_int(syscall_env_map_fd(&env, 3, 10, &err), 0, "map 3 -> 10");
	syscall_env_map_fd(&env, 4, 11, &err);
	tap_is_int(syscall_env_live_fd(&env, 3), 10, "live fd of 3");
	tap_is_int(syscall_env_script_fd(&env, 11), 4, "script fd of 11");
	tap_is_int(syscall_env_live_fd(&env, 5), -1, "5 is not mapped");
	tap_is_int(syscall_env_map_fd(&env, 3, 12, &err), -1,
		   "3 cannot be mapped twice");
	tap_is_str(err.message, "fd 3 is already open in the script",
		   "duplicate fd message");
	error_clear(&err);
	{
		struct syscall_env other;

		syscall_env_init(&other, "x.pkt");
		syscall_env_map_fd(&other, 3, 10, &err);
		tap_is_int(syscall_env_remap_fd(&other, 3, 12, &err), 0,
			   "remap 3 -> 12 (accept's way)");
		tap_is_int(syscall_env_live_fd(&other, 3), 12, "3 is the newest one");
		tap_is_int(syscall_env_script_fd(&other, 10), -1,
			   "the hidden one has no script fd");
		syscall_env_unmap_fd(&other, 3);
		tap_is_int(syscall_env_live_fd(&other, 3), -1,
			   "closing 3 forgets the newest; the hidden one stays hidden");
		tap_is_int(other.fd_count, 1, "but is kept, to be closed at the end");
		syscall_env_free(&other);
	}

	fake_reset();
	e = x_int(4);
	eval_fd(&fake, e, &sfd, &lfd, &err);
	tap_ok(sfd == 4 && lfd == 11, "eval_fd translates 4 to 11");
	x_free(e);
	e = x_int(-1);
	eval_fd(&fake, e, &sfd, &lfd, &err);
	tap_ok(sfd == -1 && lfd == -1, "negative fds pass through");
	x_free(e);
	e = x_int(7);
	tap_is_int(eval_fd(&fake, e, &sfd, &lfd, &err), -1, "unknown fd fails");
	tap_is_str(err.message, "runtime error in test call: unknown fd 7: no "
		   "earlier call returned it", "unknown fd message");
	x_free(e);
	error_clear(&err);

	syscall_env_unmap_fd(&env, 3);
	tap_is_int(syscall_env_live_fd(&env, 3), -1, "3 unmapped");
	tap_is_int(syscall_env_live_fd(&env, 4), 11, "4 still mapped");
	syscall_env_unmap_fd(&env, 4);
	tap_is_int(env.fd_count, 0, "map empty");
}

static void test_env_addresses(void)
{
	struct sockaddr_in *b4 = (struct sockaddr_in *)&env.bind_addr;
	struct sockaddr_in6 *b6 = (struct sockaddr_in6 *)&env.bind_addr;
	struct sockaddr_in6 *c6 = (struct sockaddr_in6 *)&env.connect_addr;
	struct error err = { 0 };
	char text[INET6_ADDRSTRLEN];

	syscall_env_set_addresses(&env, CONFIG_IPV4, "192.168.0.1", 8080,
				  "192.0.2.1", 9090, &err);
	tap_ok(env.family == AF_INET && b4->sin_family == AF_INET &&
	       b4->sin_port == htons(8080) &&
	       b4->sin_addr.s_addr == inet_addr("192.168.0.1") &&
	       env.bind_addrlen == sizeof(struct sockaddr_in),
	       "ipv4: bind address 192.168.0.1:8080");

	syscall_env_set_addresses(&env, CONFIG_IPV6, "fd3d:fa7b:d17d::1", 8080,
				  "2001:db8::1", 8080, &err);
	inet_ntop(AF_INET6, &c6->sin6_addr, text, sizeof(text));
	tap_ok(env.family == AF_INET6 && !strcmp(text, "2001:db8::1") &&
	       env.connect_addrlen == sizeof(struct sockaddr_in6),
	       "ipv6: connect address 2001:db8::1");

	syscall_env_set_addresses(&env, CONFIG_IPV4_MAPPED_IPV6, "192.168.0.1",
				  8080, "192.0.2.1", 8080, &err);
	inet_ntop(AF_INET6, &b6->sin6_addr, text, sizeof(text));
	tap_is_str(text, "::ffff:192.168.0.1", "ipv4-mapped-ipv6 bind address");
	tap_is_int(env.family, AF_INET6, "mapped sockets are AF_INET6");

	tap_is_int(syscall_env_set_addresses(&env, CONFIG_IPV4, "::1", 1,
					     "1.2.3.4", 1, &err), -1,
		   "IPv6 text for ipv4 fails");
	tap_is_str(err.message, "bad IPv4 address '::1'", "bad address message");
	error_clear(&err);
	syscall_env_set_addresses(&env, CONFIG_IPV4, "127.0.0.1", 0,
				  "127.0.0.1", 0, &err);
}

static void test_sockaddr_literal(void)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	struct error err = { 0 };
	struct ast_expr *e;
	char text[INET6_ADDRSTRLEN];
	socklen_t len = 0;

	fake_reset();
	e = x_struct(x_field("sa_family", x_word("AF_INET")),
		     x_field("sin_port", x_call1("htons", x_int(8080))),
		     x_field("sin_addr",
			     x_call1("inet_addr", x_str("192.0.2.1"))), NULL);
	eval_sockaddr(&fake, e, &ss, &len, &err);
	tap_ok(sin->sin_family == AF_INET && sin->sin_port == htons(8080) &&
	       sin->sin_addr.s_addr == inet_addr("192.0.2.1") &&
	       len == sizeof(*sin), "IPv4 sockaddr literal");
	x_free(e);

	e = x_struct(x_field("sin6_family", x_word("AF_INET6")),
		     x_field("sin6_port", x_call1("htons", x_int(80))),
		     x_field("sin6_addr",
			     x_call1("inet6_addr", x_str("2001:db8::1"))),
		     NULL);
	eval_sockaddr(&fake, e, &ss, &len, &err);
	inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text));
	tap_ok(sin6->sin6_family == AF_INET6 && sin6->sin6_port == htons(80) &&
	       !strcmp(text, "2001:db8::1") && len == sizeof(*sin6),
	       "IPv6 sockaddr literal");
	x_free(e);

	e = x_struct(x_field("sa_family", x_word("AF_INET6")),
		     x_field("sin_port", x_call1("htons", x_int(80))),
		     x_field("sin_addr", x_call1("inet_addr",
						 x_str("192.0.2.1"))), NULL);
	eval_sockaddr(&fake, e, &ss, &len, &err);
	inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text));
	tap_is_str(text, "::ffff:192.0.2.1", "IPv4 text in AF_INET6 is mapped");
	x_free(e);
	tap_ok(!error_is_set(&err), "no error");

	e = x_struct(x_field("sin_port", x_int(1)), NULL);
	eval_sockaddr(&fake, e, &ss, &len, &err);
	tap_is_str(err.message, "runtime error in test call: a sockaddr needs "
		   "sa_family", "sockaddr without family");
	x_free(e);
	error_clear(&err);
}

static const struct field_layout *layout_field(const struct struct_layout *l,
					       const char *name)
{
	size_t i;

	for (i = 0; i < l->nfields; i++)
		if (!strcmp(l->fields[i].name, name))
			return &l->fields[i];
	return NULL;
}

static void test_layouts(void)
{
	struct error err = { 0 };
	struct linger lg;
	struct ast_expr *e;
	unsigned char ti[512];

	fake_reset();
	memset(&lg, 0, sizeof(lg));
	e = x_struct(x_field("onoff", x_int(1)), x_field("linger", x_int(7)),
		     NULL);
	struct_encode(&fake, &layout_linger, e, &lg, &err);
	tap_ok(lg.l_onoff == 1 && lg.l_linger == 7, "{onoff=1, linger=7}");
	x_free(e);
	memset(&lg, 0, sizeof(lg));
	e = x_struct(x_int(1), x_int(9), NULL);
	struct_encode(&fake, &layout_linger, e, &lg, &err);
	tap_ok(lg.l_onoff == 1 && lg.l_linger == 9, "positional {1, 9}");
	x_free(e);
	e = x_struct(x_field("l_onoff", x_int(1)), x_field("foo", x_int(1)),
		     NULL);
	struct_encode(&fake, &layout_linger, e, &lg, &err);
	tap_is_str(err.message, "runtime error in test call: struct linger has "
		   "no field 'foo'", "unknown field");
	x_free(e);
	error_clear(&err);
	e = x_struct(x_int(1), x_int(2), x_int(3), NULL);
	struct_encode(&fake, &layout_linger, e, &lg, &err);
	tap_is_str(err.message, "runtime error in test call: too many values "
		   "for struct linger", "too many positional values");
	x_free(e);
	error_clear(&err);

	/* The hand-written tcp_info must agree with the system's. */
	tap_is_int(layout_field(&layout_tcp_info, "tcpi_rto")->offset,
		   offsetof(struct tcp_info, tcpi_rto), "tcpi_rto offset");
	tap_is_int(layout_field(&layout_tcp_info, "tcpi_snd_cwnd")->offset,
		   offsetof(struct tcp_info, tcpi_snd_cwnd),
		   "tcpi_snd_cwnd offset");
	tap_is_int(layout_field(&layout_tcp_info, "tcpi_total_retrans")->offset,
		   offsetof(struct tcp_info, tcpi_total_retrans),
		   "tcpi_total_retrans offset");
	tap_ok(layout_tcp_info.size >= sizeof(struct tcp_info),
	       "tcp_info at least as long as the system's");

	memset(ti, 0, sizeof(ti));
	e = x_struct(x_field("tcpi_snd_wscale", x_int(7)),
		     x_field("tcpi_rcv_wscale", x_int(8)), NULL);
	struct_encode(&fake, &layout_tcp_info, e, ti, &err);
	tap_is_int(ti[6], 0x87, "wscale nibbles: snd low, rcv high");
	x_free(e);
	e = x_struct(x_field("tcpi_snd_wscale", x_int(7)),
		     x_field("tcpi_state", x_word("TCP_LISTEN")), NULL);
	ti[0] = 1;
	struct_check(&fake, &layout_tcp_info, e, ti, 8, "optval", &err);
	tap_is_str(err.message, "runtime error in test call: optval "
		   "tcpi_state: expected 10 but got 1", "struct field mismatch");
	x_free(e);
	error_clear(&err);
	e = x_struct(x_field("tcpi_snd_cwnd", x_int(10)), NULL);
	struct_check(&fake, &layout_tcp_info, e, ti, 40, "optval", &err);
	tap_is_str(err.message, "runtime error in test call: optval "
		   "tcpi_snd_cwnd: the kernel returned only 40 bytes of the "
		   "struct", "field beyond the returned length");
	x_free(e);
	error_clear(&err);

	tap_ok(struct_layout_for_option(SOL_SOCKET, SO_LINGER) == &layout_linger,
	       "SO_LINGER takes struct linger");
	tap_ok(struct_layout_for_option(IPPROTO_TCP, TCP_INFO) ==
	       &layout_tcp_info, "TCP_INFO takes struct tcp_info");
	tap_ok(struct_layout_for_option(SOL_TCP, TCP_NODELAY) == NULL,
	       "TCP_NODELAY takes no struct");
}

static void test_line_errors(void)
{
	struct error err = { 0 };
	struct ast_syscall *sc;
	struct ast_expr *w;

	x_fail(&env, x_sc("frobnicate", x_int(0), NULL, x_int(1), NULL),
	       "unknown system call 'frobnicate'", "unknown syscall");
	x_fail(&env, x_sc("listen", x_int(0), NULL, x_int(3), NULL),
	       "runtime error in listen call: expected 2 arguments but got 1",
	       "too few arguments");
	x_fail(&env, x_sc("fcntl", x_int(0), NULL, x_int(3), NULL),
	       "runtime error in fcntl call: expected 2 to 3 arguments but "
	       "got 1", "too few arguments of a variable arity call");
	x_fail(&env, x_sc("close", x_int(0), "EFOO", x_int(-1), NULL),
	       "runtime error in close call: unknown errno name 'EFOO'",
	       "unknown errno name");
	x_fail(&env, x_sc("close", x_word("ZERO"), NULL, x_int(-1), NULL),
	       "runtime error in close call: unknown symbol 'ZERO'",
	       "unknown symbol in the result");
	x_fail(&env, x_sc("socket", x_int(3), NULL, x_dots(),
			  x_word("SOCK_STREAM"), x_word("IPPROTO_TCPP"), NULL),
	       "runtime error in socket call: unknown symbol 'IPPROTO_TCPP'",
	       "unknown symbol in an argument");

	w = x_word("SOL_TCPP");
	sc = x_sc("setsockopt", x_int(0), NULL, x_int(3), w,
		  x_word("TCP_NODELAY"), x_list(x_int(1), NULL), x_int(4),
		  NULL);
	tap_is_int(syscall_validate(sc, "a.pkt", &err), -1,
		   "validate finds the unknown symbol");
	tap_ok(err.line == w->pos.line && err.col == w->pos.col &&
	       !strcmp(err.file, "a.pkt"), "validate points at it");
	error_clear(&err);
	x_sc_free(sc);
	x_next_line();

	sc = x_sc("epoll_ctl", x_int(0), NULL, x_int(5),
		  x_word("EPOLL_CTL_ADD"), x_int(4),
		  x_struct(x_field("events", x_or(x_word("EPOLLIN"),
						  x_word("EPOLLETT"))),
			   x_field("fd", x_int(4)), NULL), NULL);
	syscall_validate(sc, "a.pkt", &err);
	tap_is_str(err.message, "runtime error in epoll_ctl call: unknown "
		   "symbol 'EPOLLETT'", "validate looks inside structs");
	error_clear(&err);
	x_sc_free(sc);
	x_next_line();

	sc = x_sc("read", x_int(-1), "EAGAIN", x_int(4), x_dots(),
		  x_int(10), NULL);
	tap_is_int(syscall_validate(sc, "a.pkt", &err), 0,
		   "a good line validates");
	x_sc_free(sc);
	x_next_line();
	tap_ok(syscall_is_known("epoll_wait") && syscall_is_known("cap_set") &&
	       !syscall_is_known("fork"), "syscall_is_known");
}

/* Buffers the call will get, without making it. */
static void test_prepared_buffers(void)
{
	struct syscall_call *c = NULL;
	struct error err = { 0 };
	struct ast_syscall *sc;

	syscall_env_map_fd(&env, 3, 1000, &err);
	sc = x_sc("read", x_int(-1), "EFAULT", x_int(3), x_word("NULL"),
		  x_int(1000), NULL);
	tap_is_int(syscall_prepare(&env, sc, &c, &err), 0, "prepare read");
	tap_ok(c && c->buf == NULL && c->arg[0] == 1000 && c->arg[2] == 1000,
	       "read(3, NULL, 1000): NULL buffer, live fd 1000");
	syscall_call_free(c);
	x_sc_free(sc);
	x_next_line();

	sc = x_sc("write", x_int(5), NULL, x_int(3), x_str("abc"), x_int(5),
		  NULL);
	syscall_prepare(&env, sc, &c, &err);
	tap_ok(c && c->buf && !memcmp(c->buf, "abc\0\0", 5) &&
	       c->buf_len == 5, "write(3, \"abc\", 5): bytes then zeros");
	syscall_call_free(c);
	x_sc_free(sc);
	x_next_line();

	sc = x_sc("sendto", x_int(10), NULL, x_int(3), x_dots(), x_int(10),
		  x_word("MSG_FASTOPEN"), x_dots(), x_dots(), NULL);
	syscall_prepare(&env, sc, &c, &err);
	tap_ok(c && !memcmp(&c->addr, &env.connect_addr,
			    sizeof(c->addr)) &&
	       c->arg[5] == env.connect_addrlen,
	       "sendto(..., ..., ...): the connect address and its length");
	syscall_call_free(c);
	x_sc_free(sc);
	x_next_line();

	sc = x_sc("write", x_int(5), NULL, x_int(3), x_dots(),
		  x_int(1 << 30), NULL);
	tap_is_int(syscall_prepare(&env, sc, &c, &err), -1,
		   "a 1 GiB buffer is refused");
	tap_is_str(err.message, "runtime error in write call: byte count "
		   "1073741824 out of range 0..67108864", "its message");
	error_clear(&err);
	x_sc_free(sc);
	x_next_line();
	syscall_env_unmap_fd(&env, 3);
}

int main(void)
{
	syscall_env_init(&env, "test.pkt");
	test_eval_int();
	test_bracketed();
	test_fd_map();
	test_env_addresses();
	test_sockaddr_literal();
	test_layouts();
	test_line_errors();
	test_prepared_buffers();
	syscall_env_free(&env);
	return tap_done();
}
