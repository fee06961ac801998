// SPDX-License-Identifier: GPL-2.0
/* fuzz_common.c - what every fuzz target links besides itself; see fuzz.h. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	/* abort(): libFuzzer saves the input, replay.c reports the signal */
	abort();
}
