// SPDX-License-Identifier: GPL-2.0
/*
 * syscalls.c - the syscall table, the fd map and the prepare / invoke /
 * check steps; see syscalls.h.
 *
 * A system call is one row of syscall_table[]: its name, one letter per
 * argument (evaluated by syscall_args.c), what it does to the fd map, a
 * small function making the call and, when the script can write its
 * outputs, a function checking them.
 */
#include "syscalls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "symbols.h"
#include "syscall_args.h"
#include "syscall_structs.h"

/* epoll_wait's maxevents beyond this is a script typo, not a test. */
#define MAX_EPOLL_EVENTS 4096

/* ---- the environment ---------------------------------------------------- */

void syscall_env_init(struct syscall_env *env, const char *script_path)
{
	memset(env, 0, sizeof(*env));
	env->script_path = script_path;
	env->family = AF_INET;
	env->bind_addr.ss_family = AF_INET;
	env->bind_addrlen = sizeof(struct sockaddr_in);
	env->connect_addr.ss_family = AF_INET;
	env->connect_addrlen = sizeof(struct sockaddr_in);
	/* packetdrill's default --tolerance_usecs. */
	env->tolerance_usecs = 4000;
}

static int addr_fill(struct sockaddr_storage *ss, socklen_t *len, int family,
		     bool mapped, const char *ip, int port, struct error *err)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct in_addr a4;

	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)family;
	if (family == AF_INET) {
		*len = sizeof(*sin);
		sin->sin_port = htons((uint16_t)port);
		if (ip && inet_pton(AF_INET, ip, &sin->sin_addr) != 1)
			return error_set(err, "bad IPv4 address '%s'", ip);
		return 0;
	}
	*len = sizeof(*sin6);
	sin6->sin6_port = htons((uint16_t)port);
	if (!ip || inet_pton(AF_INET6, ip, &sin6->sin6_addr) == 1)
		return 0;
	if (!mapped || inet_pton(AF_INET, ip, &a4) != 1)
		return error_set(err, "bad IPv6 address '%s'", ip);
	/* ::ffff:a.b.c.d, what an AF_INET6 socket sees of an IPv4 peer. */
	sin6->sin6_addr.s6_addr[10] = 0xff;
	sin6->sin6_addr.s6_addr[11] = 0xff;
	memcpy(&sin6->sin6_addr.s6_addr[12], &a4, sizeof(a4));
	return 0;
}

int syscall_env_set_addresses(struct syscall_env *env,
			      enum config_ip_version version,
			      const char *local_ip, int bind_port,
			      const char *remote_ip, int connect_port,
			      struct error *err)
{
	bool mapped = version == CONFIG_IPV4_MAPPED_IPV6;
	int family = version == CONFIG_IPV4 ? AF_INET : AF_INET6;

	if (version == CONFIG_IP_ALL)
		return error_set(err, "no single IP version to run with");
	if (bind_port < 0 || bind_port > 65535 || connect_port < 0 ||
	    connect_port > 65535)
		return error_set(err, "port out of range");
	if (addr_fill(&env->bind_addr, &env->bind_addrlen, family, mapped,
		      local_ip, bind_port, err) < 0 ||
	    addr_fill(&env->connect_addr, &env->connect_addrlen, family,
		      mapped, remote_ip, connect_port, err) < 0)
		return -1;
	env->family = family;
	return 0;
}

static struct syscall_fd *fd_find(const struct syscall_env *env,
				  int script_fd)
{
	int i;

	for (i = 0; i < env->fd_count; i++)
		if (env->fds[i].script_fd == script_fd)
			return &env->fds[i];
	return NULL;
}

int syscall_env_map_fd(struct syscall_env *env, int script_fd, int live_fd,
		       struct error *err)
{
	struct syscall_fd *grown;
	int cap;

	if (fd_find(env, script_fd))
		return error_set(err, "fd %d is already open in the script",
				 script_fd);
	if (env->fd_count == env->fd_cap) {
		cap = env->fd_cap ? env->fd_cap * 2 : 8;
		grown = realloc(env->fds, cap * sizeof(*grown));
		if (!grown)
			return error_set(err, "out of memory");
		env->fds = grown;
		env->fd_cap = cap;
	}
	env->fds[env->fd_count].script_fd = script_fd;
	env->fds[env->fd_count].live_fd = live_fd;
	env->fd_count++;
	return 0;
}

