// SPDX-License-Identifier: GPL-2.0
/*
 * test_parser_ast.c - what the parser puts in the AST: kinds, values,
 * source positions, resolved times, -D definitions from the command line,
 * the TCP state names, option sizes; that hostile input (NUL bytes, deep
 * nesting, megabyte lines and chains) is an error or a success but never a
 * crash; and that parsers run side by side in threads.
 */
#include <pthread.h>
#include <stdio.h>

#include "test_parser.h"

static struct ast_script *parse_ok(const char *text)
{
	struct ast_script *script = NULL;
	struct error err = { 0 };

	if (script_parse_buffer("a.pkt", text, strlen(text), NULL, &script,
				&err)) {
		printf("# unexpected error: %s\n", err.message);
		error_clear(&err);
	}
	return script;
}

static struct ast_event *nth_event(struct ast_script *script, int n)
{
	struct ast_event *event = script ? script->events : NULL;

	while (event && n-- > 0)
		event = event->next;
	return event;
}

static void check_packet_fields(void)
{
	struct ast_script *script = parse_ok(
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0.1  < [ect0] 40000>8080 P. 1:1001(1000) ack 7 win 257 "
		"urg 2 <nop,nop,TS val 11 ecr 22,nop,nop,sack 1:2 3:4>\n");
	struct ast_event *event = nth_event(script, 1);
	struct ast_packet *p = event ? event->packet : NULL;
	struct ast_tcp_option *opt;

	tap_ok(script && script->event_count == 2, "two events counted");
	tap_ok(p && event->kind == AST_EVENT_PACKET, "a packet event");
	if (!p)
		goto out;
	tap_is_int(event->pos.line, 2, "event line");
	tap_is_int(event->pos.col, 1, "event column is the time's");
	tap_is_int(p->pos.col, 7, "packet position is the '<'");
	tap_is_int(p->direction, AST_DIR_INBOUND, "inbound");
	tap_is_int(p->ip_info.ecn, AST_ECN_ECT0, "ECN codepoint");
	tap_ok(p->has_ports && p->sport == 40000 && p->dport == 8080, "ports");
	tap_is_str(p->tcp.flags, "P.", "flags as written");
	tap_ok(p->tcp.seq_start == 1 && p->tcp.seq_end == 1001 &&
	       p->tcp.payload_len == 1000, "sequence range");
	tap_ok(p->tcp.has_ack && p->tcp.ack == 7, "ack");
	tap_ok(p->tcp.has_win && p->tcp.win == 257, "win");
	tap_ok(p->tcp.has_urg && p->tcp.urg == 2, "urg");
	opt = p->tcp.options;
	tap_ok(opt && opt->kind == AST_TCPOPT_NOP && opt->pos.col == 64,
	       "first option and its column");
	opt = opt ? opt->next->next : NULL;
	tap_ok(opt && opt->kind == AST_TCPOPT_TIMESTAMP && opt->ts_val == 11 &&
	       opt->ts_ecr == 22, "timestamp values");
	opt = opt ? opt->next->next->next : NULL;
	tap_ok(opt && opt->kind == AST_TCPOPT_SACK && opt->sack &&
	       opt->sack->left == 1 && opt->sack->next->right == 4,
	       "SACK blocks");
	tap_is_int(ast_tcp_options_wire_len(p->tcp.options), 32,
		   "option bytes on the wire");
	tap_is_int(event->time_usecs, 100000, "resolved time");
out:
	ast_script_free(script);
}

