/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run_internal.h - the state of one run, shared by the files of the run
 * room (run.c: set-up and the event loop; run_packet.c: packet events;
 * run_syscall.c: syscall events; run_state.c: state assertions).
 */
#ifndef TCPDRILL_RUN_INTERNAL_H
#define TCPDRILL_RUN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "capture.h"
#include "code.h"
#include "config.h"
#include "error.h"
#include "flow.h"
#include "report.h"
#include "state_trace.h"
#include "syscalls.h"
#include "tun.h"

/*
 * The socket under test, as packetdrill models it: syscalls say whether
 * the script's socket is listening or connecting, and that decides whether
 * a SYN line opens a new connection.
 */
enum run_mode {
	RUN_IDLE,		/* no listen() or connect() yet */
	RUN_LISTENING,		/* an inbound SYN makes a new connection */
	RUN_CONNECTING,		/* an outbound SYN makes a new connection */
	RUN_CONNECTED,		/* packets belong to the current flow */
};

/* How an event failed, for the verdict's headline. */
enum run_failure {
	RUN_FAIL_PACKET,	/* "error handling packet" */
	RUN_FAIL_SYSCALL,	/* "runtime error in X call" */
	RUN_FAIL_TIMING,	/* "timing error" */
	RUN_FAIL_COMMAND,	/* "error executing command" */
	RUN_FAIL_STATE,		/* "error in state assertion" */
	RUN_FAIL_CODE,		/* "error in code block" */
	RUN_FAIL_SETUP,		/* the run could not be set up */
};

struct run_blocking;		/* a blocking syscall on its worker thread */
struct run_worker;		/* the thread that makes blocking calls */

/* Packets skipped as not the test's that a failure can show. */
#define RUN_IGNORED_KEPT 4

struct run {
	struct config cfg;		/* command line + script option lines */
	struct ast_script *script;
	const char *path;
	char *dir;			/* the script's directory */
	struct verdict *verdict;

	/* the network */
	int wire_family;		/* AF_INET or AF_INET6 */
	struct tun_config tun_cfg;
	struct tun *tun;
	struct flow_addr local;		/* our address, as on the wire */
	struct flow_addr remote;	/* the peer's */
	struct flow_table flows;
	struct capture *capture;
	bool sniff_for_capture;		/* --pcap: every packet is read */
	uint8_t *buf;			/* one packet, RUN_BUF_SIZE bytes */
	char *ignored[RUN_IGNORED_KEPT]; /* the last packets skipped as not
					  * the test's, for diagnostics */
	int ignored_count;

	/* syscalls and the socket under test */
	struct syscall_env sys;
	enum run_mode mode;
	int ut_script_fd;		/* the socket under test, or -1 */
	int ut_first_flow_id;		/* flows before this id belong to
					 * sockets no longer under test: their
					 * packets are not the script's (as
					 * packetdrill) */
	struct run_blocking *blocking;
	struct run_worker *worker;	/* started when the script has a
					 * blocking call */

	/* time: microseconds; live on CLOCK_MONOTONIC, script from 0 */
	int64_t live_start;		/* live time of script time 0 */
	int64_t last_event_time;	/* previous event's script time */
	int64_t last_event_end;		/* live time the previous event ended */
	int64_t event_end;		/* set by an event that knows its end
					 * better than "now" (0: now) */
	bool last_event_anchored;	/* it was an inbound packet */
	bool has_last_event;

	/* --default_cc: set on each new TCP socket when the namespace
	 * refuses it as its default (e.g. cubic where only reno and bbr are
	 * allowed outside the initial namespace) */
	bool default_cc_per_socket;

	/* %{ }% code blocks: snapshots, run once every event has passed */
	struct code code;

	/* results */
	struct state_trace trace;
	bool tracing_states;		/* --trace-states or --state-graph */
	int failures;			/* failed events (non_fatal continues) */
	bool aborted;			/* run_abort(): stop, whatever non_fatal */
	bool skipped;
};

#define RUN_BUF_SIZE 65536

/* The window an event must happen in, after relative times are resolved. */
struct run_when {
	int64_t start;			/* script time */
	int64_t end;			/* script time; == start unless a range */
	bool any;			/* `*`: not checked */
	int64_t tolerance;		/* microseconds, both sides */
};

/* run.c */
int64_t run_now_script(const struct run *run);
int64_t run_script_to_live(const struct run *run, int64_t script_usecs);
void run_wait_until_script(const struct run *run, int64_t script_usecs);
int run_fail(struct run *run, const struct ast_event *event,
	     enum run_failure kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int run_abort(struct run *run, const struct ast_event *event,
	      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool run_out_of_fds(void);
int run_abort_fds(struct run *run, const struct ast_event *event,
		  const char *what);
int run_check_time(struct run *run, const struct ast_event *event,
		   const struct run_when *when, int64_t live_usecs,
		   const char *what);
void run_trace_event(const struct run *run, const struct ast_event *event,
		     int64_t due);
void run_trace(const struct run *run, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* run_packet.c */
int run_packet_event(struct run *run, const struct ast_event *event,
		     const struct run_when *when);
int run_capture(struct run *run, const void *bytes, size_t len,
		int64_t live_usecs);
void run_reset_flows(struct run *run);
int run_strict_check_quiet(struct run *run, const struct ast_event *last);

/* run_syscall.c */
int run_syscall_event(struct run *run, const struct ast_event *event,
		      const struct run_when *when);
int run_syscall_start_worker(struct run *run);
void run_syscall_stop_worker(struct run *run);
int run_syscall_finish_blocking(struct run *run);
void run_syscall_abandon_blocking(struct run *run);

/* run_state.c */
int run_state_event(struct run *run, const struct ast_event *event);
int run_state_current(struct run *run, int *state, struct error *err);
void run_state_observe(struct run *run, const struct ast_event *event);

#endif /* TCPDRILL_RUN_INTERNAL_H */
