// SPDX-License-Identifier: GPL-2.0
/*
 * code_eval.c - the native evaluator of code blocks; see code.h.
 *
 * It knows the Python that packetdrill scripts write in practice:
 * statements `assert TEST [, MSG]`, `print(...)`, `NAME = EXPR`,
 * `NAME += EXPR` (and the other augmented operators), expression
 * statements and `pass`, separated by newlines or ';', with comments and
 * line continuations; expressions over integers and booleans with Python's
 * precedence, chained comparisons, and/or/not, and string literals with
 * '%' formatting for messages. Results follow Python's rules (floor
 * division and modulo, arbitrary-looking integers up to 127 bits, and/or
 * returning an operand). Anything else - another statement, a float, a
 * call other than print, indentation, a value too large - is reported as
 * unsupported, and the caller lets Python run the whole program instead:
 * the evaluator never guesses.
 */
#include "code.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef __int128 code_int;

/* ---- tokens --------------------------------------------------------------- */

enum tok_kind {
	TOK_END,
	TOK_NEWLINE,	/* end of a logical line, or ';' */
	TOK_NUM,
	TOK_STR,
	TOK_NAME,
	TOK_OP,
};

struct tok {
	enum tok_kind kind;
	const char *start;	/* in the text (names, operators) */
	int len;
	code_int num;
	char *str;		/* TOK_STR: decoded, malloc'ed */
};

struct lexer {
	const char *p;
	int depth;		/* open brackets: newlines do not count */
	bool line_start;
	char *why;		/* set when the text is outside the subset */
	struct tok *toks;
	int n, cap;
};

static int unsupported(char **why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int unsupported(char **why, const char *fmt, ...)
{
	va_list ap;

	if (*why)
		return CODE_EVAL_UNSUPPORTED;
	va_start(ap, fmt);
	if (vasprintf(why, fmt, ap) < 0)
		*why = NULL;
	va_end(ap);
	return CODE_EVAL_UNSUPPORTED;
}

static int lex_push(struct lexer *lx, enum tok_kind kind, const char *start,
		    int len)
{
	if (lx->n == lx->cap) {
		int cap = lx->cap ? 2 * lx->cap : 32;
		struct tok *t = realloc(lx->toks, (size_t)cap * sizeof(*t));

		if (!t)
			return unsupported(&lx->why, "out of memory");
		lx->toks = t;
		lx->cap = cap;
	}
	memset(&lx->toks[lx->n], 0, sizeof(lx->toks[0]));
	lx->toks[lx->n].kind = kind;
	lx->toks[lx->n].start = start;
	lx->toks[lx->n].len = len;
	lx->n++;
	return 0;
}

/* Integer literals: decimal, 0x, 0o, 0b, with '_' between digits. */
static int lex_number(struct lexer *lx)
{
	const char *p = lx->p, *start = p;
	code_int v = 0, limit = ((code_int)1 << 120);
	int base = 10, digit;

	if (p[0] == '0' && strchr("xXoObB", p[1]) && p[1]) {
		base = tolower((unsigned char)p[1]) == 'x' ? 16 :
		       tolower((unsigned char)p[1]) == 'o' ? 8 : 2;
		p += 2;
	} else if (p[0] == '0' && isdigit((unsigned char)p[1])) {
		return unsupported(&lx->why, "a number with a leading zero");
	}
	for (;; p++) {
		if (*p == '_' && isxdigit((unsigned char)p[1]))
			continue;
		if (isdigit((unsigned char)*p))
			digit = *p - '0';
		else if (isalpha((unsigned char)*p))
			digit = tolower((unsigned char)*p) - 'a' + 10;
		else
			break;
		if (digit >= base)
			break;
		if (v > limit)
			return unsupported(&lx->why, "an integer too large");
		v = v * base + digit;
	}
	if (*p == '.' || isalnum((unsigned char)*p) || *p == '_')
		return unsupported(&lx->why, "a number that is not a plain integer");
	if (lex_push(lx, TOK_NUM, start, (int)(p - start)))
		return CODE_EVAL_UNSUPPORTED;
	lx->toks[lx->n - 1].num = v;
	lx->p = p;
	return 0;
}

/* '...' or "..." with the common escapes; no prefixes, no triple quotes. */
static int lex_string(struct lexer *lx)
{
	const char *p = lx->p, *start = p;
	char quote = *p++, *buf, *o;

	if (p[0] == quote && p[1] == quote)
		return unsupported(&lx->why, "a triple-quoted string");
	buf = malloc(strlen(p) + 1);
	if (!buf)
		return unsupported(&lx->why, "out of memory");
	for (o = buf; *p && *p != quote && *p != '\n'; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case '\\': case '\'': case '"': *o++ = *p; break;
		default:
			free(buf);
			return unsupported(&lx->why, "a string escape \\%c", *p ? *p : ' ');
		}
	}
	if (*p != quote) {
		free(buf);
		return unsupported(&lx->why, "an unterminated string");
	}
	*o = '\0';
	if (lex_push(lx, TOK_STR, start, (int)(p + 1 - start))) {
		free(buf);
		return CODE_EVAL_UNSUPPORTED;
	}
	lx->toks[lx->n - 1].str = buf;
	lx->p = p + 1;
	return 0;
}

static const char *const lex_ops[] = {
	/* longest first */
	"**=", "//=", ">>=", "<<=",
	"**", "//", ">>", "<<", "==", "!=", "<=", ">=", "+=", "-=", "*=",
	"%=", "&=", "|=", "^=",
	"(", ")", ",", "=", "+", "-", "*", "/", "%", "&", "|", "^", "~",
	"<", ">", "[", "]", "{", "}", ":", ".", "@",
};

static int lex_op(struct lexer *lx)
{
	size_t i;

	for (i = 0; i < sizeof(lex_ops) / sizeof(lex_ops[0]); i++) {
		size_t n = strlen(lex_ops[i]);

		if (strncmp(lx->p, lex_ops[i], n) != 0)
			continue;
		if (strchr("([{", lx->p[0]) && n == 1)
			lx->depth++;
		if (strchr(")]}", lx->p[0]) && n == 1 && lx->depth > 0)
			lx->depth--;
		if (lex_push(lx, TOK_OP, lx->p, (int)n))
			return CODE_EVAL_UNSUPPORTED;
		lx->p += n;
		return 0;
	}
	return unsupported(&lx->why, "the character '%c'", *lx->p);
}

