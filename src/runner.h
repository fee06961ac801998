/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runner.h - find the scripts, expand variants, run each in a forked child,
 * collect verdicts, show them.
 *
 * Contract: the runner never knows how a script is run. For each job
 * (script × IP variant × attempt) it forks a child that becomes the leader
 * of a new process group and calls a runner_child_fn, which fills a struct
 * verdict; the runner sends that verdict to itself over a pipe, and the
 * child exits. Everything the child starts stays in its process group, and
 * the runner kills that group when the child ends, at --timeout, and on
 * SIGINT/SIGTERM. Results are rendered by report.c; the runner never looks
 * inside a packet.
 */
#ifndef TCPDRILL_RUNNER_H
#define TCPDRILL_RUNNER_H

#include <stdio.h>

#include "config.h"
#include "error.h"
#include "report.h"

/* runner_run()'s return values besides 0 (pass) and 1 (something failed). */
#define RUNNER_EXIT_ERROR 2	/* nothing was run; err says why */
/* Interrupted: 128 + the signal, as a shell reports it: 130, 143. */

struct runner_job {
	const char *path;	/* the script file: PATH, or PATH/rel */
	const char *name;	/* display name: the path without "./" */
	const char *rel;	/* path relative to the PATH it came from */
	enum config_ip_version ip_version; /* never CONFIG_IP_ALL */
	const char *variant;	/* "ipv4", "ipv6" or "ipv4-mapped-ipv6" */
	int attempt;		/* 1, then 2 for the first retry, ... */
	const char *pcap_path;	/* capture to write, or NULL: no capture */
	const char *skip_reason; /* runner-side skip (not forked), or NULL */
};

/*
 * Runs in the forked child, which exits when it returns. cfg is the
 * runner's configuration with cfg->ip_version set to the job's variant.
 * The function fills *out (initialised empty): status PASS, FAIL, SKIP
 * (with a reason) or ERROR, a one-line reason, multi-line details and the
 * script time. It may print to stdout and stderr: both are captured and
 * shown under a failing result. It must not leave its process group
 * (no setsid(), no setpgid()) so that whatever it starts can be killed.
 * Returning without a status is an ERROR; returning non-zero with PASS
 * turns the verdict into a FAIL.
 */
typedef int (*runner_child_fn)(const struct config *cfg,
			       const struct runner_job *job,
			       struct verdict *out, void *arg);

/*
 * Run every script under paths (files, or directories searched for *.pkt
 * recursively) as cfg says: variants, -j, --timeout, --retries, --shard,
 * --tap, --junit, --pcap. Human lines go to out, or to stderr when TAP
 * goes to standard output (--tap or --tap=-, written to out); every
 * rendering lists results in the plan's order, whatever order they finish
 * in, and out gets a live progress line when it is a terminal. Returns 0
 * when nothing failed, 1 when something did, RUNNER_EXIT_ERROR with err
 * set when nothing could be run, 130/143 after SIGINT/SIGTERM.
 */
int runner_run(const struct config *cfg, char **paths, int path_count,
	       runner_child_fn fn, void *arg, FILE *out, struct error *err);

/* ---- the plan: what would run, in order (exposed for tests) ------------ */

struct runner_plan {
	struct runner_job *jobs;
	int count;
	char **strings;		/* every string the jobs point at */
	int string_count;
};

/*
 * Discovery, variants, sharding and capture paths, without running
 * anything. Directories are searched recursively for *.pkt and each
 * directory's scripts are sorted by path (bytewise); symbolic links to
 * files count, symbolic links to directories are not followed. PATHs keep
 * their command-line order.
 */
int runner_plan_build(const struct config *cfg, char **paths, int path_count,
		      struct runner_plan *plan, struct error *err);
void runner_plan_free(struct runner_plan *plan);

/* The -j used when cfg->jobs is 0; see runner.c for why. */
int runner_default_jobs(void);

/* "ipv4", "ipv6", "ipv4-mapped-ipv6", "all". */
const char *runner_variant_name(enum config_ip_version version);

#endif /* TCPDRILL_RUNNER_H */
