// SPDX-License-Identifier: GPL-2.0
/*
 * ast.c - constructors and destructors of the script's nodes, TCP option
 * names and sizes, and the TCP state names; see ast.h.
 *
 * Contract: every node is allocated zeroed with its kind and position,
 * from a script's arena (the parser) or from malloc() (anyone else); the
 * free functions release malloc()ed nodes and everything they own, and
 * ast_script_free() releases a whole arena at once. Freeing never recurses
 * along `next` chains, and expressions are freed with an explicit work
 * stack, so a hostile script (a million-long `a|b|...` chain) cannot
 * overflow the C stack.
 */
#include "ast.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- the arena ---------------------------------------------------------- */

/*
 * Chunks start small (a test script is a few kilobytes) and double up to
 * 2 MiB; those are mapped 2 MiB-aligned and offered to the kernel for
 * transparent huge pages, since page faults were a third of the parse
 * time of a 200 000-line script with 4 KiB pages. A request too big for
 * the current chunk size gets a chunk of its own.
 */
#define ARENA_FIRST_CHUNK (16u << 10)
#define ARENA_HUGE_CHUNK (2u << 20)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;		/* bytes after this header */
	bool mapped;		/* mmap()ed, else calloc()ed */
};

struct ast_arena {
	struct arena_chunk *chunks;	/* newest first */
	char *top, *end;		/* free space in the newest chunk */
	size_t next_size;
};

struct ast_arena *ast_arena_new(void)
{
	struct ast_arena *arena = calloc(1, sizeof(*arena));

	if (arena)
		arena->next_size = ARENA_FIRST_CHUNK;
	return arena;
}

/* 2 MiB of zeroed, 2 MiB-aligned memory, or NULL. */
static void *arena_map_huge(size_t size)
{
	size_t span = size + ARENA_HUGE_CHUNK;
	char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *aligned;

	if (raw == MAP_FAILED)
		return NULL;
	aligned = (char *)(((uintptr_t)raw + ARENA_HUGE_CHUNK - 1) &
			   ~(uintptr_t)(ARENA_HUGE_CHUNK - 1));
	if (aligned > raw)
		munmap(raw, aligned - raw);
	if (raw + span > aligned + size)
		munmap(aligned + size, raw + span - (aligned + size));
#ifdef MADV_HUGEPAGE
	madvise(aligned, size, MADV_HUGEPAGE);
#endif
	return aligned;
}

static bool arena_grow(struct ast_arena *arena, size_t need)
{
	size_t size = arena->next_size;
	struct arena_chunk *chunk;
	bool mapped;

	while (size < need + sizeof(*chunk))
		size *= 2;
	mapped = size >= ARENA_HUGE_CHUNK;
	if (mapped)
		size = (size + ARENA_HUGE_CHUNK - 1) & ~(size_t)(ARENA_HUGE_CHUNK - 1);
	chunk = mapped ? arena_map_huge(size) : calloc(1, size);
	if (!chunk)
		return false;
	chunk->next = arena->chunks;
	chunk->size = size - sizeof(*chunk);
	chunk->mapped = mapped;
	arena->chunks = chunk;
	arena->top = (char *)(chunk + 1);
	arena->end = (char *)chunk + size;
	if (arena->next_size < ARENA_HUGE_CHUNK)
		arena->next_size *= 2;
	return true;
}

void *ast_arena_alloc(struct ast_arena *arena, size_t size)
{
	void *p;

	size = (size + 7) & ~(size_t)7;
	if ((size_t)(arena->end - arena->top) < size && !arena_grow(arena, size))
		return NULL;
	p = arena->top;
	arena->top += size;
	return p;
}

char *ast_arena_strndup(struct ast_arena *arena, const char *s, size_t len)
{
	char *copy = arena ? ast_arena_alloc(arena, len + 1) : malloc(len + 1);

	if (copy) {
		memcpy(copy, s, len);
		copy[len] = '\0';
	}
	return copy;
}