/*
 * A statement ends: one NEWLINE token however many blank lines follow.
 * After a newline (not after ';') the next statement starts a line.
 */
static int lex_newline(struct lexer *lx, bool new_line)
{
	lx->line_start = new_line;
	if (lx->n && lx->toks[lx->n - 1].kind == TOK_NEWLINE)
		return 0;
	return lex_push(lx, TOK_NEWLINE, lx->p, 0);
}

static int lex_one(struct lexer *lx)
{
	char c = *lx->p;

	if (c == '#') {
		lx->p += strcspn(lx->p, "\n");
		return 0;
	}
	if (c == '\\' && lx->p[1] == '\n') {
		lx->p += 2;
		return 0;
	}
	if (c == '\n' || c == ';') {
		lx->p++;
		if (lx->depth > 0 && c == '\n')
			return 0;
		if (lx->depth > 0)
			return unsupported(&lx->why, "';' inside brackets");
		return lex_newline(lx, c == '\n');
	}
	if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
		/* Indentation at the start of a statement is Python's error
		 * (or a compound statement): leave it to Python. */
		if (lx->line_start && lx->depth == 0) {
			size_t n = strspn(lx->p, " \t\r\f");

			if (lx->p[n] && lx->p[n] != '\n' && lx->p[n] != '#' &&
			    !(lx->p[n] == '\\' && lx->p[n + 1] == '\n'))
				return unsupported(&lx->why, "an indented line");
		}
		lx->p++;
		return 0;
	}
	lx->line_start = false;
	if (isdigit((unsigned char)c))
		return lex_number(lx);
	if (c == '\'' || c == '"')
		return lex_string(lx);
	if (isalpha((unsigned char)c) || c == '_') {
		const char *start = lx->p;

		while (isalnum((unsigned char)*lx->p) || *lx->p == '_')
			lx->p++;
		if (*lx->p == '\'' || *lx->p == '"')
			return unsupported(&lx->why, "a string prefix");
		return lex_push(lx, TOK_NAME, start, (int)(lx->p - start));
	}
	return lex_op(lx);
}

static void lex_free(struct lexer *lx)
{
	int i;

	for (i = 0; i < lx->n; i++)
		free(lx->toks[i].str);
	free(lx->toks);
	lx->toks = NULL;
	lx->n = 0;
}

static int lex_all(struct lexer *lx, const char *text)
{
	memset(lx, 0, sizeof(*lx));
	lx->p = text;
	lx->line_start = true;
	while (*lx->p)
		if (lex_one(lx))
			return CODE_EVAL_UNSUPPORTED;
	if (lx->depth > 0)
		return unsupported(&lx->why, "an unclosed bracket");
	if (lex_newline(lx, true) || lex_push(lx, TOK_END, lx->p, 0))
		return CODE_EVAL_UNSUPPORTED;
	return 0;
}

/* ---- the syntax tree -------------------------------------------------------- */

enum node_kind {
	N_NUM, N_STR, N_NAME, N_TRUE, N_FALSE, N_NONE,
	N_UNARY,	/* op: '-', '+', '~', 'n' (not) */
	N_BINARY,	/* op: a binary operator's text */
	N_AND, N_OR,
	N_COMPARE,	/* kids[0] op[0] kids[1] op[1] kids[2] ... */
	N_TUPLE,
	N_PRINT,	/* print(kids...) */
};

struct node {
	enum node_kind kind;
	code_int num;
	char *text;		/* N_STR: the string; N_NAME: the name */
	char op[4];
	char (*ops)[4];		/* N_COMPARE: nkids - 1 operators */
	struct node **kids;
	int nkids;
};

enum stmt_kind { S_EXPR, S_ASSERT, S_ASSIGN, S_PASS };

struct stmt {
	enum stmt_kind kind;
	char *name;		/* S_ASSIGN */
	char op[4];		/* S_ASSIGN: "" for '=', else "+" etc. */
	struct node *expr;	/* S_EXPR, S_ASSIGN value, S_ASSERT test */
	struct node *msg;	/* S_ASSERT, or NULL */
};

struct code_prog {
	struct stmt *stmts;
	int n;
};

static void node_free(struct node *n)
{
	int i;

	if (!n)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->ops);
	free(n->text);
	free(n);
}

void code_prog_free(struct code_prog *prog)
{
	int i;

	if (!prog)
		return;
	for (i = 0; i < prog->n; i++) {
		free(prog->stmts[i].name);
		node_free(prog->stmts[i].expr);
		node_free(prog->stmts[i].msg);
	}
	free(prog->stmts);
	free(prog);
}

/* ---- the parser: Python's grammar, the subset above --------------------- */

struct parser {
	struct tok *t;
	int pos;
	char **why;
};

static const struct tok *peek(const struct parser *ps)
{
	return &ps->t[ps->pos];
}

static bool is_op(const struct tok *t, const char *op)
{
	return t->kind == TOK_OP && t->len == (int)strlen(op) &&
	       strncmp(t->start, op, (size_t)t->len) == 0;
}

static bool is_name(const struct tok *t, const char *name)
{
	return t->kind == TOK_NAME && t->len == (int)strlen(name) &&
	       strncmp(t->start, name, (size_t)t->len) == 0;
}

static bool accept_op(struct parser *ps, const char *op)
{
	if (!is_op(peek(ps), op))
		return false;
	ps->pos++;
	return true;
}

/* Python's keywords the subset does not have (and, or, not... it does). */
static const char *const other_keywords[] = {
	"if", "else", "elif", "for", "while", "def", "class", "return",
	"import", "from", "lambda", "with", "try", "except", "finally",
	"raise", "del", "global", "nonlocal", "yield", "in", "is", "async",
	"await", "break", "continue", "as", "match", "case",
};

