// SPDX-License-Identifier: GPL-2.0
/*
 * test_runner.c - the runner with real forked children: verdicts of every
 * kind, crashes, timeouts that kill grandchildren, retries and flaky
 * passes, parallelism, variants, captures, TAP and JUnit files.
 */
#include <dirent.h>
#include <poll.h>
#include <stdint.h>
#include <sys/prctl.h>

#include "capture.h"
#include "tap.h"
#include "runner_test.h"

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Tell the test which processes to look for afterwards. */
static void report_pids(void *arg, pid_t child, pid_t grandchild)
{
	pid_t pids[2] = { child, grandchild };

	if (arg && write(*(int *)arg, pids, sizeof(pids)) != sizeof(pids))
		_exit(99);
}

static int behave_capture(const struct runner_job *job, struct verdict *out)
{
	static const unsigned char packet[20] = { 0x45, 0, 0, 20 };
	struct capture *cap = capture_open(job->pcap_path, CAPTURE_LINKTYPE_RAW,
					   0, NULL);
	const char *base = job_base(job);

	if (!cap)
		return verdict_set(out, VERDICT_ERROR, "no capture path"), 0;
	capture_write(cap, packet, sizeof(packet), NULL, NULL);
	capture_close(cap, NULL);
	if (starts_with(base, "capture-fail") ||
	    (starts_with(base, "capture-flaky") && job->attempt == 1))
		verdict_set(out, VERDICT_FAIL, "capture test fails");
	else
		verdict_set(out, VERDICT_PASS, NULL);
	return 0;
}

static int behave_big(struct verdict *out)
{
	char line[101];
	int i;

	memset(line, 'x', 100);
	line[100] = '\0';
	verdict_set(out, VERDICT_FAIL, "big details");
	/* 2000 lines of 100: three times what a pipe holds at once */
	for (i = 0; i < 2000; i++)
		verdict_add_details(out, "%s", line);
	return 0;
}

static int behave_flood(struct verdict *out)
{
	char block[4096];
	int i;

	memset(block, 'y', sizeof(block));
	for (i = 0; i < 512; i++)	/* 2 MiB */
		fwrite(block, 1, sizeof(block), stdout);
	return verdict_set(out, VERDICT_FAIL, "flooded"), 0;
}

/* The test callback: each script's name says what its child does. */
static int behave(const struct config *cfg, const struct runner_job *job,
		  struct verdict *out, void *arg)
{
	const char *base = job_base(job);

	if (starts_with(base, "capture"))
		return behave_capture(job, out);
	if (starts_with(base, "pass"))
		return verdict_set(out, VERDICT_PASS, NULL), 0;
	if (starts_with(base, "fail")) {
		verdict_set(out, VERDICT_FAIL, "%s:3: timing error: expected X",
			    base);
		verdict_add_details(out, "script packet: 0.100 S 0:0(0)");
		verdict_add_details(out, "actual packet: 0.200 S 0:0(0)");
		return 0;
	}
	if (starts_with(base, "skip"))
		return verdict_set(out, VERDICT_SKIP, "needs TCP_REPAIR"), 0;
	if (starts_with(base, "crash")) {
		signal(SIGSEGV, SIG_DFL);	/* past any sanitizer's handler */
		raise(SIGSEGV);
	}
	if (starts_with(base, "error"))
		return verdict_set(out, VERDICT_ERROR, "cannot create the TUN"), 0;
	if (starts_with(base, "noverdict"))
		_exit(0);
	if (starts_with(base, "silent"))
		return 0;
	if (starts_with(base, "talk")) {
		printf("hello from stdout\n");
		fprintf(stderr, "and stderr\n");
		return verdict_set(out, VERDICT_FAIL, "talked"), 0;
	}
	if (starts_with(base, "hang")) {
		report_pids(arg, getpid(), spawn_sleeper());
		for (;;)
			pause();
	}
	if (starts_with(base, "leftover")) {
		report_pids(arg, getpid(), spawn_sleeper());
		return verdict_set(out, VERDICT_PASS, NULL), 0;
	}
	if (starts_with(base, "flaky")) {
		if (job->attempt == 1)
			return verdict_set(out, VERDICT_FAIL, "first try fails"), 0;
		return verdict_set(out, VERDICT_PASS, NULL), 0;
	}
	if (starts_with(base, "always"))
		return verdict_set(out, VERDICT_FAIL, "attempt %d failed",
				   job->attempt), 0;
	if (starts_with(base, "nap")) {
		usleep(300 * 1000);
		return verdict_set(out, VERDICT_PASS, NULL), 0;
	}
	if (starts_with(base, "variant")) {
		if (cfg->ip_version == job->ip_version &&
		    strcmp(job->variant, runner_variant_name(cfg->ip_version)) == 0)
			return verdict_set(out, VERDICT_PASS, NULL), 0;
		return verdict_set(out, VERDICT_FAIL, "wrong variant"), 0;
	}
	if (starts_with(base, "big"))
		return behave_big(out);
	if (starts_with(base, "flood"))
		return behave_flood(out);
	return verdict_set(out, VERDICT_ERROR, "unknown test script"), 0;
}

