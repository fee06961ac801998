// SPDX-License-Identifier: GPL-2.0
/*
 * netns-setup.c - how long a run's network takes to build.
 *
 * Each round forks a child that enters a sandbox and opens a configured
 * TUN device, then exits; the parent reaps it. Reported, as median and
 * 90th percentile over the rounds (50 by default):
 *   sandbox   fork -> sandbox_enter() returned (namespace, loopback up)
 *   tun       fork -> tun_open() returned (tun0 ready to use)
 *   reaped    fork -> the parent has reaped the exited child (the TUN
 *             device is unregistered on the child's way out)
 *   cpu-tun   the child's own CPU (user + system) up to tun_open()
 *   cpu-all   the child's CPU over its whole life, from wait4()
 * Kernel work done elsewhere (the deferred teardown of the namespace in a
 * kernel worker) is not charged to the child and not counted here.
 *
 * usage: netns-setup [-n ROUNDS] [-6] [-u] [-s] [-p MS]
 *   -6  IPv6 device instead of IPv4;  -u  force a user namespace
 *   -s  tun_close() removes the device (teardown_with_netns = 0)
 *   -p  pause MS milliseconds between rounds, so that the kernel's
 *       background teardown of one round does not overlap the next
 *       (as for a single script run); default 0, back to back
 * Needs root (or, with -u, a usable /dev/net/tun). Changes nothing
 * outside the children's own namespaces.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"
#include "tun.h"

/* What each round measures, in milliseconds; a row per metric. */
enum metric { SANDBOX, TUN, REAPED, CPU_TUN, CPU_ALL, METRICS };

static const char *const metric_names[METRICS] = {
	"sandbox", "tun", "reaped", "cpu-tun", "cpu-all",
};

/* What the child reports over the pipe, in nanoseconds. */
struct child_report {
	int64_t sandbox_ns, tun_ns, cpu_ns;
	int ok;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t tv_ns(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000000000 + (int64_t)tv->tv_usec * 1000;
}

static int64_t self_cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return tv_ns(&ru.ru_utime) + tv_ns(&ru.ru_stime);
}

static int sync_teardown;

static int child_setup(struct child_report *rep, int64_t start, int family,
		       int mode, struct tun **tun, struct error *err)
{
	struct tun_config cfg;

	if (sandbox_enter_mode(mode, err) < 0)
		return -1;
	rep->sandbox_ns = now_ns() - start;
	if (tun_config_default(&cfg, family, err) < 0)
		return -1;
	cfg.teardown_with_netns = !sync_teardown;
	if (tun_open(&cfg, tun, err) < 0)
		return -1;
	rep->tun_ns = now_ns() - start;
	rep->cpu_ns = self_cpu_ns();
	return 0;
}

static void child(int fd, int64_t start, int family, int mode)
{
	struct child_report rep = { 0 };
	struct error err = { 0 };
	struct tun *tun = NULL;

	rep.ok = child_setup(&rep, start, family, mode, &tun, &err) == 0;
	if (!rep.ok)
		fprintf(stderr, "netns-setup: %s\n", err.message);
	if (write(fd, &rep, sizeof(rep)) != sizeof(rep))
		_exit(2);
	tun_close(tun);
	error_clear(&err);
	_exit(rep.ok ? 0 : 1);
}

static int one_round(double *r, int family, int mode)
{
	struct child_report rep = { 0 };
	struct rusage ru;
	int fds[2], status;
	int64_t start;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	start = now_ns();
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], start, family, mode);
	}
	close(fds[1]);
	if (read(fds[0], &rep, sizeof(rep)) != sizeof(rep))
		rep.ok = 0;
	close(fds[0]);
	if (wait4(pid, &status, 0, &ru) < 0 || !rep.ok)
		return -1;
	r[REAPED] = (now_ns() - start) / 1e6;
	r[SANDBOX] = rep.sandbox_ns / 1e6;
	r[TUN] = rep.tun_ns / 1e6;
	r[CPU_TUN] = rep.cpu_ns / 1e6;
	r[CPU_ALL] = (tv_ns(&ru.ru_utime) + tv_ns(&ru.ru_stime)) / 1e6;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median, 90th percentile and maximum of one metric (sorts `v`). */
static void report(const char *name, double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	printf("%-8s median %7.3f ms   p90 %7.3f ms   max %7.3f ms\n", name,
	       n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2,
	       v[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1], v[n - 1]);
}

int main(int argc, char **argv)
{
	int n = 50, family = AF_INET, mode = SANDBOX_AUTO, pause_ms = 0;
	double *values, round[METRICS];
	int opt, i, m;

	while ((opt = getopt(argc, argv, "n:6usp:")) != -1) {
		if (opt == 'n')
			n = atoi(optarg);
		else if (opt == 's')
			sync_teardown = 1;
		else if (opt == 'p')
			pause_ms = atoi(optarg);
		else if (opt == '6')
			family = AF_INET6;
		else if (opt == 'u')
			mode = SANDBOX_USERNS;
		else
			return 2;
	}
	if (n < 1)
		return 2;
	values = calloc((size_t)n * METRICS, sizeof(*values));
	if (!values)
		return 1;
	for (i = 0; i < n; i++) {
		struct timespec pause = {
			pause_ms / 1000, (long)(pause_ms % 1000) * 1000000,
		};

		if (i && pause_ms)
			nanosleep(&pause, NULL);
		if (one_round(round, family, mode) < 0) {
			fprintf(stderr, "netns-setup: round %d failed\n", i);
			free(values);
			return 1;
		}
		for (m = 0; m < METRICS; m++)
			values[m * n + i] = round[m];
	}
	printf("%d rounds, %s, %s, %s, %s\n", n,
	       family == AF_INET6 ? "IPv6" : "IPv4",
	       mode == SANDBOX_USERNS ? "user+net namespaces" : "auto mode",
	       sync_teardown ? "device removed by tun_close()" :
			       "device removed with the namespace",
	       pause_ms ? "paused between rounds" : "back to back");
	for (m = 0; m < METRICS; m++)
		report(metric_names[m], values + m * n, n);
	free(values);
	return 0;
}