static bool is_other_keyword(const struct tok *t)
{
	size_t i;

	for (i = 0; i < sizeof(other_keywords) / sizeof(other_keywords[0]); i++)
		if (is_name(t, other_keywords[i]))
			return true;
	return false;
}

static struct node *node_new(struct parser *ps, enum node_kind kind)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		unsupported(ps->why, "out of memory");
	else
		n->kind = kind;
	return n;
}

static int node_add(struct parser *ps, struct node *n, struct node *kid)
{
	struct node **kids;

	if (!kid)
		return -1;
	kids = realloc(n->kids, (size_t)(n->nkids + 1) * sizeof(*kids));
	if (!kids) {
		node_free(kid);
		return unsupported(ps->why, "out of memory");
	}
	n->kids = kids;
	n->kids[n->nkids++] = kid;
	return 0;
}

static struct node *parse_test(struct parser *ps);
static struct node *parse_factor(struct parser *ps);

/* A new node of kind whose first kid is first; frees first on failure. */
static struct node *node_with(struct parser *ps, enum node_kind kind,
			      struct node *first)
{
	struct node *n;

	if (!first)
		return NULL;
	n = node_new(ps, kind);
	if (!n) {
		node_free(first);
		return NULL;
	}
	if (node_add(ps, n, first)) {
		free(n);
		return NULL;
	}
	return n;
}

static struct node *fail_node(struct parser *ps, struct node *n,
			      const char *what)
{
	node_free(n);
	unsupported(ps->why, "%s", what);
	return NULL;
}

/* '(' ... ')': a parenthesized expression or a tuple. */
static struct node *parse_paren(struct parser *ps)
{
	struct node *tuple, *first;

	if (accept_op(ps, ")")) {
		tuple = node_new(ps, N_TUPLE);
		return tuple;
	}
	first = parse_test(ps);
	if (!first)
		return NULL;
	if (accept_op(ps, ")"))
		return first;
	tuple = node_with(ps, N_TUPLE, first);
	if (!tuple)
		return NULL;
	while (accept_op(ps, ",")) {
		if (accept_op(ps, ")"))
			return tuple;
		if (node_add(ps, tuple, parse_test(ps))) {
			node_free(tuple);
			return NULL;
		}
	}
	if (!accept_op(ps, ")"))
		return fail_node(ps, tuple, "a bracket that does not close");
	return tuple;
}

/* print(a, b, ...): the only call the subset has. */
static struct node *parse_print(struct parser *ps)
{
	struct node *n = node_new(ps, N_PRINT);

	if (!n)
		return NULL;
	ps->pos += 2;	/* print ( */
	if (accept_op(ps, ")"))
		return n;
	do {
		if (is_op(peek(ps), ")"))
			break;
		if (peek(ps)->kind == TOK_NAME && is_op(&ps->t[ps->pos + 1], "="))
			return fail_node(ps, n, "print() with keyword arguments");
		if (node_add(ps, n, parse_test(ps))) {
			node_free(n);
			return NULL;
		}
	} while (accept_op(ps, ","));
	if (!accept_op(ps, ")"))
		return fail_node(ps, n, "a bracket that does not close");
	return n;
}

static struct node *parse_name(struct parser *ps)
{
	const struct tok *t = peek(ps);
	struct node *n;

	if (is_other_keyword(t) || is_name(t, "and") || is_name(t, "or") ||
	    is_name(t, "not") || is_name(t, "assert") || is_name(t, "pass"))
		return fail_node(ps, NULL, "a keyword out of place");
	if (is_name(t, "print") && is_op(&ps->t[ps->pos + 1], "("))
		return parse_print(ps);
	if (is_name(t, "True") || is_name(t, "False") || is_name(t, "None")) {
		ps->pos++;
		return node_new(ps, t->start[0] == 'T' ? N_TRUE :
				    t->start[0] == 'F' ? N_FALSE : N_NONE);
	}
	n = node_new(ps, N_NAME);
	if (!n)
		return NULL;
	n->text = strndup(t->start, (size_t)t->len);
	ps->pos++;
	if (!n->text)
		return fail_node(ps, n, "out of memory");
	return n;
}

/* Adjacent string literals are one string, as in Python. */
static struct node *parse_strings(struct parser *ps)
{
	struct node *n = node_new(ps, N_STR);
	size_t len = 0;

	if (!n)
		return NULL;
	n->text = calloc(1, 1);
	while (n->text && peek(ps)->kind == TOK_STR) {
		const char *s = peek(ps)->str;
		char *grown = realloc(n->text, len + strlen(s) + 1);

		if (!grown)
			break;
		strcpy(grown + len, s);
		n->text = grown;
		len += strlen(s);
		ps->pos++;
	}
	if (!n->text || peek(ps)->kind == TOK_STR)
		return fail_node(ps, n, "out of memory");
	return n;
}

static struct node *parse_atom(struct parser *ps)
{
	const struct tok *t = peek(ps);
	struct node *n;

	switch (t->kind) {
	case TOK_NUM:
		n = node_new(ps, N_NUM);
		if (n)
			n->num = t->num;
		ps->pos++;
		return n;
	case TOK_STR:
		return parse_strings(ps);
	case TOK_NAME:
		return parse_name(ps);
	case TOK_OP:
		if (accept_op(ps, "("))
			return parse_paren(ps);
		return fail_node(ps, NULL, "an operator out of place");
	default:
		return fail_node(ps, NULL, "an incomplete expression");
	}
}

/* atom ['**' factor]: no calls, subscripts or attributes after an atom. */
static struct node *parse_power(struct parser *ps)
{
	struct node *n = parse_atom(ps), *bin;

	if (!n)
		return NULL;
	if (is_op(peek(ps), "(") || is_op(peek(ps), "[") || is_op(peek(ps), "."))
		return fail_node(ps, n, "a call, subscript or attribute");
	if (!accept_op(ps, "**"))
		return n;
	bin = node_with(ps, N_BINARY, n);
	if (!bin || node_add(ps, bin, parse_factor(ps))) {
		node_free(bin);
		return NULL;
	}
	strcpy(bin->op, "**");
	return bin;
}

