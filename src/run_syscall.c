// SPDX-License-Identifier: GPL-2.0
/*
 * run_syscall.c - syscall events. A call with an end time (`...0.5`) runs
 * on a worker thread while the following events go on; the next syscall
 * event, or the end of the script, collects it and checks when it returned.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "run_internal.h"
#include "timing.h"

struct run_blocking {
	struct syscall_call *call;
	const struct ast_event *event;
	struct run_when when;
	atomic_bool started;	/* the worker has picked the call up */
	atomic_bool done;	/* the call has returned */
};

/*
 * One worker thread per run makes the blocking calls, started before the
 * first event (when the script has any): creating a thread at the call
 * itself cost hundreds of microseconds to milliseconds on a loaded machine
 * before the call even began, so a SYN went out late and a call's return
 * ran over its tolerance. The idle worker waits on a condition variable.
 */
struct run_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct run_blocking *job;	/* handed over, not yet picked up */
	bool quit;
	atomic_int tid;
	atomic_bool busy;		/* a call is in progress */
};

/* How often to look whether the worker has gone to sleep in the kernel. */
#define RUN_BLOCK_POLL_USECS 20

static void *run_worker_main(void *arg)
{
	struct run_worker *w = arg;
	struct run_blocking *b;

	atomic_store(&w->tid, (int)syscall(SYS_gettid));
	for (;;) {
		pthread_mutex_lock(&w->lock);
		while (!w->job && !w->quit)
			pthread_cond_wait(&w->wake, &w->lock);
		b = w->job;
		w->job = NULL;
		pthread_mutex_unlock(&w->lock);
		if (!b)
			return NULL;
		atomic_store(&b->started, true);
		syscall_invoke(b->call);
		atomic_store(&w->busy, false);
		atomic_store(&b->done, true);
	}
}

int run_syscall_start_worker(struct run *run)
{
	struct run_worker *w = calloc(1, sizeof(*w));

	if (!w)
		return -1;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, run_worker_main, w) != 0) {
		free(w);
		return -1;
	}
	run->worker = w;
	return 0;
}

/*
 * The end of the run: an idle worker is stopped and joined; one still
 * inside a call nobody ends within 100 ms (the connection resets usually
 * do) is left to exit with the process.
 */
