// SPDX-License-Identifier: GPL-2.0
/* test_command.c - shell commands: status, output, directory, daemons. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

#include "command.h"
#include "tap.h"
#include "timing.h"

static struct command_result run(const char *text, const char *dir)
{
	struct command_result result;
	struct error err = { 0 };

	if (command_run(text, dir, &result, &err))
		printf("# %s\n", err.message);
	error_clear(&err);
	return result;
}

int main(void)
{
	struct command_result r;
	int64_t start;

	r = run("echo hello; echo oops >&2", NULL);
	tap_is_int(r.exit_status, 0, "exit 0");
	tap_is_str(r.output, "hello\noops\n", "stdout and stderr collected");
	command_result_free(&r);

	r = run("exit 4", NULL);
	tap_is_int(r.exit_status, COMMAND_EXIT_SKIP, "exit 4 is reported as is");
	command_result_free(&r);

	r = run("pwd", "/tmp");
	tap_is_str(r.output, "/tmp\n", "runs in the given directory");
	command_result_free(&r);

	r = run("kill -9 $$", NULL);
	tap_is_int(r.exit_status, 128 + 9, "death by signal is 128 + signal");
	command_result_free(&r);

	r = run("echo $PACKETDRILL_PID $PPID", NULL);
	{
		char want[64];

		snprintf(want, sizeof(want), "%d %d\n", (int)getpid(), (int)getpid());
		tap_is_str(r.output, want, "PACKETDRILL_PID and PPID name the "
			   "process that runs commands (packetdrill's corpus "
			   "relies on both)");
	}
	command_result_free(&r);

	start = timing_now_usecs();
	r = run("sleep 5 & echo $!", NULL);
	tap_ok(timing_now_usecs() - start < 1000000,
	       "a background child holding the output open does not block");
	tap_ok(atoi(r.output) > 0, "output written before the shell exited");
	/* End the sleep we started, by its pid, as a run's end would. */
	if (atoi(r.output) > 0)
		kill(atoi(r.output), SIGKILL);
	command_result_free(&r);
	return tap_done();
}