static struct node *parse_factor(struct parser *ps)
{
	static const char *const unary[] = { "-", "+", "~" };
	struct node *n;
	size_t i;

	for (i = 0; i < 3; i++) {
		if (!accept_op(ps, unary[i]))
			continue;
		n = node_new(ps, N_UNARY);
		if (!n || node_add(ps, n, parse_factor(ps))) {
			node_free(n);
			return NULL;
		}
		strcpy(n->op, unary[i]);
		return n;
	}
	return parse_power(ps);
}

/* One level of left-associative binary operators. */
static struct node *parse_binary_level(struct parser *ps, int level);

static const char *const binary_levels[][5] = {
	{ "|" },
	{ "^" },
	{ "&" },
	{ "<<", ">>" },
	{ "+", "-" },
	{ "*", "/", "//", "%", "@" },
};

#define BINARY_LEVELS (int)(sizeof(binary_levels) / sizeof(binary_levels[0]))

static struct node *parse_operand(struct parser *ps, int level)
{
	return level + 1 < BINARY_LEVELS ? parse_binary_level(ps, level + 1)
					 : parse_factor(ps);
}

static const char *level_op(struct parser *ps, int level)
{
	int i;

	for (i = 0; i < 5 && binary_levels[level][i]; i++)
		if (is_op(peek(ps), binary_levels[level][i]))
			return binary_levels[level][i];
	return NULL;
}

static struct node *parse_binary_level(struct parser *ps, int level)
{
	struct node *left = parse_operand(ps, level), *bin;
	const char *op;

	while (left && (op = level_op(ps, level))) {
		if (strcmp(op, "/") == 0 || strcmp(op, "@") == 0)
			return fail_node(ps, left, "true division (a float)");
		ps->pos++;
		bin = node_with(ps, N_BINARY, left);
		if (!bin)
			return NULL;
		strcpy(bin->op, op);
		if (node_add(ps, bin, parse_operand(ps, level))) {
			node_free(bin);
			return NULL;
		}
		left = bin;
	}
	return left;
}

static const char *const compare_ops[] = { "<", ">", "==", ">=", "<=", "!=" };

static const char *compare_op(const struct tok *t)
{
	size_t i;

	for (i = 0; i < sizeof(compare_ops) / sizeof(compare_ops[0]); i++)
		if (is_op(t, compare_ops[i]))
			return compare_ops[i];
	return NULL;
}

static struct node *parse_comparison(struct parser *ps)
{
	struct node *first = parse_binary_level(ps, 0), *cmp;
	const char *op;

	if (!first)
		return NULL;
	if (is_name(peek(ps), "in") || is_name(peek(ps), "is") ||
	    (is_name(peek(ps), "not") && is_name(&ps->t[ps->pos + 1], "in")))
		return fail_node(ps, first, "'in' or 'is'");
	if (!compare_op(peek(ps)))
		return first;
	cmp = node_with(ps, N_COMPARE, first);
	if (!cmp)
		return NULL;
	while ((op = compare_op(peek(ps)))) {
		char (*ops)[4] = realloc(cmp->ops, (size_t)cmp->nkids * sizeof(*ops));

		if (!ops)
			return fail_node(ps, cmp, "out of memory");
		cmp->ops = ops;
		strcpy(cmp->ops[cmp->nkids - 1], op);
		ps->pos++;
		if (node_add(ps, cmp, parse_binary_level(ps, 0))) {
			node_free(cmp);
			return NULL;
		}
	}
	return cmp;
}

static struct node *parse_not(struct parser *ps)
{
	struct node *n;

	if (!is_name(peek(ps), "not"))
		return parse_comparison(ps);
	ps->pos++;
	n = node_new(ps, N_UNARY);
	if (!n || node_add(ps, n, parse_not(ps))) {
		node_free(n);
		return NULL;
	}
	strcpy(n->op, "n");
	return n;
}

static struct node *parse_bool(struct parser *ps, const char *word,
			       enum node_kind kind,
			       struct node *(*operand)(struct parser *))
{
	struct node *left = operand(ps), *n;

	while (left && is_name(peek(ps), word)) {
		ps->pos++;
		n = node_with(ps, kind, left);
		if (!n)
			return NULL;
		if (node_add(ps, n, operand(ps))) {
			node_free(n);
			return NULL;
		}
		left = n;
	}
	return left;
}

static struct node *parse_and(struct parser *ps)
{
	return parse_bool(ps, "and", N_AND, parse_not);
}

static struct node *parse_test(struct parser *ps)
{
	struct node *n = parse_bool(ps, "or", N_OR, parse_and);

	if (n && is_name(peek(ps), "if"))
		return fail_node(ps, n, "a conditional expression");
	return n;
}

/* test [',' test ...]: a bare tuple on the right of '=' or alone. */
static struct node *parse_testlist(struct parser *ps)
{
	struct node *first = parse_test(ps), *tuple;

	if (!first || !is_op(peek(ps), ","))
		return first;
	tuple = node_with(ps, N_TUPLE, first);
	if (!tuple)
		return NULL;
	while (accept_op(ps, ",")) {
		if (peek(ps)->kind == TOK_NEWLINE)
			break;
		if (node_add(ps, tuple, parse_test(ps))) {
			node_free(tuple);
			return NULL;
		}
	}
	return tuple;
}

static const char *const assign_ops[] = {
	"=", "+=", "-=", "*=", "//=", "%=", "&=", "|=", "^=", "<<=", ">>=",
	"**=",
};

static const char *assign_op(const struct tok *t)
{
	size_t i;

	for (i = 0; i < sizeof(assign_ops) / sizeof(assign_ops[0]); i++)
		if (is_op(t, assign_ops[i]))
			return assign_ops[i];
	return NULL;
}

