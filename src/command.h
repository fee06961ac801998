/* SPDX-License-Identifier: GPL-2.0 */
/*
 * command.h - run a script's backquoted shell command.
 *
 * Contract: `/bin/sh -c TEXT` in the given directory, in the caller's
 * process group (so whoever kills the run kills the command too), with its
 * standard output and error collected. Returns once the shell has exited;
 * a daemon it left behind does not hold the run up.
 */
#ifndef TCPDRILL_COMMAND_H
#define TCPDRILL_COMMAND_H

#include <stddef.h>

#include "error.h"

/* kselftest's convention: a test that exits 4 was skipped. */
#define COMMAND_EXIT_SKIP 4

struct command_result {
	int exit_status;	/* the shell's exit code, or 128 + signal */
	char *output;		/* stdout and stderr, interleaved; never NULL */
	size_t output_len;
};

int command_run(const char *text, const char *dir,
		struct command_result *result, struct error *err);
void command_result_free(struct command_result *result);

#endif /* TCPDRILL_COMMAND_H */
