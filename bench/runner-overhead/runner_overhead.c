// SPDX-License-Identifier: GPL-2.0
/*
 * runner_overhead.c - what the runner costs per script, beyond the script.
 *
 * Runs 200 jobs whose child does nothing (and then 200 whose child sleeps
 * 10 ms) through runner_run(), at -j 1 and at the default -j, and prints
 * the wall time per job. At -j 1 with the empty child, the time per job IS
 * the overhead: fork, pipes, process group, verdict message, reaping,
 * result line. With the 10 ms child, overhead = time per job - 10 ms.
 * Target: at most 5 ms per script.
 *
 * Usage: runner_overhead [JOBS]   (default 200)
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runner.h"

static int child_nothing(const struct config *cfg, const struct runner_job *job,
			 struct verdict *out, void *arg)
{
	(void)cfg;
	(void)job;
	(void)arg;
	return verdict_set(out, VERDICT_PASS, NULL);
}

static int child_sleep_10ms(const struct config *cfg, const struct runner_job *job,
			    struct verdict *out, void *arg)
{
	(void)cfg;
	(void)job;
	(void)arg;
	usleep(10000);
	return verdict_set(out, VERDICT_PASS, NULL);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	return remove(path);
}

static double measure(const char *dir, int jobs, runner_child_fn fn, int *status)
{
	struct error err = { 0 };
	struct config cfg;
	char *paths[] = { (char *)dir };
	FILE *devnull = fopen("/dev/null", "w");
	double start;

	config_init(&cfg);
	cfg.jobs = jobs;
	start = now_s();
	*status = runner_run(&cfg, paths, 1, fn, NULL, devnull, &err);
	start = now_s() - start;
	if (err.message)
		fprintf(stderr, "runner_overhead: %s\n", err.message);
	error_clear(&err);
	config_free(&cfg);
	fclose(devnull);
	return start;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200, i, status = 0, j;
	char dir[] = "/tmp/tcpdrill-bench-XXXXXX";
	int settings[2] = { 1, runner_default_jobs() };

	if (n <= 0 || !mkdtemp(dir))
		return 2;
	for (i = 0; i < n; i++) {
		char path[sizeof(dir) + 32];
		FILE *f;

		snprintf(path, sizeof(path), "%s/s%04d.pkt", dir, i);
		f = fopen(path, "w");
		if (f)
			fclose(f);
	}
	printf("%d jobs; default -j is %d\n", n, settings[1]);
	for (j = 0; j < 2; j++) {
		double t0 = measure(dir, settings[j], child_nothing, &status);
		double t1 = measure(dir, settings[j], child_sleep_10ms, &status);
		double serial_sleep = settings[j] == 1 ? 0.010 : 0.010 / settings[j];

		printf("-j %-3d empty child: %7.1f ms total, %6.3f ms/job\n",
		       settings[j], t0 * 1e3, t0 * 1e3 / n);
		printf("-j %-3d 10 ms child: %7.1f ms total, %6.3f ms/job, "
		       "overhead %6.3f ms/job\n", settings[j], t1 * 1e3,
		       t1 * 1e3 / n, (t1 / n - serial_sleep) * 1e3);
	}
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	return status;
}