static int parse_assign(struct parser *ps, struct stmt *s)
{
	const struct tok *name = peek(ps);
	const char *op = assign_op(&ps->t[ps->pos + 1]);

	s->kind = S_ASSIGN;
	s->name = strndup(name->start, (size_t)name->len);
	snprintf(s->op, sizeof(s->op), "%.*s", (int)strlen(op) - 1, op);
	ps->pos += 2;
	s->expr = parse_testlist(ps);
	if (!s->name || !s->expr)
		return unsupported(ps->why, "an assignment");
	if (assign_op(peek(ps)))
		return unsupported(ps->why, "a chained assignment");
	return 0;
}

static int parse_stmt(struct parser *ps, struct stmt *s)
{
	const struct tok *t = peek(ps);

	memset(s, 0, sizeof(*s));
	if (is_name(t, "pass")) {
		ps->pos++;
		s->kind = S_PASS;
		return 0;
	}
	if (is_name(t, "assert")) {
		ps->pos++;
		s->kind = S_ASSERT;
		s->expr = parse_test(ps);
		if (s->expr && accept_op(ps, ","))
			s->msg = parse_test(ps);
		return s->expr && (s->msg || !is_op(&ps->t[ps->pos - 1], ",")) ?
		       0 : CODE_EVAL_UNSUPPORTED;
	}
	if (t->kind == TOK_NAME && assign_op(&ps->t[ps->pos + 1])) {
		if (is_other_keyword(t) || is_name(t, "True") || is_name(t, "False") ||
		    is_name(t, "None") || is_name(t, "and") || is_name(t, "or") ||
		    is_name(t, "not"))
			return unsupported(ps->why, "an assignment to a keyword");
		return parse_assign(ps, s);
	}
	if (is_other_keyword(t))
		return unsupported(ps->why, "the statement '%.*s'", t->len, t->start);
	s->kind = S_EXPR;
	s->expr = parse_testlist(ps);
	if (s->expr && assign_op(peek(ps)))
		return unsupported(ps->why, "an assignment to something not a name");
	return s->expr ? 0 : CODE_EVAL_UNSUPPORTED;
}

static int prog_push(struct code_prog *prog, char **why)
{
	struct stmt *s = realloc(prog->stmts, (size_t)(prog->n + 1) * sizeof(*s));

	if (!s)
		return unsupported(why, "out of memory");
	prog->stmts = s;
	memset(&prog->stmts[prog->n++], 0, sizeof(*s));
	return 0;
}

int code_prog_parse(const char *text, struct code_prog **out, char **why)
{
	struct code_prog *prog = calloc(1, sizeof(*prog));
	struct parser ps = { 0 };
	struct lexer lx;
	int ret = CODE_EVAL_OK;

	*out = NULL;
	*why = NULL;
	if (!prog)
		return unsupported(why, "out of memory");
	if (lex_all(&lx, text)) {
		*why = lx.why;
		lex_free(&lx);
		free(prog);
		return CODE_EVAL_UNSUPPORTED;
	}
	ps.t = lx.toks;
	ps.why = why;
	while (ret == CODE_EVAL_OK && peek(&ps)->kind != TOK_END) {
		if (peek(&ps)->kind == TOK_NEWLINE) {
			ps.pos++;
			continue;
		}
		ret = prog_push(prog, why);
		if (ret == CODE_EVAL_OK)
			ret = parse_stmt(&ps, &prog->stmts[prog->n - 1]);
		if (ret == CODE_EVAL_OK && peek(&ps)->kind != TOK_NEWLINE)
			ret = unsupported(why, "more after a statement");
	}
	lex_free(&lx);
	if (ret != CODE_EVAL_OK) {
		if (!*why)
			unsupported(why, "a statement outside the subset");
		code_prog_free(prog);
		return CODE_EVAL_UNSUPPORTED;
	}
	*out = prog;
	return CODE_EVAL_OK;
}

/* ---- values and variables ---------------------------------------------------- */

enum val_kind { V_NONE, V_BOOL, V_INT, V_STR, V_TUPLE };

struct val {
	enum val_kind kind;
	code_int i;		/* V_BOOL (0/1), V_INT */
	char *s;		/* V_STR: owned */
	struct val *items;	/* V_TUPLE: owned */
	int n;
};

static void val_clear(struct val *v)
{
	int i;

	for (i = 0; v->kind == V_TUPLE && i < v->n; i++)
		val_clear(&v->items[i]);
	if (v->kind == V_TUPLE)
		free(v->items);
	if (v->kind == V_STR)
		free(v->s);
	memset(v, 0, sizeof(*v));
}

struct var {
	char *name;
	code_int value;
	bool is_bool;
};

struct code_env {
	struct var *vars;
	int n, cap;
};

struct code_env *code_env_new(void)
{
	return calloc(1, sizeof(struct code_env));
}

void code_env_free(struct code_env *env)
{
	int i;

	if (!env)
		return;
	for (i = 0; i < env->n; i++)
		free(env->vars[i].name);
	free(env->vars);
	free(env);
}

static struct var *env_find(const struct code_env *env, const char *name)
{
	int i;

	for (i = 0; i < env->n; i++)
		if (strcmp(env->vars[i].name, name) == 0)
			return &env->vars[i];
	return NULL;
}

static int env_put(struct code_env *env, const char *name, code_int value,
		   bool is_bool)
{
	struct var *v = env_find(env, name);

	if (!v) {
		if (env->n == env->cap) {
			int cap = env->cap ? 2 * env->cap : 128;
			struct var *vars = realloc(env->vars, (size_t)cap * sizeof(*vars));

			if (!vars)
				return -1;
			env->vars = vars;
			env->cap = cap;
		}
		v = &env->vars[env->n];
		v->name = strdup(name);
		if (!v->name)
			return -1;
		env->n++;
	}
	v->value = value;
	v->is_bool = is_bool;
	return 0;
}

int code_env_set(struct code_env *env, const char *name, uint64_t value)
{
	return env_put(env, name, (code_int)value, false);
}

int code_env_get(const struct code_env *env, const char *name, int64_t *value)
{
	const struct var *v = env_find(env, name);

	if (!v)
		return 0;
	*value = (int64_t)v->value;
	return 1;
}

/* ---- evaluation --------------------------------------------------------------- */

