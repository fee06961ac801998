// SPDX-License-Identifier: GPL-2.0
/*
 * ast_dump.c - print the parsed script back in canonical script syntax
 * (the --dump form); see ast.h.
 *
 * Contract: the output parses to the same AST, so dumping a dump gives the
 * same bytes. One canonical spelling per construct:
 *  - times: seconds with trailing zeros dropped ("0", "+0.1", "1.25",
 *    "+0.1~+0.2", "*"); each event line ends with the resolved script time
 *    as "// 0.100000" (a window "// 0.100000~0.200000", a blocking call
 *    "// 0.100000...0.600000");
 *  - numbers in decimal unless written in hex ("0x1f"); strings re-escaped;
 *  - packets as packetdrill prints them: "< S. 0:0(0) ack 1 win 0 <mss
 *    1460,nop>", IP info in [] when it has an ECN codepoint, else in ();
 *  - `|` without spaces, ", " between arguments, list items and fields.
 * Printing never recurses along `next` chains or down `a|b|c` chains.
 */
#include "ast.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- small pieces --------------------------------------------------------- */

static void dump_secs(FILE *out, int64_t usecs)
{
	int64_t frac = usecs % 1000000;
	int digits = 6;

	fprintf(out, "%" PRId64, usecs / 1000000);
	if (!frac)
		return;
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	fprintf(out, ".%0*" PRId64, digits, frac);
}

void ast_dump_time(FILE *out, const struct ast_time *time)
{
	switch (time->kind) {
	case AST_TIME_ABSOLUTE:
		dump_secs(out, time->start_usecs);
		break;
	case AST_TIME_RELATIVE:
		fputc('+', out);
		dump_secs(out, time->start_usecs);
		break;
	case AST_TIME_ANY:
		fputc('*', out);
		break;
	case AST_TIME_ABS_RANGE:
		dump_secs(out, time->start_usecs);
		fputc('~', out);
		dump_secs(out, time->end_usecs);
		break;
	case AST_TIME_REL_RANGE:
		fputc('+', out);
		dump_secs(out, time->start_usecs);
		fputs("~+", out);
		dump_secs(out, time->end_usecs);
		break;
	}
}

/* The escapes the scanner reads back; everything else as \xHH. */
static void dump_string(FILE *out, const char *s, size_t len)
{
	static const char special[] = "\"\\\n\t\r\f\v";
	static const char names[] = "\"\\ntrfv";
	size_t i;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];
		const char *hit = c ? strchr(special, c) : NULL;

		if (hit)
			fprintf(out, "\\%c", names[hit - special]);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* ---- expressions ------------------------------------------------------------ */

static void dump_expr_list(FILE *out, const struct ast_expr *items)
{
	for (; items; items = items->next) {
		ast_dump_expr(out, items);
		if (items->next)
			fputs(", ", out);
	}
}

static const struct ast_expr *field_value(const struct ast_expr *items,
					  const char *name)
{
	for (; items; items = items->next)
		if (items->kind == AST_EXPR_FIELD && items->text &&
		    strcmp(items->text, name) == 0)
			return items->lhs;
	return NULL;
}

static int64_t field_num(const struct ast_expr *items, const char *name)
{
	const struct ast_expr *value = field_value(items, name);

	return value && value->kind == AST_EXPR_INT ? value->num : 0;
}

/*
 * GRE flags as packetdrill's list when only the C, K and S bits (RFC 2784,
 * RFC 2890) are set, else as a number.
 */
static void dump_gre_flags(FILE *out, uint32_t flags)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} bits[] = {
		{ 0x8000, "checksum present" },
		{ 0x2000, "key present" },
		{ 0x1000, "sequence# present" },
	};
	const char *sep = "";
	size_t i;

	if (flags & ~0xb000u) {
		fprintf(out, "flags 0x%" PRIx32, flags);
		return;
	}
	fputs("flags [", out);
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (flags & bits[i].bit) {
			fprintf(out, "%s%s", sep, bits[i].name);
			sep = ", ";
		}
	}
	fputs(*sep ? "]" : "none]", out);
}

