// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_structs.c - struct literals as tables of fields, and the arrays
 * of iovecs, cmsgs, pollfds and epoll events; see syscall_structs.h.
 */
#include "syscall_structs.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/errqueue.h>

#include "symbols.h"

/*
 * The kernel's struct tcp_info as of Linux 6.18, the ABI the getsockopt()
 * copies out (min(optlen, its size) bytes). Spelled out here because build
 * headers lag behind the kernel the tests run on; the kernel only ever
 * appends fields, so this prefix-compatible layout is right for every
 * kernel and a field past what the running kernel returns is reported as
 * such rather than read as zero.
 */
struct tcp_info_abi {
	uint8_t tcpi_state;
	uint8_t tcpi_ca_state;
	uint8_t tcpi_retransmits;
	uint8_t tcpi_probes;
	uint8_t tcpi_backoff;
	uint8_t tcpi_options;
	uint8_t wscale_bits;	/* tcpi_snd_wscale:4, tcpi_rcv_wscale:4 */
	uint8_t app_bits;	/* delivery_rate_app_limited:1,
				 * fastopen_client_fail:2 */
	uint32_t tcpi_rto;
	uint32_t tcpi_ato;
	uint32_t tcpi_snd_mss;
	uint32_t tcpi_rcv_mss;
	uint32_t tcpi_unacked;
	uint32_t tcpi_sacked;
	uint32_t tcpi_lost;
	uint32_t tcpi_retrans;
	uint32_t tcpi_fackets;
	uint32_t tcpi_last_data_sent;
	uint32_t tcpi_last_ack_sent;
	uint32_t tcpi_last_data_recv;
	uint32_t tcpi_last_ack_recv;
	uint32_t tcpi_pmtu;
	uint32_t tcpi_rcv_ssthresh;
	uint32_t tcpi_rtt;
	uint32_t tcpi_rttvar;
	uint32_t tcpi_snd_ssthresh;
	uint32_t tcpi_snd_cwnd;
	uint32_t tcpi_advmss;
	uint32_t tcpi_reordering;
	uint32_t tcpi_rcv_rtt;
	uint32_t tcpi_rcv_space;
	uint32_t tcpi_total_retrans;
	uint64_t tcpi_pacing_rate;
	uint64_t tcpi_max_pacing_rate;
	uint64_t tcpi_bytes_acked;
	uint64_t tcpi_bytes_received;
	uint32_t tcpi_segs_out;
	uint32_t tcpi_segs_in;
	uint32_t tcpi_notsent_bytes;
	uint32_t tcpi_min_rtt;
	uint32_t tcpi_data_segs_in;
	uint32_t tcpi_data_segs_out;
	uint64_t tcpi_delivery_rate;
	uint64_t tcpi_busy_time;
	uint64_t tcpi_rwnd_limited;
	uint64_t tcpi_sndbuf_limited;
	uint32_t tcpi_delivered;
	uint32_t tcpi_delivered_ce;
	uint64_t tcpi_bytes_sent;
	uint64_t tcpi_bytes_retrans;
	uint32_t tcpi_dsack_dups;
	uint32_t tcpi_reord_seen;
	uint32_t tcpi_rcv_ooopack;
	uint32_t tcpi_snd_wnd;
	uint32_t tcpi_rcv_wnd;
	uint32_t tcpi_rehash;
	uint16_t tcpi_total_rto;
	uint16_t tcpi_total_rto_recoveries;
	uint32_t tcpi_total_rto_time;
	uint32_t tcpi_received_ce;
	uint32_t tcpi_delivered_e1_bytes;
	uint32_t tcpi_delivered_e0_bytes;
	uint32_t tcpi_delivered_ce_bytes;
	uint32_t tcpi_received_e1_bytes;
	uint32_t tcpi_received_e0_bytes;
	uint32_t tcpi_received_ce_bytes;
	uint16_t tcpi_accecn_fail_mode;
	uint16_t tcpi_accecn_opt_seen;
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A plain field: its name is the member's name. */
#define FLD(type, member, kind, flags) \
	{ #member, NULL, offsetof(type, member), \
	  sizeof(((type *)0)->member), kind, 0, 0, flags }
/* A field with a second accepted spelling. */
#define FLD2(type, member, alias, kind) \
	{ #member, alias, offsetof(type, member), \
	  sizeof(((type *)0)->member), kind, 0, 0, NULL }
/* `width` bits at `shift` of a byte member. */
#define BITS(type, byte_member, name, shift, width) \
	{ name, NULL, offsetof(type, byte_member), 1, FIELD_BITS, \
	  shift, width, NULL }

#define LAYOUT(var, cname, type, table) \
	const struct struct_layout var = { cname, sizeof(type), table, \
					   ARRAY_LEN(table), NULL }

/* ---- the layouts -------------------------------------------------------- */

static const struct field_layout linger_fields[] = {
	FLD2(struct linger, l_onoff, "onoff", FIELD_INT),
	FLD2(struct linger, l_linger, "linger", FIELD_INT),
};
LAYOUT(layout_linger, "struct linger", struct linger, linger_fields);

/* Bitfields are allocated from the low bits on little-endian ABIs. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LOW_NIBBLE 0
#define HIGH_NIBBLE 4
#define BIT0 0
#define BITS12 1
#else
#define LOW_NIBBLE 4
#define HIGH_NIBBLE 0
#define BIT0 7
#define BITS12 5
#endif

#define TI(member) FLD(struct tcp_info_abi, member, FIELD_UINT, NULL)
static const struct field_layout tcp_info_fields[] = {
	TI(tcpi_state), TI(tcpi_ca_state), TI(tcpi_retransmits),
	TI(tcpi_probes), TI(tcpi_backoff),
	FLD(struct tcp_info_abi, tcpi_options, FIELD_UINT, "TCPI_OPT_"),
	BITS(struct tcp_info_abi, wscale_bits, "tcpi_snd_wscale",
	     LOW_NIBBLE, 4),
	BITS(struct tcp_info_abi, wscale_bits, "tcpi_rcv_wscale",
	     HIGH_NIBBLE, 4),
	BITS(struct tcp_info_abi, app_bits, "tcpi_delivery_rate_app_limited",
	     BIT0, 1),
	BITS(struct tcp_info_abi, app_bits, "tcpi_fastopen_client_fail",
	     BITS12, 2),
	TI(tcpi_rto), TI(tcpi_ato), TI(tcpi_snd_mss), TI(tcpi_rcv_mss),
	TI(tcpi_unacked), TI(tcpi_sacked), TI(tcpi_lost), TI(tcpi_retrans),
	TI(tcpi_fackets), TI(tcpi_last_data_sent), TI(tcpi_last_ack_sent),
	TI(tcpi_last_data_recv), TI(tcpi_last_ack_recv), TI(tcpi_pmtu),
	TI(tcpi_rcv_ssthresh), TI(tcpi_rtt), TI(tcpi_rttvar),
	TI(tcpi_snd_ssthresh), TI(tcpi_snd_cwnd), TI(tcpi_advmss),
	TI(tcpi_reordering), TI(tcpi_rcv_rtt), TI(tcpi_rcv_space),
	TI(tcpi_total_retrans), TI(tcpi_pacing_rate),
	TI(tcpi_max_pacing_rate), TI(tcpi_bytes_acked),
	TI(tcpi_bytes_received), TI(tcpi_segs_out), TI(tcpi_segs_in),
	TI(tcpi_notsent_bytes), TI(tcpi_min_rtt), TI(tcpi_data_segs_in),
	TI(tcpi_data_segs_out), TI(tcpi_delivery_rate), TI(tcpi_busy_time),
	TI(tcpi_rwnd_limited), TI(tcpi_sndbuf_limited), TI(tcpi_delivered),
	TI(tcpi_delivered_ce), TI(tcpi_bytes_sent), TI(tcpi_bytes_retrans),
	TI(tcpi_dsack_dups), TI(tcpi_reord_seen), TI(tcpi_rcv_ooopack),
	TI(tcpi_snd_wnd), TI(tcpi_rcv_wnd), TI(tcpi_rehash),
	TI(tcpi_total_rto), TI(tcpi_total_rto_recoveries),
	TI(tcpi_total_rto_time), TI(tcpi_received_ce),
	TI(tcpi_delivered_e1_bytes), TI(tcpi_delivered_e0_bytes),
	TI(tcpi_delivered_ce_bytes), TI(tcpi_received_e1_bytes),
	TI(tcpi_received_e0_bytes), TI(tcpi_received_ce_bytes),
	TI(tcpi_accecn_fail_mode), TI(tcpi_accecn_opt_seen),
};
LAYOUT(layout_tcp_info, "struct tcp_info", struct tcp_info_abi,
       tcp_info_fields);

/* glibc names the kernel's tcpm_ifindex __tcpm_pad; same place, size. */
static const struct field_layout tcp_md5sig_fields[] = {
	FLD(struct tcp_md5sig, tcpm_addr, FIELD_SOCKADDR, NULL),
	FLD(struct tcp_md5sig, tcpm_flags, FIELD_UINT, NULL),
	FLD(struct tcp_md5sig, tcpm_prefixlen, FIELD_UINT, NULL),
	FLD(struct tcp_md5sig, tcpm_keylen, FIELD_UINT, NULL),
	{ "tcpm_ifindex", NULL, offsetof(struct tcp_md5sig, __tcpm_pad), 4,
	  FIELD_INT, 0, 0, NULL },
	FLD(struct tcp_md5sig, tcpm_key, FIELD_BYTES, NULL),
};
/* A key written without tcpm_keylen means all of it. */
static void tcp_md5sig_complete(void *buf)
{
	struct tcp_md5sig *m = buf;

	if (!m->tcpm_keylen)
		m->tcpm_keylen = (uint16_t)strnlen((const char *)m->tcpm_key,
						   sizeof(m->tcpm_key));
}

const struct struct_layout layout_tcp_md5sig = {
	"struct tcp_md5sig", sizeof(struct tcp_md5sig), tcp_md5sig_fields,
	ARRAY_LEN(tcp_md5sig_fields), tcp_md5sig_complete
};

static const struct field_layout pollfd_fields[] = {
	FLD(struct pollfd, fd, FIELD_FD, NULL),
	FLD(struct pollfd, events, FIELD_UINT, "POLL"),
	FLD(struct pollfd, revents, FIELD_UINT, "POLL"),
};
LAYOUT(layout_pollfd, "struct pollfd", struct pollfd, pollfd_fields);

/* The data union: the script names the member it means. */
static const struct field_layout epoll_event_fields[] = {
	FLD(struct epoll_event, events, FIELD_UINT, "EPOLL"),
	{ "fd", NULL, offsetof(struct epoll_event, data), 4, FIELD_FD, 0, 0,
	  NULL },
	{ "u32", NULL, offsetof(struct epoll_event, data), 4, FIELD_UINT, 0,
	  0, NULL },
	{ "u64", NULL, offsetof(struct epoll_event, data), 8, FIELD_UINT, 0,
	  0, NULL },
	{ "ptr", NULL, offsetof(struct epoll_event, data), 8, FIELD_UINT, 0,
	  0, NULL },
};
LAYOUT(layout_epoll_event, "struct epoll_event", struct epoll_event,
       epoll_event_fields);

static const struct field_layout sock_ee_fields[] = {
	FLD(struct sock_extended_err, ee_errno, FIELD_UINT, "errno"),
	FLD(struct sock_extended_err, ee_origin, FIELD_UINT, NULL),
	FLD(struct sock_extended_err, ee_type, FIELD_UINT, NULL),
	FLD(struct sock_extended_err, ee_code, FIELD_UINT, NULL),
	FLD(struct sock_extended_err, ee_pad, FIELD_UINT, NULL),
	FLD(struct sock_extended_err, ee_info, FIELD_UINT, NULL),
	FLD(struct sock_extended_err, ee_data, FIELD_UINT, NULL),
};
LAYOUT(layout_sock_extended_err, "struct sock_extended_err",
       struct sock_extended_err, sock_ee_fields);

static const struct option_layout {
	int level;
	int optname;
	const struct struct_layout *layout;
} option_layouts[] = {
	{ SOL_SOCKET, SO_LINGER, &layout_linger },
	{ SOL_TCP, TCP_INFO, &layout_tcp_info },
	{ SOL_TCP, TCP_MD5SIG, &layout_tcp_md5sig },
	{ SOL_TCP, TCP_MD5SIG_EXT, &layout_tcp_md5sig },
};

const struct struct_layout *struct_layout_for_option(int level, int optname)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(option_layouts); i++)
		if (option_layouts[i].level == level &&
		    option_layouts[i].optname == optname)
			return option_layouts[i].layout;
	return NULL;
}

