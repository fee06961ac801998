// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_args.c - evaluating the arguments of a syscall line; see
 * syscall_args.h.
 *
 * Each letter of a table row's `kinds` names one way of turning an AST
 * expression into what the system call takes (an fd, an int, a buffer, a
 * sockaddr ...). The letters are rows of arg_kinds[] below.
 */
#include "syscall_args.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "symbols.h"
#include "syscall_structs.h"

/*
 * Data buffers are allocated whole before the call; a script asking for
 * more than this is almost surely a typo, and refusing it beats an
 * out-of-memory kill in the middle of a run.
 */
#define MAX_BUFFER_BYTES (64 << 20)

/* ---- errors ------------------------------------------------------------- */

static int call_verror(struct syscall_call *c, struct src_pos pos,
		       struct error *err, const char *fmt, va_list ap)
{
	char *msg = NULL;

	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	error_set_at(err, c->env ? c->env->script_path : NULL, pos.line,
		     pos.col, NULL, "runtime error in %s call: %s",
		     c->ast->name, msg ? msg : "out of memory");
	free(msg);
	return -1;
}

int call_error_pos(struct syscall_call *c, struct src_pos pos,
		   struct error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	call_verror(c, pos, err, fmt, ap);
	va_end(ap);
	return -1;
}

int call_error(struct syscall_call *c, const struct ast_expr *at,
	       struct error *err, const char *fmt, ...)
{
	struct src_pos pos = at ? at->pos : c->ast->name_pos;
	va_list ap;

	va_start(ap, fmt);
	call_verror(c, pos, err, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- expression helpers ------------------------------------------------- */

const char *expr_kind_name(const struct ast_expr *e)
{
	static const char *const names[] = {
		[AST_EXPR_ELLIPSIS] = "...",
		[AST_EXPR_INT] = "an integer",
		[AST_EXPR_WORD] = "a symbol",
		[AST_EXPR_STRING] = "a string",
		[AST_EXPR_BINARY] = "an expression",
		[AST_EXPR_LIST] = "a list",
		[AST_EXPR_STRUCT] = "a struct",
		[AST_EXPR_FIELD] = "a field",
		[AST_EXPR_CALL] = "a function call",
	};

	if (!e)
		return "nothing";
	if ((unsigned)e->kind < sizeof(names) / sizeof(names[0]))
		return names[e->kind];
	return "an unknown expression";
}

bool expr_is_null(const struct ast_expr *e)
{
	if (!e)
		return false;
	if (e->kind == AST_EXPR_INT)
		return e->num == 0;
	return e->kind == AST_EXPR_WORD && strcmp(e->text, "NULL") == 0;
}

int expr_count(const struct ast_expr *e)
{
	const struct ast_expr *it;
	int n = 0;

	for (it = e ? e->items : NULL; it; it = it->next)
		n++;
	return n;
}

const struct ast_expr *expr_field(const struct ast_expr *s, const char *name)
{
	const struct ast_expr *it;

	if (!s || s->kind != AST_EXPR_STRUCT)
		return NULL;
	for (it = s->items; it; it = it->next)
		if (it->kind == AST_EXPR_FIELD && it->text &&
		    strcmp(it->text, name) == 0)
			return it;
	return NULL;
}

/* ---- integers ----------------------------------------------------------- */

/*
 * Names whose value depends on the script's IP version. packetdrill's
 * runner passes them with -D for each variant; knowing them here lets the
 * error-queue scripts run without that (a -D still wins, being replaced
 * before evaluation).
 */
static const struct family_symbol {
	const char *name;
	int64_t inet;
	int64_t inet6;
} family_symbols[] = {
	{ "CMSG_LEVEL_IP", SOL_IP, SOL_IPV6 },
	{ "CMSG_TYPE_RECVERR", IP_RECVERR, IPV6_RECVERR },
};

static const struct family_symbol *family_symbol_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(family_symbols) / sizeof(family_symbols[0]); i++)
		if (strcmp(family_symbols[i].name, name) == 0)
			return &family_symbols[i];
	return NULL;
}

bool eval_symbol_known(const char *name)
{
	int64_t v;

	return symbols_lookup(name, &v) == 0 || family_symbol_find(name);
}

static int eval_word(struct syscall_call *c, const struct ast_expr *e,
		     int64_t *out, struct error *err)
{
	const struct family_symbol *fs;

	if (symbols_lookup(e->text, out) == 0)
		return 0;
	fs = family_symbol_find(e->text);
	if (fs) {
		*out = c->env && c->env->family == AF_INET6 ? fs->inet6
							     : fs->inet;
		return 0;
	}
	return call_error(c, e, err, "unknown symbol '%s'", e->text);
}