/* A hidden mapping keeps its live fd (closed at the end) under this. */
#define SYSCALL_FD_HIDDEN INT_MIN

int syscall_env_remap_fd(struct syscall_env *env, int script_fd, int live_fd,
			 struct error *err)
{
	struct syscall_fd *old = fd_find(env, script_fd);

	if (old)
		old->script_fd = SYSCALL_FD_HIDDEN;
	if (syscall_env_map_fd(env, script_fd, live_fd, err) == 0)
		return 0;
	if (old)
		old->script_fd = script_fd;
	return -1;
}

int syscall_env_live_fd(const struct syscall_env *env, int script_fd)
{
	const struct syscall_fd *fd = env ? fd_find(env, script_fd) : NULL;

	return fd ? fd->live_fd : -1;
}

int syscall_env_script_fd(const struct syscall_env *env, int live_fd)
{
	int i;

	for (i = 0; env && i < env->fd_count; i++)
		if (env->fds[i].live_fd == live_fd &&
		    env->fds[i].script_fd != SYSCALL_FD_HIDDEN)
			return env->fds[i].script_fd;
	return -1;
}

void syscall_env_unmap_fd(struct syscall_env *env, int script_fd)
{
	struct syscall_fd *fd = fd_find(env, script_fd);

	if (!fd)
		return;
	*fd = env->fds[--env->fd_count];
}

void syscall_env_close_all(struct syscall_env *env)
{
	int i;

	for (i = 0; i < env->fd_count; i++)
		close(env->fds[i].live_fd);
	env->fd_count = 0;
}

void syscall_env_free(struct syscall_env *env)
{
	free(env->fds);
	env->fds = NULL;
	env->fd_count = 0;
	env->fd_cap = 0;
}

/* ---- the calls ---------------------------------------------------------- */

#define A(i) ((int)c->arg[i])

static struct sockaddr *addr_arg(struct syscall_call *c)
{
	return c->addr_null ? NULL : (struct sockaddr *)&c->addr;
}

static socklen_t *addrlen_arg(struct syscall_call *c)
{
	return c->addrlen_null ? NULL : &c->addrlen;
}

static long do_socket(struct syscall_call *c)
{
	return socket(A(0), A(1), A(2));
}

static long do_socketpair(struct syscall_call *c)
{
	return socketpair(A(0), A(1), A(2), c->pair_live);
}

static long do_bind(struct syscall_call *c)
{
	return bind(A(0), addr_arg(c), (socklen_t)c->arg[2]);
}

static long do_listen(struct syscall_call *c)
{
	return listen(A(0), A(1));
}

static long do_accept(struct syscall_call *c)
{
	return accept(A(0), addr_arg(c), addrlen_arg(c));
}

static long do_accept4(struct syscall_call *c)
{
	return accept4(A(0), addr_arg(c), addrlen_arg(c), A(3));
}

static long do_connect(struct syscall_call *c)
{
	return connect(A(0), addr_arg(c), (socklen_t)c->arg[2]);
}

static long do_read(struct syscall_call *c)
{
	return read(A(0), c->buf, (size_t)c->arg[2]);
}

static long do_readv(struct syscall_call *c)
{
	return readv(A(0), c->iov, A(2));
}

static long do_recv(struct syscall_call *c)
{
	return recv(A(0), c->buf, (size_t)c->arg[2], A(3));
}

static long do_recvfrom(struct syscall_call *c)
{
	return recvfrom(A(0), c->buf, (size_t)c->arg[2], A(3), addr_arg(c),
			addrlen_arg(c));
}

static long do_recvmsg(struct syscall_call *c)
{
	return recvmsg(A(0), &c->msg, A(2));
}

static long do_write(struct syscall_call *c)
{
	return write(A(0), c->buf, (size_t)c->arg[2]);
}

static long do_writev(struct syscall_call *c)
{
	return writev(A(0), c->iov, A(2));
}

