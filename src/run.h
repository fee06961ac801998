/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run.h - run one script against the live kernel.
 *
 * Contract: called in a forked child (the runner's), run_script() enters a
 * private network namespace, sets up the TUN device, executes the script's
 * events at their times, checks every outbound packet and syscall, and
 * describes the outcome in a verdict. It never formats results for the
 * user beyond the verdict's text and the -v trace on standard output.
 */
#ifndef TCPDRILL_RUN_H
#define TCPDRILL_RUN_H

#include "config.h"
#include "report.h"

/*
 * cfg is the command line's configuration with ip_version set to the
 * variant to run; pcap_path names the capture to write, or NULL.
 * Returns 0 (the verdict says how the script ended).
 */
int run_script(const struct config *cfg, const char *path,
	       const char *pcap_path, struct verdict *out);

#endif /* TCPDRILL_RUN_H */
