// SPDX-License-Identifier: GPL-2.0
/* test_require.c - requirements: parsing, and checks against this machine. */
#include <stdlib.h>
#include <string.h>

#include "require.h"
#include "tap.h"

static int met(const char *text, const char *reason_part)
{
	struct error err = { 0 };
	char *reason = NULL;
	int ret = require_met(text, &reason, &err);

	if (ret == 0 && reason_part && (!reason || !strstr(reason, reason_part))) {
		printf("#   reason: %s\n", reason ? reason : "(none)");
		ret = 99;
	}
	free(reason);
	error_clear(&err);
	return ret;
}

int main(void)
{
	struct error err = { 0 };

	tap_is_int(require_parse_check("kernel:5.10", &err), 0, "kernel:X.Y parses");
	tap_is_int(require_parse_check("cc:", &err), -1, "an empty argument is refused");
	tap_is_int(require_parse_check("cpu:8", &err), -1, "an unknown kind is refused");
	tap_ok(err.message && strstr(err.message, "expected sysctl:NAME[=VALUE]"),
	       "naming the kinds that exist");
	error_clear(&err);

	tap_is_int(met("kernel:2.6.32", NULL), 1, "an old kernel version is met");
	tap_is_int(met("kernel:99.1", "needs kernel 99.1 or later"), 0,
		   "a future one is not, with the reason");
	tap_is_int(met("sysctl:kernel.ostype", NULL), 1, "an existing sysctl is met");
	tap_is_int(met("sysctl:kernel.ostype=Linux", NULL), 1, "with its value too");
	tap_is_int(met("sysctl:kernel.ostype=Plan9", "which is Linux here"), 0,
		   "a different value is not met");
	tap_is_int(met("sysctl:kernel.no_such_knob", "does not have"), 0,
		   "a missing sysctl is not met");
	tap_is_int(met("cc:reno", NULL), 1, "reno is always allowed");
	tap_is_int(met("cc:no_such_cc", "does not allow (allowed:"), 0,
		   "an unknown congestion control is not, listing the allowed ones");
	tap_is_int(met("command:sh", NULL), 1, "sh is installed");
	tap_is_int(met("command:no-such-command-here", "not installed"), 0,
		   "a missing command is not");
	tap_is_int(met("bogus", NULL), -1, "a malformed requirement is an error");
	return tap_done();
}