static void dump_gre_fields(FILE *out, uint32_t flags, uint32_t sum,
			    uint32_t off, uint32_t key, uint32_t seq)
{
	dump_gre_flags(out, flags);
	fprintf(out, " sum %" PRIu32 " off %" PRIu32 " key %" PRIu32
		" seq %" PRIu32, sum, off, key, seq);
}

static void dump_mpls_entry(FILE *out, int64_t label, int64_t tc,
			    bool bottom, int64_t ttl)
{
	fprintf(out, "(label %" PRId64 ", tc %" PRId64 ", %sttl %" PRId64 ")",
		label, tc, bottom ? "[S], " : "", ttl);
}

/* packetdrill's GRE and MPLS literals, tagged STRUCTs (see parser.y). */
static bool dump_tagged_struct(FILE *out, const struct ast_expr *expr)
{
	const struct ast_expr *entry;

	if (strcmp(expr->text, "gre") == 0) {
		fputc('{', out);
		dump_gre_fields(out, field_num(expr->items, "flags"),
				field_num(expr->items, "sum"),
				field_num(expr->items, "off"),
				field_num(expr->items, "key"),
				field_num(expr->items, "seq"));
		fputc('}', out);
		return true;
	}
	if (strcmp(expr->text, "mpls") == 0 && expr->items) {
		fputc('{', out);
		for (entry = expr->items; entry; entry = entry->next) {
			int64_t v[4] = { 0, 0, 0, 0 };
			const struct ast_expr *item = entry->items;
			int i;

			for (i = 0; i < 4 && item; i++, item = item->next)
				v[i] = item->num;
			dump_mpls_entry(out, v[0], v[1], v[2] != 0, v[3]);
			if (entry->next)
				fputc(' ', out);
		}
		fputc('}', out);
		return true;
	}
	return false;
}

/* a|b|c is a left-leaning chain: walk it with a heap stack, not the C one. */
static void dump_binary(FILE *out, const struct ast_expr *expr)
{
	const struct ast_expr *small[32], **chain = small, **bigger;
	size_t depth = 0, cap = 32;

	while (expr->kind == AST_EXPR_BINARY && expr->lhs) {
		if (depth == cap) {
			bigger = malloc(2 * cap * sizeof(*chain));
			if (!bigger)
				break;
			memcpy(bigger, chain, depth * sizeof(*chain));
			if (chain != small)
				free(chain);
			chain = bigger;
			cap *= 2;
		}
		chain[depth++] = expr;
		expr = expr->lhs;
	}
	ast_dump_expr(out, expr);
	while (depth > 0) {
		const struct ast_expr *node = chain[--depth];

		fputc(node->op, out);
		if (node->rhs)
			ast_dump_expr(out, node->rhs);
	}
	if (chain != small)
		free(chain);
}

void ast_dump_expr(FILE *out, const struct ast_expr *expr)
{
	switch (expr->kind) {
	case AST_EXPR_ELLIPSIS:
		fputs("...", out);
		break;
	case AST_EXPR_INT:
		if (expr->hex)
			fprintf(out, "0x%" PRIx64, (uint64_t)expr->num);
		else
			fprintf(out, "%" PRId64, expr->num);
		break;
	case AST_EXPR_WORD:
		fputs(expr->text ? expr->text : "", out);
		break;
	case AST_EXPR_STRING:
		dump_string(out, expr->text ? expr->text : "", expr->len);
		if (expr->str_ellipsis)
			fputs("...", out);
		break;
	case AST_EXPR_BINARY:
		dump_binary(out, expr);
		break;
	case AST_EXPR_LIST:
		fputc('[', out);
		dump_expr_list(out, expr->items);
		fputc(']', out);
		break;
	case AST_EXPR_STRUCT:
		if (expr->text && dump_tagged_struct(out, expr))
			break;
		fputc('{', out);
		dump_expr_list(out, expr->items);
		fputc('}', out);
		break;
	case AST_EXPR_FIELD:
		fputs(expr->text ? expr->text : "", out);
		if (expr->index) {
			fputc('(', out);
			ast_dump_expr(out, expr->index);
			fputc(')', out);
		}
		fputc('=', out);
		if (expr->lhs)
			ast_dump_expr(out, expr->lhs);
		break;
	case AST_EXPR_CALL:
		fprintf(out, "%s(", expr->text ? expr->text : "");
		dump_expr_list(out, expr->items);
		fputc(')', out);
		break;
	}
}

