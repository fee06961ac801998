// SPDX-License-Identifier: GPL-2.0
/*
 * test_code.c - code blocks: the TCP_INFO snapshot and the variables read
 * from it, the Python program, and running the blocks natively and with
 * python3 (the two must agree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>
#include <linux/tcp.h>	/* the kernel's struct tcp_info, newer than glibc's */

#include "code.h"
#include "tap.h"

struct lookup {
	const char *name;
	uint64_t value;
	int found;
	int position;		/* of the name in the walk */
	int count;
};

static int find_var(const char *name, uint64_t value, void *arg)
{
	struct lookup *l = arg;

	if (strcmp(name, l->name) == 0 && !l->found) {
		l->found = 1;
		l->value = value;
		l->position = l->count;
	}
	l->count++;
	return 0;
}

static int var_of(const struct code_block *b, const char *name, uint64_t *value)
{
	struct lookup l = { .name = name };

	code_block_vars(b, find_var, &l);
	*value = l.value;
	return l.found ? l.position : -1;
}

/* The offsets table against the C library's struct, field by field. */
static void test_layout(void)
{
	struct tcp_info info;
	struct code code;
	struct error err = { 0 };
	uint32_t mem[CODE_MEMINFO_VARS] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	uint32_t bbr[5] = { 0x10, 0x2, 30000, 739, 512 };
	uint64_t v = 0;

	memset(&info, 0, sizeof(info));
	info.tcpi_state = 1;
	info.tcpi_ca_state = 3;
	info.tcpi_options = 0x27;
	info.tcpi_snd_wscale = 7;
	info.tcpi_rcv_wscale = 9;
	info.tcpi_rto = 204000;
	info.tcpi_snd_mss = 1448;
	info.tcpi_lost = 5;
	info.tcpi_rtt = 12345;
	info.tcpi_snd_ssthresh = 0x7fffffff;
	info.tcpi_snd_cwnd = 10;
	info.tcpi_reordering = 3;
	info.tcpi_pacing_rate = 0x123456789aULL;
	info.tcpi_segs_out = 77;
	info.tcpi_busy_time = 4242;
	info.tcpi_delivered = 12;
	info.tcpi_bytes_retrans = 1000;
	info.tcpi_rcv_ooopack = 4;
	info.tcpi_snd_wnd = 65535;

	code_init(&code, "x.pkt");
	tap_is_int(code_add_block(&code, "  assert 1\t", 12, &info, sizeof(info),
				  bbr, sizeof(bbr), mem, sizeof(mem), &err), 0,
		   "a block with a made snapshot");
	tap_is_str(code.blocks->text, "assert 1", "its text trimmed of spaces and tabs");
#define CHECK(name, want)                                                \
	do {                                                             \
		tap_ok(var_of(code.blocks, name, &v) >= 0 && v == (want),   \
		       name " read at its offset");                     \
	} while (0)
	CHECK("tcpi_state", 1);
	CHECK("tcpi_ca_state", 3);
	CHECK("tcpi_options", 0x27);
	CHECK("tcpi_snd_wscale", 7);
	CHECK("tcpi_rcv_wscale", 9);
	CHECK("tcpi_rto", 204000);
	CHECK("tcpi_snd_mss", 1448);
	CHECK("tcpi_lost", 5);
	CHECK("tcpi_rtt", 12345);
	CHECK("tcpi_snd_ssthresh", 0x7fffffff);
	CHECK("tcpi_snd_cwnd", 10);
	CHECK("tcpi_reordering", 3);
	CHECK("tcpi_pacing_rate", 0x123456789aULL);
	CHECK("tcpi_segs_out", 77);
	CHECK("tcpi_busy_time", 4242);
	CHECK("tcpi_delivered", 12);
	CHECK("tcpi_bytes_retrans", 1000);
	CHECK("tcpi_rcv_ooopack", 4);
	CHECK("tcpi_snd_wnd", 65535);
	CHECK("tcpi_rcv_wnd", 0);	/* past the C library's struct: 0 */
	CHECK("bbr_min_rtt", 30000);
	CHECK("bbr_bw", 0x200000010ULL);
	CHECK("SK_MEMINFO_RCVBUF", 2);
	CHECK("SK_MEMINFO_DROPS", 9);
	CHECK("TCP_CA_Recovery", 3);
	CHECK("TCPI_OPT_SYN_DATA", 32);
	CHECK("TCP_CLOSE", 7);
	tap_ok(var_of(code.blocks, "TCP_CLOSE", &v) < var_of(code.blocks, "tcpi_state", &v),
	       "the names come before the snapshot, as packetdrill writes them");
	code_free(&code);
	error_clear(&err);
}

