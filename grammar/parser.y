/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parser.y - the grammar of packetdrill's script language, building the
 * nodes of src/ast.h with the line and column of every written part.
 *
 * Contract: a pure (reentrant) parser over the scanner of lexer.l; all its
 * state is in struct parse_ctx, so parsers may run in several threads at
 * once. It checks what one line can tell (value ranges, the sequence range
 * against the payload length, option sizes, directions) and leaves the
 * timeline checks (first event, times going backwards) to src/script.c.
 * Every error is positioned and says what was expected and what was found;
 * the first error stops the parse, and nothing is leaked on any path.
 *
 * Beyond packetdrill's grammar, and still a superset of it:
 *  - `+0 state [sport>dport] NAME` asserts a TCP state (see lexer.l);
 *  - `+0 ...+0.5 call()` ends 0.5 s after the call's own start;
 *  - `<kind N [hex]>` writes any TCP option by number, `<>` no options;
 *  - IP info parts may come in any order and combination;
 *  - `= 0 (note)` and `= -1 EAGAIN` need no errno / no note;
 *  - any call `f(args)` is an expression, not only htons/inet_addr.
 */

%code requires {
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "config.h"
#include "error.h"

/* A location: lines and columns are 1-based, bytes index the source. */
struct parse_loc {
	int first_line;
	int first_column;
	int last_line;
	int last_column;
	size_t first_byte;
	size_t last_byte;
};

/*
 * A token's value. `text` points into the script source or into a -D
 * definition (both outlive the parse); `str`, a string's unescaped bytes,
 * is in the script's arena.
 */
struct tok {
	const char *text;
	int64_t num;		/* INTEGER, HEX_INTEGER */
	char *str;		/* STRING: unescaped bytes */
	uint32_t len;		/* of text; a script is under 4 GiB */
	uint32_t str_len : 31;
	uint32_t overflow : 1;	/* the number does not fit in an int64_t */
};

/* Text built from many tokens, before it moves into the arena. */
struct buf {
	char *data;
	size_t len, cap;
};

/* start:end(len) of a TCP segment. */
struct seq_range {
	int64_t start, end, len;
};

/* --define=NAME=VALUE option lines of the script itself. */
struct parse_define {
	char *name;
	char *value;
	struct parse_define *next;
};

struct parse_ctx {
	/* input */
	const char *name;		/* the script's name in messages */
	const char *src;		/* the script text, never modified */
	size_t len;
	const struct config_define *defines;	/* -D NAME=VALUE */
	struct parse_define *script_defines;

	/* output */
	struct ast_script *script;
	/*
	 * Called with each event as soon as it is parsed, while it is still
	 * in the cache (src/script.c checks and resolves its time); -1 with
	 * ctx->err set stops the parse.
	 */
	int (*on_event)(void *arg, struct ast_event *event);
	void *on_event_arg;
	struct ast_option **option_tail;
	struct ast_event **event_tail;
	struct error *err;

	/* scanner state */
	void *scanner;
	int line;			/* of the next token */
	size_t line_start;		/* byte offset where that line starts */
	size_t offset;			/* of the next token */
	struct parse_loc *loc;		/* the parser's location of the token */
	int depth;			/* open ( [ { */
	int last_token;
	struct parse_loc token_loc;	/* of the token returned last */
	struct parse_loc prev_loc;	/* of the one before it */
	struct parse_loc start;		/* of a token spanning several rules */
	char *lex_msg;			/* why the scanner returned LEX_ERROR */
	struct parse_loc lex_loc;
};

/* Bracket nesting deeper than this is refused rather than recursed into. */
#define PARSE_MAX_DEPTH 100
/*
 * Terms of one a|b|c chain. The tree leans left, one level per term, and
 * everything that walks it (the checks, the evaluation, the dump) recurses:
 * a million-term chain crashed the run with a stack overflow. Real flag
 * sets have a handful of terms.
 */
#define PARSE_MAX_TERMS 64

/* Spans carry byte offsets too, so messages can quote the source. */
#define YYLLOC_DEFAULT(cur, rhs, n) \
	do { \
		if (n) { \
			(cur).first_line = YYRHSLOC(rhs, 1).first_line; \
			(cur).first_column = YYRHSLOC(rhs, 1).first_column; \
			(cur).first_byte = YYRHSLOC(rhs, 1).first_byte; \
			(cur).last_line = YYRHSLOC(rhs, n).last_line; \
			(cur).last_column = YYRHSLOC(rhs, n).last_column; \
			(cur).last_byte = YYRHSLOC(rhs, n).last_byte; \
		} else { \
			(cur).first_line = (cur).last_line = \
				YYRHSLOC(rhs, 0).last_line; \
			(cur).first_column = (cur).last_column = \
				YYRHSLOC(rhs, 0).last_column; \
			(cur).first_byte = (cur).last_byte = \
				YYRHSLOC(rhs, 0).last_byte; \
		} \
	} while (0)
}