/* ---- packets ------------------------------------------------------------------ */

static bool ip_info_written(const struct ast_ip_info *info)
{
	return info->ecn != AST_ECN_UNSET || info->has_tos ||
	       info->has_flowlabel || info->has_ttl;
}

/* " [ect0, flowlabel 0x1]" or " (tos 0x10, ttl 3)"; nothing if unset. */
static void dump_ip_info(FILE *out, const struct ast_ip_info *info)
{
	static const char *const ecn_names[] = {
		[AST_ECN_NOECN] = "noecn", [AST_ECN_ECT1] = "ect1",
		[AST_ECN_ECT0] = "ect0", [AST_ECN_CE] = "ce",
		[AST_ECN_ECT01] = "ect01",
	};
	bool ecn = info->ecn >= AST_ECN_NOECN && info->ecn <= AST_ECN_ECT01;
	const char *sep = "";

	if (!ip_info_written(info))
		return;
	fputs(ecn ? " [" : " (", out);
	if (ecn) {
		fputs(ecn_names[info->ecn], out);
		sep = ", ";
	} else if (info->has_tos) {
		fprintf(out, "tos 0x%02x", info->tos);
		sep = ", ";
	}
	if (info->has_flowlabel) {
		fprintf(out, "%sflowlabel 0x%" PRIx32, sep, info->flowlabel);
		sep = ", ";
	}
	if (info->has_ttl)
		fprintf(out, "%sttl %u", sep, info->ttl);
	fputc(ecn ? ']' : ')', out);
}

static void dump_layer(FILE *out, const struct ast_layer *layer)
{
	const struct ast_mpls_entry *entry;

	switch (layer->kind) {
	case AST_LAYER_IPV4:
	case AST_LAYER_IPV6:
		fputs(layer->kind == AST_LAYER_IPV4 ? " ipv4" : " ipv6", out);
		dump_ip_info(out, &layer->ip_info);
		fprintf(out, " %s > %s:", layer->src ? layer->src : "",
			layer->dst ? layer->dst : "");
		break;
	case AST_LAYER_GRE:
		fputs(" gre", out);
		if (layer->gre_has_sum || layer->gre_has_off ||
		    layer->gre_has_key || layer->gre_has_seq || layer->gre_flags) {
			fputc(' ', out);
			dump_gre_fields(out, layer->gre_flags, layer->gre_sum,
					layer->gre_off, layer->gre_key,
					layer->gre_seq);
		}
		fputc(':', out);
		break;
	case AST_LAYER_MPLS:
		fputs(" mpls", out);
		for (entry = layer->mpls; entry; entry = entry->next) {
			fputc(' ', out);
			dump_mpls_entry(out, entry->label, entry->tc,
					entry->bottom, entry->ttl);
		}
		fputc(':', out);
		break;
	}
}

static void dump_hex_arg(FILE *out, const char *hex)
{
	if (hex && *hex)
		fprintf(out, " %s", hex);
}