static long do_send(struct syscall_call *c)
{
	return send(A(0), c->buf, (size_t)c->arg[2], A(3));
}

static long do_sendto(struct syscall_call *c)
{
	return sendto(A(0), c->buf, (size_t)c->arg[2], A(3), addr_arg(c),
		      (socklen_t)c->arg[5]);
}

static long do_sendmsg(struct syscall_call *c)
{
	return sendmsg(A(0), &c->msg, A(2));
}

static long do_fcntl(struct syscall_call *c)
{
	if (c->argc == 2)
		return fcntl(A(0), A(1));
	return fcntl(A(0), A(1), (long)c->arg[2]);
}

static long do_ioctl(struct syscall_call *c)
{
	unsigned long req = (unsigned long)c->arg[1];

	if (c->argc == 2)
		return ioctl(A(0), req, 0);
	if (c->ioctl_by_value)
		return ioctl(A(0), req, (long)c->arg[2]);
	return ioctl(A(0), req, &c->ioctl_val);
}

static long do_close(struct syscall_call *c)
{
	return close(A(0));
}

static long do_shutdown(struct syscall_call *c)
{
	return shutdown(A(0), A(1));
}

static long do_getsockopt(struct syscall_call *c)
{
	return getsockopt(A(0), A(1), A(2), c->opt_null ? NULL : c->opt,
			  &c->optlen);
}

static long do_setsockopt(struct syscall_call *c)
{
	return setsockopt(A(0), A(1), A(2), c->opt_null ? NULL : c->opt,
			  c->optlen);
}

static long do_poll(struct syscall_call *c)
{
	return poll(c->pfds, (nfds_t)c->npfds, A(2));
}

static long do_open(struct syscall_call *c)
{
	return open(c->path, A(1), c->argc > 2 ? A(2) : 0);
}

static long do_sendfile(struct syscall_call *c)
{
	off_t off = (off_t)c->off[0];
	long r;

	r = sendfile(A(0), A(1), c->off_null[0] ? NULL : &off,
		     (size_t)c->arg[3]);
	c->off[0] = off;
	return r;
}

static long do_pipe(struct syscall_call *c)
{
	return pipe(c->pair_live);
}

static long do_splice(struct syscall_call *c)
{
	loff_t in = c->off[0], out = c->off[1];

	return splice(A(0), c->off_null[0] ? NULL : &in, A(2),
		      c->off_null[1] ? NULL : &out, (size_t)c->arg[4],
		      (unsigned int)c->arg[5]);
}

static long do_epoll_create(struct syscall_call *c)
{
	return epoll_create(A(0));
}

static long do_epoll_create1(struct syscall_call *c)
{
	return epoll_create1(A(0));
}

static long do_epoll_ctl(struct syscall_call *c)
{
	return epoll_ctl(A(0), A(1), A(2), c->event_null ? NULL : &c->event);
}

static long do_epoll_wait(struct syscall_call *c)
{
	return epoll_wait(A(0), c->events, c->nevents, A(3));
}

/*
 * cap_set(flag, capability, CAP_SET or CAP_CLEAR): packetdrill's wrapper
 * of libcap's cap_set_flag() and cap_set_proc(), done with capget/capset
 * directly. Capabilities belong to a thread, as with libcap: the calling
 * thread is the one changed.
 */
static long do_cap_set(struct syscall_call *c)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	int flag = A(0), cap = A(1), word = cap / 32;
	uint32_t bit = 1u << (cap % 32), *set;

	if (flag < 0 || flag > 2 || cap < 0 ||
	    word >= _LINUX_CAPABILITY_U32S_3) {
		errno = EINVAL;
		return -1;
	}
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -1;
	set = flag == 0 ? &data[word].effective
	      : flag == 1 ? &data[word].permitted : &data[word].inheritable;
	*set = c->arg[2] ? (*set | bit) : (*set & ~bit);
	return syscall(SYS_capset, &hdr, data);
}

/* ---- checks of outputs -------------------------------------------------- */

