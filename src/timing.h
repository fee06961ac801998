/* SPDX-License-Identifier: GPL-2.0 */
/*
 * timing.h - the clock, the wait, and the tolerance rule (SPEC §2).
 *
 * Contract: all run-time timestamps are microseconds on CLOCK_MONOTONIC.
 * Knows nothing of events or packets: callers pass times and gaps.
 */
#ifndef TCPDRILL_TIMING_H
#define TCPDRILL_TIMING_H

#include <stdint.h>
#include <time.h>

int64_t timing_now_usecs(void);
int64_t timing_timespec_to_usecs(const struct timespec *ts);
struct timespec timing_usecs_to_timespec(int64_t usecs);

/*
 * Sleep until shortly before `deadline`, then spin until it. Returns the
 * time it actually returned at.
 */
int64_t timing_wait_until(int64_t deadline_usecs);

/* Make sleeps precise in this thread (timer slack of 1 ns). */
void timing_tighten_timer_slack(void);

/*
 * The kernel's tick length in microseconds (4000 at HZ=250), as the
 * resolution of CLOCK_MONOTONIC_COARSE reveals it; 0 when unknown.
 */
int64_t timing_tick_usecs(void);

/*
 * A time (CLOCK_MONOTONIC microseconds) at which the kernel's jiffies
 * advanced: a CPU's last tick from /proc/timer_list, read once per
 * process, or 0 (the tick's grid on Linux 5.11 and later). Call it before
 * forking children that run scripts: they inherit the answer.
 */
int64_t timing_jiffy_edge_usecs(void);

/*
 * A start time at least `lead_usecs` from now, 250 us after a jiffy edge
 * (packetdrill's phase), found without spinning.
 */
int64_t timing_pick_start_usecs(int64_t lead_usecs);

/* max(tolerance_usecs, percent % of the gap to the previous event). */
int64_t timing_tolerance_usecs(int64_t tolerance_usecs, double percent,
			       int64_t gap_usecs);

#endif /* TCPDRILL_TIMING_H */