void ast_dump_tcp_option(FILE *out, const struct ast_tcp_option *opt)
{
	static const char *const accecn_order[2][3] = {
		{ "e0b", "ceb", "e1b" }, { "e1b", "ceb", "e0b" },
	};
	const struct ast_sack_block *block;
	int i;

	fputs(ast_tcp_option_name(opt->kind), out);
	switch (opt->kind) {
	case AST_TCPOPT_MSS:
	case AST_TCPOPT_WSCALE:
		fprintf(out, " %" PRIu32, opt->value);
		break;
	case AST_TCPOPT_SACK:
		for (block = opt->sack; block; block = block->next)
			fprintf(out, " %" PRIu32 ":%" PRIu32, block->left,
				block->right);
		break;
	case AST_TCPOPT_TIMESTAMP:
		fprintf(out, " val %" PRIu32 " ecr %" PRIu32, opt->ts_val,
			opt->ts_ecr);
		break;
	case AST_TCPOPT_FASTOPEN:
	case AST_TCPOPT_FASTOPEN_EXP:
	case AST_TCPOPT_MD5:
		dump_hex_arg(out, opt->hex);
		break;
	case AST_TCPOPT_GENERIC:
		fprintf(out, " %u", opt->generic_kind);
		dump_hex_arg(out, opt->hex);
		break;
	case AST_TCPOPT_ACCECN:
		for (i = 0; i < opt->accecn_count && i < 3; i++)
			fprintf(out, " %s %" PRIu32,
				accecn_order[opt->accecn_e1b_first][i],
				opt->accecn[i]);
		break;
	default:
		break;
	}
}

static void dump_tcp_options(FILE *out, const struct ast_tcp *tcp)
{
	const struct ast_tcp_option *opt;

	if (tcp->options_any) {
		fputs(" <...>", out);
		return;
	}
	if (!tcp->has_options && !tcp->options)
		return;
	fputs(" <", out);
	for (opt = tcp->options; opt; opt = opt->next) {
		ast_dump_tcp_option(out, opt);
		if (opt->next)
			fputc(',', out);
	}
	fputc('>', out);
}

static void dump_ports(FILE *out, const struct ast_packet *packet)
{
	if (packet->has_ports)
		fprintf(out, " %u>%u", packet->sport, packet->dport);
}

static void dump_tcp(FILE *out, const struct ast_packet *packet)
{
	const struct ast_tcp *tcp = &packet->tcp;

	if (packet->has_psp)
		fprintf(out, " encap psp spi %" PRIu32, packet->psp_spi);
	dump_ports(out, packet);
	fprintf(out, " %s %" PRId64 ":%" PRId64 "(%" PRId64 ")",
		tcp->flags ? tcp->flags : "-", tcp->seq_start, tcp->seq_end,
		tcp->payload_len);
	if (tcp->has_ack)
		fprintf(out, " ack %" PRIu32, tcp->ack);
	if (tcp->has_win)
		fprintf(out, " win %" PRIu32, tcp->win);
	if (tcp->has_urg)
		fprintf(out, " urg %" PRIu32, tcp->urg);
	dump_tcp_options(out, tcp);
}

static void dump_icmp(FILE *out, const struct ast_icmp *icmp)
{
	fprintf(out, " icmp %s", icmp->type ? icmp->type : "0");
	if (icmp->code)
		fprintf(out, " %s", icmp->code);
	if (icmp->has_mtu)
		fprintf(out, " mtu %" PRIu32, icmp->mtu);
	if (icmp->has_id)
		fprintf(out, " id %" PRIu32, icmp->id);
	switch (icmp->echoed) {
	case AST_ICMP_ECHOED_NONE:
		break;
	case AST_ICMP_ECHOED_TCP:
		fprintf(out, " [%" PRId64 ":%" PRId64 "(%" PRId64 ")]",
			icmp->echoed_seq_start, icmp->echoed_seq_end,
			icmp->echoed_len);
		break;
	case AST_ICMP_ECHOED_UDP:
		fprintf(out, " [udp (%" PRId64 ")]", icmp->echoed_len);
		break;
	case AST_ICMP_ECHOED_RAW:
		fprintf(out, " [raw (%" PRId64 ")]", icmp->echoed_len);
		break;
	}
}

void ast_dump_packet(FILE *out, const struct ast_packet *packet)
{
	const struct ast_layer *layer;

	fputc(packet->direction == AST_DIR_INBOUND ? '<' : '>', out);
	for (layer = packet->layers; layer; layer = layer->next)
		dump_layer(out, layer);
	dump_ip_info(out, &packet->ip_info);
	switch (packet->proto) {
	case AST_PROTO_TCP:
		dump_tcp(out, packet);
		break;
	case AST_PROTO_UDP:
		fputs(" udp", out);
		dump_ports(out, packet);
		fprintf(out, " (%" PRId64 ")", packet->udp.payload_len);
		break;
	case AST_PROTO_ICMP:
		dump_icmp(out, &packet->icmp);
		break;
	}
}