/* read(4, "abc", 3): the bytes received; "abc"... checks a prefix. */
static int check_data(struct syscall_call *c, struct error *err)
{
	const struct ast_expr *e = c->buf_expr;
	size_t want_len, got_len = c->result > 0 ? (size_t)c->result : 0;
	char *ws, *gs;
	bool ok;

	if (!e || e->kind != AST_EXPR_STRING || !c->buf)
		return 0;
	want_len = strlen(e->text);
	ok = e->str_ellipsis ? got_len >= want_len : got_len == want_len;
	ok = ok && memcmp(c->buf, e->text, want_len) == 0;
	if (ok)
		return 0;
	ws = bytes_printable(e->text, want_len);
	gs = bytes_printable(c->buf, got_len);
	call_error(c, e, err, "expected data %s%s but got %s", ws ? ws : "?",
		   e->str_ellipsis ? "..." : "", gs ? gs : "?");
	free(ws);
	free(gs);
	return -1;
}

static int check_addr(struct syscall_call *c, struct error *err)
{
	if (c->addr_expect && !c->addr_null &&
	    check_sockaddr(c, c->addr_expect, &c->addr, "address", err) < 0)
		return -1;
	if (c->addrlen_expect >= 0 && c->addrlen != c->addrlen_expect)
		return call_error(c, NULL, err, "addrlen: expected %lld but "
				  "got %u", (long long)c->addrlen_expect,
				  c->addrlen);
	return 0;
}

static int check_recvfrom(struct syscall_call *c, struct error *err)
{
	if (check_data(c, err) < 0)
		return -1;
	return check_addr(c, err);
}

static int check_recvmsg(struct syscall_call *c, struct error *err)
{
	return msghdr_check(c, err);
}

static int check_int_value(struct syscall_call *c, const struct ast_expr *at,
			   const char *what, int64_t want, int64_t got,
			   unsigned size, struct error *err)
{
	uint64_t mask = size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;

	if (((uint64_t)want & mask) == ((uint64_t)got & mask))
		return 0;
	return call_error(c, at, err, "%s: expected %lld but got %lld", what,
			  (long long)want, (long long)got);
}

static int check_opt_string(struct syscall_call *c, struct error *err)
{
	size_t n = c->opt_natural, i;
	char *ws, *gs;

	if (c->optlen >= n && memcmp(c->opt, c->opt_stage, n) == 0) {
		/* "reno" matches TCP_CONGESTION's NUL-padded name. */
		for (i = n; i < c->optlen && c->opt[i] == 0; i++)
			;
		if (i == c->optlen)
			return 0;
	}
	ws = bytes_printable(c->opt_stage, n);
	gs = bytes_printable(c->opt, strnlen(c->opt, c->optlen));
	call_error(c, c->opt_expr, err, "optval: expected %s but got %s",
		   ws ? ws : "?", gs ? gs : "?");
	free(ws);
	free(gs);
	return -1;
}

static int check_getsockopt(struct syscall_call *c, struct error *err)
{
	int64_t want, got = 0;

	if (c->optlen_expect >= 0 && c->optlen != c->optlen_expect)
		return call_error(c, c->optlen_expr, err, "optlen: expected "
				  "%lld but got %u",
				  (long long)c->optlen_expect, c->optlen);
	if (c->opt_null)
		return 0;
	switch (c->opt_kind) {
	case EXPECT_INT:
		memcpy(&want, c->opt_stage, sizeof(want));
		if (c->optlen == 1)
			got = (uint8_t)c->opt[0];
		else if (c->optlen >= 8)
			memcpy(&got, c->opt, 8);
		else
			got = *(int32_t *)(void *)c->opt;
		return check_int_value(c, c->opt_expr, "optval", want, got,
				       c->optlen >= 8 ? 8 : c->optlen == 1 ? 1
				       : 4, err);
	case EXPECT_STRING:
		return check_opt_string(c, err);
	case EXPECT_STRUCT:
		return struct_check(c, c->opt_layout, c->opt_expr, c->opt,
				    c->optlen, "optval", err);
	case EXPECT_NONE:
		break;
	}
	return 0;
}

static int check_ioctl(struct syscall_call *c, struct error *err)
{
	if (c->opt_kind != EXPECT_INT)
		return 0;
	return check_int_value(c, c->opt_expr, "ioctl value", c->arg[2],
			       c->ioctl_val, sizeof(int), err);
}

