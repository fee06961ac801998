// SPDX-License-Identifier: GPL-2.0
/* ast.c - placeholder until the grammar room lands; see ast.h. */
#include <stdlib.h>

#include "ast.h"

void ast_script_free(struct ast_script *script)
{
	free(script);
}
