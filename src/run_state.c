// SPDX-License-Identifier: GPL-2.0
/*
 * run_state.c - TCP state assertions (Beyond packetdrill) and the state
 * trace. The connection is found by its 4-tuple through sock_diag, so the
 * answer holds after close() too, when no fd is left to ask.
 */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "run_internal.h"
#include "sockdiag.h"

/* A sockaddr of the socket's own family for a wire address and port. */
static socklen_t run_sockaddr(const struct flow_addr *addr, uint16_t port,
			      struct sockaddr_storage *out)
{
	memset(out, 0, sizeof(*out));
	if (addr->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)out;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = addr->v4;
		return sizeof(*sin);
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;

	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = addr->v6;
	return sizeof(*sin6);
}

static int run_state_of_tuple(struct run *run, uint16_t local_port,
			      uint16_t remote_port, int *state, struct error *err)
{
	struct sockaddr_storage local, remote;

	run_sockaddr(&run->local, local_port, &local);
	run_sockaddr(&run->remote, remote_port, &remote);
	return sockdiag_tcp_state(run->sys.family, (struct sockaddr *)&local,
				  (struct sockaddr *)&remote, state, err);
}

/* A connecting socket with no SYN line yet: its own fd names its ends. */
static int run_state_of_connecting(struct run *run, int *state,
				   struct error *err)
{
	int fd = syscall_env_live_fd(&run->sys, run->ut_script_fd);
	struct sockaddr_storage local;
	socklen_t len = sizeof(local);

	if (fd < 0 || getsockname(fd, (struct sockaddr *)&local, &len) != 0) {
		*state = AST_TCP_CLOSE;
		return 0;
	}
	return sockdiag_tcp_state(run->sys.family, (struct sockaddr *)&local,
				  (struct sockaddr *)&run->sys.connect_addr, state,
				  err);
}

/*
 * The script's connection: the one the last packet line used; before any,
 * the socket that is connecting, then the listening one; else CLOSED.
 */
int run_state_current(struct run *run, int *state, struct error *err)
{
	const struct flow *flow = run->flows.current;

	if (flow)
		return run_state_of_tuple(run, flow->local_port, flow->remote_port,
					  state, err);
	if (run->mode == RUN_CONNECTING)
		return run_state_of_connecting(run, state, err);
	if (run->mode == RUN_LISTENING)
		return sockdiag_listener_state(run->sys.family,
					       (uint16_t)run->cfg.bind_port, state, err);
	*state = AST_TCP_CLOSE;
	return 0;
}

static int run_state_of_assertion(struct run *run,
				  const struct ast_state_assert *sa, int *state,
				  struct error *err)
{
	/* Ports are written as on an inbound line: the peer's first. */
	if (sa->has_ports)
		return run_state_of_tuple(run, sa->dport, sa->sport, state, err);
	return run_state_current(run, state, err);
}

int run_state_event(struct run *run, const struct ast_event *event)
{
	const struct ast_state_assert *sa = event->state;
	struct error err = { 0 };
	int actual = AST_TCP_CLOSE;

	if (run_syscall_finish_blocking(run))
		return -1;
	if (run_state_of_assertion(run, sa, &actual, &err)) {
		if (run_out_of_fds())
			run_abort_fds(run, event, err.message);
		else
			run_fail(run, event, RUN_FAIL_STATE, "%s", err.message);
		error_clear(&err);
		return -1;
	}
	if (actual == sa->state)
		return 0;
	return run_fail(run, event, RUN_FAIL_STATE, "expected state %s, actual %s",
			ast_tcp_state_name(sa->state), ast_tcp_state_name(actual));
}

void run_state_observe(struct run *run, const struct ast_event *event)
{
	struct error err = { 0 };
	int state;

	if (run_state_current(run, &state, &err) == 0)
		state_trace_observe(&run->trace, run->last_event_time,
				    event->pos.line, state);
	error_clear(&err);
}
