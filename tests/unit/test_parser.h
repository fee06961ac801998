/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_parser.h - helpers shared by the parser unit tests: parse a script
 * from memory and return its dump, or the first line of its error.
 */
#ifndef TCPDRILL_TEST_PARSER_H
#define TCPDRILL_TEST_PARSER_H

#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "error.h"
#include "script.h"
#include "tap.h"

/* The dump of a script, or "ERROR: <first line of the message>". */
static inline char *parse_and_dump(const char *name, const char *text,
				   size_t len,
				   const struct config_define *defines)
{
	struct ast_script *script = NULL;
	struct error err = { 0 };
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);

	if (!out)
		return NULL;
	if (script_parse_buffer(name, text, len, defines, &script, &err)) {
		char *nl;

		fputs("ERROR: ", out);
		error_print(out, &err);
		fclose(out);
		nl = strchr(buf, '\n');
		if (nl)
			*nl = '\0';
		error_clear(&err);
		return buf;
	}
	ast_dump_script(out, script);
	fclose(out);
	ast_script_free(script);
	return buf;
}

/* The same for a NUL-terminated script named "t.pkt". */
static inline char *dump_of(const char *text)
{
	return parse_and_dump("t.pkt", text, strlen(text), NULL);
}

/* Parse text, dump it, and compare with the expected dump. */
static inline void check_dump(const char *name, const char *text,
			      const char *expected)
{
	char *dump = dump_of(text);

	tap_is_str(dump, expected, name);
	free(dump);
}

/* Parse text and compare the first line of the error. */
static inline void check_error(const char *name, const char *text,
			       const char *expected)
{
	char *dump = dump_of(text);
	const char *got = dump && strncmp(dump, "ERROR: ", 7) == 0 ?
			  dump + 7 : dump;

	tap_is_str(got, expected, name);
	free(dump);
}

#endif /* TCPDRILL_TEST_PARSER_H */
