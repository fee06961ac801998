// SPDX-License-Identifier: GPL-2.0
/*
 * test_code_eval.c - the native evaluator of code blocks: the forms the
 * packetdrill corpus writes, Python's results for them, and the forms it
 * must leave to Python.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "tap.h"

struct eval_case {
	const char *code;
	int status;		/* enum code_eval_status */
	const char *output;	/* printed, for OK and FAIL */
	const char *message;	/* FAIL: Python's last traceback line */
};

/* Every case runs with tcpi_snd_cwnd = 10, tcpi_options = 0x27 and
 * TCPI_OPT_SYN_DATA = 32, tcpi_rtt = 12000, a fresh environment each. */
static const struct eval_case cases[] = {
	{ "assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd", CODE_EVAL_OK, "", NULL },
	{ "assert tcpi_snd_cwnd == 11, tcpi_snd_cwnd", CODE_EVAL_FAIL, "",
	  "AssertionError: 10" },
	{ "assert tcpi_snd_cwnd == 11", CODE_EVAL_FAIL, "", "AssertionError" },
	{ "assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0, tcpi_options",
	  CODE_EVAL_OK, "", NULL },
	{ "assert (tcpi_options & TCPI_OPT_SYN_DATA) == 0, tcpi_options",
	  CODE_EVAL_FAIL, "", "AssertionError: 39" },
	{ "assert 5000 <= tcpi_rtt <= 20000, 'srtt=%d us' % tcpi_rtt",
	  CODE_EVAL_OK, "", NULL },
	{ "assert 5000 <= tcpi_rtt <= 10000, 'srtt=%d us' % tcpi_rtt",
	  CODE_EVAL_FAIL, "", "AssertionError: srtt=12000 us" },
	{ "assert tcpi_snd_cwnd == 9, 'cwnd=%d rtt=%5d|%-4d|%04d' % "
	  "(tcpi_snd_cwnd, 7, 7, -7)", CODE_EVAL_FAIL, "",
	  "AssertionError: cwnd=10 rtt=    7|7   |-007" },
	{ "print(tcpi_snd_cwnd); cwnd = 10; cwnd += 10; assert cwnd == 20",
	  CODE_EVAL_OK, "10\n", NULL },
	{ "cwnd = tcpi_snd_cwnd\ncwnd -= 3\nprint(cwnd, cwnd * 2, cwnd // 2, "
	  "-7 // 2, -7 % 3, 2 ** 10, 1 << 40)", CODE_EVAL_OK,
	  "7 14 3 -4 2 1024 1099511627776\n", NULL },
	{ "# a comment\n\nassert tcpi_snd_cwnd == \\\n 10  # trailing\n",
	  CODE_EVAL_OK, "", NULL },
	{ "assert (tcpi_snd_cwnd ==\n        10)", CODE_EVAL_OK, "", NULL },
	{ "assert tcpi_snd_cwnd == 10 and tcpi_rtt > 1000 and not 0",
	  CODE_EVAL_OK, "", NULL },
	{ "print(0 or 5, 3 and 0, not 3, 1 == 1, True + True, None)",
	  CODE_EVAL_OK, "5 0 False True 2 None\n", NULL },
	{ "print(0x7fffffff, 0xffffffffffffffff + 1, ~5, -(-3), 6 ^ 3, 6 | 1)",
	  CODE_EVAL_OK, "2147483647 18446744073709551616 -6 3 5 7\n", NULL },
	{ "print('a' 'b', 'x=%s' % (1,), '%x %X %o %%' % (255, 255, 8))",
	  CODE_EVAL_OK, "ab x=1 ff FF 10 %\n", NULL },
	{ "print((1, 'a'), ())", CODE_EVAL_OK, "(1, 'a') ()\n", NULL },
	{ "TCP_INFINITE_SSTHRESH = 0x7fffffff; "
	  "assert TCP_INFINITE_SSTHRESH == 2147483647", CODE_EVAL_OK, "", NULL },
	{ "print(1); assert undefined_name == 1", CODE_EVAL_FAIL, "1\n",
	  "NameError: name 'undefined_name' is not defined" },
	{ "x += 1", CODE_EVAL_FAIL, "", "NameError: name 'x' is not defined" },
	{ "print(1 // 0)", CODE_EVAL_FAIL, "",
	  "ZeroDivisionError: integer division or modulo by zero" },
	{ "assert 1 == 2, '%d %d' % (1,)", CODE_EVAL_FAIL, "",
	  "TypeError: not enough arguments for format string" },
	{ "pass; pass;", CODE_EVAL_OK, "", NULL },
	{ "assert 1 < 2 > 1 != 0 >= 0 <= 0", CODE_EVAL_OK, "", NULL },
	{ "assert 1 < 2 > 3, 'chain'", CODE_EVAL_FAIL, "", "AssertionError: chain" },

	/* Left to Python: the whole program then runs there. */
	{ "if tcpi_snd_cwnd:\n    pass", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "x = 1 / 2", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "x = 1.5", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "assert max(1, 2) == 2", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "import os", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "x = [1]", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "print(f'{tcpi_snd_cwnd}')", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "assert 1\n  assert 2", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "x = 'text'", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "print(1 << 200)", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "assert abs == 1", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "a = b = 1", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "x = 1 if 1 else 2", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "print('%.2f' % 1)", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "print(1, sep='')", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "x = 010", CODE_EVAL_UNSUPPORTED, NULL, NULL },
	{ "assert 1 in (1,)", CODE_EVAL_UNSUPPORTED, NULL, NULL },
};