/* ---- events -------------------------------------------------------------------- */

static void dump_syscall(FILE *out, const struct ast_syscall *sc)
{
	if (sc->blocking) {
		fputs(sc->end_relative ? "...+" : "...", out);
		dump_secs(out, sc->end_usecs);
		fputc(' ', out);
	}
	fprintf(out, "%s(", sc->name ? sc->name : "");
	dump_expr_list(out, sc->args);
	fputs(") = ", out);
	if (sc->result)
		ast_dump_expr(out, sc->result);
	if (sc->errno_name)
		fprintf(out, " %s", sc->errno_name);
	if (sc->note)
		fprintf(out, " (%s)", sc->note);
}

/*
 * %{ text }%, with no space next to a newline (none is kept: the scanner
 * drops spaces and tabs at both ends of a block).
 */
static void dump_code(FILE *out, const char *text)
{
	size_t len = strlen(text);

	if (!len) {
		fputs("%{ }%", out);
		return;
	}
	fprintf(out, "%%{%s%s%s}%%", text[0] == '\n' ? "" : " ", text,
		text[len - 1] == '\n' ? "" : " ");
}

static void dump_action(FILE *out, const struct ast_event *event)
{
	const struct ast_state_assert *state;

	switch (event->kind) {
	case AST_EVENT_PACKET:
		ast_dump_packet(out, event->packet);
		break;
	case AST_EVENT_SYSCALL:
		dump_syscall(out, event->syscall);
		break;
	case AST_EVENT_COMMAND:
		fprintf(out, "`%s`", event->command->text);
		break;
	case AST_EVENT_CODE:
		dump_code(out, event->code->text);
		break;
	case AST_EVENT_STATE:
		state = event->state;
		fputs("state ", out);
		if (state->has_ports)
			fprintf(out, "%u>%u ", state->sport, state->dport);
		fputs(ast_tcp_state_name(state->state) ?
		      ast_tcp_state_name(state->state) : "?", out);
		break;
	}
}

void ast_dump_event(FILE *out, const struct ast_event *event)
{
	ast_dump_time(out, &event->time);
	fputc(' ', out);
	dump_action(out, event);
}

static void dump_resolved(FILE *out, const struct ast_event *event)
{
	bool blocking = event->kind == AST_EVENT_SYSCALL &&
			event->syscall->blocking;

	fprintf(out, " // %" PRId64 ".%06" PRId64, event->time_usecs / 1000000,
		event->time_usecs % 1000000);
	if (event->time_end_usecs != event->time_usecs || blocking)
		fprintf(out, "%s%" PRId64 ".%06" PRId64, blocking ? "..." : "~",
			event->time_end_usecs / 1000000,
			event->time_end_usecs % 1000000);
}

/* Option values outside this set are written as "..." strings. */
static bool option_value_plain(const char *value)
{
	if (!*value)
		return false;
	for (; *value; value++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_.:/,+@%=-", *value))
			return false;
	return true;
}

void ast_dump_script(FILE *out, const struct ast_script *script)
{
	const struct ast_option *opt;
	const struct ast_event *event;

	for (opt = script->options; opt; opt = opt->next) {
		fprintf(out, "--%s", opt->name);
		if (opt->value && option_value_plain(opt->value)) {
			fprintf(out, "=%s", opt->value);
		} else if (opt->value) {
			fputc('=', out);
			dump_string(out, opt->value, strlen(opt->value));
		}
		fputc('\n', out);
	}
	if (script->init_command)
		fprintf(out, "`%s`\n", script->init_command->text);
	for (event = script->events; event; event = event->next) {
		ast_dump_event(out, event);
		dump_resolved(out, event);
		fputc('\n', out);
	}
	if (script->cleanup_command)
		fprintf(out, "`%s`\n", script->cleanup_command->text);
}
