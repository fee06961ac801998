/* SPDX-License-Identifier: GPL-2.0 */
/*
 * error.h - an error travelling up as a value.
 *
 * Rooms fill a struct error and return -1; only the top level prints it.
 * A positioned error carries the file, line and column it points at and,
 * when known, the text of that source line so the printer can draw a caret.
 */
#ifndef TCPDRILL_ERROR_H
#define TCPDRILL_ERROR_H

#include <stdarg.h>
#include <stdio.h>

struct error {
	char *message;		/* what was expected, what was found */
	char *file;		/* NULL when the error has no position */
	int line;		/* 1-based; 0 when unknown */
	int col;		/* 1-based; 0 when unknown */
	char *source_line;	/* the offending line, without newline */
};

/* Set a message without position. Always returns -1 for tail calls. */
int error_set(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set a message at file:line:col, with the source line for a caret. */
int error_set_at(struct error *err, const char *file, int line, int col,
		 const char *source_line, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Prefix the existing message with "prefix: ". */
int error_prefix(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True when an error has been set. */
int error_is_set(const struct error *err);

/* Free what the error holds and reset it to empty. */
void error_clear(struct error *err);

/*
 * Print as "file:line:col: error: message", then the source line and a
 * caret under the column when the column is known (a source line the error
 * does not carry is read back from the file).
 */
void error_print(FILE *out, const struct error *err);

#endif /* TCPDRILL_ERROR_H */
