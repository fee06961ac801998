// SPDX-License-Identifier: GPL-2.0
/*
 * sandbox.c - private network (and, unprivileged, user) namespaces; see
 * sandbox.h.
 */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "netlink.h"

/* The TUN driver's device numbers (the kernel's TUN_MINOR, a misc device). */
#define SANDBOX_TUN_MAJOR 10
#define SANDBOX_TUN_MINOR 200

static uint64_t sandbox_origin_ino;	/* netns the program started in */
static int sandbox_entered;		/* sandbox_enter() succeeded here */
static int sandbox_userns = -1;

static uint64_t sandbox_ns_inode(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

/*
 * Recorded when the program is loaded, before main() can fork or unshare:
 * whatever namespace that is, it is the one we must never configure.
 */
__attribute__((constructor)) static void sandbox_record_origin(void)
{
	sandbox_origin_ino = sandbox_ns_inode("/proc/self/ns/net");
}

uint64_t sandbox_netns_inode(void)
{
	return sandbox_ns_inode("/proc/self/ns/net");
}

uint64_t sandbox_origin_netns_inode(void)
{
	return sandbox_origin_ino;
}

int sandbox_user_namespace(void)
{
	return sandbox_userns;
}

int sandbox_check_private(struct error *err)
{
	uint64_t now = sandbox_netns_inode();

	if (!sandbox_origin_ino || !now)
		return error_set(err, "refusing to change the network: cannot "
				 "read /proc/self/ns/net to prove this is a "
				 "private namespace");
	if (now == sandbox_origin_ino)
		return error_set(err, "refusing to change the network of the "
				 "namespace tcpdrill was started in (netns "
				 "inode %llu)",
				 (unsigned long long)now);
	if (!sandbox_entered)
		return error_set(err, "refusing to change the network: "
				 "sandbox_enter() was not called in this "
				 "process");
	return 0;
}

/* ---- why the TUN device or a namespace is not available ---------------- */

struct sandbox_hint {
	int code;
	const char *hint;
};

static const struct sandbox_hint sandbox_tun_hints[] = {
	{ ENOENT, "the device node is missing: load the TUN driver "
		  "(modprobe tun) or, in a container, pass the device in "
		  "(e.g. --device /dev/net/tun)" },
	{ ENODEV, "the kernel has no TUN driver (CONFIG_TUN)" },
	{ ENXIO, "the kernel has no TUN driver (CONFIG_TUN)" },
	{ EACCES, "run as root, or make the device usable by this user" },
	{ EPERM, "run as root, or allow the device to this user (a "
		 "container's device cgroup may forbid it)" },
};

static const struct sandbox_hint sandbox_userns_hints[] = {
	{ EPERM, "unprivileged user namespaces are disabled here (sysctls "
		 "kernel.unprivileged_userns_clone, user.max_user_namespaces "
		 "or AppArmor's kernel.apparmor_restrict_unprivileged_userns); "
		 "run as root instead" },
	{ ENOSPC, "the limit user.max_user_namespaces is reached" },
	{ EUSERS, "too many nested user namespaces" },
	{ EINVAL, "the process has threads: call sandbox_enter() before "
		  "starting any" },
};

static const char *sandbox_hint(const struct sandbox_hint *table, size_t n,
				int code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].code == code)
			return table[i].hint;
	return "unexpected error";
}

#define SANDBOX_HINT(table, code) \
	sandbox_hint(table, sizeof(table) / sizeof(table[0]), code)

/*
 * The TUN driver is the misc device 10:200. Anything else at the path (a
 * container's /dev/null bind-mounted over it, a regular file) opens fine
 * and only fails later at TUNSETIFF with "Inappropriate ioctl for device".
 */
static int sandbox_check_tun_node(const struct stat *st, struct error *err)
{
	if (S_ISCHR(st->st_mode) && major(st->st_rdev) == SANDBOX_TUN_MAJOR &&
	    minor(st->st_rdev) == SANDBOX_TUN_MINOR)
		return 0;
	if (S_ISCHR(st->st_mode))
		return error_set(err, "%s is the character device %u:%u, not "
				 "the TUN device %d:%d: something is mounted "
				 "over it; pass the real device in (e.g. "
				 "--device /dev/net/tun)", SANDBOX_TUN_PATH,
				 major(st->st_rdev), minor(st->st_rdev),
				 SANDBOX_TUN_MAJOR, SANDBOX_TUN_MINOR);
	return error_set(err, "%s is not a character device, so not the TUN "
			 "device %d:%d: recreate it (mknod %s c %d %d) or pass "
			 "the real device in", SANDBOX_TUN_PATH,
			 SANDBOX_TUN_MAJOR, SANDBOX_TUN_MINOR, SANDBOX_TUN_PATH,
			 SANDBOX_TUN_MAJOR, SANDBOX_TUN_MINOR);
}

/* Why root, too, may be refused the device. */
static const char *sandbox_denied_hint(int code)
{
	struct statvfs fs;

	if (statvfs(SANDBOX_TUN_PATH, &fs) == 0 && (fs.f_flag & ST_NODEV))
		return "the file system holding it is mounted nodev";
	if (geteuid() == 0)
		return "root is refused it: a container's device cgroup or a "
		       "security module forbids the device";
	return SANDBOX_HINT(sandbox_tun_hints, code);
}