static void check_syscall_fields(void)
{
	struct ast_script *script = parse_ok(
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0 ...0.25 recvmsg(3, {msg_iov(1)=[{..., 10}], "
		"msg_flags=A|B}, 0x10) = -1 EAGAIN (Try again)\n");
	struct ast_event *event = nth_event(script, 1);
	struct ast_syscall *sc = event ? event->syscall : NULL;
	struct ast_expr *msg, *iov, *flags;

	tap_ok(sc && event->kind == AST_EVENT_SYSCALL, "a syscall event");
	if (!sc)
		goto out;
	tap_is_str(sc->name, "recvmsg", "name");
	tap_is_int(sc->name_pos.col, 12, "name column");
	tap_ok(sc->blocking && !sc->end_relative && sc->end_usecs == 250000,
	       "blocking end time as written");
	tap_is_int(event->time_end_usecs, 250000, "resolved end time");
	tap_ok(sc->args && sc->args->kind == AST_EXPR_INT &&
	       sc->args->num == 3, "first argument");
	msg = sc->args->next;
	tap_ok(msg && msg->kind == AST_EXPR_STRUCT, "a struct argument");
	iov = msg ? msg->items : NULL;
	tap_ok(iov && iov->kind == AST_EXPR_FIELD && iov->index &&
	       iov->index->num == 1 && strcmp(iov->text, "msg_iov") == 0,
	       "indexed field msg_iov(1)");
	tap_ok(iov && iov->lhs && iov->lhs->kind == AST_EXPR_LIST,
	       "its value is a list");
	flags = iov ? iov->next : NULL;
	tap_ok(flags && flags->lhs && flags->lhs->kind == AST_EXPR_BINARY &&
	       flags->lhs->op == '|', "A|B is a binary '|'");
	tap_ok(msg && msg->next && msg->next->hex && msg->next->num == 16,
	       "hex kept as hex");
	tap_ok(sc->result && sc->result->num == -1, "result -1");
	tap_is_str(sc->errno_name, "EAGAIN", "errno");
	tap_is_str(sc->note, "Try again", "note");
	tap_is_int(sc->errno_pos.col, 75, "errno column");
out:
	ast_script_free(script);
}

static void check_strings(void)
{
	struct ast_script *script = parse_ok(
		"0 write(3, \"a\\x00b\" \"\\n\"..., 4) = 4\n");
	struct ast_event *event = nth_event(script, 0);
	struct ast_expr *s = event ? event->syscall->args->next : NULL;

	tap_ok(s && s->kind == AST_EXPR_STRING, "a string");
	tap_ok(s && s->len == 4 && memcmp(s->text, "a\0b\n", 4) == 0,
	       "unescaped, joined, with its NUL byte and length");
	tap_ok(s && s->str_ellipsis, "followed by ...");
	ast_script_free(script);
}

static void check_other_events(void)
{
	struct ast_script *script = parse_ok(
		"--tolerance_usecs=5000\n--strict\n`init`\n"
		"0 `run`\n+0 %{  x = 1  }%\n+0 state 1>2 syn_recv\n`clean`\n");
	struct ast_event *e;

	tap_ok(script && script->options && script->options->next,
	       "two option lines");
	if (!script)
		return;
	tap_is_str(script->options->name, "tolerance_usecs", "option name");
	tap_is_str(script->options->value, "5000", "option value");
	tap_ok(script->options->next->value == NULL, "a bare flag");
	tap_is_str(script->init_command->text, "init", "init command");
	tap_is_str(script->cleanup_command->text, "clean", "cleanup command");
	e = nth_event(script, 0);
	tap_ok(e && e->kind == AST_EVENT_COMMAND &&
	       strcmp(e->command->text, "run") == 0, "command event");
	e = nth_event(script, 1);
	tap_ok(e && e->kind == AST_EVENT_CODE &&
	       strcmp(e->code->text, "x = 1") == 0,
	       "code block with its ends trimmed");
	e = nth_event(script, 2);
	tap_ok(e && e->kind == AST_EVENT_STATE &&
	       e->state->state == AST_TCP_SYN_RECV && e->state->has_ports &&
	       e->state->sport == 1 && e->state->dport == 2 &&
	       strcmp(e->state->written, "syn_recv") == 0,
	       "state assertion with ports and its spelling");
	ast_script_free(script);
}

static void check_times(void)
{
	static const int64_t want[][2] = {
		{ 0, 0 }, { 100000, 100000 }, { 100000, 100000 },
		{ 200000, 400000 }, { 500000, 600000 }, { 500000, 500000 },
		{ 700000, 700000 }, { 700000, 900000 }, { 700000, 700000 },
	};
	struct ast_script *script = parse_ok(
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"0.1 close(3) = 0\n"
		"* > . 1:1(0)\n"
		"+.1~+.3 > . 1:1(0)\n"
		"0.5~0.6 > . 1:1(0)\n"
		"+0 close(3) = 0\n"
		"+.2 close(3) = 0\n"
		"+0 ...+0.2 read(3, ..., 1) = 1\n"
		"+0 close(3) = 0\n");
	struct ast_event *e;
	size_t i;
	int ok = 1;

	for (i = 0, e = script ? script->events : NULL; e; e = e->next, i++) {
		if (i >= sizeof(want) / sizeof(want[0]) ||
		    e->time_usecs != want[i][0] ||
		    e->time_end_usecs != want[i][1]) {
			printf("# event %zu: %lld..%lld\n", i,
			       (long long)e->time_usecs,
			       (long long)e->time_end_usecs);
			ok = 0;
		}
	}
	tap_ok(ok && i == sizeof(want) / sizeof(want[0]),
	       "times resolve against the previous event's start");
	ast_script_free(script);
}

static void check_defines(void)
{
	struct config_define d4 = { "CMD", "`date`", NULL };
	struct config_define d3 = { "STR", "\"x\\ty\"", &d4 };
	struct config_define d2 = { "NUM", "0x10", &d3 };
	struct config_define d1 = { "WORDY", "SOL_TCP", &d2 };
	const char *text = "--define=NUM=7\n"
			   "0 f(WORDY, NUM, STR, fd) = 0\n+0 CMD\n";
	char *dump = parse_and_dump("d.pkt", text, strlen(text), &d1);

	tap_is_str(dump, "--define=NUM=7\n"
		   "0 f(SOL_TCP, 16, \"x\\ty\", fd) = 0 // 0.000000\n"
		   "+0 `date` // 0.000000\n",
		   "-D values become words, integers, strings and commands; "
		   "the command line wins over --define lines");
	free(dump);
}

static void check_state_names(void)
{
	static const struct {
		const char *name;
		int state;
	} names[] = {
		{ "LISTEN", AST_TCP_LISTEN }, { "syn-sent", AST_TCP_SYN_SENT },
		{ "SYN_RCVD", AST_TCP_SYN_RECV },
		{ "SYN-RECEIVED", AST_TCP_SYN_RECV },
		{ "SYN_RECV", AST_TCP_SYN_RECV },
		{ "Established", AST_TCP_ESTABLISHED },
		{ "FIN-WAIT-1", AST_TCP_FIN_WAIT1 },
		{ "FIN_WAIT1", AST_TCP_FIN_WAIT1 },
		{ "fin_wait_2", AST_TCP_FIN_WAIT2 },
		{ "CLOSE_WAIT", AST_TCP_CLOSE_WAIT },
		{ "closing", AST_TCP_CLOSING }, { "LAST_ACK", AST_TCP_LAST_ACK },
		{ "time-wait", AST_TCP_TIME_WAIT }, { "CLOSED", AST_TCP_CLOSE },
		{ "CLOSE", AST_TCP_CLOSE }, { "ESTAB", -1 }, { "", -1 },
		{ "FIN-WAIT", -1 }, { "LISTENING", -1 },
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (ast_tcp_state_parse(names[i].name) != names[i].state) {
			printf("# %s\n", names[i].name);
			ok = 0;
		}
	}
	tap_ok(ok, "state spellings parse to the kernel's numbers");
	tap_is_int(ast_tcp_state_parse(NULL), -1, "NULL is no state");
	tap_is_str(ast_tcp_state_name(AST_TCP_FIN_WAIT1), "FIN-WAIT-1",
		   "canonical name");
	tap_is_str(ast_tcp_state_name(AST_TCP_CLOSE), "CLOSED",
		   "CLOSE is written CLOSED");
	tap_ok(ast_tcp_state_name(0) == NULL && ast_tcp_state_name(12) == NULL,
	       "no name for unknown numbers");
}

static void check_option_sizes(void)
{
	static const struct {
		const char *opts;
		int len;
	} sizes[] = {
		{ "<nop,eol,nop,nop>", 4 }, { "<mss 1,wscale 2,nop>", 8 },
		{ "<sackOK,TS val 1 ecr 2>", 12 }, { "<sack 1:2 3:4,nop,nop>", 20 },
		{ "<FO abcd,nop,nop,nop,nop>", 8 }, { "<FOEXP abcd,nop,nop>", 8 },
		{ "<md5 00112233445566778899aabbccddeeff,nop,nop>", 20 },
		{ "<ECN e0b 1 ceb 2 e1b 3,nop>", 12 }, { "<kind 9 00,nop>", 4 },
	};
	char text[256];
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct ast_script *script;
		struct ast_event *e;

		snprintf(text, sizeof(text), "0 > . 1:1(0) %s\n",
			 sizes[i].opts);
		script = parse_ok(text);
		e = nth_event(script, 0);
		if (!e || ast_tcp_options_wire_len(e->packet->tcp.options) !=
			  sizes[i].len) {
			printf("# %s\n", sizes[i].opts);
			ok = 0;
		}
		ast_script_free(script);
	}
	tap_ok(ok, "option sizes on the wire");
	tap_is_str(ast_tcp_option_name(AST_TCPOPT_SACK_PERM), "sackOK",
		   "option names are the script's keywords");
}

/* Parse `len` bytes; 0 for success, -1 for an error (never a crash). */
static int parse_bytes(const char *text, size_t len, char **msg)
{
	struct ast_script *script = NULL;
	struct error err = { 0 };
	int ret = script_parse_buffer("h.pkt", text, len, NULL, &script, &err);

	*msg = NULL;
	if (ret && err.message && asprintf(msg, "%d:%d: %s", err.line,
					   err.col, err.message) < 0)
		*msg = NULL;
	error_clear(&err);
	ast_script_free(script);
	return ret;
}

static char *repeat(const char *head, const char *unit, size_t n,
		    const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * n + tl + 1), *p = s;
	size_t i;

	if (!s)
		return NULL;
	memcpy(p, head, hl);
	p += hl;
	for (i = 0; i < n; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, tail, tl + 1);
	return s;
}

