// SPDX-License-Identifier: GPL-2.0
/*
 * test_runner_proc.c - the runner as a whole process: SIGINT and SIGTERM
 * in the middle of a run, TAP on standard output with the human lines on
 * standard error, and the progress line on a terminal.
 */
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>

#include "tap.h"
#include "runner_test.h"

static int behave(const struct config *cfg, const struct runner_job *job,
		  struct verdict *out, void *arg)
{
	const char *base = job_base(job);

	(void)cfg;
	if (strstr(base, "hang")) {
		pid_t pids[2] = { getpid(), spawn_sleeper() };

		if (write(*(int *)arg, pids, sizeof(pids)) != sizeof(pids))
			_exit(99);
		for (;;)
			pause();
	}
	if (strstr(base, "nap"))
		usleep(200 * 1000);
	if (strstr(base, "fail"))
		return verdict_set(out, VERDICT_FAIL, "it failed"), 0;
	if (strstr(base, "skip"))
		return verdict_set(out, VERDICT_SKIP, "not here"), 0;
	return verdict_set(out, VERDICT_PASS, NULL), 0;
}

struct proc {
	pid_t pid;
	int out_fd, err_fd;	/* the runner process's stdout and stderr */
};

/* Run runner_run() in a forked process whose stdout/stderr are pipes. */
static struct proc start_runner(const struct config *cfg, const char *path,
				void *arg)
{
	struct proc p = { -1, -1, -1 };
	int o[2], e[2];

	if (pipe(o) || pipe(e))
		return p;
	fflush(NULL);
	p.pid = fork();
	if (p.pid == 0) {
		struct error err = { 0 };
		char *paths[] = { (char *)path };
		int status;

		dup2(o[1], STDOUT_FILENO);
		dup2(e[1], STDERR_FILENO);
		close(o[0]);
		close(e[0]);
		status = runner_run(cfg, paths, 1, behave, arg, stdout, &err);
		fflush(NULL);
		_exit(status);
	}
	close(o[1]);
	close(e[1]);
	p.out_fd = o[0];
	p.err_fd = e[0];
	return p;
}

static char *read_all(int fd)
{
	char *text = NULL, chunk[4096];
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		fwrite(chunk, 1, (size_t)n, mem);
	fclose(mem);
	close(fd);
	return text;
}

/* Wait up to 10 s for count pid pairs from the children. */
static int wait_pids(int fd, pid_t *pids, int pairs)
{
	int got = 0;

	while (got < pairs) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		if (poll(&pfd, 1, 10000) <= 0 ||
		    read(fd, pids + 2 * got, 2 * sizeof(*pids)) != 2 * sizeof(*pids))
			break;
		got++;
	}
	return got;
}

