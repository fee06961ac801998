// SPDX-License-Identifier: GPL-2.0
/*
 * test_sandbox.c - the private namespace: new, loopback up, tied to its
 * parent, unprivileged errors named, the starting namespace untouched and
 * protected by the guard.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <grp.h>
#include <linux/if.h>

#include "netns_test.h"

static uint64_t origin_ino;

/* Loopback carries a datagram to itself. */
static int loopback_works(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	char buf[8] = "";
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int ok;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = fd >= 0 && bind(fd, (void *)&a, sizeof(a)) == 0 &&
	     getsockname(fd, (void *)&a, &alen) == 0 &&
	     sendto(fd, "hi", 2, 0, (void *)&a, sizeof(a)) == 2 &&
	     recv(fd, buf, sizeof(buf), MSG_DONTWAIT) == 2;
	if (fd >= 0)
		close(fd);
	return ok && memcmp(buf, "hi", 2) == 0;
}

static void check_links(void)
{
	struct error err = { 0 };
	struct nl_link *links = NULL;
	size_t n = 0, i;
	int lo_up = 0, others_up = 0;
	struct nl *nl = NULL;

	if (nl_open(&nl, NETLINK_ROUTE, &err) == 0)
		nl_link_dump(nl, &links, &n, &err);
	tap_ok(!error_is_set(&err) && n >= 1, "links of the new namespace");
	for (i = 0; i < n; i++) {
		if (strcmp(links[i].name, "lo") == 0)
			lo_up = !!(links[i].flags & IFF_UP);
		else if (links[i].flags & IFF_UP)
			others_up++;
	}
	tap_ok(lo_up, "loopback is up");
	tap_is_int(others_up, 0, "no other link is up");
	tap_ok(loopback_works(), "a datagram crosses loopback");
	free(links);
	nl_close(nl);
	error_clear(&err);
}

static void check_inside(void *arg)
{
	int want_userns = *(int *)arg;
	struct error err = { 0 };
	int sig = 0;

	tap_ok(sandbox_netns_inode() != 0 &&
	       sandbox_netns_inode() != origin_ino,
	       "the netns inode differs from the parent's");
	tap_is_int(sandbox_origin_netns_inode(), origin_ino,
		   "the starting namespace is still known inside");
	tap_is_int(sandbox_check_private(&err), 0,
		   "changes are allowed inside");
	tap_is_int(sandbox_user_namespace(), want_userns,
		   want_userns ? "a user namespace was made" :
				 "no user namespace was needed");
	prctl(PR_GET_PDEATHSIG, &sig);
	tap_is_int(sig, SIGKILL, "the child dies with its parent");
	check_links();
	error_clear(&err);
}

static int read_text(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, cap - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n > 0;
}

static void check_userns(void *arg)
{
	char map[128], setgroups[32];
	unsigned int inside, outside, count;

	check_inside(arg);
	tap_is_int(getuid(), 0, "root inside the user namespace");
	read_text("/proc/self/uid_map", map, sizeof(map));
	tap_ok(sscanf(map, "%u %u %u", &inside, &outside, &count) == 3 &&
	       inside == 0 && outside == 0 && count == 1,
	       "uid_map maps our uid to 0");
	read_text("/proc/self/setgroups", setgroups, sizeof(setgroups));
	tap_is_str(setgroups, "deny\n", "setgroups is denied");
}

/* As nobody: either it works in a user namespace, or the reason is named. */
static void check_unprivileged(void *arg)
{
	struct stat st;
	struct error err = { 0 };
	int others_rw, ret;

	if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
	    setresuid(65534, 65534, 65534) < 0) {
		tap_ok(0, "drop to uid 65534");
		return;
	}
	ret = sandbox_enter(&err);
	others_rw = stat(SANDBOX_TUN_PATH, &st) == 0 &&
		    (st.st_mode & 06) == 06;
	if (!others_rw) {
		tap_is_int(ret, -1, "uid 65534 without access to the TUN "
			   "device is refused");
		tap_ok(err.message && strstr(err.message, SANDBOX_TUN_PATH) &&
		       strstr(err.message, "uid 65534") &&
		       strstr(err.message, "ermission denied"),
		       "the error names the device, the uid and the reason");
		printf("#   %s\n", err.message ? err.message : "(none)");
	} else if (ret == 0) {
		tap_is_int(sandbox_user_namespace(), 1,
			   "uid 65534 gets a user namespace");
		tap_ok(1, "no sudo needed");
	} else {
		tap_ok(err.message && strstr(err.message, "user namespace"),
		       "why the user namespace failed is named");
		tap_ok(1, "error reported");
	}
	error_clear(&err);
}

