/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - a tiny TAP producer for the unit tests.
 *
 * Each check prints "ok N - name" or "not ok N - name" with the expected
 * and actual values as a TAP diagnostic; tap_done() prints the plan and
 * returns the exit status automake's TAP driver expects.
 */
#ifndef TCPDRILL_TAP_H
#define TCPDRILL_TAP_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static inline int tap_ok(int cond, const char *name)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_count, name);
	return cond;
}

static inline int tap_is_int(long long actual, long long expected,
			     const char *name)
{
	if (tap_ok(actual == expected, name))
		return 1;
	printf("#   expected: %lld\n#   actual:   %lld\n", expected, actual);
	return 0;
}

static inline int tap_is_str(const char *actual, const char *expected,
			     const char *name)
{
	int same = actual && expected ? strcmp(actual, expected) == 0
				      : actual == expected;

	if (tap_ok(same, name))
		return 1;
	printf("#   expected: \"%s\"\n#   actual:   \"%s\"\n",
	       expected ? expected : "(null)", actual ? actual : "(null)");
	return 0;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif /* TCPDRILL_TAP_H */