void ast_arena_free(struct ast_arena *arena)
{
	struct arena_chunk *chunk, *next;

	if (!arena)
		return;
	for (chunk = arena->chunks; chunk; chunk = next) {
		next = chunk->next;
		if (chunk->mapped)
			munmap(chunk, chunk->size + sizeof(*chunk));
		else
			free(chunk);
	}
	free(arena);
}

/* ---- constructors ------------------------------------------------------ */

static void *node_alloc(struct ast_arena *arena, size_t size)
{
	return arena ? ast_arena_alloc(arena, size) : calloc(1, size);
}

struct ast_expr *ast_expr_new(struct ast_arena *arena, enum ast_expr_kind kind,
			      struct src_pos pos)
{
	struct ast_expr *expr = node_alloc(arena, sizeof(*expr));

	if (expr) {
		expr->kind = kind;
		expr->pos = pos;
	}
	return expr;
}

struct ast_event *ast_event_new(struct ast_arena *arena,
				enum ast_event_kind kind, struct src_pos pos)
{
	struct ast_event *event = node_alloc(arena, sizeof(*event));

	if (event) {
		event->kind = kind;
		event->pos = pos;
	}
	return event;
}

void ast_ip_info_init(struct ast_ip_info *info)
{
	memset(info, 0, sizeof(*info));
	info->ecn = AST_ECN_UNSET;
}

struct ast_packet *ast_packet_new(struct ast_arena *arena,
				  enum ast_direction direction,
				  struct src_pos pos)
{
	struct ast_packet *packet = node_alloc(arena, sizeof(*packet));

	if (packet) {
		packet->direction = direction;
		packet->pos = pos;
		ast_ip_info_init(&packet->ip_info);
	}
	return packet;
}

struct ast_layer *ast_layer_new(struct ast_arena *arena,
				enum ast_layer_kind kind, struct src_pos pos)
{
	struct ast_layer *layer = node_alloc(arena, sizeof(*layer));

	if (layer) {
		layer->kind = kind;
		layer->pos = pos;
		ast_ip_info_init(&layer->ip_info);
	}
	return layer;
}

struct ast_tcp_option *ast_tcp_option_new(struct ast_arena *arena,
					  enum ast_tcp_option_kind kind,
					  struct src_pos pos)
{
	struct ast_tcp_option *option = node_alloc(arena, sizeof(*option));

	if (option) {
		option->kind = kind;
		option->pos = pos;
	}
	return option;
}

struct ast_script *ast_script_new(const char *path)
{
	struct ast_script *script = calloc(1, sizeof(*script));

	if (!script)
		return NULL;
	script->path = strdup(path ? path : "");
	if (!script->path) {
		free(script);
		return NULL;
	}
	return script;
}

/* ---- destructors ------------------------------------------------------- */

/*
 * Expressions nest through five links (lhs, rhs, index, items, next); a
 * growable stack of pending nodes frees any shape without recursion.
 */
void ast_expr_free(struct ast_expr *expr)
{
	struct ast_expr *small[64], **stack = small, **bigger;
	size_t depth = 0, cap = 64;

	if (expr)
		stack[depth++] = expr;
	while (depth > 0) {
		struct ast_expr *node = stack[--depth];
		struct ast_expr *links[5] = { node->lhs, node->rhs, node->index,
					      node->items, node->next };
		int i;

		if (depth + 5 > cap) {
			bigger = malloc(2 * cap * sizeof(*stack));
			if (!bigger)
				break;	/* leak rather than crash */
			memcpy(bigger, stack, depth * sizeof(*stack));
			if (stack != small)
				free(stack);
			stack = bigger;
			cap *= 2;
		}
		for (i = 0; i < 5; i++)
			if (links[i])
				stack[depth++] = links[i];
		free(node->text);
		free(node);
	}
	if (stack != small)
		free(stack);
}

void ast_tcp_options_free(struct ast_tcp_option *options)
{
	while (options) {
		struct ast_tcp_option *next = options->next;

		while (options->sack) {
			struct ast_sack_block *block = options->sack;

			options->sack = block->next;
			free(block);
		}
		free(options->hex);
		free(options);
		options = next;
	}
}