static int eval_binary(struct syscall_call *c, const struct ast_expr *e,
		       int64_t *out, struct error *err)
{
	int64_t l = 0, r;

	/* A parser may spell unary minus as a BINARY without a left side. */
	if (e->lhs && eval_int(c, e->lhs, &l, err) < 0)
		return -1;
	if (eval_int(c, e->rhs, &r, err) < 0)
		return -1;
	switch (e->op) {
	case '|': *out = l | r; return 0;
	case '&': *out = l & r; return 0;
	case '^': *out = l ^ r; return 0;
	case '+': *out = l + r; return 0;
	case '-': *out = l - r; return 0;
	case '*': *out = l * r; return 0;
	case '/':
		if (r == 0)
			return call_error(c, e, err, "division by zero");
		*out = l / r;
		return 0;
	}
	return call_error(c, e, err, "unsupported operator '%c'", e->op);
}

static int64_t fn_htons(int64_t v) { return htons((uint16_t)v); }
static int64_t fn_htonl(int64_t v) { return htonl((uint32_t)v); }
static int64_t fn_ntohs(int64_t v) { return ntohs((uint16_t)v); }
static int64_t fn_ntohl(int64_t v) { return ntohl((uint32_t)v); }

/* Integer-valued functions of one integer. */
static const struct int_function {
	const char *name;
	int64_t (*fn)(int64_t v);
} int_functions[] = {
	{ "htons", fn_htons },
	{ "htonl", fn_htonl },
	{ "ntohs", fn_ntohs },
	{ "ntohl", fn_ntohl },
};

static int eval_inet_addr(struct syscall_call *c, const struct ast_expr *e,
			  int64_t *out, struct error *err)
{
	const struct ast_expr *arg = e->items;
	struct in_addr a;

	if (!arg || arg->kind != AST_EXPR_STRING || arg->next)
		return call_error(c, e, err,
				  "inet_addr() takes one string argument");
	if (inet_pton(AF_INET, arg->text, &a) != 1)
		return call_error(c, arg, err, "bad IPv4 address \"%s\"",
				  arg->text);
	/* As in C: the address in network order, read as a host integer. */
	*out = a.s_addr;
	return 0;
}

static int eval_call(struct syscall_call *c, const struct ast_expr *e,
		     int64_t *out, struct error *err)
{
	int64_t v;
	size_t i;

	if (strcmp(e->text, "inet_addr") == 0)
		return eval_inet_addr(c, e, out, err);
	for (i = 0; i < sizeof(int_functions) / sizeof(int_functions[0]); i++) {
		if (strcmp(e->text, int_functions[i].name) != 0)
			continue;
		if (!e->items || e->items->next)
			return call_error(c, e, err,
					  "%s() takes one argument", e->text);
		if (eval_int(c, e->items, &v, err) < 0)
			return -1;
		*out = int_functions[i].fn(v);
		return 0;
	}
	return call_error(c, e, err, "unknown function %s()", e->text);
}

int eval_int(struct syscall_call *c, const struct ast_expr *e, int64_t *out,
	     struct error *err)
{
	if (!e)
		return call_error(c, NULL, err, "missing integer");
	switch (e->kind) {
	case AST_EXPR_INT:
		*out = e->num;
		return 0;
	case AST_EXPR_WORD:
		return eval_word(c, e, out, err);
	case AST_EXPR_BINARY:
		return eval_binary(c, e, out, err);
	case AST_EXPR_CALL:
		return eval_call(c, e, out, err);
	default:
		break;
	}
	return call_error(c, e, err, "expected an integer but got %s",
			  expr_kind_name(e));
}

int eval_bracketed_int(struct syscall_call *c, const struct ast_expr *e,
		       int64_t *out, struct error *err)
{
	if (!e || e->kind != AST_EXPR_LIST || expr_count(e) != 1)
		return call_error(c, e, err,
				  "expected [<integer>] but got %s",
				  expr_kind_name(e));
	return eval_int(c, e->items, out, err);
}

