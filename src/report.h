/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - verdicts, and how results are shown.
 *
 * Contract: a child describes how its script ended in a struct verdict and
 * hands it to the runner as one small message over a pipe (verdict_send()
 * in the child, verdict_decode() in the runner). The runner turns each
 * script × variant into a struct report_result; this room renders results
 * as human lines, a progress line for terminals, TAP version 13 and JUnit
 * XML. It runs nothing and never looks inside a packet: failure details
 * arrive as finished text.
 */
#ifndef TCPDRILL_REPORT_H
#define TCPDRILL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

/* ---- verdicts: child → runner ------------------------------------------ */

enum verdict_status {
	VERDICT_NONE = 0,	/* not set: the child gave no verdict */
	VERDICT_PASS,
	VERDICT_FAIL,		/* the script's expectations were not met */
	VERDICT_SKIP,		/* not applicable here; reason says why */
	VERDICT_ERROR,		/* the script could not be run (setup, parse) */
};

struct verdict {
	enum verdict_status status;
	char *reason;		/* one line: the skip reason or the failure
				 * headline ("a.pkt:12: timing error: ..."),
				 * or NULL */
	char *details;		/* multi-line failure details ("script
				 * packet: ...\nactual packet: ..."), or NULL */
	int64_t script_usecs;	/* script time the run covered */
};

void verdict_init(struct verdict *v);
void verdict_free(struct verdict *v);

/* Set the status and the one-line reason (fmt may be NULL). 0 or -1. */
int verdict_set(struct verdict *v, enum verdict_status status,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Append one line to the details. 0 or -1 (out of memory). */
int verdict_add_details(struct verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Write v to fd as one message. Over-long text is cut (reason at
 * VERDICT_REASON_MAX, details at VERDICT_DETAILS_MAX bytes) rather than
 * refused, so a verdict always arrives.
 */
int verdict_send(int fd, const struct verdict *v, struct error *err);

/*
 * Decode a message received whole (the runner reads the pipe to the end).
 * Fills v (verdict_free() it); -1 with err for a short or malformed message.
 */
int verdict_decode(const void *buf, size_t len, struct verdict *v,
		   struct error *err);

#define VERDICT_REASON_MAX	4096
#define VERDICT_DETAILS_MAX	(1 << 20)

/* ---- results: what the runner shows ------------------------------------ */

enum report_status {
	REPORT_PASS,
	REPORT_FAIL,		/* a failed verdict, or the child died */
	REPORT_ERROR,		/* the child could not run the script */
	REPORT_TIMEOUT,		/* killed at --timeout */
	REPORT_SKIP,
	REPORT_FLAKY,		/* failed, then passed on a retry */
};

struct report_result {
	const char *name;	/* display name: "states/listen.pkt" */
	const char *variant;	/* "ipv4", "ipv6", "ipv4-mapped-ipv6" */
	enum report_status status;
	char *reason;		/* headline: failure, skip reason, flaky note */
	char *details;		/* multi-line text, or NULL */
	char *output;		/* the child's stdout and stderr, or NULL */
	double seconds;		/* wall time of the last attempt */
	int64_t script_usecs;	/* script time of the last attempt */
	int attempts;		/* runs made: 1 + retries used */
	const char *pcap_path;	/* capture kept for this result, or NULL */
};

struct report_counts {
	int passed;
	int failed;		/* FAIL, ERROR and TIMEOUT */
	int skipped;
	int flaky;		/* passed on a retry; neither passed nor failed */
};

/* "PASS", "FAIL", ... as printed. */
const char *report_status_name(enum report_status status);

/* True for the statuses that make the run fail. */
bool report_status_failed(enum report_status status);

/* Free what a result owns (reason, details, output), not the result. */
void report_result_free(struct report_result *r);

void report_count(struct report_counts *counts, const struct report_result *r);

/*
 * One line per result: "PASS  states/listen.pkt  ipv4  0.53s". Under a
 * failure (and a flaky pass) the reason and details follow, indented by
 * four spaces, then (for failures) the child's output prefixed by
 * "    | ". With verbose, every result shows all of it.
 */
void report_line(FILE *out, const struct report_result *r, int verbose);

/* The closing line: "N passed, N failed, N skipped[, N flaky]". */
void report_summary(FILE *out, const struct report_counts *counts);

/*
 * The live line on a terminal: "[done/total] running: a.pkt ipv4, ...",
 * redrawn in place and cut to the terminal's width. report_progress_clear()
 * erases it before ordinary lines are printed.
 */
void report_progress(FILE *out, int done, int total,
		     const char *const *running, int running_count);
void report_progress_clear(FILE *out);

/*
 * TAP version 13: the plan, one "ok N - name variant" per result
 * ("# SKIP reason" for skips), a YAML block under each failure. With
 * bail_out (e.g. "interrupted by SIGINT") a "Bail out!" line ends it.
 */
int report_tap(FILE *out, const struct report_result *const *results,
	       int count, const char *bail_out);

/*
 * JUnit XML: <testsuites><testsuite> with one <testcase classname= name=
 * time=> per result, <failure message= type=> or <error> with the
 * details, <skipped message=/>; every text XML-escaped and made valid
 * UTF-8 (what GitHub and GitLab test reports read).
 */
int report_junit(FILE *out, const struct report_result *const *results,
		 int count, double total_seconds);

#endif /* TCPDRILL_REPORT_H */
