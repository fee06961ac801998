// SPDX-License-Identifier: GPL-2.0
/* timing.c - clock, waiting and tolerance; see timing.h. */
#include "timing.h"

#include <errno.h>
#include <stdio.h>
#include <sys/prctl.h>

/*
 * How long before a deadline to stop sleeping and start spinning. With a
 * 1 ns timer slack, clock_nanosleep() on an idle machine wakes within
 * 10-60 us of its target; 80 us of spinning absorbs that wake-up latency
 * while costing little CPU (only for the events themselves).
 */
#define TIMING_SPIN_USECS 80

/* Where in a jiffy a script starts: packetdrill's JIFFY_OFFSET_USECS. */
#define TIMING_JIFFY_OFFSET_USECS 250

int64_t timing_timespec_to_usecs(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000 + ts->tv_nsec / 1000;
}

struct timespec timing_usecs_to_timespec(int64_t usecs)
{
	struct timespec ts = {
		.tv_sec = usecs / 1000000,
		.tv_nsec = (usecs % 1000000) * 1000,
	};

	return ts;
}

int64_t timing_now_usecs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return timing_timespec_to_usecs(&ts);
}

void timing_tighten_timer_slack(void)
{
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
}

int64_t timing_wait_until(int64_t deadline_usecs)
{
	int64_t now = timing_now_usecs();

	if (deadline_usecs - now > TIMING_SPIN_USECS) {
		struct timespec ts = timing_usecs_to_timespec(deadline_usecs -
							      TIMING_SPIN_USECS);

		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
				       NULL) == EINTR)
			;
	}
	do
		now = timing_now_usecs();
	while (now < deadline_usecs);
	return now;
}

int64_t timing_tick_usecs(void)
{
	struct timespec res;

	if (clock_getres(CLOCK_MONOTONIC_COARSE, &res) != 0)
		return 0;
	/* A tick longer than 100 ms (HZ < 10) is no kernel's. */
	if (res.tv_sec || res.tv_nsec > 100000000)
		return 0;
	return res.tv_nsec / 1000;
}

/*
 * The kernel's own answer: /proc/timer_list (root only) shows each CPU's
 * last tick, ".last_tick : N nsecs" on CLOCK_MONOTONIC. 0 when unreadable.
 */
static int64_t timing_read_last_tick(void)
{
	FILE *in = fopen("/proc/timer_list", "re");
	long long nsecs = 0;
	char line[256];

	if (!in)
		return 0;
	while (fgets(line, sizeof(line), in))
		if (sscanf(line, " .last_tick : %lld nsecs", &nsecs) == 1 && nsecs > 0)
			break;
	fclose(in);
	return nsecs > 0 ? nsecs / 1000 : 0;
}

/*
 * Why not CLOCK_MONOTONIC_COARSE: timekeeping accumulates on a grid of its
 * own, which need not be the jiffies' (here the two are 1.07 ms apart), so
 * the coarse clock's last value is not a jiffy edge. Without
 * /proc/timer_list (no root), 0: since Linux 5.11 the tick runs on
 * multiples of its period on CLOCK_MONOTONIC, so every multiple is an edge.
 */
int64_t timing_jiffy_edge_usecs(void)
{
	/* A property of the running kernel, read once per process (forked
	 * children inherit it). */
	static int64_t edge = -1;

	if (edge < 0)
		edge = timing_read_last_tick();
	return edge;
}

/*
 * packetdrill's phase: kernel timers (RTO, delayed ACK, keepalive ...) and
 * the kernel's time stamps move on jiffy edges, and a script's events at
 * whole milliseconds from a start TIMING_JIFFY_OFFSET_USECS after an edge
 * see the same jiffies as under packetdrill, which finds the edge by
 * spinning on times(2) for ten of its ticks.
 */
int64_t timing_pick_start_usecs(int64_t lead_usecs)
{
	int64_t tick = timing_tick_usecs(), earliest, start;

	earliest = timing_now_usecs() + lead_usecs;
	if (tick <= 0)
		return earliest;
	start = timing_jiffy_edge_usecs() % tick + TIMING_JIFFY_OFFSET_USECS;
	start += (earliest - start + tick - 1) / tick * tick;
	return start;
}

int64_t timing_tolerance_usecs(int64_t tolerance_usecs, double percent,
			       int64_t gap_usecs)
{
	int64_t dynamic = (int64_t)(percent / 100.0 * (double)gap_usecs);

	return dynamic > tolerance_usecs ? dynamic : tolerance_usecs;
}