static int check_poll(struct syscall_call *c, struct error *err)
{
	return pollfds_check(c, err);
}

static int check_epoll_wait(struct syscall_call *c, struct error *err)
{
	return epoll_events_check(c, err);
}

/* ---- finishing touches after the arguments ------------------------------ */

static int finish_epoll_wait(struct syscall_call *c, struct error *err)
{
	int64_t n = c->arg[2];

	if (n > MAX_EPOLL_EVENTS)
		return call_error(c, c->argv[2], err, "maxevents %lld above %d",
				  (long long)n, MAX_EPOLL_EVENTS);
	/* maxevents <= 0 still goes to the kernel, for its EINVAL. */
	c->nevents = (int)n;
	c->events = calloc(n > 0 ? n : 1, sizeof(*c->events));
	if (!c->events)
		return call_error(c, NULL, err, "out of memory");
	return 0;
}

/* ---- the table ---------------------------------------------------------- */

/*
 * Argument letters (syscall_args.c): f fd, i int, D socket domain, b
 * buffer, n its byte count, L/R sockaddr in (`...` = local/remote), l
 * socklen_t, o sockaddr out, p socklen_t *, v iovec array, c its count,
 * M/m msghdr out/in, O option value, z setsockopt optlen, P getsockopt
 * optlen, I ioctl value, F pollfd array, E epoll_event, W epoll_events
 * out, s path, q offset pointer, 2 [fd, fd].
 */
static const struct syscall_def syscall_table[] = {
	{ "socket", "Dii", 3, EFFECT_NEW_FD, NULL, do_socket, NULL },
	{ "socketpair", "iii2", 4, EFFECT_FD_PAIR, NULL, do_socketpair, NULL },
	{ "bind", "fLl", 3, EFFECT_NONE, NULL, do_bind, NULL },
	{ "listen", "fi", 2, EFFECT_NONE, NULL, do_listen, NULL },
	{ "accept", "fop", 3, EFFECT_NEW_FD, NULL, do_accept, check_addr },
	{ "accept4", "fopi", 4, EFFECT_NEW_FD, NULL, do_accept4, check_addr },
	{ "connect", "fRl", 3, EFFECT_NONE, NULL, do_connect, NULL },
	{ "read", "fbn", 3, EFFECT_NONE, NULL, do_read, check_data },
	{ "readv", "fvc", 3, EFFECT_NONE, NULL, do_readv, NULL },
	{ "recv", "fbni", 4, EFFECT_NONE, NULL, do_recv, check_data },
	{ "recvfrom", "fbniop", 6, EFFECT_NONE, NULL, do_recvfrom,
	  check_recvfrom },
	{ "recvmsg", "fmi", 3, EFFECT_NONE, NULL, do_recvmsg, check_recvmsg },
	{ "write", "fbn", 3, EFFECT_NONE, NULL, do_write, NULL },
	{ "writev", "fvc", 3, EFFECT_NONE, NULL, do_writev, NULL },
	{ "send", "fbni", 4, EFFECT_NONE, NULL, do_send, NULL },
	{ "sendto", "fbniRl", 6, EFFECT_NONE, NULL, do_sendto, NULL },
	{ "sendmsg", "fMi", 3, EFFECT_NONE, NULL, do_sendmsg, NULL },
	{ "fcntl", "fii", 2, EFFECT_NONE, NULL, do_fcntl, NULL },
	{ "ioctl", "fiI", 2, EFFECT_NONE, NULL, do_ioctl, check_ioctl },
	{ "close", "f", 1, EFFECT_CLOSE, NULL, do_close, NULL },
	{ "shutdown", "fi", 2, EFFECT_NONE, NULL, do_shutdown, NULL },
	{ "getsockopt", "fiiOP", 5, EFFECT_NONE, NULL, do_getsockopt,
	  check_getsockopt },
	{ "setsockopt", "fiiOz", 5, EFFECT_NONE, NULL, do_setsockopt, NULL },
	{ "poll", "Fci", 3, EFFECT_NONE, NULL, do_poll, check_poll },
	{ "open", "sii", 2, EFFECT_NEW_FD, NULL, do_open, NULL },
	{ "sendfile", "ffqi", 4, EFFECT_NONE, NULL, do_sendfile, NULL },
	{ "pipe", "2", 1, EFFECT_FD_PAIR, NULL, do_pipe, NULL },
	{ "splice", "fqfqii", 6, EFFECT_NONE, NULL, do_splice, NULL },
	{ "epoll_create", "i", 1, EFFECT_NEW_FD, NULL, do_epoll_create, NULL },
	{ "epoll_create1", "i", 1, EFFECT_NEW_FD, NULL, do_epoll_create1,
	  NULL },
	{ "epoll_ctl", "fifE", 4, EFFECT_NONE, NULL, do_epoll_ctl, NULL },
	{ "epoll_wait", "fWii", 4, EFFECT_NONE, finish_epoll_wait,
	  do_epoll_wait, check_epoll_wait },
	{ "cap_set", "iii", 3, EFFECT_NONE, NULL, do_cap_set, NULL },
};

