// SPDX-License-Identifier: GPL-2.0
/* test_error.c - the error value and its printed form. */
#include <stdlib.h>

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
	return tap_done();
}