int eval_fd(struct syscall_call *c, const struct ast_expr *e, int *script_fd,
	    int *live_fd, struct error *err)
{
	int64_t v;

	if (eval_int(c, e, &v, err) < 0)
		return -1;
	if (v < INT32_MIN || v > INT32_MAX)
		return call_error(c, e, err, "fd %lld out of range",
				  (long long)v);
	*script_fd = (int)v;
	if (v < 0) {
		*live_fd = (int)v;	/* for EBADF tests */
		return 0;
	}
	*live_fd = syscall_env_live_fd(c->env, (int)v);
	if (*live_fd < 0)
		return call_error(c, e, err,
				  "unknown fd %d: no earlier call returned it",
				  (int)v);
	return 0;
}

/* ---- socket addresses --------------------------------------------------- */

static const char *const family_names[] = { "sa_family", "sin_family",
					    "sin6_family", NULL };
static const char *const port_names[] = { "sin_port", "sin6_port", NULL };
static const char *const addr_names[] = { "sin_addr", "sin6_addr", NULL };

static const struct ast_expr *field_any(const struct ast_expr *s,
					const char *const *names)
{
	const struct ast_expr *f;

	for (; *names; names++) {
		f = expr_field(s, *names);
		if (f)
			return f;
	}
	return NULL;
}

/* The text of inet_addr("x"), inet6_addr("x") or "x". */
static const char *address_text(const struct ast_expr *v)
{
	if (v->kind == AST_EXPR_STRING)
		return v->text;
	if (v->kind == AST_EXPR_CALL && v->items &&
	    v->items->kind == AST_EXPR_STRING &&
	    (strcmp(v->text, "inet_addr") == 0 ||
	     strcmp(v->text, "inet6_addr") == 0))
		return v->items->text;
	return NULL;
}

static int eval_address(struct syscall_call *c, const struct ast_expr *v,
			int family, struct sockaddr_storage *ss,
			struct error *err)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	const char *text = address_text(v);
	struct in_addr a4;
	int64_t raw;

	if (v->kind == AST_EXPR_ELLIPSIS)
		return 0;
	if (family == AF_INET6) {
		if (text && inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1)
			return 0;
		/* IPv4 text for an AF_INET6 socket: the mapped address. */
		if (text && inet_pton(AF_INET, text, &a4) == 1) {
			sin6->sin6_addr.s6_addr[10] = 0xff;
			sin6->sin6_addr.s6_addr[11] = 0xff;
			memcpy(&sin6->sin6_addr.s6_addr[12], &a4, 4);
			return 0;
		}
		return call_error(c, v, err, "bad IPv6 address %s%s%s",
				  text ? "\"" : "", text ? text : "",
				  text ? "\"" : "");
	}
	if (text) {
		if (inet_pton(AF_INET, text, &sin->sin_addr) != 1)
			return call_error(c, v, err, "bad IPv4 address \"%s\"",
					  text);
		return 0;
	}
	if (eval_int(c, v, &raw, err) < 0)
		return -1;
	sin->sin_addr.s_addr = (uint32_t)raw;
	return 0;
}

int eval_sockaddr(struct syscall_call *c, const struct ast_expr *e,
		  struct sockaddr_storage *ss, socklen_t *len,
		  struct error *err)
{
	const struct ast_expr *fam = field_any(e, family_names);
	const struct ast_expr *port = field_any(e, port_names);
	const struct ast_expr *addr = field_any(e, addr_names);
	const struct ast_expr *flow = expr_field(e, "sin6_flowinfo");
	const struct ast_expr *scope = expr_field(e, "sin6_scope_id");
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	int64_t family = AF_INET, v;

	memset(ss, 0, sizeof(*ss));
	if (fam && eval_int(c, fam->lhs, &family, err) < 0)
		return -1;
	if (!fam)
		return call_error(c, e, err, "a sockaddr needs sa_family");
	ss->ss_family = (sa_family_t)family;
	*len = family == AF_INET6 ? sizeof(struct sockaddr_in6)
				  : sizeof(struct sockaddr_in);
	if (port && port->lhs->kind != AST_EXPR_ELLIPSIS) {
		if (eval_int(c, port->lhs, &v, err) < 0)
			return -1;
		/* sin_port and sin6_port share their offset. */
		sin6->sin6_port = (in_port_t)v;
	}
	if (addr && eval_address(c, addr->lhs, (int)family, ss, err) < 0)
		return -1;
	if (flow) {
		if (eval_int(c, flow->lhs, &v, err) < 0)
			return -1;
		sin6->sin6_flowinfo = (uint32_t)v;
	}
	if (scope) {
		if (eval_int(c, scope->lhs, &v, err) < 0)
			return -1;
		sin6->sin6_scope_id = (uint32_t)v;
	}
	return 0;
}