static const struct syscall_def *syscall_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(syscall_table) / sizeof(syscall_table[0]); i++)
		if (strcmp(syscall_table[i].name, name) == 0)
			return &syscall_table[i];
	return NULL;
}

bool syscall_is_known(const char *name)
{
	return name && syscall_find(name);
}

/* ---- validation --------------------------------------------------------- */

static int count_args(const struct ast_syscall *sc)
{
	const struct ast_expr *it;
	int n = 0;

	for (it = sc->args; it; it = it->next)
		n++;
	return n;
}

static int check_arity(const struct syscall_def *def,
		       const struct ast_syscall *sc, const char *path,
		       struct error *err)
{
	int n = count_args(sc), max = (int)strlen(def->kinds);

	if (n >= def->min_args && n <= max)
		return 0;
	if (def->min_args == max)
		return error_set_at(err, path, sc->name_pos.line,
				    sc->name_pos.col, NULL,
				    "runtime error in %s call: expected %d "
				    "arguments but got %d", sc->name, max, n);
	return error_set_at(err, path, sc->name_pos.line, sc->name_pos.col,
			    NULL, "runtime error in %s call: expected %d to %d "
			    "arguments but got %d", sc->name, def->min_args,
			    max, n);
}

static int unknown_syscall(const struct ast_syscall *sc, const char *path,
			   struct error *err)
{
	return error_set_at(err, path, sc->name_pos.line, sc->name_pos.col,
			    NULL, "unknown system call '%s'", sc->name);
}

/* Every WORD in an expression tree must be a known symbol. */
static int validate_words(const struct ast_syscall *sc,
			  const struct ast_expr *e, const char *path,
			  struct error *err)
{
	const struct ast_expr *it;

	if (!e)
		return 0;
	if (e->kind == AST_EXPR_WORD && !eval_symbol_known(e->text))
		return error_set_at(err, path, e->pos.line, e->pos.col, NULL,
				    "runtime error in %s call: unknown symbol "
				    "'%s'", sc->name, e->text);
	if (validate_words(sc, e->lhs, path, err) < 0 ||
	    validate_words(sc, e->rhs, path, err) < 0 ||
	    validate_words(sc, e->index, path, err) < 0)
		return -1;
	for (it = e->items; it; it = it->next)
		if (validate_words(sc, it, path, err) < 0)
			return -1;
	return 0;
}

static int validate_errno(const struct ast_syscall *sc, const char *path,
			  struct error *err)
{
	if (!sc->errno_name || symbols_errno_value(sc->errno_name) >= 0)
		return 0;
	return error_set_at(err, path, sc->errno_pos.line, sc->errno_pos.col,
			    NULL, "runtime error in %s call: unknown errno "
			    "name '%s'", sc->name, sc->errno_name);
}

int syscall_validate(const struct ast_syscall *sc, const char *script_path,
		     struct error *err)
{
	const struct syscall_def *def = syscall_find(sc->name);
	const struct ast_expr *it;

