// SPDX-License-Identifier: GPL-2.0
/* ast_dump.c - placeholder until the grammar room lands; see ast.h. */
#include "ast.h"

void ast_dump_script(FILE *out, const struct ast_script *script)
{
	(void)out;
	(void)script;
}