struct eval {
	struct code_env *env;
	FILE *out;
	char *why;		/* FAIL or UNSUPPORTED text */
	int status;
};

static int eval_fail(struct eval *ev, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int eval_fail(struct eval *ev, int status, const char *fmt, ...)
{
	va_list ap;

	if (ev->status != CODE_EVAL_OK)
		return -1;
	ev->status = status;
	va_start(ap, fmt);
	if (vasprintf(&ev->why, fmt, ap) < 0)
		ev->why = NULL;
	va_end(ap);
	return -1;
}

/* Python's str() of an integer: 128-bit decimal. */
static void int_text(code_int v, char *buf, size_t size)
{
	char tmp[48];
	unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
	int n = 0;

	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[n++] = '-';
	if ((size_t)n >= size)
		n = (int)size - 1;
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
}

/* str(v), malloc'ed; repr for strings inside tuples. */
static char *val_str(const struct val *v, bool repr)
{
	char buf[64], *out = NULL, *part;
	size_t len = 0;
	FILE *f;
	int i;

	switch (v->kind) {
	case V_NONE:
		return strdup("None");
	case V_BOOL:
		return strdup(v->i ? "True" : "False");
	case V_INT:
		int_text(v->i, buf, sizeof(buf));
		return strdup(buf);
	case V_STR:
		if (!repr)
			return strdup(v->s);
		if (asprintf(&out, "'%s'", v->s) < 0)
			return NULL;
		return out;
	case V_TUPLE:
		f = open_memstream(&out, &len);
		if (!f)
			return NULL;
		fputc('(', f);
		for (i = 0; i < v->n; i++) {
			part = val_str(&v->items[i], true);
			fprintf(f, "%s%s", i ? ", " : "", part ? part : "?");
			free(part);
		}
		fputs(v->n == 1 ? ",)" : ")", f);
		fclose(f);
		return out;
	}
	return NULL;
}

static bool val_truthy(const struct val *v)
{
	switch (v->kind) {
	case V_NONE:
		return false;
	case V_BOOL:
	case V_INT:
		return v->i != 0;
	case V_STR:
		return v->s[0] != '\0';
	case V_TUPLE:
		return v->n > 0;
	}
	return false;
}

static bool val_is_number(const struct val *v)
{
	return v->kind == V_INT || v->kind == V_BOOL;
}

static int eval_node(struct eval *ev, const struct node *n, struct val *out);

static int eval_name(struct eval *ev, const struct node *n, struct val *out)
{
	/* Python's builtins: a script using one as a value is beyond us. */
	static const char *const builtins[] = {
		"abs", "min", "max", "len", "int", "str", "hex", "bin", "oct",
		"sum", "range", "bool", "float", "round", "repr", "type",
		"print", "list", "dict", "set", "tuple", "sorted", "any", "all",
		"divmod", "pow", "ord", "chr", "format", "isinstance", "id",
		"open", "exit", "quit", "__name__", "__file__", "sys",
	};
	const struct var *v = env_find(ev->env, n->text);
	size_t i;

	if (v) {
		out->kind = v->is_bool ? V_BOOL : V_INT;
		out->i = v->value;
		return 0;
	}
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(n->text, builtins[i]) == 0)
			return eval_fail(ev, CODE_EVAL_UNSUPPORTED,
					 "the builtin name '%s'", n->text);
	return eval_fail(ev, CODE_EVAL_FAIL, "NameError: name '%s' is not defined",
			 n->text);
}

/* 127 bits are plenty for TCP counters; beyond them Python takes over. */
static int int_overflow(struct eval *ev)
{
	return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "an integer beyond 127 bits");
}

static code_int floor_div(code_int a, code_int b)
{
	code_int q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static code_int floor_mod(code_int a, code_int b)
{
	code_int r = a % b;

	if (r != 0 && ((r < 0) != (b < 0)))
		r += b;
	return r;
}

static int int_power(struct eval *ev, code_int base, code_int exp, code_int *out)
{
	code_int r = 1;

	if (exp < 0)
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "a negative power (a float)");
	while (exp-- > 0)
		if (__builtin_mul_overflow(r, base, &r))
			return int_overflow(ev);
	*out = r;
	return 0;
}

/* Integer (and bool) arithmetic with Python's results. */
static int int_binary(struct eval *ev, const char *op, const struct val *a,
		      const struct val *b, struct val *out)
{
	code_int x = a->i, y = b->i, r = 0;
	bool both_bool = a->kind == V_BOOL && b->kind == V_BOOL;

	out->kind = V_INT;
	if (strcmp(op, "+") == 0) {
		if (__builtin_add_overflow(x, y, &r))
			return int_overflow(ev);
	} else if (strcmp(op, "-") == 0) {
		if (__builtin_sub_overflow(x, y, &r))
			return int_overflow(ev);
	} else if (strcmp(op, "*") == 0) {
		if (__builtin_mul_overflow(x, y, &r))
			return int_overflow(ev);
	} else if (strcmp(op, "//") == 0 || strcmp(op, "%") == 0) {
		if (y == 0)
			return eval_fail(ev, CODE_EVAL_FAIL, "ZeroDivisionError: %s",
					 op[0] == '%' ? "integer modulo by zero"
						      : "integer division or modulo by zero");
		r = op[0] == '%' ? floor_mod(x, y) : floor_div(x, y);
	} else if (strcmp(op, "**") == 0) {
		if (int_power(ev, x, y, &r))
			return -1;
	} else if (strcmp(op, "<<") == 0 || strcmp(op, ">>") == 0) {
		if (y < 0)
			return eval_fail(ev, CODE_EVAL_FAIL, "ValueError: negative shift count");
		if (op[0] == '>')
			r = y >= 127 ? (x < 0 ? -1 : 0) : x >> (int)y;
		else if (y >= 126 || (x != 0 && (x > ((code_int)1 << (126 - (int)y)) ||
						  -x > ((code_int)1 << (126 - (int)y)))))
			return x == 0 ? 0 : int_overflow(ev);
		else
			r = x * ((code_int)1 << (int)y);
	} else if (strchr("&|^", op[0])) {
		r = op[0] == '&' ? (x & y) : op[0] == '|' ? (x | y) : (x ^ y);
		if (both_bool)
			out->kind = V_BOOL;
	} else {
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "the operator %s", op);
	}
	out->i = r;
	return 0;
}