static int run_case(const struct eval_case *c, char **output, char **message)
{
	struct code_env *env = code_env_new();
	struct code_prog *prog = NULL;
	char *why = NULL, *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int status;

	code_env_set(env, "tcpi_snd_cwnd", 10);
	code_env_set(env, "tcpi_options", 0x27);
	code_env_set(env, "TCPI_OPT_SYN_DATA", 32);
	code_env_set(env, "tcpi_rtt", 12000);
	status = code_prog_parse(c->code, &prog, &why);
	if (status == CODE_EVAL_OK)
		status = code_prog_run(prog, env, out, &why);
	fclose(out);
	code_prog_free(prog);
	code_env_free(env);
	*output = buf;
	*message = why;
	return status;
}

/* A TAP name is one line: newlines of the code become spaces. */
static void case_name(char *name, size_t size, const char *code, const char *what)
{
	char *p;

	snprintf(name, size, "%.60s: %s", code, what);
	for (p = name; *p; p++)
		if (*p == '\n')
			*p = ' ';
}

static void test_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct eval_case *c = &cases[i];
		char *output, *message, name[200];
		int status = run_case(c, &output, &message);

		case_name(name, sizeof(name), c->code, "status");
		tap_is_int(status, c->status, name);
		if (c->output) {
			case_name(name, sizeof(name), c->code, "output");
			tap_is_str(output, c->output, name);
		}
		if (c->message) {
			case_name(name, sizeof(name), c->code, "message");
			tap_is_str(message, c->message, name);
		}
		if (c->status == CODE_EVAL_UNSUPPORTED)
			tap_ok(message && *message, "says why it is left to Python");
		free(output);
		free(message);
	}
}

/* Variables live across blocks, as in the one Python program. */
static void test_env_across_blocks(void)
{
	struct code_env *env = code_env_new();
	struct code_prog *a = NULL, *b = NULL;
	char *why = NULL;
	int64_t v = 0;
	FILE *out = fopen("/dev/null", "w");

	code_prog_parse("cwnd = 10", &a, &why);
	code_prog_parse("cwnd += 1; assert tcpi_snd_cwnd == cwnd, tcpi_snd_cwnd", &b, &why);
	code_env_set(env, "tcpi_snd_cwnd", 11);
	tap_is_int(code_prog_run(a, env, out, &why), CODE_EVAL_OK, "first block");
	tap_is_int(code_prog_run(b, env, out, &why), CODE_EVAL_OK,
		   "second block sees the first one's variable");
	tap_ok(code_env_get(env, "cwnd", &v) && v == 11, "cwnd is 11 after both");
	code_env_set(env, "tcpi_snd_cwnd", 13);
	tap_is_int(code_prog_run(b, env, out, &why), CODE_EVAL_FAIL,
		   "a new snapshot value fails the same block");
	tap_is_str(why, "AssertionError: 13", "with the snapshot's value");
	free(why);
	fclose(out);
	code_prog_free(a);
	code_prog_free(b);
	code_env_free(env);
}

/* Hostile input: the evaluator never crashes, it declines. */
static void test_hostile(void)
{
	static const char *const texts[] = {
		"", "(", ")", "assert", "assert ,", "print(", "'", "\"abc",
		"x =", "= 1", "1 +", "((((((1", "\\", "assert 1,", "a..b",
		"print(1,,2)", "~", "not", "x += ", "'%' % 1", "'%d' % 'a'",
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct eval_case c = { texts[i], 0, NULL, NULL };
		char *output, *message;
		int status = run_case(&c, &output, &message);

		if (status != CODE_EVAL_OK && !(message && *message))
			ok = 0;
		free(output);
		free(message);
	}
	tap_ok(ok, "malformed blocks are declined with a reason, never crash");
}

int main(void)
{
	test_cases();
	test_env_across_blocks();
	test_hostile();
	return tap_done();
}