/* "192.0.2.1:8080", "[2001:db8::1]:80", or the parts a literal wrote. */
static void sockaddr_format(const struct sockaddr_storage *ss, bool addr,
			    bool port, char *out, size_t len)
{
	const struct sockaddr_in6 *sin6 = (const void *)ss;
	const struct sockaddr_in *sin = (const void *)ss;
	char ip[INET6_ADDRSTRLEN] = "?";
	bool v6 = ss->ss_family == AF_INET6;

	if (ss->ss_family != AF_INET && !v6) {
		snprintf(out, len, "family %u", ss->ss_family);
		return;
	}
	if (v6)
		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
	else
		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
	if (addr && port)
		snprintf(out, len, v6 ? "[%s]:%u" : "%s:%u", ip,
			 ntohs(sin6->sin6_port));
	else if (addr)
		snprintf(out, len, "%s", ip);
	else if (port)
		snprintf(out, len, "port %u", ntohs(sin6->sin6_port));
	else
		snprintf(out, len, "%s", v6 ? "AF_INET6" : "AF_INET");
}

int check_sockaddr(struct syscall_call *c, const struct ast_expr *e,
		   const struct sockaddr_storage *live, const char *what,
		   struct error *err)
{
	const struct sockaddr_in6 *l6 = (const void *)live;
	const struct sockaddr_in *l4 = (const void *)live;
	struct sockaddr_storage want;
	const struct sockaddr_in6 *w6 = (const void *)&want;
	const struct sockaddr_in *w4 = (const void *)&want;
	const struct ast_expr *port = field_any(e, port_names);
	const struct ast_expr *addr = field_any(e, addr_names);
	bool has_port = port && port->lhs->kind != AST_EXPR_ELLIPSIS;
	bool has_addr = addr && addr->lhs->kind != AST_EXPR_ELLIPSIS;
	char ws[80], ls[80];
	socklen_t len;
	bool same;

	if (eval_sockaddr(c, e, &want, &len, err) < 0)
		return -1;
	same = want.ss_family == live->ss_family;
	if (same && has_port)
		same = w6->sin6_port == l6->sin6_port;
	if (same && has_addr)
		same = want.ss_family == AF_INET6
		       ? !memcmp(&w6->sin6_addr, &l6->sin6_addr, 16)
		       : w4->sin_addr.s_addr == l4->sin_addr.s_addr;
	if (same)
		return 0;
	sockaddr_format(&want, has_addr, has_port, ws, sizeof(ws));
	sockaddr_format(live, has_addr, has_port, ls, sizeof(ls));
	return call_error(c, e, err, "%s: expected %s but got %s", what, ws,
			  ls);
}

