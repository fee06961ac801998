// SPDX-License-Identifier: GPL-2.0
/* ast.c - placeholder until the grammar room lands; see ast.h. */
#include <stdlib.h>

#include "ast.h"

void ast_script_free(struct ast_script *script)
{
	free(script);
}

static const char *const ast_tcp_state_names[] = {
	[AST_TCP_ESTABLISHED] = "ESTABLISHED", [AST_TCP_SYN_SENT] = "SYN-SENT",
	[AST_TCP_SYN_RECV] = "SYN-RCVD",       [AST_TCP_FIN_WAIT1] = "FIN-WAIT-1",
	[AST_TCP_FIN_WAIT2] = "FIN-WAIT-2",    [AST_TCP_TIME_WAIT] = "TIME-WAIT",
	[AST_TCP_CLOSE] = "CLOSED",            [AST_TCP_CLOSE_WAIT] = "CLOSE-WAIT",
	[AST_TCP_LAST_ACK] = "LAST-ACK",       [AST_TCP_LISTEN] = "LISTEN",
	[AST_TCP_CLOSING] = "CLOSING",
};

const char *ast_tcp_state_name(int state)
{
	if (state < AST_TCP_ESTABLISHED || state > AST_TCP_CLOSING)
		return NULL;
	return ast_tcp_state_names[state];
}
