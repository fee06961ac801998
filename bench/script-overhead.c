// SPDX-License-Identifier: GPL-2.0
/*
 * script-overhead - what one tcpdrill process costs for a trivial script:
 * wall time from fork to exit and the CPU time of the whole process tree
 * (runner, child, namespace and TUN set-up), over N runs.
 *
 * usage: script-overhead TCPDRILL SCRIPT [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double tv_ms(const struct timeval *tv)
{
	return tv->tv_sec * 1e3 + tv->tv_usec / 1e3;
}

/* One run: wall and CPU (user + system of the process and its children). */
static int run_once(char **argv, double *wall, double *cpu)
{
	struct rusage before, after;
	double start = now_ms();
	int status;
	pid_t pid;

	getrusage(RUSAGE_CHILDREN, &before);
	pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	*wall = now_ms() - start;
	getrusage(RUSAGE_CHILDREN, &after);
	*cpu = tv_ms(&after.ru_utime) - tv_ms(&before.ru_utime) +
	       tv_ms(&after.ru_stime) - tv_ms(&before.ru_stime);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	int n = argc > 3 ? atoi(argv[3]) : 50, i;
	char *args[] = { argv[1], argv[2], NULL };
	double *wall, *cpu;

	if (argc < 3 || n < 1) {
		fprintf(stderr, "usage: %s TCPDRILL SCRIPT [N]\n", argv[0]);
		return 2;
	}
	wall = calloc(n, sizeof(*wall));
	cpu = calloc(n, sizeof(*cpu));
	for (i = 0; i < n; i++) {
		if (run_once(args, &wall[i], &cpu[i])) {
			fprintf(stderr, "run %d failed\n", i + 1);
			return 1;
		}
		usleep(20000);	/* let the kernel finish tearing the namespace down */
	}
	qsort(wall, n, sizeof(*wall), cmp_double);
	qsort(cpu, n, sizeof(*cpu), cmp_double);
	printf("runs %d\nwall ms: median %.2f p90 %.2f\ncpu ms:  median %.2f p90 %.2f\n",
	       n, wall[n / 2], wall[n * 9 / 10], cpu[n / 2], cpu[n * 9 / 10]);
	free(wall);
	free(cpu);
	return 0;
}
