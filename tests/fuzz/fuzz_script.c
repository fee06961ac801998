// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_script.c - arbitrary bytes as a script: the lexer, the parser, the
 * timeline checks, the dump and the checks --dry_run makes.
 *
 * Invariants beyond "no crash, no leak": an input that parses has a dump
 * that parses again, and the dump of that is the same text (the printer
 * and the parser agree on every construct), and a refused input always
 * comes with a message.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "config.h"
#include "error.h"
#include "fuzz.h"
#include "script.h"
#include "syscalls.h"

/*
 * A few -D definitions of each kind the lexer treats differently (an
 * integer, a word, a string, a command), so inputs that use the names
 * reach the substitution code.
 */
static struct config_define fuzz_defines[] = {
	{ "FD", "3", &fuzz_defines[1] },
	{ "SYM", "SOCK_STREAM", &fuzz_defines[2] },
	{ "STR", "\"abc\"", &fuzz_defines[3] },
	{ "CMD", "`true`", NULL },
};

static char *dump_text(const struct ast_script *script, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);

	if (!out)
		return NULL;
	ast_dump_script(out, script);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* What --dry_run checks after the parse: option lines and syscalls. */
static void check_like_dry_run(const struct ast_script *script)
{
	const struct ast_option *opt;
	const struct ast_event *event;
	struct config cfg;

	config_init(&cfg);
	for (opt = script->options; opt; opt = opt->next) {
		struct error err = { 0 };

		config_set_option(&cfg, opt->name, opt->value, &err);
		error_clear(&err);
	}
	config_free(&cfg);
	for (event = script->events; event; event = event->next) {
		struct error err = { 0 };

		if (event->kind != AST_EVENT_SYSCALL)
			continue;
		if (syscall_validate(event->syscall, script->path, &err))
			FUZZ_ASSERT(err.message);
		error_clear(&err);
	}
}

/* The dump parses, and dumping that again gives the same text. */
static void check_round_trip(const char *dump, size_t len)
{
	struct ast_script *again = NULL;
	struct error err = { 0 };
	char *second;
	size_t second_len = 0;

	if (script_parse_buffer("dump", dump, len, fuzz_defines, &again, &err)) {
		fprintf(stderr, "the dump does not parse: %s\n--- dump:\n%s",
			err.message ? err.message : "?", dump);
		fuzz_fail(__FILE__, __LINE__, "dump parses");
	}
	second = dump_text(again, &second_len);
	FUZZ_ASSERT(second);
	if (second_len != len || memcmp(second, dump, len) != 0) {
		fprintf(stderr, "--- first dump:\n%s--- second dump:\n%s",
			dump, second);
		fuzz_fail(__FILE__, __LINE__, "dump is a fixed point");
	}
	free(second);
	ast_script_free(again);
	error_clear(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ast_script *script = NULL;
	struct error err = { 0 };
	char *dump;
	size_t len = 0;

	if (script_parse_buffer("fuzz.pkt", (const char *)data, size,
				fuzz_defines, &script, &err)) {
		FUZZ_ASSERT(!script && err.message);
		error_clear(&err);
		return 0;
	}
	FUZZ_ASSERT(script && !err.message);
	check_like_dry_run(script);
	dump = dump_text(script, &len);
	FUZZ_ASSERT(dump);
	check_round_trip(dump, len);
	free(dump);
	ast_script_free(script);
	return 0;
}