static char *line_for(const char *status, const char *dir, const char *rel,
		      const char *variant)
{
	return str_printf("%s  %s/%s  %s  ", status, dir, rel, variant);
}

static void check_line(const struct run_result *rr, const char *status,
		       const char *dir, const char *rel, const char *variant)
{
	char *prefix = line_for(status, dir, rel, variant);
	char *name = str_printf("line '%s...'", prefix);

	if (!tap_ok(has_line_prefix(rr->text, prefix), name))
		printf("# output:\n%s", rr->text);
	free(prefix);
	free(name);
}

static void test_failing_run_status(void)
{
	char *dir = scratch_dir();
	struct config cfg;
	struct run_result rr;

	scratch_file(dir, "pass.pkt");
	scratch_file(dir, "fail.pkt");
	config_init(&cfg);
	rr = run_one(&cfg, dir, behave, NULL);
	tap_is_int(rr.status, 1, "a run where a script failed returns 1");
	run_result_free(&rr);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_verdict_kinds(void)
{
	static const char *const files[] = {
		"pass.pkt", "fail.pkt", "skip.pkt", "crash.pkt", "error.pkt",
		"noverdict.pkt", "silent.pkt", "talk.pkt",
	};
	char *dir = scratch_dir(), *tap_path, *junit_path, *tap, *junit, *cmd;
	struct config cfg;
	struct run_result rr;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		scratch_file(dir, files[i]);
	config_init(&cfg);
	cfg.jobs = 3;
	tap_path = str_printf("%s.tap", dir);
	junit_path = str_printf("%s.xml", dir);
	cfg.tap_file = strdup(tap_path);
	cfg.junit_file = strdup(junit_path);
	rr = run_one(&cfg, dir, behave, NULL);

	tap_is_int(rr.status, 2, "a run where a script could not run returns 2");
	check_line(&rr, "PASS", dir, "pass.pkt", "ipv4");
	check_line(&rr, "FAIL", dir, "fail.pkt", "ipv4");
	tap_ok(strstr(rr.text, "\n    fail.pkt:3: timing error: expected X\n"
			       "    script packet: 0.100 S 0:0(0)\n"
			       "    actual packet: 0.200 S 0:0(0)\n") != NULL,
	       "failure reason and details indented under the line");
	check_line(&rr, "SKIP", dir, "skip.pkt", "ipv4");
	tap_ok(strstr(rr.text, "\n    needs TCP_REPAIR\n") != NULL,
	       "the skip reason is shown");
	check_line(&rr, "FAIL", dir, "crash.pkt", "ipv4");
	tap_ok(strstr(rr.text, "\n    child killed by signal 11 (Segmentation fault)\n")
	       != NULL, "a crash is a FAIL naming the signal");
	check_line(&rr, "ERROR", dir, "error.pkt", "ipv4");
	check_line(&rr, "FAIL", dir, "noverdict.pkt", "ipv4");
	tap_ok(strstr(rr.text, "\n    child exited with status 0 without a verdict\n")
	       != NULL, "an exit without a verdict is a FAIL");
	check_line(&rr, "ERROR", dir, "silent.pkt", "ipv4");
	tap_ok(strstr(rr.text, "returned 0 without a verdict") != NULL,
	       "a callback that sets no status is an ERROR");
	tap_ok(strstr(rr.text, "\n    | hello from stdout\n") &&
	       strstr(rr.text, "\n    | and stderr\n"),
	       "the child's stdout and stderr are shown under its failure");
	tap_is_str(last_line(rr.text), "1 passed, 6 failed, 1 skipped",
		   "summary line, last");

	tap = read_file_text(tap_path);
	tap_ok(tap && starts_with(tap, "TAP version 13\n1..8\n"),
	       "TAP file: version and plan");
	tap_is_int(count_substr(tap, "\nok "), 2, "TAP file: 2 ok");
	tap_is_int(count_substr(tap, "\nnot ok "), 6, "TAP file: 6 not ok");
	tap_ok(strstr(tap, "skip.pkt ipv4 # SKIP needs TCP_REPAIR\n") != NULL,
	       "TAP file: the skip directive with its reason");
	tap_is_int(count_substr(tap, "\n  ---\n"), 6, "TAP file: a YAML block per failure");
	tap_is_int(count_substr(tap, "\n  ...\n"), 6, "TAP file: each YAML block closed");

	junit = read_file_text(junit_path);
	tap_ok(junit && strstr(junit, "<testsuites name=\"tcpdrill\" tests=\"8\" "
			       "failures=\"4\" errors=\"2\" skipped=\"1\""),
	       "JUnit file: the counts");
	tap_is_int(count_substr(junit, "<testcase "), 8, "JUnit file: 8 test cases");
	cmd = str_printf("xmllint --noout '%s' 2>&1", junit_path);
	if (system("command -v xmllint >/dev/null 2>&1") == 0)
		tap_is_int(system(cmd), 0, "JUnit file: xmllint finds it well-formed");
	else
		tap_ok(1, "JUnit file: well-formed # SKIP xmllint not installed");
	free(cmd);
	free(tap);
	free(junit);
	unlink(tap_path);
	unlink(junit_path);
	free(tap_path);
	free(junit_path);
	run_result_free(&rr);
	config_free(&cfg);
	scratch_remove(dir);
}

/* Read the (child, grandchild) pid pairs children sent. */
static int read_pids(int fd, pid_t *pids, int max)
{
	int n = 0;

	while (n + 2 <= max) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		if (poll(&pfd, 1, 0) <= 0 ||
		    read(fd, pids + n, 2 * sizeof(*pids)) != 2 * sizeof(*pids))
			break;
		n += 2;
	}
	return n;
}

