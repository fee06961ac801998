// SPDX-License-Identifier: GPL-2.0
/*
 * runner.c - running the plan (runner_plan.c): fork, parallelism,
 * timeouts, retries, captures kept or dropped, and the collection of
 * verdicts into results; see runner.h. Rendering is report.c's.
 *
 * Process handling in one paragraph: every child is put in its own process
 * group (by itself and by the runner, so neither order of the two calls
 * leaves a window in which the group does not exist yet). SIGCHLD, SIGINT
 * and SIGTERM are blocked and read from a signalfd, so the loop sleeps in
 * poll() on that and on the children's pipes, with the nearest deadline as
 * the timeout: no busy waiting, and no signal handler races. When a child
 * ends (or at its timeout, or on interrupt) its whole group gets SIGKILL
 * while the dead leader still holds the group's id, so the id can not have
 * been reused by then. The runner makes itself a child subreaper for the
 * run, so grandchildren orphaned by that kill are reparented to it instead
 * of to an init that may never reap them, and it reaps them by group.
 */
#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NSEC_PER_SEC 1000000000LL
#define NSEC_PER_MSEC 1000000LL

/*
 * A child's stdout and stderr are kept up to this size: enough for any
 * verbose trace of a script, small enough that a runaway printing loop in
 * a hundred parallel children can not exhaust memory.
 */
#define RUNNER_OUTPUT_MAX (1 << 20)

/*
 * The default -j: twice the CPUs this process may run on.
 *
 * A script's process is asleep nearly all the time: it waits for its next
 * event (gaps of milliseconds to seconds) and needs the CPU only for a few
 * microseconds around each event, plus a few milliseconds of namespace and
 * TUN setup at its start. So one script per CPU would leave the CPUs idle
 * and the run slow. But timing is checked to 4 ms, and a script that wakes
 * while its CPU is busy waits for the running task's time slice (about
 * 1-3 ms): with two scripts per CPU at most one other is ever in the way,
 * which the tolerance absorbs even when setups of several scripts collide;
 * with more per CPU the waits could stack up past the tolerance. On the
 * 2-core machines CI offers this means 4 scripts at a time.
 */
int runner_default_jobs(void)
{
	cpu_set_t set;
	int cpus = 0;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		cpus = CPU_COUNT(&set);
	if (cpus <= 0)
		cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus <= 0)
		cpus = 1;
	return 2 * cpus;
}

/* ---- the run: state ------------------------------------------------------------- */

struct buf {
	char *data;
	size_t len, cap, limit;
	bool truncated;
};

struct slot {
	int job;		/* index into the plan; -1: free */
	struct runner_job run;	/* the job as this attempt sees it */
	char *pcap_path;	/* this attempt's capture file */
	char *label;		/* "name variant" for the progress line */
	pid_t pid;		/* also the process group id */
	int verdict_fd, output_fd;
	struct buf verdict, output;
	int64_t start_ns, deadline_ns;
	bool timed_out;
};

/* What one job has been through across its attempts. */
struct track {
	int attempts;
	char *history;		/* the failed attempts, one line each */
	char *kept_pcap;	/* the latest capture kept on disk */
	bool done;
};

struct runner {
	const struct config *cfg;
	struct runner_plan plan;
	runner_child_fn fn;
	void *arg;
	FILE *human, *tap, *junit;
	bool tap_is_out;
	bool progress;		/* the human stream is a terminal */
	pid_t parent_pid;

	struct slot *slots;
	int slot_count, running;
	int next;		/* next job never started */
	int *retry;		/* jobs waiting for another attempt (FIFO) */
	int retry_head, retry_tail;

	struct track *tracks;
	struct report_result *results;
	int done_count;
	int printed;		/* results shown: the plan's first ones */
	struct report_counts counts;

	int sigfd;
	sigset_t old_mask;
	int old_subreaper;
	int interrupted;	/* the signal, or 0 */

	pid_t *dead_groups;	/* groups of reaped children, to reap */
	pid_t *own_children;	/* the caller's children before the run:
				 * never ours to sweep */
	int own_count;		/* -1: too many to tell: no sweeping */
	int dead_count, dead_cap;
	int64_t start_ns;

