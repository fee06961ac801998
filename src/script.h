/* SPDX-License-Identifier: GPL-2.0 */
/*
 * script.h - load a script: read the file, apply -D defines, parse,
 * validate, and resolve every event's time into the timeline.
 *
 * Contract: produces a struct ast_script whose events carry resolved script
 * times (ast_event.time_usecs / time_end_usecs). Runs nothing. Errors are
 * positioned (file:line:col, with the source line) and say what was
 * expected and what was found.
 */
#ifndef TCPDRILL_SCRIPT_H
#define TCPDRILL_SCRIPT_H

#include <stddef.h>

#include "ast.h"
#include "config.h"
#include "error.h"

/* Load and compile the script at path. On success *out owns the AST. */
int script_load(const char *path, const struct config_define *defines,
		struct ast_script **out, struct error *err);

/* The same from memory; name is used in error positions. */
int script_parse_buffer(const char *name, const char *text, size_t len,
			const struct config_define *defines,
			struct ast_script **out, struct error *err);

/*
 * What can be checked without running, beyond the grammar: every option
 * line names a known option with a valid value, every syscall is in the
 * table with the right number of arguments, known symbols and errno
 * names. --dry_run and the runtime both call it after loading, so a
 * script that could never run is an exit-2 error before anything starts.
 */
int script_validate(const struct ast_script *script, struct error *err);

#endif /* TCPDRILL_SCRIPT_H */
