/* SPDX-License-Identifier: GPL-2.0 */
/*
 * code.h - `%{ ... }%` code blocks: snapshots of the socket under test,
 * checked when the script has run.
 *
 * Contract (packetdrill's behaviour): at a code event the run takes a
 * snapshot of the socket under test - getsockopt TCP_INFO, TCP_CC_INFO and
 * SO_MEMINFO - and keeps it with the block's text. When every event has
 * passed, the blocks run in script order as one program in which each
 * block first sees its own snapshot as variables (tcpi_snd_cwnd, ...,
 * bbr_bw, SK_MEMINFO_RCVBUF, and names such as TCP_CA_Open) and the
 * variables earlier blocks set. The program is Python, run by
 * --code_command (default python3).
 *
 * Beyond: when every block is in the subset the native evaluator knows
 * (assert, print, assignments, integer arithmetic, comparisons, and/or/not,
 * '%' formatting of messages) and the command is the default one, the
 * blocks are evaluated here without Python, with Python's results; any
 * block outside the subset sends the whole program to Python.
 *
 * Nothing here prints: output the blocks print and failures come back as
 * text in a struct code_result.
 */
#ifndef TCPDRILL_CODE_H
#define TCPDRILL_CODE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

/* Room for the kernel's struct tcp_info (280 bytes on Linux 6.18). */
#define CODE_TCP_INFO_MAX	512
#define CODE_CC_INFO_MAX	64
#define CODE_MEMINFO_VARS	9	/* SK_MEMINFO_VARS */

/* One block and the snapshot taken at its event. */
struct code_block {
	char *text;		/* as written, spaces and tabs trimmed at
				 * both ends (packetdrill's rule) */
	int line;		/* of the event in the script */
	uint8_t tcp_info[CODE_TCP_INFO_MAX];
	int tcp_info_len;	/* bytes the kernel filled */
	uint8_t cc_info[CODE_CC_INFO_MAX];
	int cc_info_len;	/* 0 for congestion controls with none */
	uint32_t meminfo[CODE_MEMINFO_VARS];
	int meminfo_len;	/* bytes */
	struct code_block *next;
};

struct code_live;	/* blocks evaluated at their own events */

struct code {
	char *path;		/* the script, for messages */
	struct code_block *blocks;
	struct code_block **tail;
	struct code_block *last;	/* the newest block */
	int count;
	struct code_live *live;	/* NULL: every block runs at the end */
};

enum code_engine {
	CODE_ENGINE_AUTO,	/* native when it can, else the command */
	CODE_ENGINE_NATIVE,	/* native only: a block outside the subset
				 * is an error (for tests) */
	CODE_ENGINE_COMMAND,	/* always the command */
};

struct code_options {
	const char *command;	/* --code_command */
	const char *format;	/* --code_format: only "python" */
	const char *sockopt;	/* --code_sockopt: checked, as packetdrill */
	const char *dir;	/* where the command runs, or NULL */
	enum code_engine engine;
};

struct code_result {
	int line;		/* the failing block's line, 0 if unknown */
	char *message;		/* why it failed ("AssertionError: 12") */
	char *output;		/* what the blocks printed; never NULL */
	bool native;		/* evaluated without the command */
};

void code_init(struct code *code, const char *path);
void code_free(struct code *code);

/* Check --code_format and --code_sockopt as packetdrill does. */
int code_check_options(const struct code_options *opt, struct error *err);

/*
 * Snapshot the socket fd now and keep the block (text as written between
 * the delimiters). -1 with err when fd has no TCP_INFO.
 */
int code_snapshot(struct code *code, int fd, const char *text, int line,
		  struct error *err);

/* Keep a block with a snapshot made by the caller (tests, replays). */
int code_add_block(struct code *code, const char *text, int line,
		   const void *tcp_info, int tcp_info_len, const void *cc_info,
		   int cc_info_len, const uint32_t *meminfo, int meminfo_len,
		   struct error *err);

/*
 * Run every block (or, when every block was evaluated live, give the
 * result of that). 0: all passed; 1: a block failed (res says which and
 * why); -1: the blocks could not be run at all (err). res->output holds
 * what they printed in every case; code_result_free() it.
 */
int code_execute(const struct code *code, const struct code_options *opt,
		 struct code_result *res, struct error *err);
void code_result_free(struct code_result *res);

/*
 * The variables a block sees, in packetdrill's order: the symbolic names,
 * then tcpi_*, then the congestion control's and SO_MEMINFO's. fn is
 * called once per variable; a non-zero return stops the walk and is
 * returned.
 */
int code_block_vars(const struct code_block *block,
		    int (*fn)(const char *name, uint64_t value, void *arg),
		    void *arg);

/*
 * Beyond packetdrill: blocks evaluated as their snapshots are taken.
 *
 * packetdrill runs every block after the script, so a script whose first
 * assert fails still runs its whole timeline (20 s for some of its corpus)
 * before it says so. When opt would use the native evaluator, the run can
 * call code_live_start() before its first event and code_live_eval_last()
 * after each snapshot: a failing block then ends the run at its own event,
 * with the line and message running the blocks at the end would give (the
 * evaluator's results are Python's, and Python stops at the first failing
 * block too). The first block outside the subset turns this off: from then
 * on the blocks run at the end, all of them, as one program, as before.
 * code_live_start() does nothing when opt would not be native or is
 * invalid (the end reports that), or when memory runs out.
 */
void code_live_start(struct code *code, const struct code_options *opt);

/*
 * Evaluate the newest block if live evaluation is on. 0: it passed, or it
 * is left for the end; 1: it failed, res holds why and what the blocks
 * printed so far (code_result_free() it).
 */
int code_live_eval_last(struct code *code, struct code_result *res);

/* Write the program the command runs (the Python file). */
int code_write_python(const struct code *code, FILE *out);

/* ---- the native evaluator (code_eval.c) ------------------------------- */

enum code_eval_status {
	CODE_EVAL_OK = 0,
	CODE_EVAL_FAIL = 1,		/* the block failed, as Python would */
	CODE_EVAL_UNSUPPORTED = 2,	/* outside the subset: use Python */
};

struct code_prog;	/* one parsed block */
struct code_env;	/* the variables, across blocks */

/* Parse a block. OK, or UNSUPPORTED with *why set (free() it). */
int code_prog_parse(const char *text, struct code_prog **out, char **why);
void code_prog_free(struct code_prog *prog);

struct code_env *code_env_new(void);
void code_env_free(struct code_env *env);
/* Set an integer variable. 0, or -1 when out of memory. */
int code_env_set(struct code_env *env, const char *name, uint64_t value);
/* 1 and *value when name holds an integer (or a bool), else 0. */
int code_env_get(const struct code_env *env, const char *name,
		 int64_t *value);

/*
 * Run a parsed block. What it prints goes to out. FAIL and UNSUPPORTED set
 * *why (free() it): for FAIL, Python's last traceback line
 * ("AssertionError: 12", "NameError: name 'x' is not defined").
 */
int code_prog_run(const struct code_prog *prog, struct code_env *env,
		  FILE *out, char **why);

#endif /* TCPDRILL_CODE_H */