void ast_layers_free(struct ast_layer *layers)
{
	while (layers) {
		struct ast_layer *next = layers->next;

		while (layers->mpls) {
			struct ast_mpls_entry *entry = layers->mpls;

			layers->mpls = entry->next;
			free(entry);
		}
		free(layers->src);
		free(layers->dst);
		free(layers);
		layers = next;
	}
}

void ast_packet_free(struct ast_packet *packet)
{
	if (!packet)
		return;
	ast_layers_free(packet->layers);
	free(packet->tcp.flags);
	ast_tcp_options_free(packet->tcp.options);
	free(packet->icmp.type);
	free(packet->icmp.code);
	free(packet);
}

void ast_syscall_free(struct ast_syscall *syscall)
{
	if (!syscall)
		return;
	free(syscall->name);
	ast_expr_free(syscall->args);
	ast_expr_free(syscall->result);
	free(syscall->errno_name);
	free(syscall->note);
	free(syscall);
}

void ast_command_free(struct ast_command *command)
{
	if (!command)
		return;
	free(command->text);
	free(command);
}

static void ast_code_free(struct ast_code *code)
{
	if (!code)
		return;
	free(code->text);
	free(code);
}

static void ast_state_free(struct ast_state_assert *state)
{
	if (!state)
		return;
	free(state->written);
	free(state);
}

void ast_event_free(struct ast_event *event)
{
	if (!event)
		return;
	switch (event->kind) {
	case AST_EVENT_PACKET:
		ast_packet_free(event->packet);
		break;
	case AST_EVENT_SYSCALL:
		ast_syscall_free(event->syscall);
		break;
	case AST_EVENT_COMMAND:
		ast_command_free(event->command);
		break;
	case AST_EVENT_CODE:
		ast_code_free(event->code);
		break;
	case AST_EVENT_STATE:
		ast_state_free(event->state);
		break;
	}
	free(event);
}

void ast_options_free(struct ast_option *options)
{
	while (options) {
		struct ast_option *next = options->next;

		free(options->name);
		free(options->value);
		free(options);
		options = next;
	}
}

void ast_script_free(struct ast_script *script)
{
	struct ast_event *event;

	if (!script)
		return;
	if (script->arena) {
		ast_arena_free(script->arena);
		free(script->path);
		free(script);
		return;
	}
	event = script->events;
	while (event) {
		struct ast_event *next = event->next;

		ast_event_free(event);
		event = next;
	}
	ast_options_free(script->options);
	ast_command_free(script->init_command);
	ast_command_free(script->cleanup_command);
	free(script->path);
	free(script);
}

/* ---- TCP options --------------------------------------------------------- */

/*
 * One row per option kind: its script keyword and its size on the wire.
 * A fixed size is the whole option; otherwise the size is base bytes plus
 * the option's variable part (SACK blocks, cookie or digest bytes, AccECN
 * fields), as RFC 2018, RFC 7413 and the AccECN draft lay them out.
 */
static const struct {
	const char *name;
	int base;		/* kind, length and fixed data */
} ast_tcp_option_rows[] = {
	[AST_TCPOPT_EOL] = { "eol", 1 },
	[AST_TCPOPT_NOP] = { "nop", 1 },
	[AST_TCPOPT_MSS] = { "mss", 4 },
	[AST_TCPOPT_WSCALE] = { "wscale", 3 },
	[AST_TCPOPT_SACK_PERM] = { "sackOK", 2 },
	[AST_TCPOPT_SACK] = { "sack", 2 },		/* + 8 per block */
	[AST_TCPOPT_TIMESTAMP] = { "TS", 10 },
	[AST_TCPOPT_FASTOPEN] = { "FO", 2 },		/* + cookie */
	[AST_TCPOPT_FASTOPEN_EXP] = { "FOEXP", 4 },	/* + cookie, after
							 * the 0xF989 magic */
	[AST_TCPOPT_MD5] = { "md5", 2 },		/* + digest */
	[AST_TCPOPT_GENERIC] = { "kind", 2 },		/* + data */
	[AST_TCPOPT_ACCECN] = { "ECN", 2 },		/* + 3 per field */
};