void run_syscall_stop_worker(struct run *run)
{
	struct run_worker *w = run->worker;

	if (!w)
		return;
	run->worker = NULL;
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	for (int i = 0; i < 100 && atomic_load(&w->busy); i++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	if (atomic_load(&w->busy)) {
		pthread_detach(w->thread);
		return;
	}
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}

static int run_worker_give(struct run *run, struct run_blocking *b)
{
	struct run_worker *w;

	if (!run->worker && run_syscall_start_worker(run))
		return -1;
	w = run->worker;
	atomic_store(&w->busy, true);
	pthread_mutex_lock(&w->lock);
	w->job = b;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

/* 'S' or 'D' in /proc/self/task/TID/stat: asleep in the kernel. */
static bool run_thread_sleeping(int tid)
{
	char path[64], buf[256], *paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' && (paren[2] == 'S' || paren[2] == 'D');
}

/*
 * Go on with the script only once the call is really waiting in the kernel
 * (or has already returned): an inbound packet injected before the call
 * starts would otherwise reach it too early, and the test would not test
 * the blocking path at all.
 */
static void run_wait_blocked(struct run *run, struct run_blocking *b)
{
	while (!atomic_load(&b->done)) {
		int tid = atomic_load(&run->worker->tid);

		struct timespec pause = { 0, RUN_BLOCK_POLL_USECS * 1000 };

		if (tid && atomic_load(&b->started) && run_thread_sleeping(tid))
			return;
		/*
		 * Sleep, never spin: the worker may need this very CPU to
		 * reach its system call, and spinning here would keep it off
		 * for a whole scheduler slice (milliseconds).
		 */
		nanosleep(&pause, NULL);
	}
}

static const char *run_call_name(const struct ast_event *event)
{
	return event->syscall->name;
}

static int run_check_call(struct run *run, const struct ast_event *event,
			  struct syscall_call *call, struct syscall_outcome *out)
{
	struct error err = { 0 };

	if (syscall_check(&run->sys, call, out, &err) == 0)
		return 0;
	run_fail(run, event, RUN_FAIL_SYSCALL, "%s", err.message);
	error_clear(&err);
	return -1;
}

static void run_note_call_end(struct run *run, const struct ast_syscall *sc,
			      const struct syscall_outcome *out);

/*
 * A call that should have returned and has not: like packetdrill, wait at
 * most a second past its due end, then give up on it rather than hang the
 * run until the runner's timeout.
 */
#define RUN_BLOCK_OVERDUE_USECS 1000000

static bool run_await_blocking(struct run *run, struct run_blocking *b)
{
	int64_t due = run_script_to_live(run, b->when.end + b->when.tolerance);
	int64_t now = timing_now_usecs();
	int64_t deadline = (due > now ? due : now) + RUN_BLOCK_OVERDUE_USECS;
	struct timespec pause = { 0, 200 * 1000 };

	while (!atomic_load(&b->done)) {
		if (timing_now_usecs() >= deadline)
			return false;
		nanosleep(&pause, NULL);
	}
	return true;
}

int run_syscall_finish_blocking(struct run *run)
{
	struct run_blocking *b = run->blocking;
	struct syscall_outcome out;
	struct run_when end;
	int ret;

	if (!b)
		return 0;
	if (!run_await_blocking(run, b)) {
		ret = run_fail(run, b->event, RUN_FAIL_SYSCALL,
			       "runtime error in %s call: still blocking %.1f sec "
			       "after it was due to return (expected at %.6f sec)",
			       run_call_name(b->event), RUN_BLOCK_OVERDUE_USECS / 1e6,
			       b->when.end / 1e6);
		run_syscall_abandon_blocking(run);
		return ret;
	}
	run->blocking = NULL;
	ret = run_check_call(run, b->event, b->call, &out);
	if (ret == 0) {
		run_note_call_end(run, b->event->syscall, &out);
		end = b->when;
		/* packetdrill's tolerance for the return: a share of the time
		 * the call blocks (a 3 s call may be 375 ms off), not of the
		 * gap before it started. */
		end.tolerance = timing_tolerance_usecs(run->cfg.tolerance_usecs,
						       run->cfg.tolerance_percent,
						       end.end - end.start);
		end.start = end.end;
		ret = run_check_time(run, b->event, &end, out.end_usecs,
				     "system call return");
	}
	syscall_call_free(b->call);
	free(b);
	return ret;
}

/*
 * The script failed while a call still blocks: there is no one left to
 * wake it, so the worker is left inside it to die with the process (the
 * runner's child exits right after the run).
 */
void run_syscall_abandon_blocking(struct run *run)
{
	if (!run->blocking)
		return;
	if (atomic_load(&run->blocking->done)) {
		run_syscall_finish_blocking(run);
		return;
	}
	run->blocking = NULL;	/* freed with the process */
}

/* The script's first fd argument, as written, or -1. */
static int run_first_fd(const struct ast_syscall *sc)
{
	if (!sc->args || sc->args->kind != AST_EXPR_INT)
		return -1;
	return (int)sc->args->num;
}

/*
 * packetdrill's socket under test: listen() and connect() say what the
 * next SYN means. A sendto() or sendmsg() on a socket that is neither
 * listening nor connected is a Fast Open connect.
 */
static void run_note_call_start(struct run *run, const struct ast_syscall *sc)
{
	const char *name = sc->name;

	if (strcmp(name, "listen") == 0) {
		run->mode = RUN_LISTENING;
		run->ut_script_fd = run_first_fd(sc);
	} else if (strcmp(name, "connect") == 0 ||
		   ((strcmp(name, "sendto") == 0 || strcmp(name, "sendmsg") == 0) &&
		    run->mode == RUN_IDLE)) {
		run->mode = RUN_CONNECTING;
		run->ut_script_fd = run_first_fd(sc);
	}
}

/*
 * --default_cc where the namespace refuses it as its default: a new TCP
 * socket gets it at once, before any connect() or listen(), as if it were
 * the default (accepted sockets inherit their listener's). Other sockets
 * refuse the option; that is fine.
 */
static void run_socket_default_cc(struct run *run, int live_fd)
{
	const char *cc = run->cfg.default_cc;

	if (!run->default_cc_per_socket || !cc)
		return;
	setsockopt(live_fd, IPPROTO_TCP, TCP_CONGESTION, cc, (socklen_t)strlen(cc));
}

static void run_note_call_end(struct run *run, const struct ast_syscall *sc,
			      const struct syscall_outcome *out)
{
	if (strcmp(sc->name, "socket") == 0 && out->new_fds > 0) {
		run_socket_default_cc(run, out->new_live_fd[0]);
		run->mode = RUN_IDLE;
		run->ut_script_fd = out->new_script_fd[0];
		run->ut_first_flow_id = run->flows.count + 1;
	}
	/* An accepted connection becomes the socket under test (code blocks
	 * read it); the listener still decides what a new SYN means. */
	if ((strcmp(sc->name, "accept") == 0 || strcmp(sc->name, "accept4") == 0) &&
	    out->new_fds > 0)
		run->ut_script_fd = out->new_script_fd[0];
}

static int run_start_blocking(struct run *run, const struct ast_event *event,
			      const struct run_when *when,
			      struct syscall_call *call)
{
	struct run_blocking *b = calloc(1, sizeof(*b));

	if (!b) {
		syscall_call_free(call);
		return run_fail(run, event, RUN_FAIL_SYSCALL, "out of memory");
	}
	b->call = call;
	b->event = event;
	b->when = *when;
	if (run_worker_give(run, b)) {
		syscall_call_free(call);
		free(b);
		return run_fail(run, event, RUN_FAIL_SYSCALL,
				"cannot start a thread for %s: %s",
				run_call_name(event), strerror(errno));
	}
	run->blocking = b;
	run_wait_blocked(run, b);
	return 0;
}

int run_syscall_event(struct run *run, const struct ast_event *event,
		      const struct run_when *when)
{
	const struct ast_syscall *sc = event->syscall;
	struct syscall_outcome out;
	struct syscall_call *call = NULL;
	struct error err = { 0 };
	int ret;

	if (run_syscall_finish_blocking(run))
		return -1;
	run_wait_until_script(run, when->start);
	run_trace_event(run, event, when->start);
	if (syscall_prepare(&run->sys, sc, &call, &err)) {
		run_fail(run, event, RUN_FAIL_SYSCALL, "%s", err.message);
		error_clear(&err);
		return -1;
	}
	run_note_call_start(run, sc);
	if (sc->blocking)
		return run_start_blocking(run, event, when, call);
	syscall_invoke(call);
	ret = run_check_call(run, event, call, &out);
	run->event_end = out.end_usecs;
	if (ret == 0)
		run_note_call_end(run, sc, &out);
	syscall_call_free(call);
	return ret;
}
