// SPDX-License-Identifier: GPL-2.0
/* test_netstat.c - drop counters of a fresh namespace (needs root). */
#include <arpa/inet.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netstat.h"
#include "tap.h"

static int loopback_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ret;

	ret = ioctl(fd, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ret = ret || ioctl(fd, SIOCSIFFLAGS, &ifr);
	close(fd);
	return ret;
}

int main(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
	char *drops;
	int fd;

	if (geteuid() != 0 || unshare(CLONE_NEWNET) != 0) {
		printf("1..0 # SKIP needs root for a network namespace\n");
		return 0;
	}
	drops = netstat_drops();
	tap_is_str(drops, "", "a fresh namespace has dropped nothing");
	free(drops);

	tap_is_int(loopback_up(), 0, "loopback up");
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to));
	close(fd);
	drops = netstat_drops();
	tap_ok(drops && strstr(drops, "UdpNoPorts=1"),
	       "a datagram to a closed port shows as UdpNoPorts=1");
	printf("# %s\n", drops ? drops : "(null)");
	free(drops);
	return tap_done();
}
