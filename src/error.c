// SPDX-License-Identifier: GPL-2.0
/* error.c - error values; see error.h. */
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *error_vformat(const char *fmt, va_list ap)
{
	char *text = NULL;

	if (vasprintf(&text, fmt, ap) < 0)
		return NULL;
	return text;
}

static int error_vset(struct error *err, const char *file, int line, int col,
		      const char *source_line, const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	error_clear(err);
	err->message = error_vformat(fmt, ap);
	err->file = file ? strdup(file) : NULL;
	err->line = line;
	err->col = col;
	err->source_line = source_line ? strdup(source_line) : NULL;
	return -1;
}

int error_set(struct error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int error_set_at(struct error *err, const char *file, int line, int col,
		 const char *source_line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, file, line, col, source_line, fmt, ap);
	va_end(ap);
	return -1;
}

int error_prefix(struct error *err, const char *fmt, ...)
{
	char *prefix, *joined = NULL;
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	prefix = error_vformat(fmt, ap);
	va_end(ap);
	if (!prefix)
		return -1;
	if (asprintf(&joined, "%s: %s", prefix,
		     err->message ? err->message : "unknown error") >= 0) {
		free(err->message);
		err->message = joined;
	}
	free(prefix);
	return -1;
}

int error_is_set(const struct error *err)
{
	return err && err->message;
}

void error_clear(struct error *err)
{
	if (!err)
		return;
	free(err->message);
	free(err->file);
	free(err->source_line);
	memset(err, 0, sizeof(*err));
}

/*
 * The source line, then a caret under the column. The caret line is built
 * in memory and written once: a column deep in a megabyte-long line would
 * otherwise cost a write per character on unbuffered stderr.
 */
static void error_print_caret(FILE *out, const char *s, int column)
{
	size_t n = strlen(s), col = (size_t)column - 1, i;
	char *caret;

	if (col > n)
		col = n;
	caret = malloc(col + 2);
	fprintf(out, "%s\n", s);
	if (!caret)
		return;
	/* Keep tabs so the caret lines up under tab-indented text. */
	for (i = 0; i < col; i++)
		caret[i] = s[i] == '\t' ? '\t' : ' ';
	caret[col] = '^';
	caret[col + 1] = '\0';
	fprintf(out, "%s\n", caret);
	free(caret);
}

/*
 * Line `line` of file, without its newline, or NULL. Errors found once a
 * script is parsed (its option lines, checks of the whole script) carry a
 * position but not the text; the printer reads it back for the caret.
 */
static char *error_read_line(const char *file, int line)
{
	char *text = NULL;
	size_t cap = 0;
	ssize_t len = -1;
	FILE *in;
	int n;

	if (strcmp(file, "-") == 0 || !(in = fopen(file, "r")))
		return NULL;
	for (n = 0; n < line && (len = getline(&text, &cap, in)) >= 0; n++)
		;
	fclose(in);
	if (n < line || len < 0) {
		free(text);
		return NULL;
	}
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = '\0';
	return text;
}

void error_print(FILE *out, const struct error *err)
{
	const char *msg = err->message ? err->message : "unknown error";
	char *read_back = NULL;

	if (err->file && err->line > 0 && err->col > 0)
		fprintf(out, "%s:%d:%d: error: %s\n", err->file, err->line,
			err->col, msg);
	else if (err->file && err->line > 0)
		fprintf(out, "%s:%d: error: %s\n", err->file, err->line, msg);
	else if (err->file)
		fprintf(out, "%s: error: %s\n", err->file, msg);
	else
		fprintf(out, "error: %s\n", msg);
	if (err->col <= 0)
		return;
	if (err->source_line) {
		error_print_caret(out, err->source_line, err->col);
	} else if (err->file && (read_back = error_read_line(err->file, err->line))) {
		error_print_caret(out, read_back, err->col);
		free(read_back);
	}
}