static void test_timeout_kills_group(void)
{
	char *dir = scratch_dir();
	struct config cfg;
	struct run_result rr;
	pid_t pids[4] = { 0 };
	int p[2];

	scratch_file(dir, "hang.pkt");
	scratch_file(dir, "leftover.pkt");
	if (pipe(p))
		return;
	config_init(&cfg);
	cfg.timeout_secs = 1;
	cfg.jobs = 2;
	rr = run_one(&cfg, dir, behave, &p[1]);
	tap_is_int(read_pids(p[0], pids, 4), 4, "both children reported their pids");
	check_line(&rr, "TIMEOUT", dir, "hang.pkt", "ipv4");
	tap_ok(strstr(rr.text, "    timed out after 1 s") != NULL,
	       "the timeout is named");
	tap_ok(rr.seconds >= 0.9 && rr.seconds < 3.0,
	       "killed at the 1 s timeout, not later");
	check_line(&rr, "PASS", dir, "leftover.pkt", "ipv4");
	tap_ok(process_gone(pids[0]) && process_gone(pids[1]) &&
	       process_gone(pids[2]) && process_gone(pids[3]),
	       "the hung child, its grandchild and a passing child's "
	       "leftover process are all gone");
	tap_is_str(last_line(rr.text), "1 passed, 1 failed, 0 skipped",
		   "a timeout counts as failed");
	tap_is_int(rr.status, 1, "and makes the run fail");
	close(p[0]);
	close(p[1]);
	run_result_free(&rr);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_retries(void)
{
	char *dir = scratch_dir(), *flaky = NULL, *always = NULL, *tap_path;
	struct config cfg;
	struct run_result rr;
	char *tap;

	scratch_file(dir, "flaky.pkt");
	scratch_file(dir, "other/always.pkt");
	flaky = str_printf("%s/flaky.pkt", dir);
	always = str_printf("%s/other/always.pkt", dir);
	config_init(&cfg);

	rr = run_one(&cfg, flaky, behave, NULL);
	check_line(&rr, "FAIL", dir, "flaky.pkt", "ipv4");
	tap_is_int(rr.status, 1, "without --retries a flaky script fails");
	run_result_free(&rr);

	cfg.retries = 1;
	rr = run_one(&cfg, flaky, behave, NULL);
	check_line(&rr, "FLAKY", dir, "flaky.pkt", "ipv4");
	tap_ok(strstr(rr.text, "    passed on attempt 2 of 2\n"
			       "    attempt 1: FAIL first try fails\n") != NULL,
	       "a flaky pass says which attempt passed and what failed before");
	tap_is_str(last_line(rr.text), "0 passed, 0 failed, 0 skipped, 1 flaky",
		   "flaky is counted apart");
	tap_is_int(rr.status, 0, "a flaky pass does not fail the run");
	run_result_free(&rr);

	cfg.retries = 2;
	tap_path = str_printf("%s.tap", dir);
	cfg.tap_file = strdup(tap_path);
	rr = run_one(&cfg, always, behave, NULL);
	check_line(&rr, "FAIL", dir, "other/always.pkt", "ipv4");
	tap_ok(strstr(rr.text, "    attempt 3 failed\n") &&
	       strstr(rr.text, "failed all 3 attempts") &&
	       strstr(rr.text, "attempt 1: FAIL attempt 1 failed") &&
	       strstr(rr.text, "attempt 2: FAIL attempt 2 failed"),
	       "a script failing every retry shows every attempt");
	tap = read_file_text(tap_path);
	tap_ok(tap && strstr(tap, "  attempts: 3\n"), "TAP records 3 attempts");
	tap_is_int(rr.status, 1, "and fails the run");
	free(tap);
	unlink(tap_path);
	free(tap_path);
	run_result_free(&rr);
	free(flaky);
	free(always);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_parallel(void)
{
	char *dir = scratch_dir();
	struct config cfg;
	struct run_result rr;
	int i;

	for (i = 1; i <= 4; i++) {
		char *name = str_printf("nap%d.pkt", i);

		scratch_file(dir, name);
		free(name);
	}
	config_init(&cfg);
	cfg.jobs = 4;
	rr = run_one(&cfg, dir, behave, NULL);
	tap_is_str(last_line(rr.text), "4 passed, 0 failed, 0 skipped",
		   "-j 4: all four pass");
	tap_ok(rr.seconds >= 0.3 && rr.seconds < 0.7,
	       "-j 4: four 0.3 s children take about 0.3 s");
	printf("# -j 4 took %.3f s\n", rr.seconds);
	run_result_free(&rr);

	cfg.jobs = 1;
	rr = run_one(&cfg, dir, behave, NULL);
	tap_ok(rr.seconds >= 1.2, "-j 1: they run one after another");
	printf("# -j 1 took %.3f s\n", rr.seconds);
	run_result_free(&rr);

	/* nap1 ends 0.3 s after pass1, which sorts after it */
	scratch_file(dir, "pass1.pkt");
	cfg.jobs = 5;
	rr = run_one(&cfg, dir, behave, NULL);
	tap_ok(rr.text && strstr(rr.text, "/nap4.pkt  ") &&
	       strstr(rr.text, "/pass1.pkt  ") &&
	       strstr(rr.text, "/nap4.pkt  ") < strstr(rr.text, "/pass1.pkt  "),
	       "results are shown in the plan's order, not as they finish");
	run_result_free(&rr);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_variants(void)
{
	char *dir = scratch_dir();
	struct config cfg;
	struct run_result rr;

	scratch_file(dir, "variant.pkt");
	scratch_file(dir, "variant-v4.pkt");
	scratch_file(dir, "variant-v6.pkt");
	config_init(&cfg);
	cfg.ip_version = CONFIG_IP_ALL;
	rr = run_one(&cfg, dir, behave, NULL);
	tap_is_str(last_line(rr.text), "6 passed, 0 failed, 0 skipped",
		   "all: 3 + 2 + 1 variants, each child sees its own ip_version");
	check_line(&rr, "PASS", dir, "variant.pkt", "ipv4-mapped-ipv6");
	check_line(&rr, "PASS", dir, "variant-v4.pkt", "ipv4-mapped-ipv6");
	check_line(&rr, "PASS", dir, "variant-v6.pkt", "ipv6");
	tap_ok(!strstr(rr.text, "variant-v6.pkt  ipv4"),
	       "a v6.pkt script never runs over IPv4");
	run_result_free(&rr);

	cfg.ip_version = CONFIG_IPV6;
	rr = run_one(&cfg, dir, behave, NULL);
	check_line(&rr, "SKIP", dir, "variant-v4.pkt", "ipv6");
	tap_ok(strstr(rr.text, "    IPv4-only script (its name ends in v4.pkt)\n")
	       != NULL, "a single other version skips it with the reason");
	tap_is_str(last_line(rr.text), "2 passed, 0 failed, 1 skipped",
		   "ipv6: two run, one skipped");
	run_result_free(&rr);
	config_free(&cfg);
	scratch_remove(dir);
}

static int file_exists(const char *dir, const char *rel)
{
	char *path = str_printf("%s/%s", dir, rel);
	int ok = access(path, F_OK) == 0;

	free(path);
	return ok;
}

static void test_captures(void)
{
	char *dir = scratch_dir(), *out = scratch_dir(), *expect;
	struct config cfg;
	struct run_result rr;

	scratch_file(dir, "capture-pass.pkt");
	scratch_file(dir, "capture-fail.pkt");
	scratch_file(dir, "sub/capture-pass.pkt");
	scratch_file(dir, "capture-flaky.pkt");
	config_init(&cfg);
	cfg.pcap_dir = str_printf("%s/pcaps", out);
	rr = run_one(&cfg, dir, behave, NULL);
	tap_ok(file_exists(out, "pcaps/capture-pass.pcap") &&
	       file_exists(out, "pcaps/capture-fail.pcap") &&
	       file_exists(out, "pcaps/sub/capture-pass.pcap") &&
	       file_exists(out, "pcaps/capture-flaky.pcap"),
	       "--pcap=DIR: DIR/<relative path>.pcap, subdirectories kept");
	expect = str_printf("    capture: %s/pcaps/capture-fail.pcap\n", out);
	tap_ok(strstr(rr.text, expect) != NULL, "a failure names its capture");
	free(expect);
	run_result_free(&rr);
	scratch_remove(out);

	out = scratch_dir();
	free(cfg.pcap_dir);
	cfg.pcap_dir = str_printf("%s/pcaps", out);
	cfg.pcap_on_failure = true;
	cfg.retries = 1;
	rr = run_one(&cfg, dir, behave, NULL);
	tap_ok(!file_exists(out, "pcaps/capture-pass.pcap") &&
	       !file_exists(out, "pcaps/sub/capture-pass.pcap"),
	       "--pcap-on-failure: passing runs leave no capture");
	tap_ok(file_exists(out, "pcaps/capture-fail.pcap") &&
	       file_exists(out, "pcaps/capture-fail.retry1.pcap"),
	       "a failing run keeps the capture of every attempt");
	tap_ok(file_exists(out, "pcaps/capture-flaky.pcap") &&
	       !file_exists(out, "pcaps/capture-flaky.retry1.pcap"),
	       "a flaky run keeps its failing attempt's capture only");
	check_line(&rr, "FLAKY", dir, "capture-flaky.pkt", "ipv4");
	run_result_free(&rr);
	config_free(&cfg);
	scratch_remove(out);
	scratch_remove(dir);
}

static void test_big_messages(void)
{
	char *dir = scratch_dir();
	struct config cfg;
	struct run_result rr;
	char line[110];

	scratch_file(dir, "big.pkt");
	scratch_file(dir, "flood.pkt");
	config_init(&cfg);
	cfg.jobs = 2;
	rr = run_one(&cfg, dir, behave, NULL);
	memset(line, ' ', 4);
	memset(line + 4, 'x', 100);
	strcpy(line + 104, "\n");
	tap_is_int(count_substr(rr.text, line), 2000,
		   "200 KB of details arrive whole (more than a pipe holds)");
	tap_ok(strstr(rr.text, "[output cut at 1048576 bytes]") != NULL,
	       "2 MiB of output is cut at 1 MiB, and says so");
	tap_is_str(last_line(rr.text), "0 passed, 2 failed, 0 skipped",
		   "both reported");
	run_result_free(&rr);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_shards(void)
{
	char *dir = scratch_dir();
	struct config cfg;
	struct run_result a, b;
	int i;

	for (i = 1; i <= 5; i++) {
		char *name = str_printf("pass%d.pkt", i);

		scratch_file(dir, name);
		free(name);
	}
	config_init(&cfg);
	cfg.shard_index = 1;
	cfg.shard_count = 2;
	a = run_one(&cfg, dir, behave, NULL);
	cfg.shard_index = 2;
	b = run_one(&cfg, dir, behave, NULL);
	tap_is_str(last_line(a.text), "3 passed, 0 failed, 0 skipped", "shard 1/2 runs 3");
	tap_is_str(last_line(b.text), "2 passed, 0 failed, 0 skipped", "shard 2/2 runs 2");
	for (i = 1; i <= 5; i++) {
		char *name = str_printf("pass%d.pkt", i);
		char *what = str_printf("%s runs in exactly one shard", name);

		tap_ok((strstr(a.text, name) != NULL) != (strstr(b.text, name) != NULL),
		       what);
		free(name);
		free(what);
	}
	run_result_free(&a);
	run_result_free(&b);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_errors(void)
{
	char *dir = scratch_dir();
	struct config cfg;
	struct run_result rr;
	char *missing = str_printf("%s/nothing-here", dir);

	config_init(&cfg);
	rr = run_one(&cfg, missing, behave, NULL);
	tap_is_int(rr.status, RUNNER_EXIT_ERROR, "a missing PATH is an error");
	tap_ok(rr.error && strstr(rr.error, "nothing-here: No such file"),
	       "which names the path");
	run_result_free(&rr);

	rr = run_one(&cfg, dir, behave, NULL);
	tap_ok(rr.status == RUNNER_EXIT_ERROR && rr.error &&
	       strstr(rr.error, "no *.pkt scripts"),
	       "a directory without scripts is an error");
	run_result_free(&rr);

	scratch_file(dir, "pass.pkt");
	cfg.tap_file = str_printf("%s/no/such/dir/out.tap", dir);
	rr = run_one(&cfg, dir, behave, NULL);
	tap_ok(rr.status == RUNNER_EXIT_ERROR && rr.error &&
	       strstr(rr.error, "--tap:") && rr.text && !*rr.text,
	       "an unwritable --tap file stops the run before it starts");
	run_result_free(&rr);
	free(missing);
	config_free(&cfg);
	scratch_remove(dir);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* The runner borrows the signal mask and the subreaper flag; it gives back. */
static void test_process_state_restored(void)
{
	char *dir = scratch_dir();
	struct config cfg;
	struct run_result rr;
	sigset_t before, after;
	int fds, subreaper = -1;

	scratch_file(dir, "pass.pkt");
	scratch_file(dir, "fail.pkt");
	scratch_file(dir, "talk.pkt");
	config_init(&cfg);
	sigprocmask(SIG_SETMASK, NULL, &before);
	fds = count_fds();
	rr = run_one(&cfg, dir, behave, NULL);
	sigprocmask(SIG_SETMASK, NULL, &after);
	prctl(PR_GET_CHILD_SUBREAPER, &subreaper);
	tap_is_int(count_fds(), fds, "no file descriptor left open");
	tap_ok(!sigismember(&after, SIGINT) && !sigismember(&after, SIGTERM) &&
	       !sigismember(&after, SIGCHLD) &&
	       sigismember(&before, SIGINT) == sigismember(&after, SIGINT),
	       "the signal mask is given back");
	tap_is_int(subreaper, 0, "the process is no longer a subreaper");
	tap_ok(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD,
	       "no child is left to reap");
	run_result_free(&rr);
	config_free(&cfg);
	scratch_remove(dir);
}

int main(void)
{
	test_failing_run_status();
	test_verdict_kinds();
	test_timeout_kills_group();
	test_retries();
	test_parallel();
	test_variants();
	test_captures();
	test_big_messages();
	test_shards();
	test_errors();
	test_process_state_restored();
	return tap_done();
}