%code provides {
/* Parse ctx->src into ctx->script; 0 or -1 with ctx->err set. */
int grammar_parse(struct parse_ctx *ctx);

int script_yylex(SCRIPT_YYSTYPE *lval, SCRIPT_YYLTYPE *lloc,
		 struct parse_ctx *ctx);

/* Set ctx->err at a location, with the source line for the caret. */
void parse_error_at(struct parse_ctx *ctx, const struct parse_loc *loc,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same at a node's position; returns -1. */
int parse_error_pos(struct parse_ctx *ctx, struct src_pos pos,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Unescape the inside of a "..." string into the script's arena; -1 with
 * ctx->lex_msg set.
 */
int parse_unescape(struct parse_ctx *ctx, const char *s, size_t n,
		   const struct parse_loc *at, bool advance, char **out,
		   size_t *out_len);
}

%code {
#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POS(loc) ((struct src_pos){ (loc).first_line, (loc).first_column })

/* Every node lives in the script's arena, freed with the script. */
#define ARENA (ctx->script->arena)
#define ALLOC(obj) ast_arena_alloc(ARENA, sizeof(obj))
#define EXPR_NEW(kind, loc) ast_expr_new(ARENA, (kind), POS(loc))
#define OPTION_NEW(kind, loc) ast_tcp_option_new(ARENA, (kind), POS(loc))

/*
 * Semantic errors are recorded and the action goes on building a sane
 * value; the scanner sees the recorded error and returns LEX_ERROR at
 * once, which ends the parse through bison's normal error path. Only
 * running out of memory aborts on the spot (the arena holds everything,
 * so nothing leaks either way).
 */
#define FAIL(loc, ...) parse_error_at(ctx, &(loc), __VA_ARGS__)

#define OOM(loc) \
	do { \
		parse_error_at(ctx, &(loc), "out of memory"); \
		YYABORT; \
	} while (0)

/* Allocate into var or stop with "out of memory". */
#define NEW(var, expr, loc) \
	do { \
		if (!((var) = (expr))) \
			OOM(loc); \
	} while (0)

/* True when lhs|term would hold over PARSE_MAX_TERMS (a bounded walk). */
static bool expr_chain_too_long(const struct ast_expr *lhs)
{
	int terms = 2;		/* lhs's first term and the new one */

	for (; lhs && lhs->kind == AST_EXPR_BINARY; lhs = lhs->lhs)
		if (++terms > PARSE_MAX_TERMS)
			return true;
	return false;
}

static char *tok_dup(struct parse_ctx *ctx, const struct tok *t)
{
	return ast_arena_strndup(ARENA, t->text, t->len);
}

/* A token whose text is the source text at loc (keywords). */
static struct tok loc_tok(const struct parse_ctx *ctx,
			  const struct parse_loc *loc)
{
	return (struct tok){ .text = ctx->src + loc->first_byte,
			     .len = loc->last_byte - loc->first_byte };
}

/*
 * A token quoted in a message: at most 40 bytes, then "..." (a hostile
 * script may hold a number a megabyte long).
 */
#define SHOW_MAX 40
#define SHOW(t) (int)((t).len > SHOW_MAX ? SHOW_MAX : (t).len), (t).text, \
		((t).len > SHOW_MAX ? "..." : "")

static bool tok_is(const struct tok *t, const char *word)
{
	return strlen(word) == t->len && memcmp(t->text, word, t->len) == 0;
}

/* A growing buffer for what is built from many tokens (notes, strings). */
static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		char *data;

		while (cap < b->len + n + 1)
			cap *= 2;
		data = realloc(b->data, cap);
		if (!data)
			return -1;
		b->data = data;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* The buffer's text copied into the arena; the buffer is freed. */
static char *buf_to_arena(struct parse_ctx *ctx, struct buf *b)
{
	char *s = ast_arena_strndup(ARENA, b->data ? b->data : "", b->len);

	free(b->data);
	b->data = NULL;
	return s;
}

static struct ast_expr *string_expr(struct parse_ctx *ctx, struct buf *b,
				    const struct parse_loc *loc, bool ellipsis)
{
	struct ast_expr *e = ast_expr_new(ARENA, AST_EXPR_STRING, POS(*loc));
	size_t len = b->len;

	if (e) {
		e->text = buf_to_arena(ctx, b);
		e->len = len;
		e->str_ellipsis = ellipsis;
	}
	free(b->data);
	return e && e->text ? e : NULL;
}

static struct ast_command *new_command(struct parse_ctx *ctx,
				       const struct tok *t,
				       const struct parse_loc *loc)
{
	struct ast_command *cmd = ALLOC(*cmd);

	if (cmd) {
		cmd->pos = POS(*loc);
		cmd->text = tok_dup(ctx, t);
	}
	return cmd && cmd->text ? cmd : NULL;
}

/*
 * Check that an integer token fits in [0, max]; what names the field in
 * the message ("TCP window", "port").
 */
static int want_uint(struct parse_ctx *ctx, const struct tok *t,
		     const struct parse_loc *loc, uint64_t max,
		     const char *what)
{
	if (t->overflow) {
		parse_error_at(ctx, loc, "%s %.*s%s is too large: expected 0 to "
			       "%" PRIu64, what, SHOW(*t), max);
		return -1;
	}
	if (t->num < 0) {
		parse_error_at(ctx, loc, "%s %.*s%s is negative: expected 0 to "
			       "%" PRIu64, what, SHOW(*t), max);
		return -1;
	}
	if ((uint64_t)t->num > max) {
		parse_error_at(ctx, loc, "%s %.*s%s is out of range: expected 0 "
			       "to %" PRIu64, what, SHOW(*t), max);
		return -1;
	}
	return 0;
}

#define WANT_UINT(tok, loc, max, what) \
	want_uint(ctx, &(tok), &(loc), (max), (what))

/*
 * Seconds as written ("1", "0.25", ".1") into microseconds, exactly:
 * digits past the sixth decimal are dropped, as the runtime cannot see
 * them anyway.
 */
static int parse_time(struct parse_ctx *ctx, const struct tok *t,
		      const struct parse_loc *loc, int64_t *usecs)
{
	const int64_t max_secs = INT64_MAX / 1000000 - 1;
	const char *s = t->text, *end = t->text + t->len;
	int64_t secs = 0, frac = 0;
	int digits = 0;

	*usecs = 0;
	if (s < end && *s == '-') {
		parse_error_at(ctx, loc, "negative time %.*s%s: expected a time "
			       "of 0 or more seconds", SHOW(*t));
		return -1;
	}
	for (; s < end && isdigit((unsigned char)*s); s++) {
		if (secs > max_secs / 10) {
			parse_error_at(ctx, loc, "time %.*s%s is too large",
				       SHOW(*t));
			return -1;
		}
		secs = secs * 10 + (*s - '0');
	}
	if (s < end && *s == '.')
		s++;
	for (; s < end && isdigit((unsigned char)*s); s++, digits++)
		if (digits < 6)
			frac = frac * 10 + (*s - '0');
	for (; digits < 6; digits++)
		frac *= 10;
	*usecs = secs * 1000000 + frac;
	return 0;
}

/*
 * A blob of hex digits as written (FO cookie, md5 digest), lower-cased
 * into *out. Returns 0, -1 for a recorded error, -2 when out of memory.
 */
static int want_hex(struct parse_ctx *ctx, const struct tok *t,
		    const struct parse_loc *loc, size_t max_bytes,
		    const char *what, char **out)
{
	size_t i;

	*out = NULL;
	for (i = 0; i < t->len; i++) {
		if (!isxdigit((unsigned char)t->text[i])) {
			parse_error_at(ctx, loc, "%s '%.*s%s' is not hex: expected "
				       "hex digits, two per byte", what,
				       SHOW(*t));
			return -1;
		}
	}
	if (t->len % 2) {
		parse_error_at(ctx, loc, "%s '%.*s%s' has an odd number of hex "
			       "digits: expected two per byte", what,
			       SHOW(*t));
		return -1;
	}
	if (t->len / 2 > max_bytes) {
		parse_error_at(ctx, loc, "%s of %zu bytes is too long: at most "
			       "%zu bytes fit in the TCP options", what,
			       (size_t)t->len / 2, max_bytes);
		return -1;
	}
	*out = ast_arena_strndup(ARENA, t->text ? t->text : "", t->len);
	if (!*out)
		return -2;
	for (i = 0; i < t->len; i++)
		(*out)[i] = (char)tolower((unsigned char)(*out)[i]);
	return 0;
}

/* The bytes TCP options may take: a 60-byte header less its 20 fixed. */
#define TCP_OPTION_SPACE 40

#define OPTION_NAMES \
	"nop, eol, mss, wscale, sackOK, sack, TS, FO, FOEXP, md5, ECN or kind"

static struct ast_expr *int_node(struct parse_ctx *ctx, int64_t num, bool hex,
				 struct src_pos pos)
{
	struct ast_expr *e = ast_expr_new(ARENA, AST_EXPR_INT, pos);

	if (e) {
		e->num = num;
		e->hex = hex;
	}
	return e;
}

/*
 * packetdrill's GRE header literal for setsockopt(), {flags ... seq N}:
 * a STRUCT tagged "gre" holding the five fields in order.
 */
static struct ast_expr *gre_expr(struct parse_ctx *ctx,
				 const uint32_t values[5], struct src_pos pos,
				 struct src_pos inner)
{
	static const char *const names[] = { "flags", "sum", "off", "key",
					     "seq" };
	struct ast_expr *gre = ast_expr_new(ARENA, AST_EXPR_STRUCT, pos);
	struct ast_expr **tail;
	int i;

	if (!gre || !(gre->text = ast_arena_strndup(ARENA, "gre", 3)))
		return NULL;
	tail = &gre->items;
	for (i = 0; i < 5; i++, tail = &(*tail)->next) {
		*tail = ast_expr_new(ARENA, AST_EXPR_FIELD, inner);
		if (!*tail ||
		    !((*tail)->text = ast_arena_strndup(ARENA, names[i],
							 strlen(names[i]))) ||
		    !((*tail)->lhs = int_node(ctx, values[i], i == 0, inner)))
			return NULL;
	}
	return gre;
}

/*
 * packetdrill's MPLS stack literal, {(label 1, tc 0, [S], ttl 64) ...}: a
 * STRUCT tagged "mpls" of STRUCTs of four numbers (label, tc, bottom, ttl).
 */
static struct ast_expr *mpls_expr(struct parse_ctx *ctx,
				  const struct ast_mpls_entry *entry,
				  struct src_pos pos, struct src_pos inner)
{
	struct ast_expr *mpls = ast_expr_new(ARENA, AST_EXPR_STRUCT, pos);
	struct ast_expr **tail;

	if (!mpls || !(mpls->text = ast_arena_strndup(ARENA, "mpls", 4)))
		return NULL;
	tail = &mpls->items;
	for (; entry; entry = entry->next, tail = &(*tail)->next) {
		const int64_t values[] = { entry->label, entry->tc,
					   entry->bottom, entry->ttl };
		struct ast_expr **field;
		int i;

		*tail = ast_expr_new(ARENA, AST_EXPR_STRUCT, inner);
		if (!*tail)
			return NULL;
		field = &(*tail)->items;
		for (i = 0; i < 4; i++, field = &(*field)->next)
			if (!(*field = int_node(ctx, values[i], false, inner)))
				return NULL;
	}
	return mpls;
}

/* One part of [ect0, tos 0x4, flowlabel 0x1, ttl 3]. */
enum { IPI_ECN, IPI_TOS, IPI_FLOWLABEL, IPI_TTL };

static int ip_info_add(struct parse_ctx *ctx, struct ast_ip_info *info,
		       int kind, int64_t value, const struct parse_loc *loc)
{
	static const char *const names[] = { "ECN codepoint", "tos",
					     "flowlabel", "ttl" };
	bool ecn = info->ecn != AST_ECN_UNSET;
	bool dup = (kind == IPI_ECN && ecn) || (kind == IPI_TOS && info->has_tos) ||
		   (kind == IPI_FLOWLABEL && info->has_flowlabel) ||
		   (kind == IPI_TTL && info->has_ttl);

	if (dup) {
		parse_error_at(ctx, loc, "%s given twice in the IP info",
			       names[kind]);
		return -1;
	}
	if ((kind == IPI_ECN && info->has_tos) || (kind == IPI_TOS && ecn)) {
		parse_error_at(ctx, loc, "an ECN codepoint and a tos in the "
			       "same IP info: both set the TOS byte, write "
			       "one of them");
		return -1;
	}
	switch (kind) {
	case IPI_ECN:
		info->ecn = (int)value;
		break;
	case IPI_TOS:
		info->has_tos = true;
		info->tos = (uint8_t)value;
		break;
	case IPI_FLOWLABEL:
		info->has_flowlabel = true;
		info->flowlabel = (uint32_t)value;
		break;
	case IPI_TTL:
		info->has_ttl = true;
		info->ttl = (uint8_t)value;
		break;
	}
	return 0;
}

/*
 * TCP flag letters as packetdrill takes them: . F S R P E W A U, or one
 * ACE digit 0-7 (AccECN) which cannot be combined with E, W or A.
 */
static int check_tcp_flags(struct parse_ctx *ctx, const char *flags,
			   const struct parse_loc *loc)
{
	bool ecn = false, ace = false;
	const char *s;

	if (strcmp(flags, "-") == 0)
		return 0;
	for (s = flags; *s; s++) {
		if (!strchr(".FSRPEWAU01234567", *s)) {
			parse_error_at(ctx, loc, "invalid TCP flag '%c' in '%s': "
				       "expected flags from .FSRPEWAU, an ACE "
				       "digit 0-7, or - for none", *s, flags);
			return -1;
		}
		if (strchr("EWA", *s))
			ecn = true;
		if (isdigit((unsigned char)*s)) {
			if (ace) {
				parse_error_at(ctx, loc, "two ACE digits in TCP "
					       "flags '%s': expected one", flags);
				return -1;
			}
			ace = true;
		}
	}
	if (ecn && ace) {
		parse_error_at(ctx, loc, "TCP flags '%s' mix E, W or A with an "
			       "ACE digit: the digit already sets those bits",
			       flags);
		return -1;
	}
	return 0;
}

static int check_tcp_options(struct parse_ctx *ctx,
			     const struct ast_tcp_option *options,
			     const struct parse_loc *loc)
{
	int len = ast_tcp_options_wire_len(options);

	if (len > TCP_OPTION_SPACE) {
		parse_error_at(ctx, loc, "TCP options take %d bytes: at most %d "
			       "fit in a TCP header", len, TCP_OPTION_SPACE);
		return -1;
	}
	if (len % 4) {
		parse_error_at(ctx, loc, "TCP options take %d bytes, not a "
			       "multiple of 4: pad them with nop or eol", len);
		return -1;
	}
	return 0;
}

static int check_address(struct parse_ctx *ctx, int family,
			 const struct tok *t, const struct parse_loc *loc)
{
	unsigned char buf[16];
	char text[64];

	snprintf(text, sizeof(text), "%.*s", (int)t->len, t->text);
	if (t->len < sizeof(text) && inet_pton(family, text, buf) == 1)
		return 0;
	parse_error_at(ctx, loc, "invalid %s address '%.*s%s'",
		       family == AF_INET ? "IPv4" : "IPv6", SHOW(*t));
	return -1;
}

static int script_define_add(struct parse_ctx *ctx, const char *name_value)
{
	const char *eq = strchr(name_value, '=');
	struct parse_define *def;

	if (!eq || eq == name_value)
		return 0;	/* the option table reports the bad form */
	def = calloc(1, sizeof(*def));
	if (!def)
		return -1;
	def->next = ctx->script_defines;
	ctx->script_defines = def;
	def->name = strndup(name_value, eq - name_value);
	def->value = strdup(eq + 1);
	return def->name && def->value ? 0 : -1;
}

static void append_event(struct parse_ctx *ctx, struct ast_event *event)
{
	*ctx->event_tail = event;
	ctx->event_tail = &event->next;
	ctx->script->event_count++;
	if (ctx->on_event && !error_is_set(ctx->err))
		ctx->on_event(ctx->on_event_arg, event);
}

/*
 * Bison's only other message: its stack is full (10000 entries), which
 * a long right-leaning chain such as a=b=c=...=z can do.
 */
static void yyerror(const struct parse_loc *loc, struct parse_ctx *ctx,
		    const char *msg)
{
	parse_error_at(ctx, loc, "%s: the expression nests too deeply", msg);
}
}

%define api.pure full
%define api.prefix {script_yy}
%define api.location.type {struct parse_loc}
%define parse.error custom
%define lr.type canonical-lr
/*
 * Default reductions only where nothing else is possible, so an error is
 * caught in the state that knows every token that could have come.
 */
%define lr.default-reduction consistent
%locations
%param {struct parse_ctx *ctx}

/*
 * One conflict, resolved by shifting: after `= WORD` a '(' starts a call
 * (`= htons(80)`), not the note of `= 0 (note)`.
 */
%expect 1

%initial-action {
	@$.first_line = @$.last_line = 1;
	@$.first_column = @$.last_column = 1;
	@$.first_byte = @$.last_byte = 0;
}

%union {
	struct tok tok;
	int num;
	char *str;
	struct ast_time time;
	struct ast_event *event;
	struct ast_packet *packet;
	struct ast_layer *layer;
	struct ast_ip_info ip_info;
	struct { int kind; int64_t value; } ip_item;
	struct { bool has; uint32_t spi; } encap;
	struct { bool has; uint16_t sport, dport; } ports;
	struct seq_range seq;
	struct { bool has; uint32_t value; } opt_u32;
	struct { bool has, any; struct ast_tcp_option *head, *tail; } opts;
	struct ast_tcp_option *option;
	struct { struct ast_sack_block *head, *tail; } sack;
	struct ast_sack_block *sack_block;
	struct buf buf;
	struct { bool e1b_first; int count; uint32_t val[3]; } accecn;
	struct { int which; uint32_t value; } accecn_field;
	struct { struct ast_mpls_entry *head, *tail; } mpls;
	struct ast_mpls_entry *mpls_entry;
	uint32_t gre[5];	/* flags, sum, off, key, seq */
	struct { bool blocking, relative; int64_t usecs; } end_time;
	struct ast_expr *expr;
	struct { struct ast_expr *head, *tail; } exprs;
	struct { enum ast_icmp_echoed_kind kind; struct seq_range seq; } echoed;
}

%token <tok> INTEGER "a number" HEX_INTEGER "a hex number"
%token <tok> FLOAT "a decimal number" WORD "a word" STRING "a string"
%token <tok> COMMAND "a backquoted command" CODE "a %{ code }% block"
%token <tok> OPTION "an option" OPTION_VALUE "an option value"
%token <tok> IPV4_ADDR "an IPv4 address" IPV6_ADDR "an IPv6 address"
%token STATE "'state'"
%token <tok> STATE_NAME "a TCP state name"
%token ELLIPSIS "'...'"
%token ACK "'ack'" WIN "'win'" URG "'urg'"
%token EOL "'eol'" NOP "'nop'" MSS "'mss'" WSCALE "'wscale'"
%token SACKOK "'sackOK'" SACK "'sack'" TIMESTAMP "'TS'"
%token VAL "'val'" ECR "'ecr'" FAST_OPEN "'FO'" FAST_OPEN_EXP "'FOEXP'"
%token MD5 "'md5'" ACCECN "'ECN'" E0B "'e0b'" E1B "'e1b'" CEB "'ceb'"
%token UDP "'udp'" ICMP "'icmp'" RAW "'raw'" MTU "'mtu'" ID "'id'"
%token IPV4 "'ipv4'" IPV6 "'ipv6'" GRE "'gre'" MPLS "'mpls'"
%token LABEL "'label'" TC "'tc'" TTL "'ttl'" TOS "'tos'"
%token FLOWLABEL "'flowlabel'" ECT0 "'ect0'" ECT1 "'ect1'" CE "'ce'"
%token ECT01 "'ect01'" NOECN "'noecn'"
%token ENCAP "'encap'" PSP "'psp'" SPI "'spi'"
%token FLAGS "'flags'" SUM "'sum'" OFF "'off'" KEY "'key'" SEQ "'seq'"
%token NONE "'none'" CHECKSUM "'checksum'" SEQUENCE "'sequence#'"
%token PRESENT "'present'"
%token LEX_ERROR "invalid text"

%precedence '='
%left '|'

%type <time> event_time
%type <tok> time any_int hex_blob opt_hex_blob seq_start seq_end seq_len
%type <tok> keyword note_word opt_errno src_port dst_port
%type <num> ip_ecn gre_flag gre_flag_list
%type <str> tcp_flags opt_note
%type <buf> note_words strings
%type <event> action packet syscall syscall_head command code state_assert
%type <packet> packet_prefix any_packet tcp_packet udp_packet icmp_packet
%type <layer> layer
%type <ip_info> opt_ip_info ip_items
%type <ip_item> ip_item
%type <encap> opt_encap
%type <ports> opt_ports opt_state_ports ports
%type <seq> seq
%type <opt_u32> opt_ack opt_win opt_urg opt_icmp_mtu opt_icmp_id
%type <opts> opt_tcp_options tcp_option_list
%type <option> tcp_option
%type <sack> sack_blocks
%type <sack_block> sack_block
%type <accecn> accecn_fields
%type <accecn_field> accecn_field
%type <mpls> mpls_stack mpls_entries
%type <mpls_entry> mpls_entry
%type <num> opt_mpls_bottom
%type <gre> gre_header
%type <end_time> opt_end_time
%type <expr> expression primary call syscall_result
%type <exprs> opt_args arg_list
%type <tok> icmp_type opt_icmp_code
%type <echoed> opt_icmp_echoed

/* Nodes live in the arena; only growing buffers are malloc()ed. */
%destructor { free($$.data); } <buf>

%%

script
: opt_options opt_init_command events opt_cleanup_command
;

/* ---- option lines ------------------------------------------------------ */

opt_options
: %empty
| opt_options option
;

option
: OPTION {
	struct ast_option *opt;

	NEW(opt, ALLOC(*opt), @1);
	opt->pos = POS(@1);
	NEW(opt->name, tok_dup(ctx, &$1), @1);
	*ctx->option_tail = opt;
	ctx->option_tail = &opt->next;
}
| OPTION OPTION_VALUE {
	struct ast_option *opt;

	NEW(opt, ALLOC(*opt), @1);
	opt->pos = POS(@1);
	NEW(opt->name, tok_dup(ctx, &$1), @1);
	opt->value = $2.str;
	if (!opt->value)
		NEW(opt->value, tok_dup(ctx, &$2), @2);
	*ctx->option_tail = opt;
	ctx->option_tail = &opt->next;
	if (strcmp(opt->name, "define") == 0 &&
	    script_define_add(ctx, opt->value))
		OOM(@2);
}
;

opt_init_command
: %empty
| COMMAND {
	NEW(ctx->script->init_command, new_command(ctx, &$1, &@1), @1);
}
;

opt_cleanup_command
: %empty
| COMMAND {
	NEW(ctx->script->cleanup_command, new_command(ctx, &$1, &@1), @1);
}
;

/* ---- events -------------------------------------------------------------- */

events
: event
| events event
;

event
: event_time action {
	$2->time = $1;
	$2->pos = $1.pos;
	append_event(ctx, $2);
}
;

event_time
: time {
	$$ = (struct ast_time){ .kind = AST_TIME_ABSOLUTE, .pos = POS(@1) };
	parse_time(ctx, &$1, &@1, &$$.start_usecs);
}
| '+' time {
	$$ = (struct ast_time){ .kind = AST_TIME_RELATIVE, .pos = POS(@1) };
	parse_time(ctx, &$2, &@2, &$$.start_usecs);
}
| '*' {
	$$ = (struct ast_time){ .kind = AST_TIME_ANY, .pos = POS(@1) };
}
| time '~' time {
	$$ = (struct ast_time){ .kind = AST_TIME_ABS_RANGE, .pos = POS(@1) };
	parse_time(ctx, &$1, &@1, &$$.start_usecs);
	parse_time(ctx, &$3, &@3, &$$.end_usecs);
}
| '+' time '~' '+' time {
	$$ = (struct ast_time){ .kind = AST_TIME_REL_RANGE, .pos = POS(@1) };
	parse_time(ctx, &$2, &@2, &$$.start_usecs);
	parse_time(ctx, &$5, &@5, &$$.end_usecs);
}
;

time
: INTEGER
| FLOAT
;

action
: packet
| syscall
| command
| code
| state_assert
;

/* ---- packets ------------------------------------------------------------- */

packet
: any_packet {
	NEW($$, ast_event_new(ARENA, AST_EVENT_PACKET, $1->pos), @1);
	$$->packet = $1;
}
;

any_packet
: tcp_packet
| udp_packet
| icmp_packet
;

tcp_packet
: packet_prefix opt_ip_info opt_encap opt_ports tcp_flags seq opt_ack opt_win
  opt_urg opt_tcp_options {
	struct ast_tcp *tcp = &$1->tcp;
	bool inbound = $1->direction == AST_DIR_INBOUND;

	$$ = $1;
	$$->proto = AST_PROTO_TCP;
	$$->ip_info = $2;
	$$->has_psp = $3.has;
	$$->psp_spi = $3.spi;
	$$->has_ports = $4.has;
	$$->sport = $4.sport;
	$$->dport = $4.dport;
	tcp->flags = $5;
	tcp->seq_start = $6.start;
	tcp->seq_end = $6.end;
	tcp->payload_len = $6.len;
	tcp->has_ack = $7.has;
	tcp->ack = $7.value;
	tcp->has_win = $8.has;
	tcp->win = $8.value;
	tcp->has_urg = $9.has;
	tcp->urg = $9.value;
	tcp->has_options = $10.has;
	tcp->options_any = $10.any;
	tcp->options = $10.head;
	check_tcp_flags(ctx, tcp->flags, &@5);
	if (inbound && $2.ecn == AST_ECN_ECT01)
		FAIL(@2, "[ect01] can only be used with outbound packets");
	if (inbound && !tcp->has_win)
		FAIL(@1, "inbound TCP packet without 'win': the window must "
		     "be given for packets the tool injects");
	if (inbound && tcp->options_any)
		FAIL(@10, "<...> for TCP options can only be used with "
		     "outbound packets");
}
;

udp_packet
: packet_prefix opt_ip_info UDP opt_ports '(' seq_len ')' {
	$$ = $1;
	$$->proto = AST_PROTO_UDP;
	$$->ip_info = $2;
	$$->has_ports = $4.has;
	$$->sport = $4.sport;
	$$->dport = $4.dport;
	$$->udp.payload_len = $6.num;
	if ($2.ecn != AST_ECN_UNSET && $2.ecn != AST_ECN_ECT01)
		FAIL(@2, "an ECN codepoint can only be used with TCP packets");
	if ($$->direction == AST_DIR_INBOUND && $2.ecn == AST_ECN_ECT01)
		FAIL(@2, "[ect01] can only be used with outbound packets");
}
;

icmp_packet
: packet_prefix opt_ip_info ICMP icmp_type opt_icmp_code opt_icmp_mtu
  opt_icmp_id opt_icmp_echoed {
	struct ast_icmp *icmp = &$1->icmp;

	$$ = $1;
	$$->proto = AST_PROTO_ICMP;
	$$->ip_info = $2;
	icmp->has_mtu = $6.has;
	icmp->mtu = $6.value;
	icmp->has_id = $7.has;
	icmp->id = $7.value;
	icmp->echoed = $8.kind;
	icmp->echoed_seq_start = $8.seq.start;
	icmp->echoed_seq_end = $8.seq.end;
	icmp->echoed_len = $8.seq.len;
	NEW(icmp->type, tok_dup(ctx, &$4), @4);
	if ($5.text)
		NEW(icmp->code, tok_dup(ctx, &$5), @5);
	if ($$->direction == AST_DIR_INBOUND && $2.ecn == AST_ECN_ECT01)
		FAIL(@2, "[ect01] can only be used with outbound packets");
}
;

packet_prefix
: '<' {
	NEW($$, ast_packet_new(ARENA, AST_DIR_INBOUND, POS(@1)), @1);
}
| '>' {
	NEW($$, ast_packet_new(ARENA, AST_DIR_OUTBOUND, POS(@1)), @1);
}
| packet_prefix layer {
	struct ast_layer **tail = &$1->layers;

	while (*tail)
		tail = &(*tail)->next;
	*tail = $2;
	$$ = $1;
}
;

layer
: IPV4 opt_ip_info IPV4_ADDR '>' IPV4_ADDR ':' {
	check_address(ctx, AF_INET, &$3, &@3);
	check_address(ctx, AF_INET, &$5, &@5);
	NEW($$, ast_layer_new(ARENA, AST_LAYER_IPV4, POS(@1)), @1);
	$$->ip_info = $2;
	NEW($$->src, tok_dup(ctx, &$3), @3);
	NEW($$->dst, tok_dup(ctx, &$5), @5);
}
| IPV6 opt_ip_info IPV6_ADDR '>' IPV6_ADDR ':' {
	check_address(ctx, AF_INET6, &$3, &@3);
	check_address(ctx, AF_INET6, &$5, &@5);
	NEW($$, ast_layer_new(ARENA, AST_LAYER_IPV6, POS(@1)), @1);
	$$->ip_info = $2;
	NEW($$->src, tok_dup(ctx, &$3), @3);
	NEW($$->dst, tok_dup(ctx, &$5), @5);
}
| GRE ':' {
	NEW($$, ast_layer_new(ARENA, AST_LAYER_GRE, POS(@1)), @1);
}
| GRE opt_comma gre_header ':' {
	NEW($$, ast_layer_new(ARENA, AST_LAYER_GRE, POS(@1)), @1);
	$$->gre_flags = $3[0];
	$$->gre_has_sum = $$->gre_has_off = true;
	$$->gre_has_key = $$->gre_has_seq = true;
	$$->gre_sum = $3[1];
	$$->gre_off = $3[2];
	$$->gre_key = $3[3];
	$$->gre_seq = $3[4];
}
| MPLS mpls_stack ':' {
	NEW($$, ast_layer_new(ARENA, AST_LAYER_MPLS, POS(@1)), @1);
	$$->mpls = $2.head;
}
;

opt_comma
: %empty
| ','
;

opt_equals
: %empty
| '='
;

gre_header
: FLAGS '[' gre_flag_list ']' opt_comma SUM any_int opt_comma OFF any_int
  opt_comma KEY opt_equals any_int opt_comma SEQ any_int {
	WANT_UINT($7, @7, 0xffff, "GRE checksum");
	WANT_UINT($10, @10, 0xffff, "GRE offset");
	WANT_UINT($14, @14, 0xffffffff, "GRE key");
	WANT_UINT($17, @17, 0xffffffff, "GRE sequence number");
	$$[0] = $3;
	$$[1] = $7.num;
	$$[2] = $10.num;
	$$[3] = $14.num;
	$$[4] = $17.num;
}
| FLAGS any_int opt_comma SUM any_int opt_comma OFF any_int
  opt_comma KEY opt_equals any_int opt_comma SEQ any_int {
	WANT_UINT($2, @2, 0xffff, "GRE flags");
	WANT_UINT($5, @5, 0xffff, "GRE checksum");
	WANT_UINT($8, @8, 0xffff, "GRE offset");
	WANT_UINT($12, @12, 0xffffffff, "GRE key");
	WANT_UINT($15, @15, 0xffffffff, "GRE sequence number");
	$$[0] = $2.num;
	$$[1] = $5.num;
	$$[2] = $8.num;
	$$[3] = $12.num;
	$$[4] = $15.num;
}
;

/* The flag bits of RFC 2784/2890: C 0x8000, K 0x2000, S 0x1000. */
gre_flag_list
: gre_flag			{ $$ = $1; }
| gre_flag_list ',' gre_flag	{ $$ = $1 | $3; }
;

gre_flag
: NONE				{ $$ = 0; }
| CHECKSUM PRESENT		{ $$ = 0x8000; }
| KEY PRESENT			{ $$ = 0x2000; }
| SEQUENCE PRESENT		{ $$ = 0x1000; }
;

mpls_stack
: %empty			{ $$.head = $$.tail = NULL; }
| mpls_entries
;

mpls_entries
: mpls_entry			{ $$.head = $$.tail = $1; }
| mpls_entries mpls_entry {
	$$ = $1;
	$$.tail->next = $2;
	$$.tail = $2;
}
;

mpls_entry
: '(' LABEL INTEGER ',' TC INTEGER ',' opt_mpls_bottom TTL INTEGER ')' {
	WANT_UINT($3, @3, (1 << 20) - 1, "MPLS label");
	WANT_UINT($6, @6, 7, "MPLS traffic class");
	WANT_UINT($10, @10, 255, "MPLS ttl");
	NEW($$, ALLOC(*$$), @1);
	$$->label = $3.num;
	$$->tc = $6.num;
	$$->bottom = $8;
	$$->ttl = $10.num;
}
;

opt_mpls_bottom
: %empty			{ $$ = 0; }
| '[' WORD ']' ',' {
	if (!tok_is(&$2, "S"))
		FAIL(@2, "expected [S] for the bottom of the MPLS label "
		     "stack, found '%.*s%s'", SHOW($2));
	$$ = 1;
}
;

opt_ip_info
: %empty			{ ast_ip_info_init(&$$); }
| '(' ip_items ')'		{ $$ = $2; $$.pos = POS(@1); }
| '[' ip_items ']'		{ $$ = $2; $$.pos = POS(@1); }
;

ip_items
: ip_item {
	ast_ip_info_init(&$$);
	ip_info_add(ctx, &$$, $1.kind, $1.value, &@1);
}
| ip_items ',' ip_item {
	$$ = $1;
	ip_info_add(ctx, &$$, $3.kind, $3.value, &@3);
}
;

ip_item
: ip_ecn			{ $$.kind = IPI_ECN; $$.value = $1; }
| TOS any_int {
	WANT_UINT($2, @2, 0xff, "tos");
	$$.kind = IPI_TOS;
	$$.value = $2.num;
}
| FLOWLABEL any_int {
	WANT_UINT($2, @2, 0xfffff, "flowlabel");
	$$.kind = IPI_FLOWLABEL;
	$$.value = $2.num;
}
| TTL INTEGER {
	WANT_UINT($2, @2, 0xff, "ttl");
	$$.kind = IPI_TTL;
	$$.value = $2.num;
}
;

ip_ecn
: NOECN				{ $$ = AST_ECN_NOECN; }
| ECT0				{ $$ = AST_ECN_ECT0; }
| ECT1				{ $$ = AST_ECN_ECT1; }
| CE				{ $$ = AST_ECN_CE; }
| ECT01				{ $$ = AST_ECN_ECT01; }
;

opt_encap
: %empty			{ $$.has = false; $$.spi = 0; }
| ENCAP PSP SPI any_int {
	WANT_UINT($4, @4, 0xffffffff, "PSP SPI");
	$$.has = true;
	$$.spi = $4.num;
}
;

opt_ports
: %empty			{ $$.has = false; $$.sport = $$.dport = 0; }
| ports
;

ports
: src_port '>' dst_port {
	WANT_UINT($1, @1, 0xffff, "source port");
	WANT_UINT($3, @3, 0xffff, "destination port");
	$$.has = true;
	$$.sport = $1.num;
	$$.dport = $3.num;
}
;

src_port
: INTEGER
;

dst_port
: INTEGER
;

/*
 * Flags are a word ("S", "F"), a word and '.', a word and an ACE digit
 * lexed as a decimal (".2"), or '.' or '-' alone; kept as written.
 */
tcp_flags
: WORD				{ NEW($$, tok_dup(ctx, &$1), @1); }
| WORD '.' {
	NEW($$, ast_arena_alloc(ARENA, $1.len + 2), @1);
	memcpy($$, $1.text, $1.len);
	$$[$1.len] = '.';
}
| WORD FLOAT {
	NEW($$, ast_arena_alloc(ARENA, $1.len + $2.len + 1), @1);
	memcpy($$, $1.text, $1.len);
	memcpy($$ + $1.len, $2.text, $2.len);
}
| FLOAT				{ NEW($$, tok_dup(ctx, &$1), @1); }
| '.'				{ NEW($$, ast_arena_strndup(ARENA, ".", 1), @1); }
| '-'				{ NEW($$, ast_arena_strndup(ARENA, "-", 1), @1); }
;

seq
: seq_start ':' seq_end '(' seq_len ')' {
	WANT_UINT($1, @1, 0xffffffff, "sequence start");
	WANT_UINT($3, @3, 0xffffffff, "sequence end");
	if (!$1.overflow && !$3.overflow && $3.num - $1.num != $5.num)
		FAIL(@1, "inconsistent sequence range %.*s%s:%.*s%s(%.*s%s): end - "
		     "start is %" PRId64 " but the payload length is %.*s%s",
		     SHOW($1), SHOW($3),
		     SHOW($5), $3.num - $1.num,
		     SHOW($5));
	$$.start = $1.num;
	$$.end = $3.num;
	$$.len = $5.num;
}
;

seq_start
: INTEGER
;

seq_end
: INTEGER
;

seq_len
: INTEGER {
	WANT_UINT($1, @1, 0xffff, "payload length");
	$$ = $1;
}
;

opt_ack
: %empty			{ $$.has = false; $$.value = 0; }
| ACK INTEGER {
	WANT_UINT($2, @2, 0xffffffff, "ack number");
	$$.has = true;
	$$.value = $2.num;
}
;

opt_win
: %empty			{ $$.has = false; $$.value = 0; }
| WIN INTEGER {
	WANT_UINT($2, @2, 0xffff, "TCP window");
	$$.has = true;
	$$.value = $2.num;
}
;

opt_urg
: %empty			{ $$.has = false; $$.value = 0; }
| URG INTEGER {
	WANT_UINT($2, @2, 0xffff, "urgent pointer");
	$$.has = true;
	$$.value = $2.num;
}
;

opt_tcp_options
: %empty {
	$$.has = $$.any = false;
	$$.head = $$.tail = NULL;
}
| '<' ELLIPSIS '>' {
	$$.has = $$.any = true;
	$$.head = $$.tail = NULL;
}
| '<' '>' {
	$$.has = true;
	$$.any = false;
	$$.head = $$.tail = NULL;
}
| '<' tcp_option_list '>' {
	$$ = $2;
	check_tcp_options(ctx, $$.head, &@1);
}
;

tcp_option_list
: tcp_option {
	$$.has = true;
	$$.any = false;
	$$.head = $$.tail = $1;
}
| tcp_option_list ',' tcp_option {
	$$ = $1;
	$$.tail->next = $3;
	$$.tail = $3;
}
;

tcp_option
: NOP			{ NEW($$, OPTION_NEW(AST_TCPOPT_NOP, @1), @1); }
| EOL			{ NEW($$, OPTION_NEW(AST_TCPOPT_EOL, @1), @1); }
| SACKOK		{ NEW($$, OPTION_NEW(AST_TCPOPT_SACK_PERM, @1), @1); }
| MSS INTEGER {
	WANT_UINT($2, @2, 0xffff, "mss value");
	NEW($$, OPTION_NEW(AST_TCPOPT_MSS, @1), @1);
	$$->value = $2.num;
}
| WSCALE INTEGER {
	WANT_UINT($2, @2, 0xff, "window scale shift count");
	NEW($$, OPTION_NEW(AST_TCPOPT_WSCALE, @1), @1);
	$$->value = $2.num;
}
| SACK sack_blocks {
	NEW($$, OPTION_NEW(AST_TCPOPT_SACK, @1), @1);
	$$->sack = $2.head;
}
| TIMESTAMP VAL INTEGER ECR INTEGER {
	WANT_UINT($3, @3, 0xffffffff, "TS val");
	WANT_UINT($5, @5, 0xffffffff, "TS ecr");
	NEW($$, OPTION_NEW(AST_TCPOPT_TIMESTAMP, @1), @1);
	$$->ts_val = $3.num;
	$$->ts_ecr = $5.num;
}
| FAST_OPEN opt_hex_blob {
	NEW($$, OPTION_NEW(AST_TCPOPT_FASTOPEN, @1), @1);
	if (want_hex(ctx, &$2, &@2, TCP_OPTION_SPACE - 2, "FO cookie",
		     &$$->hex) < -1)
		OOM(@2);
}
| FAST_OPEN_EXP opt_hex_blob {
	NEW($$, OPTION_NEW(AST_TCPOPT_FASTOPEN_EXP, @1), @1);
	if (want_hex(ctx, &$2, &@2, TCP_OPTION_SPACE - 4, "FOEXP cookie",
		     &$$->hex) < -1)
		OOM(@2);
}
| MD5 opt_hex_blob {
	/* RFC 2385: a 16-byte digest; shorter ones test bad input. */
	NEW($$, OPTION_NEW(AST_TCPOPT_MD5, @1), @1);
	if (want_hex(ctx, &$2, &@2, 16, "md5 digest", &$$->hex) < -1)
		OOM(@2);
}
| ACCECN accecn_fields {
	NEW($$, OPTION_NEW(AST_TCPOPT_ACCECN, @1), @1);
	$$->accecn_e1b_first = $2.e1b_first;
	$$->accecn_count = $2.count;
	memcpy($$->accecn, $2.val, sizeof($$->accecn));
}
| WORD INTEGER opt_hex_blob {
	if (!tok_is(&$1, "kind"))
		FAIL(@1, "unknown TCP option '%.*s%s': expected " OPTION_NAMES,
		     SHOW($1));
	WANT_UINT($2, @2, 255, "TCP option kind");
	NEW($$, OPTION_NEW(AST_TCPOPT_GENERIC, @1), @1);
	$$->generic_kind = $2.num;
	if (want_hex(ctx, &$3, &@3, TCP_OPTION_SPACE - 2, "option data",
		     &$$->hex) < -1)
		OOM(@3);
}
| WORD {
	FAIL(@1, "unknown TCP option '%.*s%s': expected " OPTION_NAMES,
	     SHOW($1));
	NEW($$, OPTION_NEW(AST_TCPOPT_NOP, @1), @1);
}
;

sack_blocks
: sack_block			{ $$.head = $$.tail = $1; }
| sack_blocks sack_block {
	$$ = $1;
	$$.tail->next = $2;
	$$.tail = $2;
}
;

sack_block
: INTEGER ':' INTEGER {
	WANT_UINT($1, @1, 0xffffffff, "SACK left edge");
	WANT_UINT($3, @3, 0xffffffff, "SACK right edge");
	NEW($$, ALLOC(*$$), @1);
	$$->left = $1.num;
	$$->right = $3.num;
}
;

opt_hex_blob
: %empty			{ memset(&$$, 0, sizeof($$)); }
| hex_blob
;

/* Cookies are lexed as words or numbers; "ce" is a keyword, yet hex. */
hex_blob
: WORD
| INTEGER
| CE				{ $$ = loc_tok(ctx, &@1); }
;

/*
 * AccECN counters in one of the two orders the draft allows: e0b ceb e1b
 * (kind 172) or e1b ceb e0b (kind 174), each a prefix of one or more.
 */
accecn_fields
: accecn_field {
	if ($1.which == 1)
		FAIL(@1, "expected e0b or e1b first in the ECN option, found "
		     "ceb");
	$$.e1b_first = $1.which == 2;
	$$.count = 1;
	$$.val[0] = $1.value;
	$$.val[1] = $$.val[2] = 0;
}
| accecn_fields accecn_field {
	static const char *const names[] = { "e0b", "ceb", "e1b" };
	int want = $1.count == 1 ? 1 : ($1.e1b_first ? 0 : 2);

	$$ = $1;
	if ($1.count == 3)
		FAIL(@2, "expected at most three ECN counters, found a fourth "
		     "(%s)", names[$2.which]);
	else if ($2.which != want)
		FAIL(@2, "expected %s next in the ECN option, found %s",
		     names[want], names[$2.which]);
	else
		$$.val[$$.count++] = $2.value;
}
;

accecn_field
: E0B INTEGER {
	WANT_UINT($2, @2, 0xffffff, "AccECN counter");
	$$.which = 0;
	$$.value = $2.num;
}
| CEB INTEGER {
	WANT_UINT($2, @2, 0xffffff, "AccECN counter");
	$$.which = 1;
	$$.value = $2.num;
}
| E1B INTEGER {
	WANT_UINT($2, @2, 0xffffff, "AccECN counter");
	$$.which = 2;
	$$.value = $2.num;
}
;

any_int
: INTEGER
| HEX_INTEGER
;

/* ---- UDP and ICMP ---------------------------------------------------------- */

icmp_type
: WORD
| INTEGER
;

/* A code is a word: a number here would be the next event's time. */
opt_icmp_code
: %empty			{ memset(&$$, 0, sizeof($$)); }
| WORD
;

opt_icmp_mtu
: %empty			{ $$.has = false; $$.value = 0; }
| MTU INTEGER {
	WANT_UINT($2, @2, 0xffff, "ICMP mtu");
	$$.has = true;
	$$.value = $2.num;
}
;

opt_icmp_id
: %empty			{ $$.has = false; $$.value = 0; }
| ID INTEGER {
	WANT_UINT($2, @2, 0xffff, "ICMP id");
	$$.has = true;
	$$.value = $2.num;
}
;

opt_icmp_echoed
: %empty {
	$$.kind = AST_ICMP_ECHOED_NONE;
	$$.seq = (struct seq_range){ 0, 0, 0 };
}
| '[' seq ']' {
	$$.kind = AST_ICMP_ECHOED_TCP;
	$$.seq = $2;
}
| '[' UDP '(' seq_len ')' ']' {
	$$.kind = AST_ICMP_ECHOED_UDP;
	$$.seq = (struct seq_range){ 0, 0, $4.num };
}
| '[' RAW '(' seq_len ')' ']' {
	$$.kind = AST_ICMP_ECHOED_RAW;
	$$.seq = (struct seq_range){ 0, 0, $4.num };
}
;

/* ---- system calls ----------------------------------------------------------- */

syscall
: syscall_head '=' syscall_result opt_errno opt_note {
	$$ = $1;
	$$->syscall->result = $3;
	$$->syscall->note = $5;
	$$->syscall->errno_pos = POS(@4);
	if ($4.text)
		NEW($$->syscall->errno_name, tok_dup(ctx, &$4), @4);
}
;

syscall_head
: opt_end_time WORD '(' opt_args ')' {
	struct ast_syscall *sc;

	NEW(sc, ALLOC(*sc), @2);
	NEW($$, ast_event_new(ARENA, AST_EVENT_SYSCALL, POS(@2)), @2);
	$$->syscall = sc;
	sc->blocking = $1.blocking;
	sc->end_relative = $1.relative;
	sc->end_usecs = $1.usecs;
	sc->name_pos = POS(@2);
	sc->args = $4.head;
	NEW(sc->name, tok_dup(ctx, &$2), @2);
}
;

syscall_result
: expression
;

opt_end_time
: %empty {
	$$.blocking = $$.relative = false;
	$$.usecs = 0;
}
| ELLIPSIS time {
	$$.blocking = true;
	$$.relative = false;
	parse_time(ctx, &$2, &@2, &$$.usecs);
}
| ELLIPSIS '+' time {
	$$.blocking = $$.relative = true;
	parse_time(ctx, &$3, &@3, &$$.usecs);
}
;

opt_args
: %empty			{ $$.head = $$.tail = NULL; }
| arg_list
;

arg_list
: expression			{ $$.head = $$.tail = $1; }
| arg_list ',' expression {
	$$ = $1;
	$$.tail->next = $3;
	$$.tail = $3;
}
;

opt_errno
: %empty			{ memset(&$$, 0, sizeof($$)); }
| WORD
;

opt_note
: %empty			{ $$ = NULL; }
| '(' note_words ')'		{ NEW($$, buf_to_arena(ctx, &$2), @2); }
;

/*
 * Words joined by one space; ',' and '.' stick to the word before, except
 * a third '.' in a row, which would make the note read back as '...'.
 */
note_words
: note_word {
	$$ = (struct buf){ NULL, 0, 0 };
	if (buf_add(&$$, $1.text, $1.len))
		OOM(@1);
}
| note_words note_word {
	bool sticks = $2.len == 1 && strchr(",.", $2.text[0]) &&
		      !($2.text[0] == '.' && $1.len >= 2 &&
			memcmp($1.data + $1.len - 2, "..", 2) == 0);

	$$ = $1;
	if ((!sticks && buf_add(&$$, " ", 1)) ||
	    buf_add(&$$, $2.text, $2.len)) {
		free($$.data);
		OOM(@2);
	}
}
;

note_word
: WORD
| INTEGER
| HEX_INTEGER
| FLOAT
| keyword
| ','				{ $$ = loc_tok(ctx, &@1); }
| '.'				{ $$ = loc_tok(ctx, &@1); }
;

/* Keywords are never -D definitions, so their text is the source's. */
keyword
: any_keyword			{ $$ = loc_tok(ctx, &@1); }
;

any_keyword
: ACK | WIN | URG | EOL | NOP | MSS | WSCALE | SACKOK | SACK | TIMESTAMP
| VAL | ECR | FAST_OPEN | FAST_OPEN_EXP | MD5 | ACCECN | E0B | E1B | CEB
| UDP | ICMP | RAW | MTU | ID | IPV4 | IPV6 | GRE | MPLS | LABEL | TC | TTL
| TOS | FLOWLABEL | ECT0 | ECT1 | CE | ECT01 | NOECN | ENCAP | PSP | SPI
| FLAGS | SUM | OFF | KEY | SEQ | NONE | CHECKSUM | SEQUENCE | PRESENT
;

/* ---- expressions --------------------------------------------------------- */

expression
: primary
| expression '|' expression {
	if (expr_chain_too_long($1))
		FAIL(@2, "more than %d terms joined by '|'", PARSE_MAX_TERMS);
	NEW($$, EXPR_NEW(AST_EXPR_BINARY, @2), @2);
	$$->op = '|';
	$$->lhs = $1;
	$$->rhs = $3;
}
| WORD '=' expression {
	NEW($$, EXPR_NEW(AST_EXPR_FIELD, @1), @1);
	NEW($$->text, tok_dup(ctx, &$1), @1);
	$$->lhs = $3;
}
| call '=' expression {
	/* msg_iov(1)=[...]: the call's one argument is the index. */
	if (!$1->items || $1->items->next)
		FAIL(@1, "expected one index in '%s(...)=', found %s",
		     $1->text, $1->items ? "several" : "none");
	$$ = $1;
	$$->kind = AST_EXPR_FIELD;
	$$->index = $$->items;
	$$->items = NULL;
	$$->lhs = $3;
}
;

primary
: ELLIPSIS {
	NEW($$, EXPR_NEW(AST_EXPR_ELLIPSIS, @1), @1);
}
| INTEGER {
	if ($1.overflow)
		FAIL(@1, "integer %.*s%s is out of range: expected %" PRId64
		     " to %" PRId64, SHOW($1), INT64_MIN,
		     INT64_MAX);
	NEW($$, EXPR_NEW(AST_EXPR_INT, @1), @1);
	$$->num = $1.num;
}
| HEX_INTEGER {
	if ($1.overflow)
		FAIL(@1, "integer %.*s%s is out of range: expected at most "
		     "0x7fffffffffffffff", SHOW($1));
	NEW($$, EXPR_NEW(AST_EXPR_INT, @1), @1);
	$$->num = $1.num;
	$$->hex = true;
}
| WORD {
	NEW($$, EXPR_NEW(AST_EXPR_WORD, @1), @1);
	NEW($$->text, tok_dup(ctx, &$1), @1);
}
| strings {
	NEW($$, string_expr(ctx, &$1, &@1, false), @1);
}
| strings ELLIPSIS {
	NEW($$, string_expr(ctx, &$1, &@1, true), @1);
}
| '[' ']' {
	NEW($$, EXPR_NEW(AST_EXPR_LIST, @1), @1);
}
| '[' arg_list ']' {
	NEW($$, EXPR_NEW(AST_EXPR_LIST, @1), @1);
	$$->items = $2.head;
}
| '{' '}' {
	NEW($$, EXPR_NEW(AST_EXPR_STRUCT, @1), @1);
}
| '{' arg_list '}' {
	NEW($$, EXPR_NEW(AST_EXPR_STRUCT, @1), @1);
	$$->items = $2.head;
}
| '{' gre_header '}' {
	NEW($$, gre_expr(ctx, $2, POS(@1), POS(@2)), @1);
}
| '{' mpls_entries '}' {
	NEW($$, mpls_expr(ctx, $2.head, POS(@1), POS(@2)), @1);
}
| call
;

call
: WORD '(' opt_args ')' {
	NEW($$, EXPR_NEW(AST_EXPR_CALL, @1), @1);
	NEW($$->text, tok_dup(ctx, &$1), @1);
	$$->items = $3.head;
}
;

/* Adjacent strings join, as in C: "ab" "cd" is "abcd". */
strings
: STRING {
	$$ = (struct buf){ NULL, 0, 0 };
	if (buf_add(&$$, $1.str, $1.str_len))
		OOM(@1);
}
| strings STRING {
	$$ = $1;
	if (buf_add(&$$, $2.str, $2.str_len)) {
		free($$.data);
		OOM(@2);
	}
}
;

/* ---- commands, code, state assertions ---------------------------------------- */

command
: COMMAND {
	NEW($$, ast_event_new(ARENA, AST_EVENT_COMMAND, POS(@1)), @1);
	NEW($$->command, new_command(ctx, &$1, &@1), @1);
}
;

code
: CODE {
	NEW($$, ast_event_new(ARENA, AST_EVENT_CODE, POS(@1)), @1);
	NEW($$->code, ALLOC(*$$->code), @1);
	$$->code->pos = POS(@1);
	NEW($$->code->text, tok_dup(ctx, &$1), @1);
}
;

state_assert
: STATE opt_state_ports STATE_NAME {
	struct ast_state_assert *sa;
	char name[64];
	int state = -1;

	if ($3.len < sizeof(name)) {
		memcpy(name, $3.text, $3.len);
		name[$3.len] = '\0';
		state = ast_tcp_state_parse(name);
	}
	if (state < 0)
		FAIL(@3, "unknown TCP state '%.*s%s': expected %s", SHOW($3),
		     ast_tcp_state_names());
	NEW(sa, ALLOC(*sa), @1);
	NEW($$, ast_event_new(ARENA, AST_EVENT_STATE, POS(@1)), @1);
	$$->state = sa;
	sa->state = state;
	sa->has_ports = $2.has;
	sa->sport = $2.sport;
	sa->dport = $2.dport;
	sa->pos = POS(@1);
	NEW(sa->written, tok_dup(ctx, &$3), @3);
}
;

/* The ports that pick the connection of a state assertion, if written. */
opt_state_ports
: %empty			{ $$.has = false; $$.sport = $$.dport = 0; }
| ports
;

%%

/* ---- error messages --------------------------------------------------------- */

/*
 * Groups of expected tokens that read better as one phrase, by the names
 * messages show. A group is used when every one of its tokens is
 * expected; the tokens it covers are then not listed one by one.
 */
static const struct {
	const char *phrase;
	const char *tokens[13];
} expected_groups[] = {
	{ "a TCP option", { "'nop'", "'eol'", "'mss'", "'wscale'",
	  "'sackOK'", "'sack'", "'TS'", "'FO'", "'FOEXP'", "'md5'", "'ECN'",
	  "a word" } },
	{ "an IP info part (noecn, ect0, ect1, ce, ect01, tos, flowlabel or "
	  "ttl)", { "'noecn'", "'ect0'", "'ect1'", "'ce'", "'ect01'", "'tos'",
	  "'flowlabel'", "'ttl'" } },
	{ "an action (a packet, a system call, a command, a code block or "
	  "a state assertion)", { "'<'", "'>'", "a word", "'...'",
	  "a backquoted command", "a %{ code }% block", "'state'" } },
	{ "a value", { "'...'", "a number", "a hex number", "a word",
	  "a string", "'['", "'{'" } },
	{ "an event time", { "a number", "a decimal number", "'+'", "'*'" } },
	{ "TCP flags", { "a word", "a decimal number", "'.'", "'-'" } },
	{ "an outer header (ipv4, ipv6, gre, mpls)", { "'ipv4'", "'ipv6'",
	  "'gre'", "'mpls'" } },
};

#define GROUP_COUNT (sizeof(expected_groups) / sizeof(expected_groups[0]))

/* What the last symbol read was, for "expected X after Y". */
static const char *after_phrase(yysymbol_kind_t sym)
{
	switch (sym) {
	case YYSYMBOL_event_time:	return "the event time";
	case YYSYMBOL_time:		return "the time";
	case YYSYMBOL_note_words:	return "the note";
	case YYSYMBOL_packet_prefix:	return "the packet direction";
	case YYSYMBOL_opt_ip_info:	return "the IP info";
	case YYSYMBOL_opt_encap:	return "the encapsulation";
	case YYSYMBOL_src_port:		return "the source port";
	case YYSYMBOL_opt_ports:	return "the ports";
	case YYSYMBOL_opt_state_ports:	return "'state'";
	case YYSYMBOL_tcp_flags:	return "the TCP flags";
	case YYSYMBOL_seq_start:	return "the sequence start";
	case YYSYMBOL_seq_end:		return "the sequence end";
	case YYSYMBOL_seq_len:		return "the payload length";
	case YYSYMBOL_seq:		return "the sequence range";
	case YYSYMBOL_opt_ack:		return "the ack number";
	case YYSYMBOL_opt_win:		return "the window";
	case YYSYMBOL_opt_urg:		return "the urgent pointer";
	case YYSYMBOL_tcp_option:	return "a TCP option";
	case YYSYMBOL_tcp_option_list:	return "a TCP option";
	case YYSYMBOL_sack_blocks:	return "a SACK block";
	case YYSYMBOL_opt_end_time:	return "the end time";
	case YYSYMBOL_arg_list:		return "an argument";
	case YYSYMBOL_opt_args:		return "the arguments";
	case YYSYMBOL_opt_cleanup_command: return "the cleanup command";
	case YYSYMBOL_script:		return "the cleanup command";
	case YYSYMBOL_syscall_head:	return "the system call";
	case YYSYMBOL_syscall_result:	return "the result";
	case YYSYMBOL_expression:	return "a value";
	case YYSYMBOL_icmp_type:	return "the ICMP type";
	default:			return NULL;
	}
}

/* A token's name for messages, without bison's double quotes. */
static void symbol_name(yysymbol_kind_t sym, char *buf, size_t size)
{
	const char *name = yysymbol_name(sym);
	size_t len = strlen(name);

	if (len >= 2 && name[0] == '"' && name[len - 1] == '"')
		snprintf(buf, size, "%.*s", (int)len - 2, name + 1);
	else
		snprintf(buf, size, "%s", name);
}

/* The text of the offending token, quoted, short and printable. */
static void put_found(FILE *out, const struct parse_ctx *ctx,
		      yysymbol_kind_t sym, const struct parse_loc *loc)
{
	size_t i, n;

	if (sym == YYSYMBOL_YYEOF || loc->first_byte >= ctx->len) {
		fputs("end of file", out);
		return;
	}
	n = loc->last_byte > loc->first_byte ?
		loc->last_byte - loc->first_byte : 1;
	fputc('\'', out);
	for (i = 0; i < n && i < 32; i++) {
		unsigned char c = ctx->src[loc->first_byte + i];

		if (c == '\n')
			break;
		if (c >= 0x20 && c < 0x7f)
			fputc(c, out);
		else
			fprintf(out, "\\x%02x", c);
	}
	fputs(i < n && ctx->src[loc->first_byte + i] != '\n' ? "...'" : "'",
	      out);
}

/* Nothing but option lines and an init command has been read. */
static bool at_script_start(yysymbol_kind_t sym)
{
	return sym == YYSYMBOL_YYEOF || sym == YYSYMBOL_opt_options ||
	       sym == YYSYMBOL_option || sym == YYSYMBOL_OPTION ||
	       sym == YYSYMBOL_OPTION_VALUE || sym == YYSYMBOL_COMMAND ||
	       sym == YYSYMBOL_opt_init_command;
}

/* The previous token's text, quoted and short: "'SOCK_STREAM'". */
static void put_prev_token(FILE *out, const struct parse_ctx *ctx)
{
	const struct parse_loc *loc = &ctx->prev_loc;

	if (loc->last_byte <= loc->first_byte || loc->last_byte > ctx->len)
		return;
	fputs(" after ", out);
	put_found(out, ctx, YYSYMBOL_YYUNDEF, loc);
}

/* Drop a name from the list (when other names are left). */
static void drop_name(char names[][48], bool *used, int n, const char *name)
{
	int i, left = 0;

	for (i = 0; i < n; i++)
		left += !used[i] && strcmp(names[i], name) != 0;
	for (i = 0; left && i < n; i++)
		if (strcmp(names[i], name) == 0)
			used[i] = true;
}

/* Replace the names a group covers by the group's phrase. */
static int collapse_groups(char names[][48], bool *used, int n,
			   const char **items)
{
	int count = 0, i, j;
	size_t g;

	for (g = 0; g < GROUP_COUNT; g++) {
		bool all = true;

		for (j = 0; all && j < 13 && expected_groups[g].tokens[j]; j++) {
			for (i = 0; i < n; i++)
				if (!used[i] && strcmp(names[i],
					expected_groups[g].tokens[j]) == 0)
					break;
			all = i < n;
		}
		if (!all)
			continue;
		for (j = 0; j < 13 && expected_groups[g].tokens[j]; j++)
			for (i = 0; i < n; i++)
				if (strcmp(names[i],
					   expected_groups[g].tokens[j]) == 0)
					used[i] = true;
		items[count++] = expected_groups[g].phrase;
	}
	for (i = 0; i < n; i++)
		if (!used[i])
			items[count++] = names[i];
	return count;
}

/*
 * "expected A, B or C after X, found 'y'": the tokens the parser could
 * take here, what it had just read, and what it found instead.
 */
static int yyreport_syntax_error(const yypcontext_t *yyctx,
				 struct parse_ctx *ctx)
{
	yysymbol_kind_t expected[YYNTOKENS], found = yypcontext_token(yyctx);
	const struct parse_loc *loc = yypcontext_location(yyctx);
	char names[YYNTOKENS][48], *msg = NULL;
	const char *items[YYNTOKENS + GROUP_COUNT], *after;
	yysymbol_kind_t last;
	bool used[YYNTOKENS] = { false };
	size_t msg_len = 0;
	int n, i, count;
	FILE *out;

	if (found == YYSYMBOL_LEX_ERROR) {
		if (ctx->lex_msg)
			parse_error_at(ctx, &ctx->lex_loc, "%s", ctx->lex_msg);
		return 0;
	}
	if (found == YYSYMBOL_YYEOF && !ctx->script->events &&
	    at_script_start(YY_ACCESSING_SYMBOL(*yyctx->yyssp))) {
		parse_error_at(ctx, loc, "the script has no events: expected "
			       "an event such as '0 socket(...) = 3', found "
			       "end of file");
		return 0;
	}
	if (found == YYSYMBOL_OPTION) {
		parse_error_at(ctx, loc, "option lines come first, before any "
			       "command or event: found '%.*s' here",
			       (int)(loc->last_byte - loc->first_byte),
			       ctx->src + loc->first_byte);
		return 0;
	}
	last = YY_ACCESSING_SYMBOL(*yyctx->yyssp);
	if (last == YYSYMBOL_src_port &&
	    strcmp(yysymbol_name(found), "':'") == 0) {
		/* "< 1:1(0)": the number was a sequence start, not a port */
		parse_error_at(ctx, &ctx->prev_loc, "expected TCP flags (such "
			       "as S, ., P. or -) before the sequence range");
		return 0;
	}
	if (last == YYSYMBOL_note_words) {
		/* a note takes any word: listing them all would not help */
		msg = NULL;
		out = open_memstream(&msg, &msg_len);
		if (!out)
			return YYENOMEM;
		fputs("expected more words or ')' to end the note, found ", out);
		put_found(out, ctx, found, loc);
		fclose(out);
		parse_error_at(ctx, loc, "%s", msg ? msg : "syntax error");
		free(msg);
		return 0;
	}
	n = yypcontext_expected_tokens(yyctx, expected, YYNTOKENS);
	for (i = 0; i < n; i++)
		symbol_name(expected[i], names[i], sizeof(names[i]));
	if (last == YYSYMBOL_WORD) {
		/* a call or a field could follow; rarely what was meant */
		drop_name(names, used, n, "'('");
		drop_name(names, used, n, "'='");
	}
	count = collapse_groups(names, used, n, items);

	out = open_memstream(&msg, &msg_len);
	if (!out)
		return YYENOMEM;
	fputs(count ? "expected " : "unexpected ", out);
	for (i = 0; i < count; i++)
		fprintf(out, "%s%s", i == 0 ? "" : i + 1 < count ? ", " : " or ",
			items[i]);
	after = after_phrase(last);
	if (after && count)
		fprintf(out, " after %s", after);
	else if (count && last > YYSYMBOL_YYUNDEF && last < YYNTOKENS)
		put_prev_token(out, ctx);
	fputs(count ? ", found " : "", out);
	put_found(out, ctx, found, loc);
	fclose(out);
	parse_error_at(ctx, loc, "%s", msg ? msg : "syntax error");
	free(msg);
	return 0;
}

/* ---- positions ------------------------------------------------------------- */

/*
 * Copy of the line holding byte `at`, with control bytes made visible and
 * anything more than SOURCE_TAIL bytes past `at` cut off (the caret needs
 * what comes before; a megabyte line need not be printed whole).
 */
#define SOURCE_TAIL 200

static char *source_line_at(const struct parse_ctx *ctx, size_t at)
{
	size_t start = at > ctx->len ? ctx->len : at, end, i;
	char *line;

	while (start > 0 && ctx->src[start - 1] != '\n')
		start--;
	end = start;
	while (end < ctx->len && ctx->src[end] != '\n' &&
	       end < at + SOURCE_TAIL)
		end++;
	line = malloc(end - start + 1);
	if (!line)
		return NULL;
	for (i = start; i < end; i++) {
		unsigned char c = ctx->src[i];

		line[i - start] = (c < 0x20 && c != '\t') || c == 0x7f ? '?' : c;
	}
	line[end - start] = '\0';
	return line;
}

/* The first error is the one to fix: later ones are dropped. */
static void report(struct parse_ctx *ctx, int line, int col, size_t at,
		   const char *fmt, va_list ap)
{
	char *msg = NULL, *text;

	if (error_is_set(ctx->err))
		return;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	text = source_line_at(ctx, at);
	error_set_at(ctx->err, ctx->name, line, col, text, "%s",
		     msg ? msg : "out of memory");
	free(text);
	free(msg);
}

void parse_error_at(struct parse_ctx *ctx, const struct parse_loc *loc,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(ctx, loc->first_line, loc->first_column, loc->first_byte, fmt,
	       ap);
	va_end(ap);
}

int parse_error_pos(struct parse_ctx *ctx, struct src_pos pos,
		    const char *fmt, ...)
{
	const char *s = ctx->src, *end = ctx->src + ctx->len, *nl;
	va_list ap;
	int line;

	/* Errors are rare: finding the line by counting is cheap enough. */
	for (line = 1; line < pos.line && (nl = memchr(s, '\n', end - s));
	     line++)
		s = nl + 1;
	va_start(ap, fmt);
	report(ctx, pos.line, pos.col, (size_t)(s - ctx->src) + pos.col - 1,
	       fmt, ap);
	va_end(ap);
	return -1;
}
