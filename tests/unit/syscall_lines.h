/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syscall_lines.h - build syscall lines by hand for the syscall tests,
 * without the parser, and run them.
 *
 * Every expression gets the line of the syscall being built and its own
 * column, so tests can check where an error points. Lists are NULL
 * terminated: x_list(x_int(1), x_int(2), NULL).
 */
#ifndef TCPDRILL_SYSCALL_LINES_H
#define TCPDRILL_SYSCALL_LINES_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "error.h"
#include "syscalls.h"
#include "tap.h"

static int x_line = 1;
static int x_col = 1;

static inline struct ast_expr *x_new(enum ast_expr_kind kind)
{
	struct ast_expr *e = calloc(1, sizeof(*e));

	e->kind = kind;
	e->pos.line = x_line;
	e->pos.col = x_col++;
	return e;
}

static inline struct ast_expr *x_int(int64_t v)
{
	struct ast_expr *e = x_new(AST_EXPR_INT);

	e->num = v;
	return e;
}

static inline struct ast_expr *x_hex(int64_t v)
{
	struct ast_expr *e = x_int(v);

	e->hex = true;
	return e;
}

static inline struct ast_expr *x_word(const char *w)
{
	struct ast_expr *e = x_new(AST_EXPR_WORD);

	e->text = strdup(w);
	return e;
}

static inline struct ast_expr *x_str(const char *s)
{
	struct ast_expr *e = x_new(AST_EXPR_STRING);

	e->text = strdup(s);
	return e;
}

static inline struct ast_expr *x_dots(void)
{
	return x_new(AST_EXPR_ELLIPSIS);
}

static inline struct ast_expr *x_bin(char op, struct ast_expr *l, struct ast_expr *r)
{
	struct ast_expr *e = x_new(AST_EXPR_BINARY);

	e->op = op;
	e->lhs = l;
	e->rhs = r;
	return e;
}

static inline struct ast_expr *x_or(struct ast_expr *l, struct ast_expr *r)
{
	return x_bin('|', l, r);
}

static inline struct ast_expr *x_chain(va_list ap)
{
	struct ast_expr *head = NULL, **tail = &head, *e;

	while ((e = va_arg(ap, struct ast_expr *))) {
		*tail = e;
		tail = &e->next;
	}
	return head;
}

static inline struct ast_expr *x_list(struct ast_expr *first, ...)
{
	struct ast_expr *e = x_new(AST_EXPR_LIST);
	va_list ap;

	e->items = first;
	if (first) {
		va_start(ap, first);
		first->next = x_chain(ap);
		va_end(ap);
	}
	return e;
}

static inline struct ast_expr *x_struct(struct ast_expr *first, ...)
{
	struct ast_expr *e = x_new(AST_EXPR_STRUCT);
	va_list ap;

	e->items = first;
	if (first) {
		va_start(ap, first);
		first->next = x_chain(ap);
		va_end(ap);
	}
	return e;
}

/* name=value, or name(index)=value when index is not NULL. */
static inline struct ast_expr *x_field_at(const char *name, struct ast_expr *index,
				   struct ast_expr *value)
{
	struct ast_expr *e = x_new(AST_EXPR_FIELD);

	e->text = strdup(name);
	e->index = index;
	e->lhs = value;
	return e;
}

static inline struct ast_expr *x_field(const char *name, struct ast_expr *value)
{
	return x_field_at(name, NULL, value);
}

static inline struct ast_expr *x_call1(const char *name, struct ast_expr *arg)
{
	struct ast_expr *e = x_new(AST_EXPR_CALL);

	e->text = strdup(name);
	e->items = arg;
	return e;
}

static inline void x_free(struct ast_expr *e)
{
	struct ast_expr *next;

	for (; e; e = next) {
		next = e->next;
		free(e->text);
		x_free(e->lhs);
		x_free(e->rhs);
		x_free(e->index);
		x_free(e->items);
		free(e);
	}
}

/*
 * A syscall line: name(args...) = result [errno]. The line number goes up
 * by one per call built; the name sits at column 1.
 */
static inline struct ast_syscall *x_sc(const char *name, struct ast_expr *result,
				const char *errno_name, ...)
{
	struct ast_syscall *sc = calloc(1, sizeof(*sc));
	va_list ap;

	sc->name = strdup(name);
	sc->name_pos.line = x_line;
	sc->name_pos.col = 1;
	va_start(ap, errno_name);
	sc->args = x_chain(ap);
	va_end(ap);
	sc->result = result;
	if (result) {
		result->pos.line = x_line;
	}
	if (errno_name) {
		sc->errno_name = strdup(errno_name);
		sc->errno_pos.line = x_line;
		sc->errno_pos.col = 99;
	}
	return sc;
}

static inline void x_sc_free(struct ast_syscall *sc)
{
	free(sc->name);
	x_free(sc->args);
	x_free(sc->result);
	free(sc->errno_name);
	free(sc->note);
	free(sc);
}

/* Start the next line: expressions built from now on sit on it. */
static inline void x_next_line(void)
{
	x_line++;
	x_col = 2;
}

/* Run a line, print any error as a TAP comment, free the line. */
static inline int x_run(struct syscall_env *env, struct ast_syscall *sc,
		 struct syscall_outcome *out, struct error *err)
{
	int rc;

	rc = syscall_run(env, sc, out, err);
	x_sc_free(sc);
	x_next_line();
	return rc;
}

/* The line must pass. */
static inline int x_ok(struct syscall_env *env, struct ast_syscall *sc,
		const char *name)
{
	struct error err = { 0 };
	int rc = x_run(env, sc, NULL, &err);

	if (rc < 0)
		printf("# %s\n", err.message ? err.message : "(no message)");
	tap_ok(rc == 0, name);
	error_clear(&err);
	return rc;
}

/* The line must fail with exactly this message. */
static inline void x_fail(struct syscall_env *env, struct ast_syscall *sc,
		   const char *message, const char *name)
{
	struct error err = { 0 };
	int rc = x_run(env, sc, NULL, &err);

	if (rc == 0) {
		tap_ok(0, name);
		printf("#   expected failure: %s\n", message);
		return;
	}
	tap_is_str(err.message, message, name);
	error_clear(&err);
}

#endif /* TCPDRILL_SYSCALL_LINES_H */