const char *ast_tcp_option_name(enum ast_tcp_option_kind kind)
{
	if ((size_t)kind >= sizeof(ast_tcp_option_rows) /
			    sizeof(ast_tcp_option_rows[0]))
		return NULL;
	return ast_tcp_option_rows[kind].name;
}

int ast_tcp_option_wire_len(const struct ast_tcp_option *option)
{
	const struct ast_sack_block *block;
	int len = ast_tcp_option_rows[option->kind].base;

	switch (option->kind) {
	case AST_TCPOPT_SACK:
		for (block = option->sack; block; block = block->next)
			len += 8;
		break;
	case AST_TCPOPT_FASTOPEN:
	case AST_TCPOPT_FASTOPEN_EXP:
	case AST_TCPOPT_MD5:
	case AST_TCPOPT_GENERIC:
		len += option->hex ? (int)strlen(option->hex) / 2 : 0;
		break;
	case AST_TCPOPT_ACCECN:
		len += 3 * option->accecn_count;
		break;
	default:
		break;
	}
	return len;
}

int ast_tcp_options_wire_len(const struct ast_tcp_option *options)
{
	int len = 0;

	for (; options; options = options->next)
		len += ast_tcp_option_wire_len(options);
	return len;
}

/* ---- TCP states ------------------------------------------------------------ */

/*
 * Each state with the spellings scripts use for it: RFC 9293's names with
 * '-', the kernel's and netstat's with '_' (SYN_RECV, FIN_WAIT1, CLOSE),
 * and common variants. Matching ignores case and treats '-' as '_'.
 */
static const struct {
	int state;
	const char *canonical;
	const char *aliases[4];
} ast_tcp_states[] = {
	{ AST_TCP_LISTEN, "LISTEN", { NULL } },
	{ AST_TCP_SYN_SENT, "SYN-SENT", { NULL } },
	{ AST_TCP_SYN_RECV, "SYN-RCVD", { "SYN_RECV", "SYN_RECEIVED" } },
	{ AST_TCP_ESTABLISHED, "ESTABLISHED", { NULL } },
	{ AST_TCP_FIN_WAIT1, "FIN-WAIT-1", { "FIN_WAIT1" } },
	{ AST_TCP_FIN_WAIT2, "FIN-WAIT-2", { "FIN_WAIT2" } },
	{ AST_TCP_CLOSE_WAIT, "CLOSE-WAIT", { NULL } },
	{ AST_TCP_CLOSING, "CLOSING", { NULL } },
	{ AST_TCP_LAST_ACK, "LAST-ACK", { NULL } },
	{ AST_TCP_TIME_WAIT, "TIME-WAIT", { NULL } },
	{ AST_TCP_CLOSE, "CLOSED", { "CLOSE" } },
};

#define AST_TCP_STATE_COUNT (sizeof(ast_tcp_states) / sizeof(ast_tcp_states[0]))

const char *ast_tcp_state_name(int state)
{
	size_t i;

	for (i = 0; i < AST_TCP_STATE_COUNT; i++)
		if (ast_tcp_states[i].state == state)
			return ast_tcp_states[i].canonical;
	return NULL;
}

/* Equal ignoring case, with '-' and '_' the same character. */
static bool state_name_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int ca = *a == '-' ? '_' : toupper((unsigned char)*a);
		int cb = *b == '-' ? '_' : toupper((unsigned char)*b);

		if (ca != cb)
			return false;
	}
	return *a == *b;
}

int ast_tcp_state_parse(const char *name)
{
	size_t i, j;

	if (!name)
		return -1;
	for (i = 0; i < AST_TCP_STATE_COUNT; i++) {
		if (state_name_equal(name, ast_tcp_states[i].canonical))
			return ast_tcp_states[i].state;
		for (j = 0; j < 4 && ast_tcp_states[i].aliases[j]; j++)
			if (state_name_equal(name, ast_tcp_states[i].aliases[j]))
				return ast_tcp_states[i].state;
	}
	return -1;
}

const char *ast_tcp_state_names(void)
{
	return "LISTEN, SYN-SENT, SYN-RCVD, ESTABLISHED, FIN-WAIT-1, "
	       "FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT or CLOSED";
}
