// SPDX-License-Identifier: GPL-2.0
/* test_timing.c - the clock, the wait and the tolerance rule. */
#include <stdlib.h>
#include <time.h>
#include <sys/times.h>

#include "tap.h"
#include "timing.h"

static void test_tolerance(void)
{
	tap_is_int(timing_tolerance_usecs(4000, 12.5, 10000), 4000,
		   "small gap: the fixed tolerance");
	tap_is_int(timing_tolerance_usecs(4000, 12.5, 200000), 25000,
		   "large gap: 12.5 % of it");
	tap_is_int(timing_tolerance_usecs(10000, 0, 1000000), 10000,
		   "percent 0 leaves the fixed tolerance");
}

static void test_wait_precision(void)
{
	int64_t worst = 0;
	int i;

	timing_tighten_timer_slack();
	for (i = 0; i < 50; i++) {
		int64_t due = timing_now_usecs() + 1000;
		int64_t woke = timing_wait_until(due);

		if (woke < due) {
			worst = -1;
			break;
		}
		if (woke - due > worst)
			worst = woke - due;
	}
	tap_ok(worst >= 0, "never returns before the deadline");
	/*
	 * How late it returns depends on the machine's load, so it is only
	 * reported here; bench/ measures the distribution on an idle machine.
	 */
	printf("# worst lag over 50 waits: %lld us\n", (long long)worst);
}

/* The edge found (read from /proc/timer_list as root, the tick's own grid
 * otherwise) is where jiffies advance: times(2) counts them. */
static void test_jiffy_edge(void)
{
	int64_t tick = timing_tick_usecs(), edge = timing_jiffy_edge_usecs();
	int64_t seen = 0, phase, deadline;
	clock_t last = times(NULL), now;

	printf("# edge %s\n", edge ? "from /proc/timer_list" : "a multiple of the tick");
	/* times(2) changes on a jiffy edge (every 10 ms at USER_HZ 100). */
	deadline = timing_now_usecs() + 50000;
	while (!seen && timing_now_usecs() < deadline) {
		now = times(NULL);
		if (now != last)
			seen = timing_now_usecs();
		last = now;
	}
	phase = ((seen - edge) % tick + tick) % tick;
	/* Either side of the edge: wake-up and spin latency, a few tens of us. */
	tap_ok(seen && (phase < 500 || phase > tick - 500),
	       "the jiffy edge is on the grid times(2) advances on");
	if (seen)
		printf("# edge found %lld us from times(2)'s\n",
		       (long long)(phase > tick / 2 ? phase - tick : phase));
}

static void test_start_after_edge(void)
{
	int64_t tick = timing_tick_usecs();
	int64_t start, phase, before;

	tap_ok(tick > 0 && tick <= 10000, "tick length is known (HZ >= 100)");
	before = timing_now_usecs();
	start = timing_pick_start_usecs(1000);
	tap_ok(start >= before + 1000, "start is no earlier than the lead time");
	tap_ok(start - timing_now_usecs() <= 1000 + tick,
	       "start is at most one tick past the lead time");
	phase = ((start - timing_jiffy_edge_usecs()) % tick + tick) % tick;
	tap_is_int(phase, 250, "start is 250 us after a jiffy edge, as packetdrill's");
}

int main(void)
{
	test_tolerance();
	test_wait_precision();
	test_jiffy_edge();
	test_start_after_edge();
	return tap_done();
}
