/* SPDX-License-Identifier: GPL-2.0 */
/*
 * require.h - what a script needs from the machine, checked before it runs.
 *
 * Contract: a requirement is "KIND:ARG" (from --require, on the command line
 * or as a script option line): sysctl:NAME, sysctl:NAME=VALUE, kernel:X.Y,
 * cc:NAME (a congestion control this namespace allows) or command:NAME.
 * A requirement the machine does not meet makes the run a SKIP with the
 * reason, never a FAIL. Checks are made where they are called, so calling
 * inside the script's namespace checks that namespace's sysctls.
 */
#ifndef TCPDRILL_REQUIRE_H
#define TCPDRILL_REQUIRE_H

#include "error.h"

/* 0 when the text is a well-formed requirement, else -1 with err. */
int require_parse_check(const char *text, struct error *err);

/*
 * 1 when the machine meets the requirement, 0 when it does not (*reason
 * says why, malloc'ed), -1 for a malformed requirement (err).
 */
int require_met(const char *text, char **reason, struct error *err);

#endif /* TCPDRILL_REQUIRE_H */