/* One '%' conversion of printf-style formatting, Python's way. */
static int format_one(struct eval *ev, FILE *f, const char **fmtp,
		      const struct val *arg)
{
	const char *p = *fmtp;
	char flags[8] = "", conv, *text = NULL, numbuf[64];
	int width = 0, nflags = 0;

	while (strchr("-0+ ", *p) && *p && nflags < 7)
		flags[nflags++] = *p++;
	while (isdigit((unsigned char)*p))
		width = width * 10 + (*p++ - '0');
	conv = *p;
	if (conv)
		p++;
	*fmtp = p;
	if (!conv || (strchr("dius", conv) == NULL && strchr("xXo", conv) == NULL))
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "the format %%%c",
				 conv ? conv : ' ');
	if (conv == 's') {
		text = val_str(arg, false);
	} else if (val_is_number(arg)) {
		code_int v = arg->i;
		unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
		int base = conv == 'o' ? 8 : strchr("xX", conv) ? 16 : 10, n = 0;
		char tmp[64];

		do {
			int d = (int)(u % (unsigned)base);

			tmp[n++] = (char)(d < 10 ? '0' + d : (conv == 'X' ? 'A' : 'a') + d - 10);
			u /= (unsigned)base;
		} while (u);
		snprintf(numbuf, sizeof(numbuf), "%s", v < 0 ? "-" :
			 strchr(flags, '+') ? "+" : strchr(flags, ' ') ? " " : "");
		for (size_t k = strlen(numbuf); n > 0 && k < sizeof(numbuf) - 1; k++)
			numbuf[k] = tmp[--n], numbuf[k + 1] = '\0';
		text = strdup(numbuf);
	} else {
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED,
				 "a %%%c conversion of a non-number", conv);
	}
	if (!text)
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "out of memory");
	if (strchr(flags, '-'))
		fprintf(f, "%-*s", width, text);
	else if (strchr(flags, '0') && conv != 's' && (int)strlen(text) < width)
		fprintf(f, "%s%0*d%s", (text[0] == '-' || text[0] == '+') ?
			(text[0] == '-' ? "-" : "+") : "",
			width - (int)strlen(text), 0,
			(text[0] == '-' || text[0] == '+') ? text + 1 : text);
	else
		fprintf(f, "%*s", width, text);
	free(text);
	return 0;
}

/* "fmt" % args: args is one value or a tuple of them. */
static int eval_format(struct eval *ev, const char *fmt, const struct val *args,
		       struct val *out)
{
	const struct val *items = args->kind == V_TUPLE ? args->items : args;
	int count = args->kind == V_TUPLE ? args->n : 1, used = 0;
	size_t len = 0;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);
	int ret = 0;

	if (!f)
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "out of memory");
	for (const char *p = fmt; *p && !ret;) {
		if (*p != '%') {
			fputc(*p++, f);
			continue;
		}
		p++;
		if (*p == '%') {
			fputc(*p++, f);
			continue;
		}
		if (used >= count)
			ret = eval_fail(ev, CODE_EVAL_FAIL, "TypeError: not enough "
					"arguments for format string");
		else
			ret = format_one(ev, f, &p, &items[used++]);
	}
	fclose(f);
	if (!ret && used < count)
		ret = eval_fail(ev, CODE_EVAL_FAIL, "TypeError: not all arguments "
				"converted during string formatting");
	if (ret) {
		free(buf);
		return -1;
	}
	out->kind = V_STR;
	out->s = buf;
	return 0;
}

static int eval_binary(struct eval *ev, const struct node *n, struct val *out)
{
	struct val a = { 0 }, b = { 0 };
	int ret = -1;

	if (eval_node(ev, n->kids[0], &a) || eval_node(ev, n->kids[1], &b))
		goto out;
	if (val_is_number(&a) && val_is_number(&b))
		ret = int_binary(ev, n->op, &a, &b, out);
	else if (a.kind == V_STR && strcmp(n->op, "%") == 0)
		ret = eval_format(ev, a.s, &b, out);
	else
		ret = eval_fail(ev, CODE_EVAL_UNSUPPORTED,
				"the operator %s on these values", n->op);
out:
	val_clear(&a);
	val_clear(&b);
	return ret;
}

static int eval_unary(struct eval *ev, const struct node *n, struct val *out)
{
	struct val a = { 0 };

	if (eval_node(ev, n->kids[0], &a))
		return -1;
	if (n->op[0] == 'n') {
		out->kind = V_BOOL;
		out->i = !val_truthy(&a);
		val_clear(&a);
		return 0;
	}
	if (!val_is_number(&a)) {
		val_clear(&a);
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "unary %s on a non-number",
				 n->op);
	}
	out->kind = V_INT;
	out->i = n->op[0] == '-' ? -a.i : n->op[0] == '~' ? ~a.i : a.i;
	return 0;
}

static bool compare_ints(const char *op, code_int x, code_int y)
{
	if (strcmp(op, "<") == 0)
		return x < y;
	if (strcmp(op, ">") == 0)
		return x > y;
	if (strcmp(op, "<=") == 0)
		return x <= y;
	if (strcmp(op, ">=") == 0)
		return x >= y;
	if (strcmp(op, "==") == 0)
		return x == y;
	return x != y;
}

static int compare_vals(struct eval *ev, const char *op, const struct val *a,
			const struct val *b, bool *result)
{
	bool eq_op = strcmp(op, "==") == 0 || strcmp(op, "!=") == 0;

	if (val_is_number(a) && val_is_number(b)) {
		*result = compare_ints(op, a->i, b->i);
		return 0;
	}
	if (a->kind == V_STR && b->kind == V_STR) {
		*result = compare_ints(op, strcmp(a->s, b->s), 0);
		return 0;
	}
	if (eq_op && (a->kind == V_NONE || b->kind == V_NONE)) {
		*result = (a->kind == b->kind) == (op[0] == '=');
		return 0;
	}
	return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "comparing these values");
}

