// SPDX-License-Identifier: GPL-2.0
/* timing.c - clock, waiting and tolerance; see timing.h. */
#include "timing.h"

#include <errno.h>
#include <sys/prctl.h>

/*
 * How long before a deadline to stop sleeping and start spinning. With a
 * 1 ns timer slack, clock_nanosleep() on an idle machine wakes within
 * 10-60 us of its target; 80 us of spinning absorbs that wake-up latency
 * while costing little CPU (only for the events themselves).
 */
#define TIMING_SPIN_USECS 80

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
 * Kernel timers (RTO, delayed ACK, keepalive ...) fire on tick boundaries.
 * Starting a script in the middle of a tick keeps a timer due at a script
 * time within half a tick of it, which the default 4 ms tolerance absorbs.
 * packetdrill finds the boundary by spinning on the jiffies clock for up to
 * a tick; CLOCK_MONOTONIC_COARSE already holds the time of the last tick,
 * so two clock reads give the phase.
 */
int64_t timing_pick_start_usecs(int64_t lead_usecs)
{
	int64_t tick = timing_tick_usecs(), earliest, start;
	struct timespec coarse;

	earliest = timing_now_usecs() + lead_usecs;
	if (tick <= 0 || clock_gettime(CLOCK_MONOTONIC_COARSE, &coarse) != 0)
		return earliest;
	start = timing_timespec_to_usecs(&coarse) + tick / 2;
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
