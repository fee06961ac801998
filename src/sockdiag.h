/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sockdiag.h - the kernel's TCP state of a connection or a listener,
 * through NETLINK_SOCK_DIAG (inet_diag).
 *
 * Contract: states are the kernel's TCP_* numbers (TCP_ESTABLISHED = 1 ...
 * TCP_CLOSING = 11, the numbering of enum ast_tcp_state); "no such socket"
 * is TCP_CLOSE (7). Every socket that owns a 4-tuple is seen: full sockets
 * with or without a file descriptor (orphans in FIN_WAIT1, LAST_ACK,
 * CLOSING), request sockets (SYN_RECV) and timewait sockets (TIME_WAIT,
 * and FIN_WAIT2 after close()). Looks only at the caller's network
 * namespace. Decides nothing: it reports.
 */
#ifndef TCPDRILL_SOCKDIAG_H
#define TCPDRILL_SOCKDIAG_H

#include <stdint.h>
#include <sys/socket.h>

#include "error.h"

/*
 * The state of the TCP socket whose local and remote ends are exactly
 * `local` and `remote` (sockaddr_in or sockaddr_in6, ports included).
 * `family` is the socket's family; an AF_INET6 socket of an
 * ipv4-mapped-ipv6 run is found from either its mapped (::ffff:a.b.c.d)
 * or its plain IPv4 addresses. A listener on the local end does not
 * count: the answer is about this connection only.
 */
int sockdiag_tcp_state(int family, const struct sockaddr *local,
		       const struct sockaddr *remote, int *state,
		       struct error *err);

/*
 * TCP_LISTEN when a socket of `family` listens on `local_port` (host
 * order), else TCP_CLOSE. For AF_INET a dual-stack AF_INET6 listener
 * (bound to :: or a mapped address, not IPV6_V6ONLY) counts too, since it
 * accepts IPv4 connections.
 */
int sockdiag_listener_state(int family, uint16_t local_port, int *state,
			    struct error *err);

#endif /* TCPDRILL_SOCKDIAG_H */