/* ---- fields ------------------------------------------------------------- */

static uint64_t size_mask(unsigned size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static uint64_t load_uint(const void *p, unsigned size)
{
	uint64_t v = 0;
	uint32_t w;
	uint16_t h;
	uint8_t b;

	switch (size) {
	case 1: memcpy(&b, p, 1); return b;
	case 2: memcpy(&h, p, 2); return h;
	case 4: memcpy(&w, p, 4); return w;
	default: memcpy(&v, p, 8); return v;
	}
}

static void store_uint(void *p, unsigned size, uint64_t v)
{
	uint32_t w = (uint32_t)v;
	uint16_t h = (uint16_t)v;
	uint8_t b = (uint8_t)v;

	switch (size) {
	case 1: memcpy(p, &b, 1); break;
	case 2: memcpy(p, &h, 2); break;
	case 4: memcpy(p, &w, 4); break;
	default: memcpy(p, &v, 8); break;
	}
}

static const struct field_layout *field_find(const struct struct_layout *l,
					     const char *name)
{
	size_t i;

	for (i = 0; i < l->nfields; i++)
		if (strcmp(l->fields[i].name, name) == 0 ||
		    (l->fields[i].alias &&
		     strcmp(l->fields[i].alias, name) == 0))
			return &l->fields[i];
	return NULL;
}

static uint64_t bits_mask(const struct field_layout *f)
{
	return ((1u << f->width) - 1) << f->shift;
}

static int field_store(struct syscall_call *c, const struct field_layout *f,
		       const struct ast_expr *v, char *buf, struct error *err)
{
	socklen_t len;
	int64_t n;
	int sfd, lfd;

	switch (f->kind) {
	case FIELD_SOCKADDR:
		if (v->kind == AST_EXPR_ELLIPSIS) {
			/* The peer: whom an MD5 key or the like is for. */
			memcpy(buf + f->offset, &c->env->connect_addr,
			       sizeof(c->env->connect_addr));
			return 0;
		}
		return eval_sockaddr(c, v,
				     (struct sockaddr_storage *)(void *)
				     (buf + f->offset), &len, err);
	case FIELD_BYTES:
		if (v->kind != AST_EXPR_STRING)
			return call_error(c, v, err, "%s takes a string",
					  f->name);
		if (strlen(v->text) > f->size)
			return call_error(c, v, err, "%s holds at most %u "
					  "bytes", f->name, f->size);
		memcpy(buf + f->offset, v->text, strlen(v->text));
		return 0;
	case FIELD_FD:
		if (eval_fd(c, v, &sfd, &lfd, err) < 0)
			return -1;
		store_uint(buf + f->offset, f->size, (uint32_t)lfd);
		return 0;
	default:
		break;
	}
	if (v->kind == AST_EXPR_ELLIPSIS)
		return 0;
	if (eval_int(c, v, &n, err) < 0)
		return -1;
	if (f->kind == FIELD_BITS) {
		uint8_t *b = (uint8_t *)buf + f->offset;

		*b = (uint8_t)((*b & ~bits_mask(f)) |
			       (((uint64_t)n << f->shift) & bits_mask(f)));
		return 0;
	}
	store_uint(buf + f->offset, f->size, (uint64_t)n);
	return 0;
}

/*
 * Walk a STRUCT literal: FIELD items by name, other items by position in
 * the layout (an `...` item just takes its place).
 */
typedef int (*field_visit)(struct syscall_call *c,
			   const struct field_layout *f,
			   const struct ast_expr *value, void *ctx,
			   struct error *err);

static int struct_walk(struct syscall_call *c, const struct struct_layout *l,
		       const struct ast_expr *e, field_visit visit, void *ctx,
		       struct error *err)
{
	const struct ast_expr *it, *value;
	const struct field_layout *f;
	size_t k = 0;

	if (!e || e->kind != AST_EXPR_STRUCT)
		return call_error(c, e, err, "expected %s but got %s", l->name,
				  expr_kind_name(e));
	for (it = e->items; it; it = it->next, k++) {
		if (it->kind == AST_EXPR_FIELD) {
			f = field_find(l, it->text);
			if (!f)
				return call_error(c, it, err,
						  "%s has no field '%s'",
						  l->name, it->text);
			value = it->lhs;
		} else {
			if (k >= l->nfields)
				return call_error(c, it, err, "too many values "
						  "for %s", l->name);
			f = &l->fields[k];
			value = it;
		}
		if (value->kind == AST_EXPR_ELLIPSIS &&
		    f->kind != FIELD_SOCKADDR)
			continue;
		if (visit(c, f, value, ctx, err) < 0)
			return -1;
	}
	return 0;
}

static int visit_store(struct syscall_call *c, const struct field_layout *f,
		       const struct ast_expr *value, void *ctx,
		       struct error *err)
{
	return field_store(c, f, value, ctx, err);
}

int struct_encode(struct syscall_call *c, const struct struct_layout *l,
		  const struct ast_expr *e, void *buf, struct error *err)
{
	if (struct_walk(c, l, e, visit_store, buf, err) < 0)
		return -1;
	if (l->complete)
		l->complete(buf);
	return 0;
}

/* A field value for a message: flags, an errno name, a script fd. */
static char *value_text(struct syscall_call *c, const struct field_layout *f,
			uint64_t v)
{
	const char *name;
	char *out = NULL;
	int sfd;

	if (f->flags && strcmp(f->flags, "errno") == 0) {
		name = symbols_errno_name((int)v);
		if (name && asprintf(&out, "%s", name) >= 0)
			return out;
	} else if (f->flags) {
		return symbols_flags_string(f->flags, v);
	}
	if (f->kind == FIELD_FD) {
		sfd = syscall_env_script_fd(c->env, (int)(int32_t)v);
		if (sfd >= 0 && asprintf(&out, "%d", sfd) >= 0)
			return out;
		if (asprintf(&out, "live fd %d", (int)(int32_t)v) >= 0)
			return out;
		return NULL;
	}
	if (f->kind == FIELD_INT) {
		int64_t s = (int64_t)(v << (64 - 8 * f->size)) >>
			    (64 - 8 * f->size);

		if (asprintf(&out, "%lld", (long long)s) >= 0)
			return out;
		return NULL;
	}
	if (asprintf(&out, "%llu", (unsigned long long)v) < 0)
		return NULL;
	return out;
}

struct check_ctx {
	const char *what;
	const char *buf;
	size_t len;
};

static int mismatch(struct syscall_call *c, const struct ast_expr *at,
		    const char *what, const struct field_layout *f,
		    uint64_t want, uint64_t got, struct error *err)
{
	char *ws = value_text(c, f, want), *gs = value_text(c, f, got);

	call_error(c, at, err, "%s%s%s: expected %s but got %s", what,
		   *what ? " " : "", f->name, ws ? ws : "?", gs ? gs : "?");
	free(ws);
	free(gs);
	return -1;
}

static int check_bytes_field(struct syscall_call *c,
			     const struct field_layout *f,
			     const struct ast_expr *v, const char *live,
			     const char *what, struct error *err)
{
	size_t n, i;
	char *ws, *gs;

	if (v->kind != AST_EXPR_STRING)
		return call_error(c, v, err, "%s takes a string", f->name);
	n = strlen(v->text);
	if (n <= f->size &&
	    memcmp(live, v->text, n) == 0) {
		for (i = n; i < f->size && live[i] == 0; i++)
			;
		if (i == f->size)
			return 0;
	}
	ws = bytes_printable(v->text, n);
	gs = bytes_printable(live, strnlen(live, f->size));
	call_error(c, v, err, "%s %s: expected %s but got %s", what, f->name,
		   ws ? ws : "?", gs ? gs : "?");
	free(ws);
	free(gs);
	return -1;
}

static int visit_check(struct syscall_call *c, const struct field_layout *f,
		       const struct ast_expr *value, void *ctx,
		       struct error *err)
{
	const struct check_ctx *cx = ctx;
	const char *live = cx->buf + f->offset;
	uint64_t want, got, mask;
	int64_t n;
	int sfd, lfd;

	if (f->offset + (size_t)(f->kind == FIELD_BITS ? 1 : f->size) >
	    cx->len)
		return call_error(c, value, err, "%s %s: the kernel returned "
				  "only %zu bytes of %s", cx->what, f->name,
				  cx->len, "the struct");
	if (f->kind == FIELD_SOCKADDR)
		return value->kind == AST_EXPR_ELLIPSIS ? 0 :
		       check_sockaddr(c, value, (const void *)live, f->name,
				      err);
	if (f->kind == FIELD_BYTES)
		return check_bytes_field(c, f, value, live, cx->what, err);
	if (f->kind == FIELD_FD) {
		if (eval_fd(c, value, &sfd, &lfd, err) < 0)
			return -1;
		want = (uint32_t)lfd;
	} else {
		if (eval_int(c, value, &n, err) < 0)
			return -1;
		want = (uint64_t)n;
	}
	if (f->kind == FIELD_BITS) {
		got = (load_uint(live, 1) & bits_mask(f)) >> f->shift;
		mask = (1u << f->width) - 1;
	} else {
		got = load_uint(live, f->size);
		mask = size_mask(f->size);
	}
	if ((want & mask) == (got & mask))
		return 0;
	return mismatch(c, value, cx->what, f, want & mask, got, err);
}

int struct_check(struct syscall_call *c, const struct struct_layout *l,
		 const struct ast_expr *e, const void *buf, size_t len,
		 const char *what, struct error *err)
{
	struct check_ctx cx = { what, buf, len };

	return struct_walk(c, l, e, visit_check, &cx, err);
}

/* ---- iovec -------------------------------------------------------------- */

/* {..., 10}, {iov_base=..., iov_len=10} or {"data", 4}. */
static int iovec_one(struct syscall_call *c, const struct ast_expr *e,
		     struct iovec *iov, struct error *err)
{
	const struct ast_expr *base = NULL, *len = NULL, *it;
	size_t text_len = 0, size;
	int64_t n;
	int k = 0;

	if (e->kind != AST_EXPR_STRUCT)
		return call_error(c, e, err, "expected an iovec {..., len} "
				  "but got %s", expr_kind_name(e));
	for (it = e->items; it; it = it->next, k++) {
		if (it->kind == AST_EXPR_FIELD && !strcmp(it->text, "iov_base"))
			base = it->lhs;
		else if (it->kind == AST_EXPR_FIELD &&
			 !strcmp(it->text, "iov_len"))
			len = it->lhs;
		else if (it->kind != AST_EXPR_FIELD && k == 0)
			base = it;
		else if (it->kind != AST_EXPR_FIELD && k == 1)
			len = it;
		else
			return call_error(c, it, err, "an iovec has only "
					  "iov_base and iov_len");
	}
	if (!len)
		return call_error(c, e, err, "iovec without iov_len");
	if (eval_int(c, len, &n, err) < 0)
		return -1;
	if (n < 0 || n > (64 << 20))
		return call_error(c, len, err, "iov_len %lld out of range",
				  (long long)n);
	iov->iov_len = (size_t)n;
	if (base && expr_is_null(base))
		return 0;
	if (base && base->kind == AST_EXPR_STRING)
		text_len = strlen(base->text);
	size = iov->iov_len > text_len ? iov->iov_len : text_len;
	iov->iov_base = calloc(1, size + 1);
	if (!iov->iov_base)
		return call_error(c, e, err, "out of memory");
	if (text_len)
		memcpy(iov->iov_base, base->text, text_len);
	return 0;
}

int iovec_build(struct syscall_call *c, const struct ast_expr *e,
		struct error *err)
{
	const struct ast_expr *it;
	int n, i = 0;

	if (!e || e->kind != AST_EXPR_LIST)
		return call_error(c, e, err, "expected an iovec array "
				  "[{..., len}] but got %s", expr_kind_name(e));
	n = expr_count(e);
	c->iov_expr = e;
	c->iov = calloc(n ? n : 1, sizeof(*c->iov));
	if (!c->iov)
		return call_error(c, e, err, "out of memory");
	c->iov_count = n;
	for (it = e->items; it; it = it->next)
		if (iovec_one(c, it, &c->iov[i++], err) < 0)
			return -1;
	return 0;
}

/* ---- cmsg --------------------------------------------------------------- */

/*
 * packetdrill's buffer for received control messages: room for every cmsg
 * a test expects. Only the total size of the cmsgs the script writes is
 * handed to the kernel, as packetdrill does, so MSG_CTRUNC comes out the
 * same.
 */
#define MAX_CONTROL_BYTES 2000

enum cmsg_data_kind {
	CMSG_DATA_ANY,		/* cmsg_data=... */
	CMSG_DATA_INT,		/* cmsg_data=8000 */
	CMSG_DATA_BYTES,	/* cmsg_data="..." */
	CMSG_DATA_EXT_ERR,	/* cmsg_data={ee_errno=..., ...} */
	CMSG_DATA_TIMESTAMP,	/* cmsg_data={scm_sec=..., scm_nsec=...} */
};

struct cmsg_want {
	const struct ast_expr *expr;	/* the {cmsg_level=...} struct */
	const struct ast_expr *data;	/* its cmsg_data value */
	int64_t level;
	int64_t type;
	enum cmsg_data_kind kind;
	size_t len;			/* bytes of data */
};

static bool struct_prefixed(const struct ast_expr *e, const char *prefix)
{
	return e->kind == AST_EXPR_STRUCT && e->items &&
	       e->items->kind == AST_EXPR_FIELD &&
	       strncmp(e->items->text, prefix, strlen(prefix)) == 0;
}

static size_t ext_err_len(int64_t level)
{
	/* The kernel appends the offender's address to the error. */
	return sizeof(struct sock_extended_err) +
	       (level == SOL_IP ? sizeof(struct sockaddr_in)
				: sizeof(struct sockaddr_in6));
}

static int cmsg_parse(struct syscall_call *c, const struct ast_expr *e,
		      struct cmsg_want *w, struct error *err)
{
	const struct ast_expr *lv = expr_field(e, "cmsg_level");
	const struct ast_expr *ty = expr_field(e, "cmsg_type");
	const struct ast_expr *da = expr_field(e, "cmsg_data");

	if (e->kind != AST_EXPR_STRUCT || !lv || !ty || !da)
		return call_error(c, e, err, "expected {cmsg_level=..., "
				  "cmsg_type=..., cmsg_data=...}");
	w->expr = e;
	w->data = da->lhs;
	if (eval_int(c, lv->lhs, &w->level, err) < 0 ||
	    eval_int(c, ty->lhs, &w->type, err) < 0)
		return -1;
	if (struct_prefixed(w->data, "ee_") ||
	    (w->data->kind == AST_EXPR_ELLIPSIS &&
	     (w->type == IP_RECVERR || w->type == IPV6_RECVERR) &&
	     w->level != SOL_SOCKET)) {
		w->kind = struct_prefixed(w->data, "ee_") ? CMSG_DATA_EXT_ERR
							   : CMSG_DATA_ANY;
		w->len = ext_err_len(w->level);
	} else if (struct_prefixed(w->data, "scm_") ||
		   (w->data->kind == AST_EXPR_ELLIPSIS &&
		    w->level == SOL_SOCKET && w->type == SCM_TIMESTAMPING)) {
		w->kind = w->data->kind == AST_EXPR_ELLIPSIS
			  ? CMSG_DATA_ANY : CMSG_DATA_TIMESTAMP;
		w->len = sizeof(struct scm_timestamping);
	} else if (w->data->kind == AST_EXPR_STRING) {
		w->kind = CMSG_DATA_BYTES;
		w->len = strlen(w->data->text);
	} else if (w->data->kind == AST_EXPR_ELLIPSIS) {
		w->kind = CMSG_DATA_ANY;
		w->len = sizeof(int);
	} else if (w->data->kind == AST_EXPR_LIST) {
		return call_error(c, w->data, err, "cmsg_data lists "
				  "(SCM_TIMESTAMPING_OPT_STATS) are not "
				  "supported");
	} else {
		w->kind = CMSG_DATA_INT;
		w->len = sizeof(int);
	}
	return 0;
}

static int cmsg_collect(struct syscall_call *c, const struct ast_expr *list,
			struct cmsg_want **wants, int *n, size_t *space,
			struct error *err)
{
	const struct ast_expr *it;
	int i = 0;

	*n = expr_count(list);
	*wants = calloc(*n ? *n : 1, sizeof(**wants));
	if (!*wants)
		return call_error(c, list, err, "out of memory");
	*space = 0;
	for (it = list->items; it; it = it->next, i++) {
		if (cmsg_parse(c, it, &(*wants)[i], err) < 0)
			return -1;
		*space += CMSG_SPACE((*wants)[i].len);
	}
	if (*space > MAX_CONTROL_BYTES)
		return call_error(c, list, err, "cmsgs need %zu bytes, more "
				  "than %d", *space, MAX_CONTROL_BYTES);
	return 0;
}

static int timestamp_encode(struct syscall_call *c, const struct ast_expr *e,
			    struct scm_timestamping *ts, struct error *err)
{
	const struct ast_expr *sec = expr_field(e, "scm_sec");
	const struct ast_expr *nsec = expr_field(e, "scm_nsec");
	int64_t v;

	if (sec) {
		if (eval_int(c, sec->lhs, &v, err) < 0)
			return -1;
		ts->ts[0].tv_sec = v;
	}
	if (nsec) {
		if (eval_int(c, nsec->lhs, &v, err) < 0)
			return -1;
		ts->ts[0].tv_nsec = v;
	}
	return 0;
}

/* sendmsg: lay the script's cmsgs out in c->control. */
static int cmsg_encode(struct syscall_call *c, const struct cmsg_want *w,
		       struct cmsghdr *cm, struct error *err)
{
	unsigned char *data = CMSG_DATA(cm);
	int64_t v;
	int32_t i32;

	cm->cmsg_level = (int)w->level;
	cm->cmsg_type = (int)w->type;
	cm->cmsg_len = CMSG_LEN(w->len);
	switch (w->kind) {
	case CMSG_DATA_INT:
		if (eval_int(c, w->data, &v, err) < 0)
			return -1;
		i32 = (int32_t)v;
		memcpy(data, &i32, sizeof(i32));
		return 0;
	case CMSG_DATA_BYTES:
		memcpy(data, w->data->text, w->len);
		return 0;
	case CMSG_DATA_EXT_ERR:
		return struct_encode(c, &layout_sock_extended_err, w->data,
				     data, err);
	case CMSG_DATA_TIMESTAMP:
		return timestamp_encode(c, w->data, (void *)data, err);
	case CMSG_DATA_ANY:
		return 0;
	}
	return 0;
}

static int control_build(struct syscall_call *c, const struct ast_expr *list,
			 bool sending, struct error *err)
{
	struct cmsg_want *wants = NULL;
	struct cmsghdr *cm;
	size_t space;
	int n, i, rc = -1;

	if (list->kind != AST_EXPR_LIST)
		return call_error(c, list, err, "msg_control takes a list of "
				  "cmsgs but got %s", expr_kind_name(list));
	if (cmsg_collect(c, list, &wants, &n, &space, err) < 0)
		goto out;
	c->msg_control_expr = list;
	c->control = calloc(1, space ? space : 1);
	if (!c->control) {
		call_error(c, list, err, "out of memory");
		goto out;
	}
	c->msg.msg_control = space ? c->control : NULL;
	c->msg.msg_controllen = space;
	rc = 0;
	if (!sending)
		goto out;
	for (i = 0, cm = CMSG_FIRSTHDR(&c->msg); i < n && cm;
	     i++, cm = CMSG_NXTHDR(&c->msg, cm)) {
		/* CMSG_NXTHDR reads cmsg_len: set it before stepping. */
		if (cmsg_encode(c, &wants[i], cm, err) < 0) {
			rc = -1;
			break;
		}
	}
out:
	free(wants);
	return rc;
}

/* ---- msghdr ------------------------------------------------------------- */

static int msg_name_build(struct syscall_call *c, const struct ast_expr *v,
			  bool sending, struct error *err)
{
	if (expr_is_null(v))
		return 0;
	c->msg.msg_name = &c->addr;
	if (v->kind == AST_EXPR_STRUCT) {
		if (!sending) {
			c->addr_expect = v;
			c->msg.msg_namelen = sizeof(c->addr);
			return 0;
		}
		if (eval_sockaddr(c, v, &c->addr, &c->addrlen, err) < 0)
			return -1;
		c->msg.msg_namelen = c->addrlen;
		return 0;
	}
	if (v->kind != AST_EXPR_ELLIPSIS)
		return call_error(c, v, err, "msg_name takes ..., NULL or a "
				  "sockaddr but got %s", expr_kind_name(v));
	if (sending) {
		/* As for sendto(): the peer, which MSG_FASTOPEN needs. */
		c->addr = c->env->connect_addr;
		c->msg.msg_namelen = c->env->connect_addrlen;
	} else {
		c->msg.msg_namelen = sizeof(c->addr);
	}
	return 0;
}

static int msg_iov_build(struct syscall_call *c, const struct ast_expr *f,
			 struct error *err)
{
	int64_t n;

	if (iovec_build(c, f->lhs, err) < 0)
		return -1;
	c->msg.msg_iov = c->iov;
	c->msg.msg_iovlen = c->iov_count;
	if (!f->index || f->index->kind == AST_EXPR_ELLIPSIS)
		return 0;
	if (eval_int(c, f->index, &n, err) < 0)
		return -1;
	if (n != c->iov_count)
		return call_error(c, f->index, err, "msg_iov(%lld) does not "
				  "match the %d-element iovec array",
				  (long long)n, c->iov_count);
	return 0;
}

/* An explicit length field overriding the computed one. */
static int msg_len_override(struct syscall_call *c, const struct ast_expr *v,
			    int64_t *out, struct error *err)
{
	if (v->kind == AST_EXPR_ELLIPSIS)
		return 0;
	return eval_int(c, v, out, err);
}

static int msg_field(struct syscall_call *c, const struct ast_expr *f,
		     bool sending, struct error *err)
{
	int64_t v;

	if (!strcmp(f->text, "msg_name"))
		return msg_name_build(c, f->lhs, sending, err);
	if (!strcmp(f->text, "msg_iov"))
		return msg_iov_build(c, f, err);
	if (!strcmp(f->text, "msg_control"))
		return control_build(c, f->lhs, sending, err);
	if (!strcmp(f->text, "msg_flags")) {
		c->msg_flags_expr = f->lhs;
		if (!sending || f->lhs->kind == AST_EXPR_ELLIPSIS)
			return 0;
		if (eval_int(c, f->lhs, &v, err) < 0)
			return -1;
		c->msg.msg_flags = (int)v;
		return 0;
	}
	if (!strcmp(f->text, "msg_namelen") || !strcmp(f->text, "msg_iovlen") ||
	    !strcmp(f->text, "msg_controllen"))
		return 0;	/* applied after the rest, in msghdr_build */
	return call_error(c, f, err, "msghdr has no field '%s'", f->text);
}

static int msg_lengths(struct syscall_call *c, const struct ast_expr *e,
		       struct error *err)
{
	const struct ast_expr *f;
	int64_t v;

	f = expr_field(e, "msg_namelen");
	v = c->msg.msg_namelen;
	if (f && msg_len_override(c, f->lhs, &v, err) < 0)
		return -1;
	c->msg.msg_namelen = (socklen_t)v;
	f = expr_field(e, "msg_iovlen");
	v = c->msg.msg_iovlen;
	if (f && msg_len_override(c, f->lhs, &v, err) < 0)
		return -1;
	if (f && v != c->iov_count)
		return call_error(c, f, err, "msg_iovlen %lld does not match "
				  "the %d-element iovec array", (long long)v,
				  c->iov_count);
	f = expr_field(e, "msg_controllen");
	v = c->msg.msg_controllen;
	if (f && msg_len_override(c, f->lhs, &v, err) < 0)
		return -1;
	if (v < 0 || (c->control && (size_t)v > c->msg.msg_controllen) ||
	    (!c->control && v))
		return call_error(c, f, err, "msg_controllen %lld larger than "
				  "the cmsgs written", (long long)v);
	c->msg.msg_controllen = (size_t)v;
	return 0;
}

int msghdr_build(struct syscall_call *c, const struct ast_expr *e,
		 bool sending, struct error *err)
{
	const struct ast_expr *it;

	if (!e || e->kind != AST_EXPR_STRUCT)
		return call_error(c, e, err, "expected a msghdr {msg_name(...)"
				  "=..., msg_iov(1)=[...], msg_flags=0} but "
				  "got %s", expr_kind_name(e));
	c->msg_expr = e;
	memset(&c->msg, 0, sizeof(c->msg));
	for (it = e->items; it; it = it->next) {
		if (it->kind != AST_EXPR_FIELD)
			return call_error(c, it, err, "msghdr fields are "
					  "written name=value");
		if (msg_field(c, it, sending, err) < 0)
			return -1;
	}
	return msg_lengths(c, e, err);
}

static int check_timestamp(struct syscall_call *c, const struct cmsg_want *w,
			   const struct scm_timestamping *live, int i,
			   struct error *err)
{
	struct scm_timestamping want;
	int64_t want_us, live_us, tol = c->env->tolerance_usecs;

	memset(&want, 0, sizeof(want));
	if (timestamp_encode(c, w->data, &want, err) < 0)
		return -1;
	if (!want.ts[0].tv_sec && !want.ts[0].tv_nsec)
		return 0;	/* zero: not checked, as in packetdrill */
	want_us = (int64_t)want.ts[0].tv_sec * 1000000 +
		  want.ts[0].tv_nsec / 1000;
	live_us = (int64_t)live->ts[0].tv_sec * 1000000 +
		  live->ts[0].tv_nsec / 1000 - c->env->realtime_start_usecs;
	if (llabs(live_us - want_us) <= tol)
		return 0;
	return call_error(c, w->data, err, "cmsg %d scm_timestamping: "
			  "expected %.6f sec but got %.6f sec; tolerance "
			  "%.6f sec", i, want_us / 1e6, live_us / 1e6,
			  tol / 1e6);
}

static int check_cmsg_data(struct syscall_call *c, const struct cmsg_want *w,
			   const struct cmsghdr *cm, int i, struct error *err)
{
	size_t len = cm->cmsg_len - CMSG_LEN(0);
	const unsigned char *data = CMSG_DATA(cm);
	char what[32];
	int64_t v;
	int32_t got;

	snprintf(what, sizeof(what), "cmsg %d", i);
	switch (w->kind) {
	case CMSG_DATA_ANY:
		return 0;
	case CMSG_DATA_INT:
		if (eval_int(c, w->data, &v, err) < 0)
			return -1;
		memcpy(&got, data, sizeof(got));
		if ((int32_t)v == got)
			return 0;
		return call_error(c, w->data, err, "%s cmsg_data: expected "
				  "%d but got %d", what, (int32_t)v, got);
	case CMSG_DATA_BYTES:
		if (!memcmp(data, w->data->text, w->len))
			return 0;
		return call_error(c, w->data, err, "%s cmsg_data differs",
				  what);
	case CMSG_DATA_EXT_ERR:
		return struct_check(c, &layout_sock_extended_err, w->data,
				    data, len, what, err);
	case CMSG_DATA_TIMESTAMP:
		return check_timestamp(c, w, (const void *)data, i, err);
	}
	return 0;
}

static int check_one_cmsg(struct syscall_call *c, const struct cmsg_want *w,
			  const struct cmsghdr *cm, int i, struct error *err)
{
	if (cm->cmsg_level != w->level)
		return call_error(c, w->expr, err, "cmsg %d: expected "
				  "cmsg_level %lld but got %d", i,
				  (long long)w->level, cm->cmsg_level);
	if (cm->cmsg_type != w->type)
		return call_error(c, w->expr, err, "cmsg %d: expected "
				  "cmsg_type %lld but got %d", i,
				  (long long)w->type, cm->cmsg_type);
	if (w->kind != CMSG_DATA_ANY && cm->cmsg_len != CMSG_LEN(w->len))
		return call_error(c, w->expr, err, "cmsg %d: expected "
				  "cmsg_len %zu but got %zu", i,
				  (size_t)CMSG_LEN(w->len),
				  (size_t)cm->cmsg_len);
	return check_cmsg_data(c, w, cm, i, err);
}

static int check_control(struct syscall_call *c, struct error *err)
{
	const struct ast_expr *list = c->msg_control_expr;
	struct cmsg_want *wants = NULL;
	struct cmsghdr *cm;
	size_t space;
	int n, i, rc = -1;

	if (cmsg_collect(c, list, &wants, &n, &space, err) < 0)
		goto out;
	cm = c->msg.msg_controllen ? CMSG_FIRSTHDR(&c->msg) : NULL;
	for (i = 0; i < n; i++, cm = CMSG_NXTHDR(&c->msg, cm)) {
		if (!cm) {
			call_error(c, list, err, "expected %d cmsgs but got "
				   "%d", n, i);
			goto out;
		}
		if (check_one_cmsg(c, &wants[i], cm, i, err) < 0)
			goto out;
	}
	if (cm) {
		call_error(c, list, err, "expected %d cmsgs but got more", n);
		goto out;
	}
	rc = 0;
out:
	free(wants);
	return rc;
}

int msghdr_check(struct syscall_call *c, struct error *err)
{
	const struct ast_expr *fe = c->msg_flags_expr;
	char *ws, *gs;
	int64_t want;

	if (fe && fe->kind != AST_EXPR_ELLIPSIS) {
		if (eval_int(c, fe, &want, err) < 0)
			return -1;
		if ((int)want != c->msg.msg_flags) {
			ws = symbols_flags_string("MSG_", (uint32_t)want);
			gs = symbols_flags_string("MSG_",
						  (uint32_t)c->msg.msg_flags);
			call_error(c, fe, err, "msg_flags: expected %s but "
				   "got %s", ws ? ws : "?", gs ? gs : "?");
			free(ws);
			free(gs);
			return -1;
		}
	}
	if (c->addr_expect && c->msg.msg_name &&
	    check_sockaddr(c, c->addr_expect, &c->addr, "msg_name", err) < 0)
		return -1;
	if (c->msg_control_expr)
		return check_control(c, err);
	return 0;
}

/* ---- poll and epoll ----------------------------------------------------- */

int pollfds_build(struct syscall_call *c, const struct ast_expr *e,
		  struct error *err)
{
	const struct ast_expr *it;
	int i = 0;

	if (!e || e->kind != AST_EXPR_LIST)
		return call_error(c, e, err, "expected a pollfd array "
				  "[{fd=..., events=...}] but got %s",
				  expr_kind_name(e));
	c->pfds_expr = e;
	c->npfds = expr_count(e);
	c->pfds = calloc(c->npfds ? c->npfds : 1, sizeof(*c->pfds));
	if (!c->pfds)
		return call_error(c, e, err, "out of memory");
	for (it = e->items; it; it = it->next, i++) {
		if (struct_encode(c, &layout_pollfd, it, &c->pfds[i], err) < 0)
			return -1;
		c->pfds[i].revents = 0;	/* output only */
	}
	return 0;
}

int pollfds_check(struct syscall_call *c, struct error *err)
{
	const struct ast_expr *it;
	const struct field_layout *revents = &pollfd_fields[2];
	char what[32];
	int i = 0;

	for (it = c->pfds_expr->items; it; it = it->next, i++) {
		snprintf(what, sizeof(what), "pollfd %d", i);
		/* No revents written means none expected (packetdrill). */
		if (!expr_field(it, "revents") && expr_count(it) < 3 &&
		    c->pfds[i].revents)
			return mismatch(c, it, what, revents, 0,
					(uint16_t)c->pfds[i].revents, err);
		if (struct_check(c, &layout_pollfd, it, &c->pfds[i],
				 sizeof(c->pfds[i]), what, err) < 0)
			return -1;
	}
	return 0;
}

int epoll_event_build(struct syscall_call *c, const struct ast_expr *e,
		      struct error *err)
{
	memset(&c->event, 0, sizeof(c->event));
	if (e->kind == AST_EXPR_ELLIPSIS || expr_is_null(e)) {
		/* EPOLL_CTL_DEL ignores the event: allow NULL there. */
		c->event_null = expr_is_null(e);
		return 0;
	}
	return struct_encode(c, &layout_epoll_event, e, &c->event, err);
}

int epoll_events_check(struct syscall_call *c, struct error *err)
{
	const struct ast_expr *e = c->events_expr, *it;
	char what[32];
	int i = 0;

	if (!e || e->kind == AST_EXPR_ELLIPSIS)
		return 0;
	if (e->kind == AST_EXPR_STRUCT)
		return struct_check(c, &layout_epoll_event, e, &c->events[0],
				    sizeof(c->events[0]), "epoll_event", err);
	for (it = e->items; it; it = it->next, i++) {
		snprintf(what, sizeof(what), "epoll_event %d", i);
		if (i >= c->nevents)
			return call_error(c, it, err, "%s: beyond maxevents "
					  "%d", what, c->nevents);
		if (struct_check(c, &layout_epoll_event, it, &c->events[i],
				 sizeof(c->events[i]), what, err) < 0)
			return -1;
	}
	return 0;
}