char *bytes_printable(const void *data, size_t len)
{
	const unsigned char *p = data;
	char *out = malloc(len * 4 + 3), *o = out;
	size_t i;

	if (!out)
		return NULL;
	*o++ = '"';
	for (i = 0; i < len; i++) {
		if (isprint(p[i]) && p[i] != '"' && p[i] != '\\')
			*o++ = (char)p[i];
		else
			o += sprintf(o, "\\x%02x", p[i]);
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

int64_t syscall_now_usecs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- argument kinds ----------------------------------------------------- */

typedef int (*arg_fn)(struct syscall_call *c, int i, const struct ast_expr *e,
		      struct error *err);

static int arg_fd(struct syscall_call *c, int i, const struct ast_expr *e,
		  struct error *err)
{
	int live;

	if (eval_fd(c, e, &c->script_fd[i], &live, err) < 0)
		return -1;
	c->arg[i] = live;
	return 0;
}

static int arg_int(struct syscall_call *c, int i, const struct ast_expr *e,
		   struct error *err)
{
	return eval_int(c, e, &c->arg[i], err);
}

/* socket(..., SOCK_STREAM, IPPROTO_TCP): `...` is the script's family. */
static int arg_domain(struct syscall_call *c, int i, const struct ast_expr *e,
		      struct error *err)
{
	if (e->kind == AST_EXPR_ELLIPSIS) {
		c->arg[i] = c->env->family;
		return 0;
	}
	return eval_int(c, e, &c->arg[i], err);
}

/* Data: `...` (zeros), NULL, or a string; sized by the next argument. */
static int arg_buffer(struct syscall_call *c, int i, const struct ast_expr *e,
		      struct error *err)
{
	if (e->kind != AST_EXPR_ELLIPSIS && e->kind != AST_EXPR_STRING &&
	    !expr_is_null(e))
		return call_error(c, e, err,
				  "expected ..., NULL or a string for the "
				  "buffer but got %s", expr_kind_name(e));
	c->buf_expr = e;
	return 0;
}

/* The byte count of the buffer before it: allocates the buffer. */
static int arg_count(struct syscall_call *c, int i, const struct ast_expr *e,
		     struct error *err)
{
	size_t len, text_len = 0;

	if (eval_int(c, e, &c->arg[i], err) < 0)
		return -1;
	if (c->arg[i] < 0 || c->arg[i] > MAX_BUFFER_BYTES)
		return call_error(c, e, err, "byte count %lld out of range "
				  "0..%d", (long long)c->arg[i],
				  MAX_BUFFER_BYTES);
	if (!c->buf_expr || expr_is_null(c->buf_expr))
		return 0;
	if (c->buf_expr->kind == AST_EXPR_STRING)
		text_len = strlen(c->buf_expr->text);
	len = (size_t)c->arg[i] > text_len ? (size_t)c->arg[i] : text_len;
	/*
	 * Zeros, as packetdrill sends: payload bytes are not compared on
	 * the wire, and zeros make captures easy to read.
	 */
	c->buf = calloc(1, len + 1);
	if (!c->buf)
		return call_error(c, e, err, "out of memory");
	c->buf_len = len;
	if (text_len)
		memcpy(c->buf, c->buf_expr->text, text_len);
	return 0;
}

static int arg_addr_in(struct syscall_call *c, const struct ast_expr *e,
		       const struct sockaddr_storage *dflt, socklen_t dflt_len,
		       struct error *err)
{
	int64_t family;

	if (e->kind == AST_EXPR_ELLIPSIS) {
		c->addr = *dflt;
		c->addrlen = dflt_len;
		return 0;
	}
	if (e->kind == AST_EXPR_STRUCT)
		return eval_sockaddr(c, e, &c->addr, &c->addrlen, err);
	if (expr_is_null(e) && e->kind == AST_EXPR_WORD) {
		c->addr_null = true;
		return 0;
	}
	/* connect(fd, AF_UNSPEC, ...): just a family, to disconnect. */
	if (eval_int(c, e, &family, err) < 0)
		return -1;
	memset(&c->addr, 0, sizeof(c->addr));
	c->addr.ss_family = (sa_family_t)family;
	c->addrlen = sizeof(c->addr);
	return 0;
}

/* bind(): `...` is the local address and bind port. */
static int arg_local_addr(struct syscall_call *c, int i,
			  const struct ast_expr *e, struct error *err)
{
	return arg_addr_in(c, e, &c->env->bind_addr, c->env->bind_addrlen,
			   err);
}

/* connect(), sendto(): `...` is the remote address and connect port. */
static int arg_remote_addr(struct syscall_call *c, int i,
			   const struct ast_expr *e, struct error *err)
{
	return arg_addr_in(c, e, &c->env->connect_addr,
			   c->env->connect_addrlen, err);
}

/* socklen_t by value: `...` is the length of the address before it. */
static int arg_addrlen(struct syscall_call *c, int i, const struct ast_expr *e,
		       struct error *err)
{
	if (e->kind == AST_EXPR_ELLIPSIS) {
		c->arg[i] = c->addrlen;
		return 0;
	}
	if (eval_int(c, e, &c->arg[i], err) < 0)
		return -1;
	c->addrlen = (socklen_t)c->arg[i];
	return 0;
}

/* An address the kernel writes (accept, recvfrom): `...`, NULL, literal. */
static int arg_addr_out(struct syscall_call *c, int i,
			const struct ast_expr *e, struct error *err)
{
	c->addrlen = sizeof(c->addr);
	if (e->kind == AST_EXPR_ELLIPSIS)
		return 0;
	if (expr_is_null(e)) {
		c->addr_null = true;
		return 0;
	}
	if (e->kind != AST_EXPR_STRUCT)
		return call_error(c, e, err, "expected ..., NULL or a sockaddr "
				  "but got %s", expr_kind_name(e));
	c->addr_expect = e;
	return 0;
}

/* socklen_t *: `...`, NULL, or [N] to check the returned length. */
static int arg_addrlen_ptr(struct syscall_call *c, int i,
			   const struct ast_expr *e, struct error *err)
{
	if (e->kind == AST_EXPR_ELLIPSIS)
		return 0;
	if (expr_is_null(e)) {
		c->addrlen_null = true;
		return 0;
	}
	return eval_bracketed_int(c, e, &c->addrlen_expect, err);
}

static int arg_iovec(struct syscall_call *c, int i, const struct ast_expr *e,
		     struct error *err)
{
	return iovec_build(c, e, err);
}

/* An element count that must match the array before it. */
static int arg_array_count(struct syscall_call *c, int i,
			   const struct ast_expr *e, struct error *err)
{
	int n = c->iov_expr ? c->iov_count : c->npfds;

	if (eval_int(c, e, &c->arg[i], err) < 0)
		return -1;
	if (c->arg[i] != n)
		return call_error(c, e, err,
				  "count %lld does not match the %d-element "
				  "array", (long long)c->arg[i], n);
	return 0;
}

static int arg_msghdr_send(struct syscall_call *c, int i,
			   const struct ast_expr *e, struct error *err)
{
	return msghdr_build(c, e, true, err);
}

static int arg_msghdr_recv(struct syscall_call *c, int i,
			   const struct ast_expr *e, struct error *err)
{
	return msghdr_build(c, e, false, err);
}

static int stage_bytes(struct syscall_call *c, const struct ast_expr *e,
		       const void *data, size_t len, struct error *err)
{
	c->opt_stage = calloc(1, len + 1);
	if (!c->opt_stage)
		return call_error(c, e, err, "out of memory");
	memcpy(c->opt_stage, data, len);
	c->opt_natural = (socklen_t)len;
	return 0;
}

static int optval_list(struct syscall_call *c, const struct ast_expr *e,
		       struct error *err)
{
	int64_t v;

	if (expr_count(e) == 1 && e->items->kind == AST_EXPR_ELLIPSIS) {
		c->opt_natural = sizeof(int);
		return 0;
	}
	if (eval_bracketed_int(c, e, &v, err) < 0)
		return -1;
	c->opt_kind = EXPECT_INT;
	if (stage_bytes(c, e, &v, sizeof(v), err) < 0)
		return -1;
	c->opt_natural = sizeof(int);
	return 0;
}

static int optval_struct(struct syscall_call *c, const struct ast_expr *e,
			 struct error *err)
{
	const struct struct_layout *l;

	l = struct_layout_for_option((int)c->arg[1], (int)c->arg[2]);
	if (!l)
		return call_error(c, e, err,
				  "no struct is known for this option (known: "
				  "SO_LINGER, TCP_INFO, TCP_MD5SIG)");
	c->opt_kind = EXPECT_STRUCT;
	c->opt_layout = l;
	c->opt_stage = calloc(1, l->size + 1);
	if (!c->opt_stage)
		return call_error(c, e, err, "out of memory");
	c->opt_natural = (socklen_t)l->size;
	return struct_encode(c, l, e, c->opt_stage, err);
}

static int optval_in6(struct syscall_call *c, const struct ast_expr *e,
		      struct error *err)
{
	const char *text = address_text(e);
	struct in6_addr a;

	if (!text || inet_pton(AF_INET6, text, &a) != 1)
		return call_error(c, e, err, "bad IPv6 address");
	c->opt_kind = EXPECT_STRING;
	return stage_bytes(c, e, &a, sizeof(a), err);
}

/* setsockopt/getsockopt value: [N], "string", {struct}, ..., NULL. */
static int arg_optval(struct syscall_call *c, int i, const struct ast_expr *e,
		      struct error *err)
{
	int64_t v;

	c->opt_expr = e;
	if (e->kind == AST_EXPR_ELLIPSIS)
		return 0;
	if (expr_is_null(e)) {
		c->opt_null = true;
		return 0;
	}
	switch (e->kind) {
	case AST_EXPR_LIST:
		return optval_list(c, e, err);
	case AST_EXPR_STRING:
		c->opt_kind = EXPECT_STRING;
		return stage_bytes(c, e, e->text, strlen(e->text), err);
	case AST_EXPR_STRUCT:
		return optval_struct(c, e, err);
	case AST_EXPR_CALL:
		if (strcmp(e->text, "inet6_addr") == 0)
			return optval_in6(c, e, err);
		break;
	default:
		break;
	}
	/* A bare integer: the value itself, as [N] would pass it. */
	if (eval_int(c, e, &v, err) < 0)
		return -1;
	c->opt_kind = EXPECT_INT;
	if (stage_bytes(c, e, &v, sizeof(v), err) < 0)
		return -1;
	c->opt_natural = sizeof(int);
	return 0;
}

static int opt_alloc(struct syscall_call *c, const struct ast_expr *e,
		     struct error *err)
{
	size_t len = c->optlen > c->opt_natural ? c->optlen : c->opt_natural;

	if (len > MAX_BUFFER_BYTES)
		return call_error(c, e, err, "optlen %zu too large", len);
	/* Room for an int64 whatever optlen says, and a final NUL. */
	c->opt = calloc(1, (len < 8 ? 8 : len) + 1);
	if (!c->opt)
		return call_error(c, e, err, "out of memory");
	return 0;
}

/* An integer option value laid out for the optlen the script passes:
 * IP_TOS takes one byte when optlen is 1. */
static void opt_store_int(struct syscall_call *c)
{
	int64_t v;

	memcpy(&v, c->opt_stage, sizeof(v));
	switch (c->optlen) {
	case 1: { uint8_t b = (uint8_t)v; memcpy(c->opt, &b, 1); break; }
	case 2: { uint16_t h = (uint16_t)v; memcpy(c->opt, &h, 2); break; }
	case 8: memcpy(c->opt, &v, 8); break;
	default: { int32_t w = (int32_t)v; memcpy(c->opt, &w, 4); break; }
	}
}

/* setsockopt optlen by value: `...` is the size of the value. */
static int arg_optlen(struct syscall_call *c, int i, const struct ast_expr *e,
		      struct error *err)
{
	if (e->kind == AST_EXPR_ELLIPSIS) {
		c->arg[i] = c->opt_natural;
	} else if (eval_int(c, e, &c->arg[i], err) < 0) {
		return -1;
	}
	if (c->arg[i] < 0)
		return call_error(c, e, err, "negative optlen");
	c->optlen = (socklen_t)c->arg[i];
	if (c->opt_null)
		return 0;
	if (opt_alloc(c, e, err) < 0)
		return -1;
	if (c->opt_kind == EXPECT_INT)
		opt_store_int(c);
	else if (c->opt_stage)
		memcpy(c->opt, c->opt_stage, c->opt_natural);
	return 0;
}

/* getsockopt optlen pointer: [N] (checked), N, or `...`. */
static int arg_optlen_ptr(struct syscall_call *c, int i,
			  const struct ast_expr *e, struct error *err)
{
	int64_t v = c->opt_natural ? c->opt_natural : sizeof(int);

	c->optlen_expr = e;
	if (e->kind == AST_EXPR_LIST) {
		if (eval_bracketed_int(c, e, &v, err) < 0)
			return -1;
		c->optlen_expect = v;
	} else if (e->kind != AST_EXPR_ELLIPSIS &&
		   eval_int(c, e, &v, err) < 0) {
		return -1;
	}
	if (v < 0)
		return call_error(c, e, err, "negative optlen");
	c->optlen = (socklen_t)v;
	if (c->opt_null)
		return 0;
	return opt_alloc(c, e, err);
}

/* ioctl's third argument: [N] in and checked out, `...`, or a value. */
static int arg_ioctl_val(struct syscall_call *c, int i,
			 const struct ast_expr *e, struct error *err)
{
	int64_t v;

	c->opt_expr = e;
	if (e->kind == AST_EXPR_ELLIPSIS)
		return 0;
	if (e->kind == AST_EXPR_LIST) {
		if (eval_bracketed_int(c, e, &v, err) < 0)
			return -1;
		/* In as well as out: FIONBIO reads it, SIOCINQ writes it. */
		c->ioctl_val = (int)v;
		c->opt_kind = EXPECT_INT;
		c->arg[i] = v;
		return 0;
	}
	c->ioctl_by_value = true;
	return eval_int(c, e, &c->arg[i], err);
}

static int arg_pollfds(struct syscall_call *c, int i, const struct ast_expr *e,
		       struct error *err)
{
	return pollfds_build(c, e, err);
}

static int arg_epoll_event(struct syscall_call *c, int i,
			   const struct ast_expr *e, struct error *err)
{
	return epoll_event_build(c, e, err);
}

/* epoll_wait's events: one struct, a list, or `...`; allocated later. */
static int arg_epoll_events(struct syscall_call *c, int i,
			    const struct ast_expr *e, struct error *err)
{
	if (e->kind != AST_EXPR_ELLIPSIS && e->kind != AST_EXPR_STRUCT &&
	    e->kind != AST_EXPR_LIST)
		return call_error(c, e, err, "expected an epoll_event, a list "
				  "of them or ... but got %s",
				  expr_kind_name(e));
	c->events_expr = e;
	return 0;
}

static int arg_path(struct syscall_call *c, int i, const struct ast_expr *e,
		    struct error *err)
{
	if (e->kind != AST_EXPR_STRING)
		return call_error(c, e, err, "expected a path string but got "
				  "%s", expr_kind_name(e));
	c->path = e->text;
	return 0;
}

/* sendfile/splice offset: NULL, or [N] (N alone works too). */
static int arg_offset(struct syscall_call *c, int i, const struct ast_expr *e,
		      struct error *err)
{
	int k = c->noff++;

	if (k >= 2)
		return call_error(c, e, err, "too many offsets");
	if (expr_is_null(e)) {
		c->off_null[k] = true;
		return 0;
	}
	if (e->kind == AST_EXPR_LIST)
		return eval_bracketed_int(c, e, &c->off[k], err);
	return eval_int(c, e, &c->off[k], err);
}

/* pipe([5, 6]), socketpair(..., [3, 4]): the script's two fd numbers. */
static int arg_fd_pair(struct syscall_call *c, int i, const struct ast_expr *e,
		       struct error *err)
{
	const struct ast_expr *it;
	int64_t v;
	int k = 0;

	if (e->kind != AST_EXPR_LIST || expr_count(e) != 2)
		return call_error(c, e, err, "expected [fd, fd] but got %s",
				  expr_kind_name(e));
	for (it = e->items; it; it = it->next) {
		if (eval_int(c, it, &v, err) < 0)
			return -1;
		c->pair_script[k++] = (int)v;
	}
	return 0;
}

static const struct arg_kind {
	char letter;
	arg_fn fn;
} arg_kinds[] = {
	{ 'f', arg_fd },		/* script fd, mapped to the live one */
	{ 'i', arg_int },		/* integer expression */
	{ 'D', arg_domain },		/* socket domain; ... = the family */
	{ 'b', arg_buffer },		/* data: ..., NULL or "string" */
	{ 'n', arg_count },		/* byte count of that buffer */
	{ 'L', arg_local_addr },	/* sockaddr in; ... = bind address */
	{ 'R', arg_remote_addr },	/* sockaddr in; ... = connect address */
	{ 'l', arg_addrlen },		/* socklen_t; ... = its length */
	{ 'o', arg_addr_out },		/* sockaddr out */
	{ 'p', arg_addrlen_ptr },	/* socklen_t *: ..., NULL, [N] */
	{ 'v', arg_iovec },		/* iovec array */
	{ 'c', arg_array_count },	/* count of the array before */
	{ 'M', arg_msghdr_send },	/* msghdr for sendmsg */
	{ 'm', arg_msghdr_recv },	/* msghdr for recvmsg */
	{ 'O', arg_optval },		/* option value */
	{ 'z', arg_optlen },		/* setsockopt optlen */
	{ 'P', arg_optlen_ptr },	/* getsockopt optlen */
	{ 'I', arg_ioctl_val },		/* ioctl value */
	{ 'F', arg_pollfds },		/* pollfd array */
	{ 'E', arg_epoll_event },	/* epoll_event in */
	{ 'W', arg_epoll_events },	/* epoll_event(s) out */
	{ 's', arg_path },		/* path string */
	{ 'q', arg_offset },		/* loff_t *: NULL or [N] */
	{ '2', arg_fd_pair },		/* [fd, fd] */
};

static arg_fn arg_kind_fn(char letter)
{
	size_t i;

	for (i = 0; i < sizeof(arg_kinds) / sizeof(arg_kinds[0]); i++)
		if (arg_kinds[i].letter == letter)
			return arg_kinds[i].fn;
	return NULL;
}

int args_evaluate(struct syscall_call *c, struct error *err)
{
	int i;

	c->addrlen_expect = -1;
	c->optlen_expect = -1;
	for (i = 0; i < c->argc; i++) {
		arg_fn fn = arg_kind_fn(c->def->kinds[i]);

		c->script_fd[i] = -1;
		if (!fn)
			return call_error(c, c->argv[i], err,
					  "internal: no argument kind '%c'",
					  c->def->kinds[i]);
		if (fn(c, i, c->argv[i], err) < 0)
			return -1;
	}
	return 0;
}

void args_free(struct syscall_call *c)
{
	int i;

	free(c->buf);
	free(c->opt);
	free(c->opt_stage);
	for (i = 0; c->iov && i < c->iov_count; i++)
		free(c->iov[i].iov_base);
	free(c->iov);
	free(c->control);
	free(c->pfds);
	free(c->events);
}