/* A real socket: its TCP_INFO is read, closed state included. */
static void test_snapshot(void)
{
	struct code code;
	struct error err = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	uint64_t v = 0;

	code_init(&code, "x.pkt");
	tap_is_int(code_snapshot(&code, fd, "assert tcpi_state == TCP_CLOSE", 3, &err),
		   0, "TCP_INFO of a fresh TCP socket");
	tap_ok(code.blocks && code.blocks->tcp_info_len >= 104,
	       "the kernel filled the struct");
	tap_ok(var_of(code.blocks, "tcpi_state", &v) >= 0 && v == 7,
	       "tcpi_state is TCP_CLOSE");
	tap_is_int(code_snapshot(&code, -1, "assert 1", 4, &err), -1,
		   "no socket under test is an error");
	tap_ok(err.message && strstr(err.message, "socket under test"), "saying so");
	error_clear(&err);
	close(fd);
	code_free(&code);
}

static void add(struct code *code, const char *text, int line, uint32_t cwnd)
{
	struct tcp_info info;
	struct error err = { 0 };

	memset(&info, 0, sizeof(info));
	info.tcpi_snd_cwnd = cwnd;
	info.tcpi_state = 1;
	code_add_block(code, text, line, &info, sizeof(info), NULL, 0, NULL, 0, &err);
	error_clear(&err);
}

static void test_python_file(void)
{
	struct code code;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	code_init(&code, "dir/it's.pkt");
	add(&code, "assert tcpi_snd_cwnd == 10", 7, 10);
	code_write_python(&code, f);
	fclose(f);
	tap_ok(buf && strstr(buf, "\ntcpi_snd_cwnd = 10\n"), "the snapshot as assignments");
	tap_ok(buf && strstr(buf, "\nTCP_ESTABLISHED = 1\n"), "and the symbolic names");
	tap_ok(buf && strstr(buf, "_file = 'dir/it\\'s.pkt'\n_line = 7\n"
			     "assert tcpi_snd_cwnd == 10\n"),
	       "then the block's place and text");
	free(buf);
	code_free(&code);
}

struct program {
	const char *blocks[3];
	uint32_t cwnd[3];
	int status;		/* 0 pass, 1 fail */
	int line;		/* of the failing block */
	const char *message;
	const char *output;
};

static const struct program programs[] = {
	{ { "cwnd = 10", "print(tcpi_snd_cwnd); cwnd += 1; "
	    "assert tcpi_snd_cwnd == cwnd, tcpi_snd_cwnd" }, { 10, 11 },
	  0, 0, NULL, "11\n" },
	{ { "cwnd = 10", "cwnd += 1\nassert tcpi_snd_cwnd == cwnd, tcpi_snd_cwnd" },
	  { 10, 12 }, 1, 20, "AssertionError: 12", "" },
	{ { "print('a')", "assert tcpi_state == TCP_ESTABLISHED",
	    "assert 0 <= tcpi_snd_cwnd <= 5, 'cwnd=%d' % tcpi_snd_cwnd" },
	  { 1, 1, 9 }, 1, 30, "AssertionError: cwnd=9", "a\n" },
	{ { "assert nonesuch" }, { 1 }, 1, 10,
	  "NameError: name 'nonesuch' is not defined", "" },
};