/*
 * A grandchild in a sandbox must die with its parent. This process becomes
 * a subreaper so the orphaned grandchild is ours to wait for.
 */
static void check_pdeathsig(void)
{
	int fds[2], status = 0;
	pid_t child, grandchild = 0;

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	fflush(stdout);
	if (pipe(fds) < 0 || (child = fork()) < 0)
		return (void)tap_ok(0, "fork");
	if (child == 0) {
		pid_t g = fork();

		if (g == 0) {
			struct error err = { 0 };

			close(fds[0]);
			if (sandbox_enter(&err) < 0)
				_exit(4);
			if (write(fds[1], &(pid_t){ getpid() },
				  sizeof(pid_t)) < 0)
				_exit(5);
			pause();
			_exit(6);
		}
		/* Wait until the grandchild is set up, then leave it. */
		if (read(fds[0], &g, sizeof(g)) != sizeof(g))
			_exit(7);
		_exit(0);
	}
	close(fds[1]);
	waitpid(child, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the parent of a sandboxed process exits");
	alarm(10);
	grandchild = waitpid(-1, &status, 0);
	alarm(0);
	close(fds[0]);
	tap_ok(grandchild > 0 && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGKILL,
	       "its sandboxed child is killed with SIGKILL");
	prctl(PR_SET_CHILD_SUBREAPER, 0);
}

/* The guard refuses a (harmless) change in the starting namespace. */
static void check_guard(void)
{
	struct nl_link_change lo = { .name = "lo", .up = 1 };
	struct error err = { 0 };
	struct nl *nl = NULL;
	int ret = -2;

	tap_is_int(sandbox_check_private(&err), -1,
		   "no changes in the starting namespace");
	tap_ok(err.message && strstr(err.message, "started in"),
	       "the refusal says why");
	error_clear(&err);
	if (nl_open(&nl, NETLINK_ROUTE, &err) == 0)
		ret = nl_link_set(nl, &lo, &err);
	tap_is_int(ret, -1, "a netlink change is refused before sending");
	tap_ok(err.message && strstr(err.message, "refusing"),
	       "with the guard's message");
	nl_close(nl);
	error_clear(&err);
}

int main(void)
{
	int no = 0, yes = 1;
	char *before, *after;

	if (netns_skip_unless_root())
		return 0;
	origin_ino = sandbox_netns_inode();
	tap_ok(origin_ino != 0 && origin_ino == sandbox_origin_netns_inode(),
	       "the starting namespace is recorded at load");
	tap_is_int(sandbox_user_namespace(), -1, "no sandbox yet");
	before = netns_snapshot();
	tap_ok(before != NULL, "snapshot of the starting namespace");
	check_guard();

	netns_fork("sandbox (auto) as root", SANDBOX_AUTO, check_inside, &no);
	netns_fork("sandbox (netns only)", SANDBOX_NETNS, check_inside, &no);
	netns_fork("sandbox (user namespace)", SANDBOX_USERNS, check_userns,
		   &yes);
	netns_fork("unprivileged sandbox", NETNS_NO_SANDBOX,
		   check_unprivileged, NULL);
	check_pdeathsig();

	tap_is_int(sandbox_netns_inode(), origin_ino,
		   "the parent never left its namespace");
	after = netns_snapshot();
	tap_ok(before && after && strcmp(before, after) == 0,
	       "links, addresses and routes of the starting namespace "
	       "are unchanged");
	free(before);
	free(after);
	return tap_done();
}