	if (!def)
		return unknown_syscall(sc, script_path, err);
	if (check_arity(def, sc, script_path, err) < 0)
		return -1;
	for (it = sc->args; it; it = it->next)
		if (validate_words(sc, it, script_path, err) < 0)
			return -1;
	if (validate_words(sc, sc->result, script_path, err) < 0)
		return -1;
	return validate_errno(sc, script_path, err);
}

/* ---- prepare ------------------------------------------------------------ */

static int prepare_result(struct syscall_call *c, struct error *err)
{
	const struct ast_syscall *sc = c->ast;

	c->want_errno = -1;
	if (!sc->result || sc->result->kind == AST_EXPR_ELLIPSIS)
		c->want_any = true;
	else if (eval_int(c, sc->result, &c->want_result, err) < 0)
		return -1;
	if (validate_errno(sc, c->env->script_path, err) < 0)
		return -1;
	if (sc->errno_name)
		c->want_errno = symbols_errno_value(sc->errno_name);
	return 0;
}

void syscall_call_free(struct syscall_call *call)
{
	if (!call)
		return;
	args_free(call);
	free(call);
}

int syscall_prepare(struct syscall_env *env, const struct ast_syscall *sc,
		    struct syscall_call **callp, struct error *err)
{
	const struct syscall_def *def = syscall_find(sc->name);
	const struct ast_expr *it;
	struct syscall_call *c;

	*callp = NULL;
	if (!def)
		return unknown_syscall(sc, env->script_path, err);
	if (check_arity(def, sc, env->script_path, err) < 0)
		return -1;
	c = calloc(1, sizeof(*c));
	if (!c)
		return error_set(err, "out of memory");
	c->def = def;
	c->ast = sc;
	c->env = env;
	for (it = sc->args; it; it = it->next)
		c->argv[c->argc++] = it;
	if (prepare_result(c, err) < 0 || args_evaluate(c, err) < 0 ||
	    (def->finish && def->finish(c, err) < 0)) {
		syscall_call_free(c);
		return -1;
	}
	*callp = c;
	return 0;
}

/* ---- invoke ------------------------------------------------------------- */

void syscall_invoke(struct syscall_call *c)
{
	long r;
	int e;

	c->start_usecs = syscall_now_usecs();
	errno = 0;
	r = c->def->invoke(c);
	e = errno;
	c->end_usecs = syscall_now_usecs();
	c->result = r;
	c->err_no = r < 0 ? e : 0;
}

/* ---- check -------------------------------------------------------------- */

static void format_want(const struct syscall_call *c, char *buf, size_t len)
{
	if (c->ast->result && c->ast->result->kind == AST_EXPR_INT &&
	    c->ast->result->hex && c->want_result >= 0)
		snprintf(buf, len, "%#llx", (unsigned long long)c->want_result);
	else
		snprintf(buf, len, "%lld", (long long)c->want_result);
}

static void format_got(const struct syscall_call *c, char *buf, size_t len)
{
	const char *name = symbols_errno_name(c->err_no);
	bool hex = c->ast->result && c->ast->result->kind == AST_EXPR_INT &&
		   c->ast->result->hex;

	if (c->result >= 0)
		snprintf(buf, len, hex ? "%#llx" : "%lld",
			 (long long)c->result);
	else if (name)
		snprintf(buf, len, "%lld with errno %s (%s)",
			 (long long)c->result, name,
			 symbols_errno_text(c->err_no));
	else
		snprintf(buf, len, "%lld with errno %d (%s)",
			 (long long)c->result, c->err_no,
			 symbols_errno_text(c->err_no));
}

static int check_result(struct syscall_call *c, struct error *err)
{
	const struct ast_expr *at = c->ast->result;
	char want[32], got[160];
	bool ok;

	if (c->want_any)
		return 0;
	if (c->def->effect == EFFECT_NEW_FD && c->want_result >= 0)
		ok = c->result >= 0;	/* any live fd stands for it */
	else
		ok = c->result == c->want_result;
	if (ok)
		return 0;
	format_want(c, want, sizeof(want));
	format_got(c, got, sizeof(got));
	return call_error(c, at, err, "expected result %s but got %s", want,
			  got);
}

