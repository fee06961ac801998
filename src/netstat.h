/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netstat.h - the kernel's drop and error counters of this namespace.
 *
 * Contract: reads /proc/net/snmp, /proc/net/snmp6 and /proc/net/netstat of
 * the caller's network namespace and lists the counters whose names speak
 * of drops, discards, errors or overflows and are not zero. In a namespace
 * made for one script every such count is the script's doing, which makes
 * this the first thing to look at when an expected packet never came.
 */
#ifndef TCPDRILL_NETSTAT_H
#define TCPDRILL_NETSTAT_H

/*
 * "Ip6InNoRoutes=1 TcpExtListenDrops=2", malloc'ed; "" when none is set;
 * NULL when out of memory.
 */
char *netstat_drops(void);

#endif /* TCPDRILL_NETSTAT_H */