static void check_hostile(void)
{
	static const char nul[] = "0 close(3) = 0\n\0\n+0 close(3) = 0\n";
	char *msg, *text;

	tap_is_int(parse_bytes(nul, sizeof(nul) - 1, &msg), -1,
		   "a NUL byte is an error");
	tap_is_str(msg, "2:1: unexpected control byte 0x00", "at its place");
	free(msg);

	text = repeat("0 f(", "[", 100000, ") = 0\n");
	tap_is_int(parse_bytes(text, strlen(text), &msg), -1,
		   "100000 nested brackets are an error");
	tap_is_str(msg, "1:104: brackets nested more than 100 deep",
		   "at the first bracket too deep (the call's '(' counts)");
	free(msg);
	free(text);

	/* Every walk of the tree recurses once per term: the run crashed. */
	text = repeat("0 f(", "A|", 1000000, "A) = 0\n");
	tap_is_int(parse_bytes(text, strlen(text), &msg), -1,
		   "a million-long A|A|... chain is an error");
	tap_is_str(msg, "1:132: more than 64 terms joined by '|'",
		   "at the 64th '|'");
	free(msg);
	free(text);

	text = repeat("0 f(", "A|", 63, "A) = 0\n");
	tap_is_int(parse_bytes(text, strlen(text), &msg), 0,
		   "64 terms joined by '|' parse");
	free(msg);
	free(text);

	text = repeat("0 f(", "A=", 100000, "A) = 0\n");
	tap_is_int(parse_bytes(text, strlen(text), &msg), -1,
		   "a 100000-long a=b=... chain is an error");
	tap_ok(msg && strstr(msg, "nests too deeply"), "saying why");
	free(msg);
	free(text);

	text = repeat("0 write(3, \"", "x", 10 << 20, "\", 1) = 1\n");
	tap_is_int(parse_bytes(text, strlen(text), &msg), 0,
		   "a 10 MB line parses");
	free(msg);
	free(text);

	text = repeat("0 close(3) = 0\n/*", "x", 10 << 20, "");
	tap_is_int(parse_bytes(text, strlen(text), &msg), -1,
		   "a 10 MB unterminated comment is an error");
	tap_is_str(msg, "2:1: unterminated comment: expected '*/' before the "
		   "end of file", "pointing at its start");
	free(msg);
	free(text);

	text = repeat("0 close(", "9", 100000, ") = 0\n");
	tap_is_int(parse_bytes(text, strlen(text), &msg), -1,
		   "a 100000-digit integer is an error");
	tap_ok(msg && strlen(msg) < 200, "with a short message");
	free(msg);
	free(text);

	tap_is_int(parse_bytes("0 `a\0b`\n", 9, &msg), -1,
		   "a NUL byte in a command is an error");
	tap_is_str(msg, "1:5: unexpected control byte 0x00", "in the command");
	free(msg);
	tap_is_int(parse_bytes("0 %{ a\0b }%\n", 13, &msg), -1,
		   "a NUL byte in a code block is an error");
	free(msg);

	tap_is_int(parse_bytes("\xff\xfe\x80", 3, &msg), -1,
		   "invalid UTF-8 is an error");
	free(msg);
	tap_is_int(parse_bytes("0 f() = 0 // \xff\xfe ok\n", 19, &msg), 0,
		   "bytes of any value are fine in a comment");
	free(msg);
}