static void test_interrupt(int signo, int expect_status, const char *signame)
{
	char *dir = scratch_dir(), *out, *err, *tap, *what, *tap_path;
	pid_t pids[4] = { 0 };
	struct config cfg;
	struct proc p;
	int pp[2], wstatus = 0, i, gone = 1;

	scratch_file(dir, "a-pass.pkt");
	scratch_file(dir, "b-hang.pkt");
	scratch_file(dir, "c-hang.pkt");
	scratch_file(dir, "d-hang.pkt");
	if (pipe(pp))
		return;
	config_init(&cfg);
	cfg.jobs = 2;
	tap_path = str_printf("%s.tap", dir);
	cfg.tap_file = strdup(tap_path);
	p = start_runner(&cfg, dir, &pp[1]);
	what = str_printf("%s: two hung scripts are running", signame);
	tap_is_int(wait_pids(pp[0], pids, 2), 2, what);
	free(what);
	kill(p.pid, signo);
	waitpid(p.pid, &wstatus, 0);
	out = read_all(p.out_fd);
	err = read_all(p.err_fd);

	what = str_printf("%s: the runner exits %d", signame, expect_status);
	tap_ok(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == expect_status, what);
	free(what);
	for (i = 0; i < 4; i++)
		gone = gone && process_gone(pids[i]);
	what = str_printf("%s: the running children and their grandchildren "
			  "are gone", signame);
	tap_ok(gone, what);
	free(what);
	what = str_printf("tcpdrill: interrupted by %s: 2 running scripts "
			  "killed, 1 not started\n", signame);
	tap_ok(out && strstr(out, what), "it says what it killed and skipped");
	free(what);
	tap_ok(out && strstr(out, "PASS  ") && strstr(out, "/a-pass.pkt  ipv4  "),
	       "the result finished before the signal is shown");
	tap_is_str(last_line(out), "1 passed, 0 failed, 0 skipped",
		   "the summary so far is the last line");
	tap = read_file_text(tap_path);
	what = str_printf("Bail out! interrupted by %s\n", signame);
	tap_ok(tap && strstr(tap, "1..1\nok 1 - ") && strstr(tap, what),
	       "the TAP file has the finished result and bails out");
	free(what);
	if (err && *err)
		printf("# stderr: %s\n", err);
	free(tap);
	free(out);
	free(err);
	unlink(tap_path);
	free(tap_path);
	close(pp[0]);
	close(pp[1]);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_tap_on_stdout(void)
{
	char *dir = scratch_dir(), *out, *err;
	struct config cfg;
	struct proc p;
	int wstatus = 0;

	scratch_file(dir, "pass.pkt");
	scratch_file(dir, "fail.pkt");
	scratch_file(dir, "skip.pkt");
	config_init(&cfg);
	cfg.tap_file = strdup("-");
	p = start_runner(&cfg, dir, NULL);
	waitpid(p.pid, &wstatus, 0);
	out = read_all(p.out_fd);
	err = read_all(p.err_fd);
	tap_ok(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 1,
	       "--tap=-: exit 1 with a failure");
	tap_ok(out && strncmp(out, "TAP version 13\n1..3\n", 20) == 0,
	       "--tap=-: standard output starts with the TAP header");
	tap_ok(out && !strstr(out, "passed,") && !strstr(out, "FAIL  "),
	       "--tap=-: no human lines on standard output");
	tap_is_int(count_substr(out, "\nok "), 2, "--tap=-: two ok (pass, skip)");
	tap_is_int(count_substr(out, "\nnot ok "), 1, "--tap=-: one not ok");
	tap_is_str(last_line(err), "1 passed, 1 failed, 1 skipped",
		   "--tap=-: the human lines and summary go to standard error");
	free(out);
	free(err);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_progress(void)
{
	char *dir = scratch_dir(), *text;
	struct winsize ws = { .ws_row = 24, .ws_col = 60 };
	struct run_result rr;
	struct error err = { 0 };
	struct config cfg;
	int master, slave;
	char *paths[1] = { dir };
	FILE *tty;

	scratch_file(dir, "nap1.pkt");
	scratch_file(dir, "nap2.pkt");
	config_init(&cfg);
	cfg.jobs = 1;
	rr = run_one(&cfg, dir, behave, NULL);
	tap_ok(rr.text && !strchr(rr.text, '\033') && !strchr(rr.text, '\r'),
	       "not a terminal: plain lines, no progress");
	run_result_free(&rr);

	if (openpty(&master, &slave, NULL, NULL, &ws) != 0) {
		tap_ok(1, "progress on a terminal # SKIP no pty");
		return;
	}
	tty = fdopen(slave, "w");
	runner_run(&cfg, paths, 1, behave, NULL, tty, &err);
	fclose(tty);
	fcntl(master, F_SETFL, O_NONBLOCK);
	text = read_all(master);
	tap_ok(text && strstr(text, "\r\033[K[0/2] running: ") &&
	       strstr(text, "\r\033[K[1/2] running: "),
	       "a terminal gets a progress line naming what runs");
	tap_ok(text && strstr(text, "\r\033[KPASS  "),
	       "the progress line is erased before a result line");
	tap_ok(text && strstr(text, "2 passed, 0 failed, 0 skipped"),
	       "and the summary is printed");
	free(text);
	error_clear(&err);
	config_free(&cfg);
	scratch_remove(dir);
}

int main(void)
{
	test_interrupt(SIGINT, 130, "SIGINT");
	test_interrupt(SIGTERM, 143, "SIGTERM");
	test_tap_on_stdout();
	test_progress();
	return tap_done();
}
