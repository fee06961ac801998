/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syscalls.h - run one syscall line of a script against the live kernel.
 *
 * Contract: a table holds one row per system call the language knows
 * (SPEC §6). Running a line has three steps so the event loop can put the
 * middle one on a worker thread:
 *
 *   syscall_prepare()  main thread: evaluate the arguments (symbols, script
 *                      fds -> live fds, `...` -> the script's addresses),
 *                      allocate every buffer the call needs;
 *   syscall_invoke()   any thread: make the system call, nothing else (no
 *                      allocation, no shared state, never fails);
 *   syscall_check()    main thread: compare the result, the errno and every
 *                      output the script wrote (option values, revents,
 *                      epoll events, msg_flags, cmsgs, ...), then update the
 *                      fd map (new fds, closed fds).
 *
 * The environment is owned by the event loop: the script's path (for
 * positioned errors), its socket family and addresses, the fd map.
 * Failures are errors positioned in the script, reading like packetdrill's:
 * "runtime error in read call: expected result 100 but got 50". Nothing
 * here schedules or prints.
 */
#ifndef TCPDRILL_SYSCALLS_H
#define TCPDRILL_SYSCALLS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "ast.h"
#include "config.h"
#include "error.h"

/* One entry of the fd map: the number the script wrote, the live fd. */
struct syscall_fd {
	int script_fd;
	int live_fd;
};

struct syscall_env {
	const char *script_path;	/* for positioned errors; not owned */

	/* `...` arguments: socket(..., ...), bind(fd, ..., ...), connect() */
	int family;			/* AF_INET or AF_INET6 */
	struct sockaddr_storage bind_addr;	/* local address, bind port */
	socklen_t bind_addrlen;
	struct sockaddr_storage connect_addr;	/* remote address, connect
						 * port: connect, sendto,
						 * sendmsg msg_name */
	socklen_t connect_addrlen;

	/* SCM_TIMESTAMPING checks: script time 0 on CLOCK_REALTIME */
	int64_t realtime_start_usecs;
	int64_t tolerance_usecs;

	/* the fd map; use the functions below */
	struct syscall_fd *fds;
	int fd_count;
	int fd_cap;
};

/* What a checked call did, for the event loop. */
struct syscall_outcome {
	int64_t result;		/* the live return value */
	int err_no;		/* errno when the call failed, else 0 */
	int script_fd;		/* first fd argument as written, or -1 */
	int live_fd;		/* its live fd, or -1 */
	int new_fds;		/* fds the call created, now in the map: 0-2 */
	int new_script_fd[2];
	int new_live_fd[2];
	bool closed;		/* close() took script_fd out of the map */
	int64_t start_usecs;	/* CLOCK_MONOTONIC just before the call */
	int64_t end_usecs;	/* and just after it returned */
};

/* A call between prepare and free; opaque outside the room. */
struct syscall_call;

/* ---- the environment ---------------------------------------------------- */

/* An empty map, AF_INET, no addresses; `script_path` is not copied. */
void syscall_env_init(struct syscall_env *env, const char *script_path);

/*
 * Set the family and the addresses `...` stands for. ipv4 gives AF_INET
 * sockets; ipv6 AF_INET6; ipv4-mapped-ipv6 AF_INET6 sockets with
 * ::ffff:a.b.c.d addresses built from IPv4 text. Ports are host order.
 */
int syscall_env_set_addresses(struct syscall_env *env,
			      enum config_ip_version version,
			      const char *local_ip, int bind_port,
			      const char *remote_ip, int connect_port,
			      struct error *err);

/* Map a script fd to a live fd (an error if the script fd is mapped). */
int syscall_env_map_fd(struct syscall_env *env, int script_fd, int live_fd,
		       struct error *err);

/*
 * Map a script fd to a live fd; an earlier mapping of the same script fd
 * stays open but is hidden (packetdrill's accept(): a second connection
 * accepted as "4" while the first "4" is still open). 0 or -1 (memory).
 */
int syscall_env_remap_fd(struct syscall_env *env, int script_fd, int live_fd,
			 struct error *err);

/* The live fd of a script fd, or -1. */
int syscall_env_live_fd(const struct syscall_env *env, int script_fd);

/* The script fd of a live fd, or -1. */
int syscall_env_script_fd(const struct syscall_env *env, int live_fd);

/* Forget a script fd (does not close it). */
void syscall_env_unmap_fd(struct syscall_env *env, int script_fd);

/* Close every live fd in the map and empty it (end of the script). */
void syscall_env_close_all(struct syscall_env *env);

/* Free the map; does not close the fds. */
void syscall_env_free(struct syscall_env *env);

/* ---- running a call ----------------------------------------------------- */

/* True when the name is in the syscall table. */
bool syscall_is_known(const char *name);

/*
 * Check what can be checked without running: a known name, the number of
 * arguments, every symbol and the errno name. For --dry_run and loading.
 */
int syscall_validate(const struct ast_syscall *sc, const char *script_path,
		     struct error *err);

/*
 * Evaluate the arguments and allocate the call. On error nothing is
 * allocated and *call is NULL. The AST must outlive the call.
 */
int syscall_prepare(struct syscall_env *env, const struct ast_syscall *sc,
		    struct syscall_call **call, struct error *err);

/* Make the system call; safe on any thread, never fails. */
void syscall_invoke(struct syscall_call *call);

/*
 * Compare what happened with the script and update the fd map. Fills *out
 * (may be NULL) even when a check fails. Returns 0 or -1 with *err set.
 */
int syscall_check(struct syscall_env *env, struct syscall_call *call,
		  struct syscall_outcome *out, struct error *err);

void syscall_call_free(struct syscall_call *call);

/* prepare, invoke, check and free in one go, all on this thread. */
int syscall_run(struct syscall_env *env, const struct ast_syscall *sc,
		struct syscall_outcome *out, struct error *err);

#endif /* TCPDRILL_SYSCALLS_H */
