/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sandbox.h - a private network namespace for one test run.
 *
 * Contract: a freshly forked child calls sandbox_enter() once, before it
 * starts any thread. Afterwards it is alone in a new network namespace
 * with loopback up and nothing else, and it dies when its parent dies.
 * As root (CAP_SYS_ADMIN) only the network namespace is new; otherwise a
 * user namespace is made too, mapping the caller's uid and gid to root
 * inside it, so no sudo is needed where /dev/net/tun is usable.
 *
 * Every error from sandbox_enter() is about the environment (no TUN
 * device, no permission, user namespaces disabled): the caller reports it
 * with exit status 2, never as a script verdict. Knows nothing of scripts.
 *
 * Safety: the namespace the program started in is recorded when it is
 * loaded; sandbox_check_private() refuses any network change there. The
 * netlink and TUN code call it before every change.
 */
#ifndef TCPDRILL_SANDBOX_H
#define TCPDRILL_SANDBOX_H

#include <stdint.h>

#include "error.h"

enum sandbox_mode {
	SANDBOX_AUTO,		/* netns alone when permitted, else userns */
	SANDBOX_NETNS,		/* unshare(CLONE_NEWNET) only (needs root) */
	SANDBOX_USERNS,		/* user + network namespaces, even as root */
};

/* The TUN device every sandbox needs; checked before anything changes. */
#define SANDBOX_TUN_PATH "/dev/net/tun"

/*
 * Enter a new network namespace the SANDBOX_AUTO way. The parent-death
 * signal (SIGKILL) fires when the *thread* that forked the child exits,
 * so fork from a thread that outlives the child (the main thread).
 */
int sandbox_enter(struct error *err);
int sandbox_enter_mode(enum sandbox_mode mode, struct error *err);

/*
 * 0 when this process called sandbox_enter() and is now in a network
 * namespace other than the one the program started in; else -1 with a
 * message saying why a network change is refused.
 */
int sandbox_check_private(struct error *err);

/* The inode of the current network namespace (0 when /proc is missing). */
uint64_t sandbox_netns_inode(void);
/* The inode of the namespace the program started in (0: unknown). */
uint64_t sandbox_origin_netns_inode(void);

/*
 * Whether sandbox_enter() also made a user namespace (1) or only a
 * network namespace (0); -1 before sandbox_enter().
 */
int sandbox_user_namespace(void);

#endif /* TCPDRILL_SANDBOX_H */