static int check_errno(struct syscall_call *c, struct error *err)
{
	const char *got;

	if (c->want_errno < 0 || c->result >= 0 ||
	    c->err_no == c->want_errno)
		return 0;
	got = symbols_errno_name(c->err_no);
	if (got)
		return call_error_pos(c, c->ast->errno_pos, err,
				      "expected errno %s (%s) but got %s (%s)",
				      c->ast->errno_name,
				      symbols_errno_text(c->want_errno), got,
				      symbols_errno_text(c->err_no));
	return call_error_pos(c, c->ast->errno_pos, err,
			      "expected errno %s (%s) but got %d (%s)",
			      c->ast->errno_name,
			      symbols_errno_text(c->want_errno), c->err_no,
			      symbols_errno_text(c->err_no));
}

static void outcome_fill(const struct syscall_call *c,
			 struct syscall_outcome *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	out->result = c->result;
	out->err_no = c->err_no;
	out->script_fd = -1;
	out->live_fd = -1;
	out->start_usecs = c->start_usecs;
	out->end_usecs = c->end_usecs;
	for (i = 0; i < c->argc; i++) {
		if (c->def->kinds[i] != 'f')
			continue;
		out->script_fd = c->script_fd[i];
		out->live_fd = (int)c->arg[i];
		break;
	}
}

/*
 * packetdrill lets accept() name a connection with a script fd that is
 * still open (the newest one answers to it); other calls may not.
 */
static bool may_shadow(const struct syscall_call *c)
{
	return strcmp(c->def->name, "accept") == 0 ||
	       strcmp(c->def->name, "accept4") == 0;
}

static int map_new(struct syscall_call *c, struct syscall_outcome *out,
		   int script_fd, int live_fd, struct error *err)
{
	int ret = may_shadow(c) ? syscall_env_remap_fd(c->env, script_fd, live_fd, err)
				: syscall_env_map_fd(c->env, script_fd, live_fd, err);

	if (ret < 0) {
		close(live_fd);
		return call_error(c, c->ast->result, err,
				  "fd %d is already open in the script",
				  script_fd);
	}
	out->new_script_fd[out->new_fds] = script_fd;
	out->new_live_fd[out->new_fds] = live_fd;
	out->new_fds++;
	return 0;
}

/* What a successful call did to the fd map, whatever the checks say. */
static int apply_effect(struct syscall_call *c, struct syscall_outcome *out,
			struct error *err)
{
	int i;

	switch (c->def->effect) {
	case EFFECT_NEW_FD:
		if (c->result < 0 || c->want_any)
			return 0;
		if (c->want_result < 0) {
			close((int)c->result);	/* not the script's: leak not */
			return 0;
		}
		return map_new(c, out, (int)c->want_result, (int)c->result,
			       err);
	case EFFECT_FD_PAIR:
		if (c->result != 0)
			return 0;
		for (i = 0; i < 2; i++)
			if (map_new(c, out, c->pair_script[i],
				    c->pair_live[i], err) < 0)
				return -1;
		return 0;
	case EFFECT_CLOSE:
		if (c->result == 0 && c->script_fd[0] >= 0) {
			syscall_env_unmap_fd(c->env, c->script_fd[0]);
			out->closed = true;
		}
		return 0;
	case EFFECT_NONE:
		break;
	}
	return 0;
}

int syscall_check(struct syscall_env *env, struct syscall_call *c,
		  struct syscall_outcome *out, struct error *err)
{
	struct syscall_outcome local;

	if (!out)
		out = &local;
	c->env = env;
	outcome_fill(c, out);
	if (apply_effect(c, out, err) < 0)
		return -1;
	if (check_result(c, err) < 0 || check_errno(c, err) < 0)
		return -1;
	if (c->def->check && c->result >= 0)
		return c->def->check(c, err);
	return 0;
}

int syscall_run(struct syscall_env *env, const struct ast_syscall *sc,
		struct syscall_outcome *out, struct error *err)
{
	struct syscall_call *c;
	int rc;

	if (syscall_prepare(env, sc, &c, err) < 0)
		return -1;
	syscall_invoke(c);
	rc = syscall_check(env, c, out, err);
	syscall_call_free(c);
	return rc;
}