static void build(struct code *code, const struct program *p)
{
	int i;

	code_init(code, "x.pkt");
	for (i = 0; i < 3 && p->blocks[i]; i++)
		add(code, p->blocks[i], 10 * (i + 1), p->cwnd[i]);
}

static int python3_here(void)
{
	return system("python3 -c 'pass' >/dev/null 2>&1") == 0;
}

/* The same blocks natively and in python3: the same verdict. */
static void test_engines_agree(void)
{
	static const enum code_engine engines[] = {
		CODE_ENGINE_NATIVE, CODE_ENGINE_COMMAND,
	};
	int has_python = python3_here();
	size_t i, e;

	for (i = 0; i < sizeof(programs) / sizeof(programs[0]); i++) {
		for (e = 0; e < 2; e++) {
			struct code_options opt = { .command = "python3",
						    .format = "python",
						    .sockopt = "TCP_INFO",
						    .engine = engines[e] };
			const struct program *p = &programs[i];
			struct code_result res;
			struct error err = { 0 };
			struct code code;
			char name[160];
			int status;

			if (engines[e] == CODE_ENGINE_COMMAND && !has_python) {
				tap_ok(1, "# SKIP no python3");
				continue;
			}
			build(&code, p);
			status = code_execute(&code, &opt, &res, &err);
			snprintf(name, sizeof(name), "program %zu, %s: verdict", i,
				 e ? "python3" : "native");
			tap_is_int(status, p->status, name);
			snprintf(name, sizeof(name), "program %zu, %s: line", i,
				 e ? "python3" : "native");
			tap_is_int(res.line, p->line, name);
			if (p->message) {
				snprintf(name, sizeof(name), "program %zu, %s: "
					 "message", i, e ? "python3" : "native");
				tap_is_str(res.message, p->message, name);
			}
			snprintf(name, sizeof(name), "program %zu, %s: output", i,
				 e ? "python3" : "native");
			if (e == 0)
				tap_is_str(res.output, p->output, name);
			else	/* Python's output also has the traceback */
				tap_ok(strncmp(res.output, p->output,
					       strlen(p->output)) == 0, name);
			tap_ok(res.native == (e == 0), "the engine asked for ran");
			code_result_free(&res);
			error_clear(&err);
			code_free(&code);
		}
	}
}

static void test_fallback(void)
{
	struct code_options opt = { .command = "python3", .format = "python",
				    .sockopt = "TCP_INFO" };
	struct code_result res;
	struct error err = { 0 };
	struct code code;

	code_init(&code, "x.pkt");
	add(&code, "x = 3", 5, 10);
	add(&code, "if x == 3:\n    print('three')", 6, 10);
	if (python3_here()) {
		tap_is_int(code_execute(&code, &opt, &res, &err), 0,
			   "a block outside the subset: the program runs in python3");
		tap_ok(!res.native && strcmp(res.output, "three\n") == 0,
		       "all of it, earlier blocks' variables included");
		code_result_free(&res);
	} else {
		tap_ok(1, "# SKIP no python3");
		tap_ok(1, "# SKIP no python3");
	}
	opt.engine = CODE_ENGINE_NATIVE;
	tap_is_int(code_execute(&code, &opt, &res, &err), -1,
		   "native only: outside the subset is an error");
	tap_ok(err.message && *err.message, "saying why");
	code_result_free(&res);
	error_clear(&err);

	opt.engine = CODE_ENGINE_AUTO;
	opt.command = "/nonexistent/python";
	tap_is_int(code_execute(&code, &opt, &res, &err), -1,
		   "a command that cannot run is an error, not a failed block");
	code_result_free(&res);
	error_clear(&err);

	opt.command = "python3";
	opt.format = "perl";
	tap_is_int(code_execute(&code, &opt, &res, &err), -1, "only python format");
	code_result_free(&res);
	error_clear(&err);
	opt.format = "python";
	opt.sockopt = "TCP_NOPE";
	tap_is_int(code_execute(&code, &opt, &res, &err), -1, "a known sockopt");
	code_result_free(&res);
	error_clear(&err);
	code_free(&code);

	/* A checker command of its own always runs, even for native forms. */
	code_init(&code, "x.pkt");
	add(&code, "assert 0", 5, 10);
	opt.sockopt = "TCP_INFO";
	opt.command = "true";
	tap_is_int(code_execute(&code, &opt, &res, &err), 0,
		   "--code_command other than python3 is run, not evaluated here");
	code_result_free(&res);
	error_clear(&err);
	code_free(&code);
}

