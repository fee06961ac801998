// SPDX-License-Identifier: GPL-2.0
/* test_error.c - the error value and its printed form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "tap.h"

static char *print_to_string(const struct error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	error_print(out, err);
	fclose(out);
	return buf;
}

/* A position without the text (option lines, whole-script checks): the
 * printer reads the line back from the file for the caret. */
static void test_read_back(void)
{
	char path[] = "/tmp/test_error_XXXXXX";
	struct error err = { 0 };
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	char *text;

	if (!f) {
		tap_ok(0, "a scratch file");
		return;
	}
	fputs("--bogus=1\r\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n", f);
	fclose(f);
	err.file = strdup(path);
	err.line = 2;
	err.col = 3;
	err.message = strdup("no such thing");
	text = print_to_string(&err);
	tap_ok(text && strstr(text, "\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			      "  ^\n"), "the line is read back for the caret");
	free(text);
	err.line = 1;
	err.col = 1;
	text = print_to_string(&err);
	tap_ok(text && strstr(text, "\n--bogus=1\n^\n"),
	       "without its line end (CRLF too)");
	free(text);
	err.line = 7;
	text = print_to_string(&err);
	tap_ok(text && !strchr(strchr(text, '\n') + 1, '\n'),
	       "a line past the end: the headline alone");
	free(text);
	unlink(path);
	text = print_to_string(&err);
	tap_ok(text && !strchr(strchr(text, '\n') + 1, '\n'),
	       "a file gone: the headline alone");
	free(text);
	error_clear(&err);
}

int main(void)
{
	struct error err = { 0 };
	char *text;

	tap_ok(!error_is_set(&err), "a new error is empty");
	tap_is_int(error_set(&err, "bad %s", "thing"), -1, "error_set returns -1");
	tap_is_str(err.message, "bad thing", "message formatted");

	error_set_at(&err, "a.pkt", 3, 5, "+0\tfoo(1)", "expected %s", "'='");
	text = print_to_string(&err);
	tap_is_str(text, "a.pkt:3:5: error: expected '='\n+0\tfoo(1)\n  \t ^\n",
		   "positioned error with caret under a tab-indented column");
	free(text);

	error_prefix(&err, "line %d", 3);
	tap_is_str(err.message, "line 3: expected '='", "prefix joins with ': '");

	error_clear(&err);
	tap_ok(!error_is_set(&err) && !err.file, "clear empties it");

	test_read_back();
	return tap_done();
}