/* a < b <= c: each operand once, stopping at the first false link. */
static int eval_compare(struct eval *ev, const struct node *n, struct val *out)
{
	struct val left = { 0 }, right = { 0 };
	bool holds = true;
	int i;

	if (eval_node(ev, n->kids[0], &left))
		return -1;
	for (i = 1; i < n->nkids && holds; i++) {
		if (eval_node(ev, n->kids[i], &right) ||
		    compare_vals(ev, n->ops[i - 1], &left, &right, &holds)) {
			val_clear(&left);
			val_clear(&right);
			return -1;
		}
		val_clear(&left);
		left = right;
		memset(&right, 0, sizeof(right));
	}
	val_clear(&left);
	out->kind = V_BOOL;
	out->i = holds;
	return 0;
}

/* and/or give back an operand, as in Python. */
static int eval_boolop(struct eval *ev, const struct node *n, struct val *out)
{
	if (eval_node(ev, n->kids[0], out))
		return -1;
	if (val_truthy(out) == (n->kind == N_OR))
		return 0;
	val_clear(out);
	return eval_node(ev, n->kids[1], out);
}

static int eval_tuple(struct eval *ev, const struct node *n, struct val *out)
{
	int i;

	out->kind = V_TUPLE;
	out->items = calloc((size_t)n->nkids + 1, sizeof(*out->items));
	if (!out->items)
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "out of memory");
	for (i = 0; i < n->nkids; i++) {
		if (eval_node(ev, n->kids[i], &out->items[i])) {
			out->n = i;
			val_clear(out);
			return -1;
		}
	}
	out->n = n->nkids;
	return 0;
}

static int eval_print(struct eval *ev, const struct node *n, struct val *out)
{
	int i;

	for (i = 0; i < n->nkids; i++) {
		struct val v = { 0 };
		char *text;

		if (eval_node(ev, n->kids[i], &v))
			return -1;
		text = val_str(&v, false);
		val_clear(&v);
		if (!text)
			return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "out of memory");
		fprintf(ev->out, "%s%s", i ? " " : "", text);
		free(text);
	}
	fputc('\n', ev->out);
	out->kind = V_NONE;
	return 0;
}

static int eval_node(struct eval *ev, const struct node *n, struct val *out)
{
	memset(out, 0, sizeof(*out));
	switch (n->kind) {
	case N_NUM:
		out->kind = V_INT;
		out->i = n->num;
		return 0;
	case N_STR:
		out->kind = V_STR;
		out->s = strdup(n->text);
		return out->s ? 0 : eval_fail(ev, CODE_EVAL_UNSUPPORTED, "out of memory");
	case N_TRUE:
	case N_FALSE:
		out->kind = V_BOOL;
		out->i = n->kind == N_TRUE;
		return 0;
	case N_NONE:
		return 0;
	case N_NAME:
		return eval_name(ev, n, out);
	case N_UNARY:
		return eval_unary(ev, n, out);
	case N_BINARY:
		return eval_binary(ev, n, out);
	case N_AND:
	case N_OR:
		return eval_boolop(ev, n, out);
	case N_COMPARE:
		return eval_compare(ev, n, out);
	case N_TUPLE:
		return eval_tuple(ev, n, out);
	case N_PRINT:
		return eval_print(ev, n, out);
	}
	return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "an expression");
}

static int run_assert(struct eval *ev, const struct stmt *s)
{
	struct val test = { 0 }, msg = { 0 };
	char *text;
	bool holds;

	if (eval_node(ev, s->expr, &test))
		return -1;
	holds = val_truthy(&test);
	val_clear(&test);
	if (holds)
		return 0;
	if (!s->msg)
		return eval_fail(ev, CODE_EVAL_FAIL, "AssertionError");
	if (eval_node(ev, s->msg, &msg))
		return -1;
	text = val_str(&msg, false);
	val_clear(&msg);
	eval_fail(ev, CODE_EVAL_FAIL, "AssertionError: %s", text ? text : "");
	free(text);
	return -1;
}

static int run_assign(struct eval *ev, const struct stmt *s)
{
	struct val v = { 0 };
	int ret;

	if (eval_node(ev, s->expr, &v))
		return -1;
	if (s->op[0]) {
		struct val old = { 0 }, sum = { 0 };
		struct node name = { .kind = N_NAME, .text = s->name };

		if (eval_name(ev, &name, &old)) {
			val_clear(&v);
			return -1;
		}
		if (!val_is_number(&v)) {
			val_clear(&v);
			return eval_fail(ev, CODE_EVAL_UNSUPPORTED,
					 "an augmented assignment of a non-number");
		}
		ret = int_binary(ev, s->op, &old, &v, &sum);
		val_clear(&v);
		if (ret)
			return -1;
		v = sum;
	}
	if (!val_is_number(&v)) {
		val_clear(&v);
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED,
				 "a variable holding a non-number");
	}
	if (env_put(ev->env, s->name, v.i, v.kind == V_BOOL))
		return eval_fail(ev, CODE_EVAL_UNSUPPORTED, "out of memory");
	return 0;
}

static int run_stmt(struct eval *ev, const struct stmt *s)
{
	struct val v = { 0 };

	switch (s->kind) {
	case S_PASS:
		return 0;
	case S_ASSERT:
		return run_assert(ev, s);
	case S_ASSIGN:
		return run_assign(ev, s);
	case S_EXPR:
		if (eval_node(ev, s->expr, &v))
			return -1;
		val_clear(&v);
		return 0;
	}
	return 0;
}

int code_prog_run(const struct code_prog *prog, struct code_env *env,
		  FILE *out, char **why)
{
	struct eval ev = { .env = env, .out = out };
	int i;

	*why = NULL;
	for (i = 0; i < prog->n; i++)
		if (run_stmt(&ev, &prog->stmts[i]))
			break;
	*why = ev.why;
	return ev.status;
}