/* Blocks evaluated at their events: each one as it comes, with its own
 * snapshot and the variables of the blocks before it. */
static void test_live(void)
{
	struct code_options opt = { .command = "python3" };
	struct code_result res;
	struct error err = { 0 };
	struct code code;

	code_init(&code, "x.pkt");
	code_live_start(&code, &opt);
	tap_ok(code.live != NULL, "native options: blocks are evaluated live");
	add(&code, "n = tcpi_snd_cwnd\nprint('cwnd', n)", 5, 10);
	tap_is_int(code_live_eval_last(&code, &res), 0, "a passing block passes");
	code_result_free(&res);
	add(&code, "assert tcpi_snd_cwnd == n + 2, tcpi_snd_cwnd", 9, 12);
	tap_is_int(code_live_eval_last(&code, &res), 0,
		   "a later block sees its own snapshot and earlier variables");
	code_result_free(&res);
	tap_is_int(code_execute(&code, &opt, &res, &err), 0,
		   "at the end, nothing left to run");
	tap_ok(res.native && strcmp(res.output, "cwnd 10\n") == 0,
	       "the end gives what the live blocks printed");
	code_result_free(&res);
	add(&code, "assert tcpi_snd_cwnd == n, 'cwnd %d' % tcpi_snd_cwnd", 14, 11);
	tap_is_int(code_live_eval_last(&code, &res), 1,
		   "a failing block fails at its event");
	tap_is_int(res.line, 14, "naming its line");
	tap_is_str(res.message, "AssertionError: cwnd 11", "with Python's message");
	tap_is_str(res.output, "cwnd 10\n", "and what the blocks printed");
	tap_ok(code.live == NULL, "live evaluation ends with the failure");
	code_result_free(&res);
	code_free(&code);

	/* Outside the subset: this block and every later one wait for the
	 * end, where all of them run as one program. */
	code_init(&code, "x.pkt");
	code_live_start(&code, &opt);
	add(&code, "x = 1", 5, 10);
	tap_is_int(code_live_eval_last(&code, &res), 0, "a block in the subset");
	code_result_free(&res);
	add(&code, "if x == 1:\n    pass", 6, 10);
	tap_is_int(code_live_eval_last(&code, &res), 0,
		   "a block outside the subset is left for the end");
	tap_ok(code.live == NULL, "and live evaluation is off from then on");
	code_result_free(&res);
	add(&code, "assert 0", 7, 10);
	tap_is_int(code_live_eval_last(&code, &res), 0,
		   "so a later failing block is not taken live");
	code_result_free(&res);
	code_free(&code);

	/* Another command is a checker of its own: nothing runs live. */
	code_init(&code, "x.pkt");
	opt.command = "true";
	code_live_start(&code, &opt);
	tap_ok(code.live == NULL, "--code_command of another program: no live "
	       "evaluation");
	code_free(&code);
	error_clear(&err);
}

int main(void)
{
	test_layout();
	test_snapshot();
	test_python_file();
	test_engines_agree();
	test_fallback();
	test_live();
	return tap_done();
}