#define THREADS 4

static void *parse_in_thread(void *arg)
{
	const char *text = arg;
	char *first = dump_of(text), *dump;
	int i, same = first != NULL;

	for (i = 0; i < 50 && same; i++) {
		dump = dump_of(text);
		same = dump && strcmp(dump, first) == 0;
		free(dump);
	}
	free(first);
	return same ? arg : NULL;
}

static void check_threads(void)
{
	const char *text = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			   "+0 < S 0:0(0) win 1 <mss 1460,nop,wscale 7>\n"
			   "+0 bad(";
	const char *good = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			   "+0.1 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 7>\n";
	pthread_t threads[THREADS];
	int i, ok = 1;

	for (i = 0; i < THREADS; i++)
		pthread_create(&threads[i], NULL, parse_in_thread,
			       (void *)(i % 2 ? text : good));
	for (i = 0; i < THREADS; i++) {
		void *ret = NULL;

		pthread_join(threads[i], &ret);
		ok = ok && ret != NULL;
	}
	tap_ok(ok, "parsers in several threads give the same results");
}

int main(void)
{
	check_packet_fields();
	check_syscall_fields();
	check_strings();
	check_other_events();
	check_times();
	check_defines();
	check_state_names();
	check_option_sizes();
	check_hostile();
	check_threads();
	return tap_done();
}