/*
 * Opening the device is what the TUN code will do; doing it first means
 * the failure is named before anything else changes.
 */
static int sandbox_check_tun(struct error *err)
{
	int fd = open(SANDBOX_TUN_PATH, O_RDWR | O_CLOEXEC);
	struct stat st;
	int code;

	if (fd >= 0) {
		code = fstat(fd, &st);
		close(fd);
		return code == 0 ? sandbox_check_tun_node(&st, err) : 0;
	}
	code = errno;
	if ((code == EACCES || code == EPERM) &&
	    stat(SANDBOX_TUN_PATH, &st) == 0)
		return error_set(err, "cannot open %s (mode %03o, owner uid %u) "
				 "as uid %u: %s: %s", SANDBOX_TUN_PATH,
				 (unsigned int)(st.st_mode & 0777),
				 (unsigned int)st.st_uid,
				 (unsigned int)geteuid(), strerror(code),
				 sandbox_denied_hint(code));
	return error_set(err, "cannot open %s: %s: %s", SANDBOX_TUN_PATH,
			 strerror(code), SANDBOX_HINT(sandbox_tun_hints, code));
}

static int sandbox_write_file(const char *path, const char *text,
			      struct error *err)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return error_set(err, "cannot open %s: %s", path,
				 strerror(errno));
	n = write(fd, text, len);
	if (n != (ssize_t)len) {
		int code = n < 0 ? errno : EIO;

		close(fd);
		return error_set(err, "cannot write %s: %s", path,
				 strerror(code));
	}
	close(fd);
	return 0;
}

/*
 * Map our own uid and gid to root inside, so that files of the new
 * namespace (/proc/sys/net, the TUN device's sysfs) belong to us.
 * An unprivileged process may write gid_map only after giving up
 * setgroups(2) for good.
 */
static int sandbox_map_ids(uid_t uid, gid_t gid, struct error *err)
{
	char map[64];

	if (sandbox_write_file("/proc/self/setgroups", "deny", err) < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned int)uid);
	if (sandbox_write_file("/proc/self/uid_map", map, err) < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned int)gid);
	return sandbox_write_file("/proc/self/gid_map", map, err);
}

static int sandbox_unshare_user(struct error *err)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
		return error_set(err, "cannot create user and network "
				 "namespaces as uid %u: %s: %s",
				 (unsigned int)uid, strerror(errno),
				 SANDBOX_HINT(sandbox_userns_hints, errno));
	sandbox_userns = 1;
	return sandbox_map_ids(uid, gid, err);
}

/* Returns 1 when a plain network namespace was made, 0 when not allowed. */
static int sandbox_unshare_net(enum sandbox_mode mode, struct error *err)
{
	if (unshare(CLONE_NEWNET) == 0) {
		sandbox_userns = 0;
		return 1;
	}
	if (errno == EPERM && mode == SANDBOX_AUTO)
		return 0;
	return error_set(err, "cannot create a network namespace: %s%s",
			 strerror(errno), errno == EPERM ?
			 ": this needs CAP_SYS_ADMIN (run as root)" : "");
}

static int sandbox_loopback_up(struct error *err)
{
	struct nl_link_change lo = { .name = "lo", .up = 1 };
	struct nl *nl;
	int ret;

	if (nl_open(&nl, NETLINK_ROUTE, err) < 0)
		return -1;
	ret = nl_link_set(nl, &lo, err);
	nl_close(nl);
	return ret;
}

/*
 * The child must not outlive the runner: a leftover child keeps its
 * namespace, its TUN device and its sockets. Changing credentials (which
 * entering a user namespace does) clears the parent-death signal, so it
 * is set again at the end.
 */
static int sandbox_die_with_parent(pid_t parent, struct error *err)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return error_set(err, "prctl(PR_SET_PDEATHSIG): %s",
				 strerror(errno));
	if (getppid() != parent)
		return error_set(err, "the parent process exited while the "
				 "sandbox was being set up");
	return 0;
}

int sandbox_enter_mode(enum sandbox_mode mode, struct error *err)
{
	pid_t parent = getppid();
	int made;

	if (sandbox_die_with_parent(parent, err) < 0)
		return -1;
	if (sandbox_check_tun(err) < 0)
		return -1;
	made = 0;
	if (mode != SANDBOX_USERNS) {
		made = sandbox_unshare_net(mode, err);
		if (made < 0)
			return -1;
	}
	if (!made && sandbox_unshare_user(err) < 0)
		return -1;
	if (sandbox_netns_inode() == sandbox_origin_ino)
		return error_set(err, "unshare() left us in the starting "
				 "network namespace");
	sandbox_entered = 1;
	if (sandbox_loopback_up(err) < 0)
		return error_prefix(err, "bringing loopback up");
	return sandbox_die_with_parent(parent, err);
}

int sandbox_enter(struct error *err)
{
	return sandbox_enter_mode(SANDBOX_AUTO, err);
}