	struct pollfd *pollfds;	/* the signalfd, then the slots' pipes */
	struct slot **poll_owner; /* which slot each pipe belongs to */
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static void buf_free(struct buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static void buf_append(struct buf *b, const char *data, size_t len)
{
	if (b->len + len > b->limit) {
		b->truncated = true;
		len = b->limit - b->len;
	}
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + len + 1)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p) {
			b->truncated = true;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

/* Read what the pipe holds now; close it at end of file. */
static void buf_read(int *fd, struct buf *b)
{
	char chunk[16384];

	while (*fd >= 0) {
		ssize_t n = read(*fd, chunk, sizeof(chunk));

		if (n > 0) {
			buf_append(b, chunk, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		close(*fd);
		*fd = -1;
	}
}

/* ---- the child side -------------------------------------------------------------- */

static void child_close_inherited(const struct runner *r, const struct slot *self)
{
	int i;

	close(r->sigfd);
	for (i = 0; i < r->slot_count; i++) {
		const struct slot *s = &r->slots[i];

		if (s == self || s->job < 0)
			continue;
		if (s->verdict_fd >= 0)
			close(s->verdict_fd);
		if (s->output_fd >= 0)
			close(s->output_fd);
	}
}

/*
 * If the runner was started with a standard stream closed, a pipe may have
 * got fd 0, 1 or 2, which the child is about to replace: move it up.
 */
static int fd_above_stdio(int fd)
{
	int moved;

	if (fd > STDERR_FILENO)
		return fd;
	moved = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	return moved >= 0 ? moved : fd;
}

static void child_redirect(int output_fd)
{
	int null = open("/dev/null", O_RDONLY);

	/* Parallel scripts must not fight over the terminal's input. */
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		if (null != STDIN_FILENO)
			close(null);
	}
	dup2(output_fd, STDOUT_FILENO);
	dup2(output_fd, STDERR_FILENO);
	if (output_fd > STDERR_FILENO)
		close(output_fd);
}

static void child_settle_verdict(struct verdict *v, int ret)
{
	if (v->status == VERDICT_NONE)
		verdict_set(v, VERDICT_ERROR, "the script's run returned %d "
			    "without a verdict", ret);
	else if (ret != 0 && v->status == VERDICT_PASS)
		verdict_set(v, VERDICT_FAIL, "the script's run passed but "
			    "returned %d", ret);
}

/* ---- processes that left their group ---------------------------------------------- */

/*
 * The children of this process: every thread's /proc/self/task/TID/children
 * list (Linux 3.5+, CONFIG_PROC_CHILDREN). Stores at most max pids.
 */
static int list_children(pid_t *out, int max)
{
	DIR *tasks = opendir("/proc/self/task");
	struct dirent *d;
	int n = 0;

	while (tasks && (d = readdir(tasks)) && n < max) {
		char path[300];
		FILE *f;
		long pid;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/children",
			 d->d_name);
		f = fopen(path, "re");
		while (f && n < max && fscanf(f, "%ld", &pid) == 1)
			out[n++] = (pid_t)pid;
		if (f)
			fclose(f);
	}
	if (tasks)
		closedir(tasks);
	return n;
}

#define RUNNER_SWEEP_MAX 256

/*
 * A daemon a command started with setsid() has left the script's process
 * group, so the group kill misses it, and it would keep the script's
 * network namespace alive. The child is a child subreaper: such orphans
 * are reparented to it, and when the script is done it kills and reaps
 * whatever is left (a second on a machine that can not keep up). If the
 * child itself is killed first, they go up to the runner, which is a
 * subreaper too and sweeps them (runner_sweep_orphans()).
 */
static void child_kill_descendants(void)
{
	int64_t give_up = now_ns() + NSEC_PER_SEC;
	pid_t pids[RUNNER_SWEEP_MAX];
	int n, i;

	while ((n = list_children(pids, RUNNER_SWEEP_MAX)) > 0 &&
	       now_ns() < give_up) {
		for (i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		usleep(1000);
	}
}

static void __attribute__((noreturn))
runner_child(struct runner *r, struct slot *self, int verdict_fd, int output_fd)
{
	struct config cfg = *r->cfg;
	struct verdict v;
	int ret;

	setpgid(0, 0);
	/* If the runner dies, its children must not run on unsupervised. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != r->parent_pid)
		_exit(127);
	child_close_inherited(r, self);
	verdict_fd = fd_above_stdio(verdict_fd);
	child_redirect(fd_above_stdio(output_fd));
	sigprocmask(SIG_SETMASK, &r->old_mask, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	cfg.ip_version = self->run.ip_version;
	verdict_init(&v);
	ret = r->fn(&cfg, &self->run, &v, r->arg);
	child_settle_verdict(&v, ret);
	fflush(stdout);
	fflush(stderr);
	ret = verdict_send(verdict_fd, &v, NULL) ? 3 : 0;
	child_kill_descendants();
	/* _exit: the parent's stdio buffers and atexit handlers are not ours. */
	_exit(ret);
}

/* ---- the parent side: starting ------------------------------------------------------ */

static char *attempt_pcap_path(const char *base, int attempt)
{
	char *path = NULL;

	if (!base)
		return NULL;
	if (attempt <= 1)
		return strdup(base);
	/* The failing first attempt of a flaky script is the capture worth
	 * keeping: retries get their own files instead of overwriting it. */
	if (asprintf(&path, "%.*s.retry%d.pcap", (int)strlen(base) - 5, base,
		     attempt - 1) < 0)
		return NULL;
	return path;
}

static void slot_clear(struct slot *s)
{
	if (s->verdict_fd >= 0)
		close(s->verdict_fd);
	if (s->output_fd >= 0)
		close(s->output_fd);
	buf_free(&s->verdict);
	buf_free(&s->output);
	free(s->pcap_path);
	free(s->label);
	memset(s, 0, sizeof(*s));
	s->job = -1;
	s->verdict_fd = s->output_fd = -1;
}

static void close_pair(int fds[2])
{
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
}

/* Fork the child for s; -1 with errno when the system refuses. */
static int slot_spawn(struct runner *r, struct slot *s)
{
	int vp[2] = { -1, -1 }, op[2] = { -1, -1 };
	pid_t pid;

	if (pipe2(vp, O_CLOEXEC) || pipe2(op, O_CLOEXEC))
		goto fail;
	/* Whatever sits in a stdio buffer now would be written twice. */
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		close(vp[0]);
		close(op[0]);
		runner_child(r, s, vp[1], op[1]);
	}
	setpgid(pid, pid);	/* also done by the child: no window */
	close(vp[1]);
	close(op[1]);
	fcntl(vp[0], F_SETFL, O_NONBLOCK);
	fcntl(op[0], F_SETFL, O_NONBLOCK);
	s->pid = pid;
	s->verdict_fd = vp[0];
	s->output_fd = op[0];
	return 0;
fail:
	{
		int saved = errno;

		close_pair(vp);
		close_pair(op);
		errno = saved;
	}
	return -1;
}

/* " (ulimit -n is N)", for a run out of file descriptors. */
static const char *runner_nofile_hint(void)
{
	static char hint[64];
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return "";
	snprintf(hint, sizeof(hint), " (ulimit -n is %llu)",
		 (unsigned long long)rl.rlim_cur);
	return hint;
}

static void runner_show_progress(struct runner *r);
static void runner_finish_job(struct runner *r, int job,
			      struct report_result *res);
static void attempt_done(struct runner *r, int job, const char *pcap_path,
			 struct report_result *res);

static void slot_start(struct runner *r, struct slot *s, int job)
{
	struct track *t = &r->tracks[job];
	struct report_result res = { 0 };
	int64_t timeout = (int64_t)r->cfg->timeout_secs * NSEC_PER_SEC;

	t->attempts++;
	s->job = job;
	s->run = r->plan.jobs[job];
	s->run.attempt = t->attempts;
	s->pcap_path = attempt_pcap_path(r->plan.jobs[job].pcap_path, t->attempts);
	s->run.pcap_path = s->pcap_path;
	if (asprintf(&s->label, "%s %s", s->run.name, s->run.variant) < 0)
		s->label = NULL;
	/* The largest verdict report.c sends, plus room for its header. */
	s->verdict.limit = VERDICT_REASON_MAX + VERDICT_DETAILS_MAX + 256;
	s->output.limit = RUNNER_OUTPUT_MAX;
	s->start_ns = now_ns();
	s->deadline_ns = s->start_ns + (timeout > 0 ? timeout : INT64_MAX / 2);
	if (slot_spawn(r, s) == 0) {
		r->running++;
		return;
	}
	/* The system refused a process: an error of this attempt. */
	res.status = REPORT_ERROR;
	if (asprintf(&res.reason, "cannot start the script: %s%s",
		     strerror(errno), errno == EMFILE ? runner_nofile_hint() :
		     "") < 0)
		res.reason = NULL;
	slot_clear(s);
	attempt_done(r, job, NULL, &res);
}

static bool runner_pending(const struct runner *r)
{
	return r->retry_head < r->retry_tail || r->next < r->plan.count;
}

static int runner_take_job(struct runner *r)
{
	if (r->retry_head < r->retry_tail)
		return r->retry[r->retry_head++];
	return r->next++;
}

static struct slot *runner_free_slot(struct runner *r)
{
	int i;

	for (i = 0; i < r->slot_count; i++)
		if (r->slots[i].job < 0)
			return &r->slots[i];
	return NULL;
}

/* Start jobs until every slot is busy; runner-side skips need none. */
static void runner_fill_slots(struct runner *r)
{
	bool started = false;

	while (!r->interrupted && r->running < r->slot_count && runner_pending(r)) {
		int job = runner_take_job(r);
		const struct runner_job *j = &r->plan.jobs[job];

		if (j->skip_reason) {
			struct report_result res = { 0 };

			res.status = REPORT_SKIP;
			res.reason = strdup(j->skip_reason);
			r->tracks[job].attempts = 0;
			runner_finish_job(r, job, &res);
			continue;
		}
		slot_start(r, runner_free_slot(r), job);
		started = true;
	}
	if (started)
		runner_show_progress(r);
}

/* ---- the parent side: results ------------------------------------------------------- */

static void runner_show_progress(struct runner *r)
{
	const char *labels[64];
	int i, n = 0;

	if (!r->progress)
		return;
	for (i = 0; i < r->slot_count && n < 64; i++)
		if (r->slots[i].job >= 0 && r->slots[i].label)
			labels[n++] = r->slots[i].label;
	report_progress(r->human, r->done_count, r->plan.count, labels, n);
}

/*
 * Results are shown in the plan's order, whatever order they finish in:
 * a log of the same run reads the same every time and diffs cleanly, and
 * the variants of a script stay together. A terminal's progress line shows
 * what is still running meanwhile. With all, every finished result not yet
 * shown is printed (the end of an interrupted run).
 */
static void runner_print_results(struct runner *r, bool all)
{
	bool cleared = false;

	for (; r->printed < r->plan.count; r->printed++) {
		if (!r->tracks[r->printed].done) {
			if (!all)
				break;
			continue;
		}
		if (r->progress && !cleared)
			report_progress_clear(r->human);
		cleared = true;
		/* a state trace is output the user asked for: show it for passes too */
		report_line(r->human, &r->results[r->printed],
			    r->cfg->verbose || r->cfg->trace_states);
	}
	fflush(r->human);
}

static void runner_finish_job(struct runner *r, int job,
			      struct report_result *res)
{
	const struct runner_job *j = &r->plan.jobs[job];
	struct track *t = &r->tracks[job];

	res->name = j->name;
	res->variant = j->variant;
	res->attempts = t->attempts;
	res->pcap_path = t->kept_pcap;
	r->results[job] = *res;
	t->done = true;
	r->done_count++;
	report_count(&r->counts, res);
	runner_print_results(r, false);
	runner_show_progress(r);
}

/* Append "attempt N: STATUS reason" (and details) to the job's history. */
static void track_note_failure(struct track *t, const struct report_result *res)
{
	char *line = NULL, *joined = NULL;

	if (asprintf(&line, "attempt %d: %s%s%s%s%s", t->attempts,
		     report_status_name(res->status), res->reason ? " " : "",
		     res->reason ? res->reason : "", res->details ? "\n" : "",
		     res->details ? res->details : "") < 0)
		return;
	if (!t->history) {
		t->history = line;
		return;
	}
	if (asprintf(&joined, "%s\n%s", t->history, line) >= 0) {
		free(t->history);
		t->history = joined;
	}
	free(line);
}

/* A capture exists only if the child opened it; keep it or drop it. */
static void attempt_capture(struct runner *r, struct track *t,
			    const char *pcap_path, bool failed)
{
	if (!pcap_path || access(pcap_path, F_OK) != 0)
		return;
	if (r->cfg->pcap_on_failure && !failed) {
		unlink(pcap_path);
		return;
	}
	free(t->kept_pcap);
	t->kept_pcap = strdup(pcap_path);
}

static void result_append_details(struct report_result *res, const char *text)
{
	char *joined = NULL;

	if (!text)
		return;
	if (asprintf(&joined, "%s%s%s", res->details ? res->details : "",
		     res->details ? "\n" : "", text) < 0)
		return;
	free(res->details);
	res->details = joined;
}

/* One attempt ended: retry it, or make it the job's result. */
static void attempt_done(struct runner *r, int job, const char *pcap_path,
			 struct report_result *res)
{
	struct track *t = &r->tracks[job];
	bool failed = report_status_failed(res->status);
	char *note = NULL;

	attempt_capture(r, t, pcap_path, failed);
	if (failed && t->attempts <= r->cfg->retries) {
		track_note_failure(t, res);
		report_result_free(res);
		r->retry[r->retry_tail++] = job;
		return;
	}
	if (res->status == REPORT_PASS && t->history) {
		res->status = REPORT_FLAKY;
		free(res->reason);
		if (asprintf(&res->reason, "passed on attempt %d of %d",
			     t->attempts, r->cfg->retries + 1) < 0)
			res->reason = NULL;
		result_append_details(res, t->history);
	} else if (failed && t->history) {
		if (asprintf(&note, "failed all %d attempts; the earlier ones:\n%s",
			     t->attempts, t->history) >= 0)
			result_append_details(res, note);
		free(note);
	}
	runner_finish_job(r, job, res);
}

static char *take_output(struct buf *b)
{
	char *text;
	size_t i;

	if (b->len == 0)
		return NULL;
	/* Results are strings: a NUL in the output would cut it short. */
	for (i = 0; i < b->len; i++)
		if (b->data[i] == '\0')
			b->data[i] = '?';
	if (b->truncated &&
	    asprintf(&text, "%s\n[output cut at %zu bytes]", b->data, b->len) >= 0)
		return text;
	text = b->data;
	memset(b, 0, sizeof(*b));
	return text;
}

static enum report_status status_of_verdict(enum verdict_status v)
{
	static const enum report_status map[] = {
		[VERDICT_PASS] = REPORT_PASS,
		[VERDICT_FAIL] = REPORT_FAIL,
		[VERDICT_SKIP] = REPORT_SKIP,
		[VERDICT_ERROR] = REPORT_ERROR,
	};

	return v >= VERDICT_PASS && v <= VERDICT_ERROR ? map[v] : REPORT_FAIL;
}

/* Verdict text as details under a headline the runner wrote. */
static char *verdict_text(const struct verdict *v)
{
	char *text = NULL;

	if (!v->reason && !v->details)
		return NULL;
	if (asprintf(&text, "%s%s%s", v->reason ? v->reason : "",
		     v->reason && v->details ? "\n" : "",
		     v->details ? v->details : "") < 0)
		return NULL;
	return text;
}

static int set_reason(struct report_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int set_reason(struct report_result *res, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&res->reason, fmt, ap);
	va_end(ap);
	if (ret < 0)
		res->reason = NULL;
	return ret;
}

/* How the attempt in s ended, from its exit status and its verdict. */
static void attempt_outcome(struct runner *r, struct slot *s, int wstatus,
			    struct report_result *res)
{
	struct error why = { 0 };
	struct verdict v;
	bool have = s->verdict.len > 0 &&
		    verdict_decode(s->verdict.data, s->verdict.len, &v, &why) == 0;

	if (!have)
		verdict_init(&v);
	if (s->timed_out) {
		res->status = REPORT_TIMEOUT;
		set_reason(res, "timed out after %d s; the script and everything "
			   "it started were killed", r->cfg->timeout_secs);
		res->details = verdict_text(&v);
	} else if (WIFSIGNALED(wstatus)) {
		res->status = REPORT_FAIL;
		set_reason(res, "child killed by signal %d (%s)",
			   WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
		res->details = verdict_text(&v);
	} else if (have) {
		res->status = status_of_verdict(v.status);
		res->reason = v.reason;
		res->details = v.details;
		res->script_usecs = v.script_usecs;
		v.reason = v.details = NULL;
	} else if (s->verdict.len > 0) {
		res->status = REPORT_FAIL;
		set_reason(res, "the child's verdict was unreadable: %s",
			   why.message ? why.message : "?");
	} else {
		res->status = REPORT_FAIL;
		set_reason(res, "child exited with status %d without a verdict",
			   WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
	}
	verdict_free(&v);
	error_clear(&why);
	res->output = take_output(&s->output);
	res->seconds = (double)(now_ns() - s->start_ns) / NSEC_PER_SEC;
}

static void dead_group_add(struct runner *r, pid_t pgid)
{
	if (r->dead_count == r->dead_cap) {
		int cap = r->dead_cap ? 2 * r->dead_cap : 16;
		pid_t *p = realloc(r->dead_groups, (size_t)cap * sizeof(*p));

		if (!p)
			return;
		r->dead_groups = p;
		r->dead_cap = cap;
	}
	r->dead_groups[r->dead_count++] = pgid;
}

/*
 * The child has exited (it is a zombie, so its pid still names its group):
 * kill what it left in its group, read what the pipes still hold, reap it.
 */
static int slot_reap(struct runner *r, struct slot *s)
{
	int wstatus = 0;

	kill(-s->pid, SIGKILL);
	buf_read(&s->verdict_fd, &s->verdict);
	buf_read(&s->output_fd, &s->output);
	while (waitpid(s->pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	dead_group_add(r, s->pid);
	r->running--;
	return wstatus;
}

static void slot_finish(struct runner *r, struct slot *s)
{
	struct report_result res = { 0 };
	int job = s->job, wstatus;
	char *pcap_path;

	wstatus = slot_reap(r, s);
	attempt_outcome(r, s, wstatus, &res);
	pcap_path = s->pcap_path;
	s->pcap_path = NULL;
	slot_clear(s);
	attempt_done(r, job, pcap_path, &res);
	free(pcap_path);
}

/* ---- the parent side: the loop ------------------------------------------------------- */

static bool slot_has_exited(const struct slot *s)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	/* WNOWAIT: look, but leave the zombie (and its group id) in place. */
	if (waitid(P_PID, (id_t)s->pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno == ECHILD;
	return info.si_pid == s->pid;
}

static bool pgid_in_use(const struct runner *r, pid_t pgid)
{
	int i;

	for (i = 0; i < r->slot_count; i++)
		if (r->slots[i].job >= 0 && r->slots[i].pid == pgid)
			return true;
	return false;
}

/*
 * Reap grandchildren reparented to us (we are their subreaper) from the
 * groups of children already reaped. A group is forgotten once it has no
 * member left; if its number now belongs to a running child's new group,
 * the old group must have been empty, so it is forgotten too.
 */
static void reap_dead_groups(struct runner *r)
{
	int i;

	for (i = r->dead_count - 1; i >= 0; i--) {
		pid_t pgid = r->dead_groups[i];
		siginfo_t info;

		if (!pgid_in_use(r, pgid)) {
			do {
				memset(&info, 0, sizeof(info));
			} while (waitid(P_PGID, (id_t)pgid, &info,
					WEXITED | WNOHANG) == 0 && info.si_pid);
			if (kill(-pgid, 0) == 0 || errno != ESRCH)
				continue;
		}
		r->dead_groups[i] = r->dead_groups[--r->dead_count];
	}
}

static void runner_read_signals(struct runner *r)
{
	struct signalfd_siginfo si;

	while (read(r->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if ((si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM) &&
		    !r->interrupted)
			r->interrupted = (int)si.ssi_signo;
	}
}

static bool runner_may_sweep(const struct runner *r, pid_t pid)
{
	int i;

	if (r->own_count < 0)
		return false;
	for (i = 0; i < r->slot_count; i++)
		if (r->slots[i].job >= 0 && r->slots[i].pid == pid)
			return false;
	for (i = 0; i < r->own_count; i++)
		if (r->own_children[i] == pid)
			return false;
	return true;
}

/*
 * Our children are the slots' children, and orphans reparented to us (we
 * are a subreaper) from the trees of children that died: a daemon that
 * left its group and outlived its script. Those are killed and reaped.
 */
static void runner_sweep_orphans(struct runner *r)
{
	pid_t pids[RUNNER_SWEEP_MAX];
	int n = list_children(pids, RUNNER_SWEEP_MAX), i;

	for (i = 0; i < n; i++) {
		if (!runner_may_sweep(r, pids[i]))
			continue;
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, WNOHANG);
	}
}

/* True while an orphan of ours is still alive or unreaped. */
static bool runner_has_orphans(struct runner *r)
{
	pid_t pids[RUNNER_SWEEP_MAX];
	int n = list_children(pids, RUNNER_SWEEP_MAX), i;

	for (i = 0; i < n; i++)
		if (runner_may_sweep(r, pids[i]))
			return true;
	return false;
}

static void runner_check_children(struct runner *r)
{
	int i;

	for (i = 0; i < r->slot_count; i++) {
		struct slot *s = &r->slots[i];

		if (s->job >= 0 && slot_has_exited(s))
			slot_finish(r, s);
	}
	reap_dead_groups(r);
	runner_sweep_orphans(r);
}

/* Kill the groups whose time is up; SIGCHLD then finishes them. */
static int runner_check_deadlines(struct runner *r)
{
	int64_t now = now_ns(), next = INT64_MAX;
	int i;

	for (i = 0; i < r->slot_count; i++) {
		struct slot *s = &r->slots[i];

		if (s->job < 0 || s->timed_out)
			continue;
		if (now >= s->deadline_ns) {
			s->timed_out = true;
			kill(-s->pid, SIGKILL);
		} else if (s->deadline_ns < next) {
			next = s->deadline_ns;
		}
	}
	if (next == INT64_MAX)
		return -1;
	/* Round up: waking a little late is fine, waking early spins. */
	return (int)((next - now + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC);
}

static void runner_poll(struct runner *r)
{
	struct pollfd *fds = r->pollfds;
	struct slot **owner = r->poll_owner;
	int n = 0, i, timeout;

	fds[n++] = (struct pollfd){ .fd = r->sigfd, .events = POLLIN };
	for (i = 0; i < r->slot_count; i++) {
		struct slot *s = &r->slots[i];

		if (s->job < 0)
			continue;
		if (s->verdict_fd >= 0) {
			owner[n] = s;
			fds[n++] = (struct pollfd){ .fd = s->verdict_fd, .events = POLLIN };
		}
		if (s->output_fd >= 0) {
			owner[n] = s;
			fds[n++] = (struct pollfd){ .fd = s->output_fd, .events = POLLIN };
		}
	}
	timeout = runner_check_deadlines(r);
	if (poll(fds, (nfds_t)n, timeout) < 0)
		return;		/* EINTR (a stop and continue): look again */
	for (i = 1; i < n; i++) {
		if (!fds[i].revents)
			continue;
		if (fds[i].fd == owner[i]->verdict_fd)
			buf_read(&owner[i]->verdict_fd, &owner[i]->verdict);
		else if (fds[i].fd == owner[i]->output_fd)
			buf_read(&owner[i]->output_fd, &owner[i]->output);
	}
	if (fds[0].revents)
		runner_read_signals(r);
	runner_check_children(r);
	runner_check_deadlines(r);
}

static void runner_loop(struct runner *r)
{
	for (;;) {
		runner_fill_slots(r);
		if (r->interrupted || (r->running == 0 && !runner_pending(r)))
			break;
		runner_poll(r);
	}
}

/* SIGINT/SIGTERM: every running group dies; nothing of them is reported. */
static int runner_kill_all(struct runner *r)
{
	int i, killed = 0;

	for (i = 0; i < r->slot_count; i++) {
		struct slot *s = &r->slots[i];

		if (s->job < 0)
			continue;
		kill(-s->pid, SIGKILL);
		slot_reap(r, s);
		slot_clear(s);
		killed++;
	}
	return killed;
}

/*
 * Wait (a bounded time: everything was sent SIGKILL) until the grandchildren
 * orphaned into our care are reaped, so none outlives the run as a zombie.
 */
static void runner_drain_groups(struct runner *r)
{
	int64_t give_up = now_ns() + 2 * NSEC_PER_SEC;
	struct pollfd pfd = { .fd = r->sigfd, .events = POLLIN };

	reap_dead_groups(r);
	runner_sweep_orphans(r);
	while ((r->dead_count > 0 || runner_has_orphans(r)) &&
	       now_ns() < give_up) {
		if (poll(&pfd, 1, 50) > 0)
			runner_read_signals(r);
		reap_dead_groups(r);
		runner_sweep_orphans(r);
	}
}

/* ---- setting up and tearing down ----------------------------------------------------- */

/* Each slot holds two pipe ends (four while starting): stay in RLIMIT_NOFILE. */
static int runner_slot_count(const struct config *cfg, int jobs)
{
	int n = cfg->jobs > 0 ? cfg->jobs : runner_default_jobs();
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		long fit = ((long)rl.rlim_cur - 32) / 4;

		if (fit < n)
			n = fit > 1 ? (int)fit : 1;
	}
	if (n > jobs)
		n = jobs;
	return n > 0 ? n : 1;
}

static int runner_open_reports(struct runner *r, FILE *out, struct error *err)
{
	const struct config *cfg = r->cfg;

	r->human = out;
	if (cfg->tap_file && strcmp(cfg->tap_file, "-") == 0) {
		r->tap = out;
		r->tap_is_out = true;
		r->human = stderr;
	} else if (cfg->tap_file) {
		r->tap = fopen(cfg->tap_file, "we");
		if (!r->tap)
			return error_set(err, "--tap: %s: %s", cfg->tap_file,
					 strerror(errno));
	}
	if (cfg->junit_file) {
		r->junit = fopen(cfg->junit_file, "we");
		if (!r->junit)
			return error_set(err, "--junit: %s: %s", cfg->junit_file,
					 strerror(errno));
	}
	r->progress = isatty(fileno(r->human)) == 1;
	return 0;
}

static int mkdir_parents(const char *file)
{
	char *dir = strdup(file), *p;
	int ret = 0;

	if (!dir)
		return -1;
	for (p = dir + 1; *p && !ret; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			ret = -1;
		*p = '/';
	}
	free(dir);
	return ret;
}

static int runner_make_pcap_dirs(struct runner *r, struct error *err)
{
	int i;

	for (i = 0; i < r->plan.count; i++) {
		const char *path = r->plan.jobs[i].pcap_path;

		if (path && mkdir_parents(path))
			return error_set(err, "--pcap: cannot create the "
					 "directory of %s: %s", path,
					 strerror(errno));
	}
	return 0;
}

static int runner_setup(struct runner *r, FILE *out, struct error *err)
{
	int i, count = r->plan.count;
	sigset_t mask;

	if (runner_open_reports(r, out, err) || runner_make_pcap_dirs(r, err))
		return -1;
	r->slot_count = runner_slot_count(r->cfg, count);
	r->slots = calloc((size_t)r->slot_count, sizeof(*r->slots));
	r->tracks = calloc((size_t)count + 1, sizeof(*r->tracks));
	r->results = calloc((size_t)count + 1, sizeof(*r->results));
	/* Each job fails at most retries + 1 times: the FIFO never wraps. */
	r->retry = calloc((size_t)count * ((size_t)r->cfg->retries + 1) + 1,
			  sizeof(*r->retry));
	r->pollfds = calloc(2 * (size_t)r->slot_count + 1, sizeof(*r->pollfds));
	r->poll_owner = calloc(2 * (size_t)r->slot_count + 1,
			       sizeof(*r->poll_owner));
	if (!r->slots || !r->tracks || !r->results || !r->retry ||
	    !r->pollfds || !r->poll_owner)
		return error_set(err, "out of memory");
	for (i = 0; i < r->slot_count; i++) {
		r->slots[i].job = -1;
		r->slots[i].verdict_fd = r->slots[i].output_fd = -1;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, &r->old_mask))
		return error_set(err, "sigprocmask: %s", strerror(errno));
	r->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (r->sigfd < 0) {
		sigprocmask(SIG_SETMASK, &r->old_mask, NULL);
		return error_set(err, "signalfd: %s", strerror(errno));
	}
	r->own_children = calloc(RUNNER_SWEEP_MAX, sizeof(*r->own_children));
	r->own_count = r->own_children ?
		list_children(r->own_children, RUNNER_SWEEP_MAX) : -1;
	if (r->own_count >= RUNNER_SWEEP_MAX)
		r->own_count = -1;
	prctl(PR_GET_CHILD_SUBREAPER, &r->old_subreaper);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	r->parent_pid = getpid();
	r->start_ns = now_ns();
	return 0;
}

static void runner_teardown(struct runner *r, bool set_up)
{
	int i;

	if (set_up) {
		close(r->sigfd);
		sigprocmask(SIG_SETMASK, &r->old_mask, NULL);
		prctl(PR_SET_CHILD_SUBREAPER, r->old_subreaper);
	}
	if (r->tap && !r->tap_is_out)
		fclose(r->tap);
	if (r->junit)
		fclose(r->junit);
	for (i = 0; r->tracks && r->results && i < r->plan.count; i++) {
		free(r->tracks[i].history);
		free(r->tracks[i].kept_pcap);
		report_result_free(&r->results[i]);
	}
	free(r->tracks);
	free(r->results);
	free(r->slots);
	free(r->retry);
	free(r->dead_groups);
	free(r->own_children);
	free(r->pollfds);
	free(r->poll_owner);
	runner_plan_free(&r->plan);
}

/* TAP and JUnit list the finished results in the plan's order. */
static void runner_write_reports(struct runner *r)
{
	const struct report_result **done;
	char bail[64];
	int i, n = 0;

	done = calloc((size_t)r->plan.count + 1, sizeof(*done));
	if (!done)
		return;
	for (i = 0; i < r->plan.count; i++)
		if (r->tracks[i].done)
			done[n++] = &r->results[i];
	snprintf(bail, sizeof(bail), "interrupted by %s",
		 r->interrupted == SIGTERM ? "SIGTERM" : "SIGINT");
	if (r->tap)
		report_tap(r->tap, done, n, r->interrupted ? bail : NULL);
	if (r->junit)
		report_junit(r->junit, done, n,
			     (double)(now_ns() - r->start_ns) / NSEC_PER_SEC);
	free(done);
}

/*
 * 1 when a script failed; 2 (as for usage errors) when one could not even be
 * run: it did not parse, or the machine lacks what every run needs.
 */
static int runner_exit_status(const struct runner *r)
{
	int i;

	for (i = 0; i < r->plan.count; i++)
		if (r->results[i].status == REPORT_ERROR)
			return RUNNER_EXIT_ERROR;
	return r->counts.failed ? 1 : 0;
}

int runner_run(const struct config *cfg, char **paths, int path_count,
	       runner_child_fn fn, void *arg, FILE *out, struct error *err)
{
	struct runner r = { .cfg = cfg, .fn = fn, .arg = arg, .sigfd = -1 };
	int status, killed;

	if (!fn)
		return error_set(err, "no way to run a script"), RUNNER_EXIT_ERROR;
	if (runner_plan_build(cfg, paths, path_count, &r.plan, err))
		return RUNNER_EXIT_ERROR;
	if (runner_setup(&r, out, err)) {
		runner_teardown(&r, r.sigfd >= 0);
		return RUNNER_EXIT_ERROR;
	}
	runner_loop(&r);
	killed = r.interrupted ? runner_kill_all(&r) : 0;
	runner_drain_groups(&r);
	if (r.progress)
		report_progress_clear(r.human);
	runner_print_results(&r, true);
	if (r.interrupted)
		fprintf(r.human, "tcpdrill: interrupted by %s: %d running "
			"script%s killed, %d not started\n",
			r.interrupted == SIGTERM ? "SIGTERM" : "SIGINT", killed,
			killed == 1 ? "" : "s",
			r.plan.count - r.done_count - killed);
	runner_write_reports(&r);
	report_summary(r.human, &r.counts);
	fflush(r.human);
	status = r.interrupted ? 128 + r.interrupted : runner_exit_status(&r);
	runner_teardown(&r, true);
	return status;
}
