// SPDX-License-Identifier: GPL-2.0
/* timing.c - clock, waiting and tolerance; see timing.h. */
#include "timing.h"

#include <errno.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

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
 * One sleep on the timer wheel: a datagram socket's receive timeout is
 * counted in jiffies (schedule_timeout()), so a timeout of one
 * microsecond, rounded up to one jiffy, ends just after the next time
 * jiffies advance. Returns when it woke, or 0 on failure.
 */
static int64_t timing_sleep_one_jiffy(int fd)
{
	char byte;

	if (recv(fd, &byte, 1, 0) >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
		return 0;
	return timing_now_usecs();
}

/*
 * Why not CLOCK_MONOTONIC_COARSE: timekeeping accumulates on a grid of its
 * own, which need not be the jiffies' (here the two are 1.07 ms apart), so
 * the coarse clock's last value is not a jiffy edge. Two wake-ups, the one
 * with the smaller phase kept: wake-up latency only ever adds.
 */
static int64_t timing_find_jiffy_edge(int64_t tick)
{
	struct timeval one_usec = { .tv_sec = 0, .tv_usec = 1 };
	int64_t edge = 0, woke, late;
	int fd, i;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &one_usec, sizeof(one_usec)) == 0) {
		for (i = 0; i < 2; i++) {
			woke = timing_sleep_one_jiffy(fd);
			if (!woke) {
				edge = 0;
				break;
			}
			late = ((woke - edge) % tick + tick) % tick;
			if (!edge || late > tick / 2)
				edge = woke;
		}
	}
	close(fd);
	return edge;
}

int64_t timing_jiffy_edge_usecs(void)
{
	/* A property of the running kernel, found once per process (forked
	 * children inherit it). */
	static int64_t edge = -1;
	int64_t tick;

	if (edge < 0) {
		tick = timing_tick_usecs();
		edge = tick > 0 ? timing_find_jiffy_edge(tick) : 0;
	}
	return edge;
}

/*
 * packetdrill's phase: kernel timers (RTO, delayed ACK, keepalive ...) and
 * the kernel's time stamps move on jiffy edges, and a script's events at
 * whole milliseconds from a start TIMING_JIFFY_OFFSET_USECS after an edge
 * see the same jiffies as under packetdrill, which finds the edge by
 * spinning on times(2) for ten of its ticks. Here the edge comes from
 * timing_jiffy_edge_usecs(), without spinning; when it is unknown, from
 * the coarse clock.
 */
int64_t timing_pick_start_usecs(int64_t lead_usecs)
{
	int64_t tick = timing_tick_usecs(), edge = timing_jiffy_edge_usecs();
	int64_t earliest, start;
	struct timespec coarse;

	earliest = timing_now_usecs() + lead_usecs;
	if (tick <= 0)
		return earliest;
	if (!edge) {
		if (clock_gettime(CLOCK_MONOTONIC_COARSE, &coarse) != 0)
			return earliest;
		edge = timing_timespec_to_usecs(&coarse);
	}
	start = edge + TIMING_JIFFY_OFFSET_USECS;
	if (start < earliest)
		start += (earliest - start + tick - 1) / tick * tick;
	return start;
}

int64_t timing_tolerance_usecs(int64_t tolerance_usecs, double percent,
			       int64_t gap_usecs)
{
	int64_t dynamic = (int64_t)(percent / 100.0 * (double)gap_usecs);

	return dynamic > tolerance_usecs ? dynamic : tolerance_usecs;
}
