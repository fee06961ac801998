// SPDX-License-Identifier: GPL-2.0
/*
 * symbols.c - the table of symbolic constants and errno names; see
 * symbols.h.
 *
 * Every name the packetdrill corpus writes in a syscall line is here, plus
 * the neighbours a new script is likely to want. A constant missing from
 * older build headers is defined below with the value the kernel ABI fixed
 * for it, so a script means the same thing whatever machine built us.
 */
#include "symbols.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <linux/sockios.h>

/* ---- constants newer than some build headers (kernel ABI values) -------- */

#ifndef SOL_UDP
#define SOL_UDP			17	/* glibc spells it only in <netinet/udp.h> */
#endif
#ifndef SO_PASSPIDFD
#define SO_PASSPIDFD		76	/* Linux 6.5 */
#endif
#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD		77	/* Linux 6.5 */
#endif
#ifndef TCP_AO_ADD_KEY
#define TCP_AO_ADD_KEY		38	/* Linux 6.7: TCP-AO (RFC 5925) */
#define TCP_AO_DEL_KEY		39
#define TCP_AO_INFO		40
#define TCP_AO_GET_KEYS		41
#define TCP_AO_REPAIR		42
#endif
#ifndef TCP_IS_MPTCP
#define TCP_IS_MPTCP		43	/* Linux 5.16 */
#endif
#ifndef TCP_RTO_MAX_MS
#define TCP_RTO_MAX_MS		44	/* Linux 6.15 */
#endif
#ifndef TCP_RTO_MIN_US
#define TCP_RTO_MIN_US		45	/* Linux 6.15 */
#endif
#ifndef TCP_DELACK_MAX_US
#define TCP_DELACK_MAX_US	46	/* Linux 6.15 */
#endif
#ifndef SOF_TIMESTAMPING_OPT_ID_TCP
#define SOF_TIMESTAMPING_OPT_ID_TCP	(1 << 16)	/* Linux 6.2 */
#endif
#ifndef SOF_TIMESTAMPING_OPT_RX_FILTER
#define SOF_TIMESTAMPING_OPT_RX_FILTER	(1 << 17)	/* Linux 6.12 */
#endif
#ifndef SCM_TIMESTAMPING_OPT_STATS
#define SCM_TIMESTAMPING_OPT_STATS	54
#endif
#ifndef SO_EE_ORIGIN_TXTIME
#define SO_EE_ORIGIN_TXTIME	6	/* Linux 4.19 */
#endif
#ifndef MSG_SPLICE_PAGES
#define MSG_SPLICE_PAGES	0x8000000	/* Linux 6.5 */
#endif
#ifndef IP_LOCAL_PORT_RANGE
#define IP_LOCAL_PORT_RANGE	51	/* Linux 6.3 */
#endif

/*
 * libcap's numbering for cap_set(flag, capability, op), which packetdrill
 * scripts use: cap_flag_t counts EFFECTIVE, PERMITTED, INHERITABLE and
 * cap_flag_value_t is CLEAR = 0, SET = 1. The kernel ABI has no such names.
 */
#define CAP_EFFECTIVE		0
#define CAP_PERMITTED		1
#define CAP_INHERITABLE		2
#define CAP_CLEAR		0
#define CAP_SET			1

/* The kernel's TCP states and congestion-avoidance states (tcp_states.h,
 * tcp.h), for comparing tcpi_state and tcpi_ca_state by name. */
#define TCP_CA_Open		0
#define TCP_CA_Disorder		1
#define TCP_CA_CWR		2
#define TCP_CA_Recovery		3
#define TCP_CA_Loss		4

#define S(x) { #x, (int64_t)(x) }

static const struct symbol symbol_table[] = {
	{ "NULL", 0 },

	/* address and protocol families, socket types */
	S(AF_UNSPEC), S(AF_UNIX), S(AF_LOCAL), S(AF_INET), S(AF_INET6),
	S(AF_PACKET), S(AF_NETLINK),
	S(PF_UNSPEC), S(PF_UNIX), S(PF_LOCAL), S(PF_INET), S(PF_INET6),
	S(PF_PACKET), S(PF_NETLINK),
	S(SOCK_STREAM), S(SOCK_DGRAM), S(SOCK_RAW), S(SOCK_SEQPACKET),
	S(SOCK_NONBLOCK), S(SOCK_CLOEXEC),
	S(IPPROTO_IP), S(IPPROTO_IPV6), S(IPPROTO_ICMP), S(IPPROTO_ICMPV6),
	S(IPPROTO_TCP), S(IPPROTO_UDP), S(IPPROTO_UDPLITE), S(IPPROTO_RAW),
	S(IPPROTO_SCTP), S(IPPROTO_MPTCP), S(IPPROTO_GRE),

	/* option levels */
	S(SOL_SOCKET), S(SOL_IP), S(SOL_IPV6), S(SOL_TCP), S(SOL_UDP),

	/* SOL_SOCKET options */
	S(SO_DEBUG), S(SO_REUSEADDR), S(SO_TYPE), S(SO_ERROR),
	S(SO_DONTROUTE), S(SO_BROADCAST), S(SO_SNDBUF), S(SO_RCVBUF),
	S(SO_SNDBUFFORCE), S(SO_RCVBUFFORCE), S(SO_KEEPALIVE),
	S(SO_OOBINLINE), S(SO_NO_CHECK), S(SO_PRIORITY), S(SO_LINGER),
	S(SO_BSDCOMPAT), S(SO_REUSEPORT), S(SO_PASSCRED), S(SO_PEERCRED),
	S(SO_RCVLOWAT), S(SO_SNDLOWAT), S(SO_RCVTIMEO), S(SO_SNDTIMEO),
	S(SO_SECURITY_AUTHENTICATION), S(SO_SECURITY_ENCRYPTION_TRANSPORT),
	S(SO_SECURITY_ENCRYPTION_NETWORK), S(SO_BINDTODEVICE),
	S(SO_ATTACH_FILTER), S(SO_DETACH_FILTER), S(SO_PEERNAME),
	S(SO_TIMESTAMP), S(SO_ACCEPTCONN), S(SO_PEERSEC), S(SO_PASSSEC),
	S(SO_TIMESTAMPNS), S(SO_MARK), S(SO_TIMESTAMPING), S(SO_PROTOCOL),
	S(SO_DOMAIN), S(SO_RXQ_OVFL), S(SO_WIFI_STATUS), S(SO_PEEK_OFF),
	S(SO_NOFCS), S(SO_LOCK_FILTER), S(SO_SELECT_ERR_QUEUE),
	S(SO_BUSY_POLL), S(SO_MAX_PACING_RATE), S(SO_BPF_EXTENSIONS),
	S(SO_INCOMING_CPU), S(SO_ATTACH_BPF), S(SO_DETACH_BPF),
	S(SO_ATTACH_REUSEPORT_CBPF), S(SO_ATTACH_REUSEPORT_EBPF), S(SO_CNX_ADVICE),
	S(SO_MEMINFO), S(SO_INCOMING_NAPI_ID), S(SO_COOKIE), S(SO_PEERGROUPS),
	S(SO_ZEROCOPY), S(SO_TXTIME), S(SO_BINDTOIFINDEX),
	S(SO_PREFER_BUSY_POLL), S(SO_BUSY_POLL_BUDGET), S(SO_NETNS_COOKIE),
	S(SO_BUF_LOCK), S(SO_RESERVE_MEM), S(SO_TXREHASH), S(SO_RCVMARK),
	S(SO_PASSPIDFD), S(SO_PEERPIDFD),

	/* timestamping and the error queue */
	S(SOF_TIMESTAMPING_TX_HARDWARE), S(SOF_TIMESTAMPING_TX_SOFTWARE),
	S(SOF_TIMESTAMPING_RX_HARDWARE), S(SOF_TIMESTAMPING_RX_SOFTWARE),
	S(SOF_TIMESTAMPING_SOFTWARE), S(SOF_TIMESTAMPING_SYS_HARDWARE),
	S(SOF_TIMESTAMPING_RAW_HARDWARE), S(SOF_TIMESTAMPING_OPT_ID),
	S(SOF_TIMESTAMPING_TX_SCHED), S(SOF_TIMESTAMPING_TX_ACK),
	S(SOF_TIMESTAMPING_OPT_CMSG), S(SOF_TIMESTAMPING_OPT_TSONLY),
	S(SOF_TIMESTAMPING_OPT_STATS), S(SOF_TIMESTAMPING_OPT_PKTINFO),
	S(SOF_TIMESTAMPING_OPT_TX_SWHW), S(SOF_TIMESTAMPING_BIND_PHC),
	S(SOF_TIMESTAMPING_OPT_ID_TCP), S(SOF_TIMESTAMPING_OPT_RX_FILTER),
	S(SCM_RIGHTS), S(SCM_CREDENTIALS), S(SCM_TIMESTAMP), S(SCM_TIMESTAMPNS),
	S(SCM_TIMESTAMPING), S(SCM_TIMESTAMPING_OPT_STATS), S(SCM_TXTIME),
	S(SCM_TSTAMP_SND), S(SCM_TSTAMP_SCHED), S(SCM_TSTAMP_ACK),
	S(SO_EE_ORIGIN_NONE), S(SO_EE_ORIGIN_LOCAL), S(SO_EE_ORIGIN_ICMP),
	S(SO_EE_ORIGIN_ICMP6), S(SO_EE_ORIGIN_TXSTATUS),
	S(SO_EE_ORIGIN_ZEROCOPY), S(SO_EE_ORIGIN_TXTIME),
	S(SO_EE_ORIGIN_TIMESTAMPING), S(SO_EE_CODE_ZEROCOPY_COPIED),

	/* SOL_IP and SOL_IPV6 options */
	S(IP_TOS), S(IP_TTL), S(IP_HDRINCL), S(IP_OPTIONS), S(IP_RECVOPTS),
	S(IP_RETOPTS), S(IP_PKTINFO), S(IP_MTU_DISCOVER), S(IP_RECVERR),
	S(IP_RECVTTL), S(IP_RECVTOS), S(IP_MTU), S(IP_FREEBIND),
	S(IP_TRANSPARENT), S(IP_BIND_ADDRESS_NO_PORT), S(IP_LOCAL_PORT_RANGE),
	S(IP_PMTUDISC_DONT), S(IP_PMTUDISC_WANT), S(IP_PMTUDISC_DO),
	S(IP_PMTUDISC_PROBE), S(IP_PMTUDISC_INTERFACE), S(IP_PMTUDISC_OMIT),
	S(IPTOS_LOWDELAY), S(IPTOS_THROUGHPUT), S(IPTOS_RELIABILITY),
	S(IPV6_V6ONLY), S(IPV6_UNICAST_HOPS), S(IPV6_MTU_DISCOVER),
	S(IPV6_MTU), S(IPV6_RECVERR), S(IPV6_TCLASS), S(IPV6_RECVTCLASS),
	S(IPV6_HOPLIMIT), S(IPV6_RECVHOPLIMIT), S(IPV6_DONTFRAG),
	S(IPV6_PMTUDISC_DONT), S(IPV6_PMTUDISC_WANT), S(IPV6_PMTUDISC_DO),
	S(IPV6_PMTUDISC_PROBE),

	/* SOL_TCP options */
	S(TCP_NODELAY), S(TCP_MAXSEG), S(TCP_CORK), S(TCP_KEEPIDLE),
	S(TCP_KEEPINTVL), S(TCP_KEEPCNT), S(TCP_SYNCNT), S(TCP_LINGER2),
	S(TCP_DEFER_ACCEPT), S(TCP_WINDOW_CLAMP), S(TCP_INFO), S(TCP_QUICKACK),
	S(TCP_CONGESTION), S(TCP_MD5SIG), S(TCP_COOKIE_TRANSACTIONS),
	S(TCP_THIN_LINEAR_TIMEOUTS), S(TCP_THIN_DUPACK), S(TCP_USER_TIMEOUT),
	S(TCP_REPAIR), S(TCP_REPAIR_QUEUE), S(TCP_QUEUE_SEQ),
	S(TCP_REPAIR_OPTIONS), S(TCP_FASTOPEN), S(TCP_TIMESTAMP),
	S(TCP_NOTSENT_LOWAT), S(TCP_CC_INFO), S(TCP_SAVE_SYN), S(TCP_SAVED_SYN),
	S(TCP_REPAIR_WINDOW), S(TCP_FASTOPEN_CONNECT), S(TCP_ULP),
	S(TCP_MD5SIG_EXT), S(TCP_FASTOPEN_KEY), S(TCP_FASTOPEN_NO_COOKIE),
	S(TCP_ZEROCOPY_RECEIVE), S(TCP_INQ), S(TCP_CM_INQ), S(TCP_TX_DELAY),
	S(TCP_AO_ADD_KEY), S(TCP_AO_DEL_KEY), S(TCP_AO_INFO),
	S(TCP_AO_GET_KEYS), S(TCP_AO_REPAIR), S(TCP_IS_MPTCP),
	S(TCP_RTO_MAX_MS), S(TCP_RTO_MIN_US), S(TCP_DELACK_MAX_US),
	S(TCP_MD5SIG_FLAG_PREFIX), S(TCP_MD5SIG_MAXKEYLEN),

	/* TCP states (tcpi_state) and congestion states (tcpi_ca_state) */
	S(TCP_ESTABLISHED), S(TCP_SYN_SENT), S(TCP_SYN_RECV),
	S(TCP_FIN_WAIT1), S(TCP_FIN_WAIT2), S(TCP_TIME_WAIT), S(TCP_CLOSE),
	S(TCP_CLOSE_WAIT), S(TCP_LAST_ACK), S(TCP_LISTEN), S(TCP_CLOSING),
	S(TCP_CA_Open), S(TCP_CA_Disorder), S(TCP_CA_CWR), S(TCP_CA_Recovery),
	S(TCP_CA_Loss),
	S(TCPI_OPT_TIMESTAMPS), S(TCPI_OPT_SACK), S(TCPI_OPT_WSCALE),
	S(TCPI_OPT_ECN), S(TCPI_OPT_ECN_SEEN), S(TCPI_OPT_SYN_DATA),

	/* send and receive flags */
	S(MSG_OOB), S(MSG_PEEK), S(MSG_DONTROUTE), S(MSG_CTRUNC), S(MSG_PROXY),
	S(MSG_TRUNC), S(MSG_DONTWAIT), S(MSG_EOR), S(MSG_WAITALL), S(MSG_FIN),
	S(MSG_SYN), S(MSG_CONFIRM), S(MSG_RST), S(MSG_ERRQUEUE),
	S(MSG_NOSIGNAL), S(MSG_MORE), S(MSG_WAITFORONE), S(MSG_BATCH),
	S(MSG_SPLICE_PAGES), S(MSG_ZEROCOPY), S(MSG_FASTOPEN),
	S(MSG_CMSG_CLOEXEC),

	/* shutdown */
	S(SHUT_RD), S(SHUT_WR), S(SHUT_RDWR),

	/* open and fcntl */
	S(O_RDONLY), S(O_WRONLY), S(O_RDWR), S(O_ACCMODE), S(O_CREAT),
	S(O_EXCL), S(O_NOCTTY), S(O_TRUNC), S(O_APPEND), S(O_NONBLOCK),
	S(O_NDELAY), S(O_SYNC), S(O_DSYNC), S(O_ASYNC), S(O_DIRECT),
	S(O_LARGEFILE), S(O_DIRECTORY), S(O_NOFOLLOW), S(O_NOATIME),
	S(O_CLOEXEC), S(O_PATH), S(O_TMPFILE),
	S(F_DUPFD), S(F_GETFD), S(F_SETFD), S(F_GETFL), S(F_SETFL), S(F_GETLK),
	S(F_SETLK), S(F_SETLKW), S(F_SETOWN), S(F_GETOWN), S(F_SETSIG),
	S(F_GETSIG), S(F_SETLEASE), S(F_GETLEASE), S(F_NOTIFY),
	S(F_DUPFD_CLOEXEC), S(F_SETPIPE_SZ), S(F_GETPIPE_SZ), S(FD_CLOEXEC),
	S(F_RDLCK), S(F_WRLCK), S(F_UNLCK), S(F_EXLCK), S(F_SHLCK),
	S(LOCK_SH), S(LOCK_EX), S(LOCK_NB), S(LOCK_UN),
	S(SEEK_SET), S(SEEK_CUR), S(SEEK_END),

	/* ioctl */
	S(SIOCINQ), S(SIOCOUTQ), S(SIOCOUTQNSD), S(FIONREAD), S(FIONBIO),
	S(FIOASYNC), S(SIOCATMARK), S(SIOCGSTAMP), S(SIOCGSTAMPNS),

	/* poll */
	S(POLLIN), S(POLLPRI), S(POLLOUT), S(POLLERR), S(POLLHUP), S(POLLNVAL),
	S(POLLRDNORM), S(POLLRDBAND), S(POLLWRNORM), S(POLLWRBAND),
	S(POLLMSG), S(POLLREMOVE), S(POLLRDHUP),

	/* epoll */
	S(EPOLLIN), S(EPOLLPRI), S(EPOLLOUT), S(EPOLLERR), S(EPOLLHUP),
	S(EPOLLRDNORM), S(EPOLLRDBAND), S(EPOLLWRNORM), S(EPOLLWRBAND),
	S(EPOLLMSG), S(EPOLLRDHUP), S(EPOLLEXCLUSIVE), S(EPOLLWAKEUP),
	S(EPOLLONESHOT), S(EPOLLET),
	S(EPOLL_CTL_ADD), S(EPOLL_CTL_DEL), S(EPOLL_CTL_MOD), S(EPOLL_CLOEXEC),

	/* splice */
	S(SPLICE_F_MOVE), S(SPLICE_F_NONBLOCK), S(SPLICE_F_MORE),
	S(SPLICE_F_GIFT),

	/* cap_set(flag, capability, op) */
	S(CAP_EFFECTIVE), S(CAP_PERMITTED), S(CAP_INHERITABLE),
	S(CAP_CLEAR), S(CAP_SET),
	S(CAP_CHOWN), S(CAP_DAC_OVERRIDE), S(CAP_DAC_READ_SEARCH),
	S(CAP_FOWNER), S(CAP_FSETID), S(CAP_KILL), S(CAP_SETGID),
	S(CAP_SETUID), S(CAP_SETPCAP), S(CAP_LINUX_IMMUTABLE),
	S(CAP_NET_BIND_SERVICE), S(CAP_NET_BROADCAST), S(CAP_NET_ADMIN),
	S(CAP_NET_RAW), S(CAP_IPC_LOCK), S(CAP_IPC_OWNER), S(CAP_SYS_MODULE),
	S(CAP_SYS_RAWIO), S(CAP_SYS_CHROOT), S(CAP_SYS_PTRACE),
	S(CAP_SYS_PACCT), S(CAP_SYS_ADMIN), S(CAP_SYS_BOOT), S(CAP_SYS_NICE),
	S(CAP_SYS_RESOURCE), S(CAP_SYS_TIME), S(CAP_SYS_TTY_CONFIG),
	S(CAP_MKNOD), S(CAP_LEASE), S(CAP_AUDIT_WRITE), S(CAP_AUDIT_CONTROL),
	S(CAP_SETFCAP), S(CAP_MAC_OVERRIDE), S(CAP_MAC_ADMIN), S(CAP_SYSLOG),
	S(CAP_WAKE_ALARM), S(CAP_BLOCK_SUSPEND), S(CAP_AUDIT_READ),
	S(CAP_PERFMON), S(CAP_BPF), S(CAP_CHECKPOINT_RESTORE),
};

/*
 * Errno names. Where two names share a value the first row is the one
 * printed: EAGAIN over EWOULDBLOCK, EDEADLK over EDEADLOCK, EOPNOTSUPP over
 * ENOTSUP, as strace and the packetdrill corpus spell them.
 */
static const struct symbol errno_table[] = {
	S(EPERM), S(ENOENT), S(ESRCH), S(EINTR), S(EIO), S(ENXIO), S(E2BIG),
	S(ENOEXEC), S(EBADF), S(ECHILD), S(EAGAIN), S(ENOMEM), S(EACCES),
	S(EFAULT), S(ENOTBLK), S(EBUSY), S(EEXIST), S(EXDEV), S(ENODEV),
	S(ENOTDIR), S(EISDIR), S(EINVAL), S(ENFILE), S(EMFILE), S(ENOTTY),
	S(ETXTBSY), S(EFBIG), S(ENOSPC), S(ESPIPE), S(EROFS), S(EMLINK),
	S(EPIPE), S(EDOM), S(ERANGE), S(EDEADLK), S(ENAMETOOLONG), S(ENOLCK),
	S(ENOSYS), S(ENOTEMPTY), S(ELOOP), S(ENOMSG), S(EIDRM), S(ECHRNG),
	S(EL2NSYNC), S(EL3HLT), S(EL3RST), S(ELNRNG), S(EUNATCH), S(ENOCSI),
	S(EL2HLT), S(EBADE), S(EBADR), S(EXFULL), S(ENOANO), S(EBADRQC),
	S(EBADSLT), S(EBFONT), S(ENOSTR), S(ENODATA), S(ETIME), S(ENOSR),
	S(ENONET), S(ENOPKG), S(EREMOTE), S(ENOLINK), S(EADV), S(ESRMNT),
	S(ECOMM), S(EPROTO), S(EMULTIHOP), S(EDOTDOT), S(EBADMSG),
	S(EOVERFLOW), S(ENOTUNIQ), S(EBADFD), S(EREMCHG), S(ELIBACC),
	S(ELIBBAD), S(ELIBSCN), S(ELIBMAX), S(ELIBEXEC), S(EILSEQ),
	S(ERESTART), S(ESTRPIPE), S(EUSERS), S(ENOTSOCK), S(EDESTADDRREQ),
	S(EMSGSIZE), S(EPROTOTYPE), S(ENOPROTOOPT), S(EPROTONOSUPPORT),
	S(ESOCKTNOSUPPORT), S(EOPNOTSUPP), S(EPFNOSUPPORT), S(EAFNOSUPPORT),
	S(EADDRINUSE), S(EADDRNOTAVAIL), S(ENETDOWN), S(ENETUNREACH),
	S(ENETRESET), S(ECONNABORTED), S(ECONNRESET), S(ENOBUFS), S(EISCONN),
	S(ENOTCONN), S(ESHUTDOWN), S(ETOOMANYREFS), S(ETIMEDOUT),
	S(ECONNREFUSED), S(EHOSTDOWN), S(EHOSTUNREACH), S(EALREADY),
	S(EINPROGRESS), S(ESTALE), S(EUCLEAN), S(ENOTNAM), S(ENAVAIL),
	S(EISNAM), S(EREMOTEIO), S(EDQUOT), S(ENOMEDIUM), S(EMEDIUMTYPE),
	S(ECANCELED), S(ENOKEY), S(EKEYEXPIRED), S(EKEYREVOKED),
	S(EKEYREJECTED), S(EOWNERDEAD), S(ENOTRECOVERABLE), S(ERFKILL),
	S(EHWPOISON),
	/* aliases: found by name, never printed */
	S(EWOULDBLOCK), S(EDEADLOCK), S(ENOTSUP),
};

#undef S

#define TABLE_LEN(t) (sizeof(t) / sizeof((t)[0]))

static const struct symbol *table_find(const struct symbol *table, size_t n,
				       const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

int symbols_lookup(const char *name, int64_t *value)
{
	const struct symbol *sym;

	if (!name)
		return -1;
	sym = table_find(symbol_table, TABLE_LEN(symbol_table), name);
	if (!sym)
		sym = table_find(errno_table, TABLE_LEN(errno_table), name);
	if (!sym)
		return -1;
	*value = sym->value;
	return 0;
}

const char *symbols_errno_name(int err)
{
	size_t i;

	for (i = 0; i < TABLE_LEN(errno_table); i++)
		if (errno_table[i].value == err)
			return errno_table[i].name;
	return NULL;
}

int symbols_errno_value(const char *name)
{
	const struct symbol *sym;

	if (!name)
		return -1;
	sym = table_find(errno_table, TABLE_LEN(errno_table), name);
	return sym ? (int)sym->value : -1;
}

const char *symbols_errno_text(int err)
{
	/* strerrordesc_np() is thread-safe, unlike strerror(): the check
	 * of a blocking call may run while a worker makes another call. */
	const char *text = strerrordesc_np(err);

	return text ? text : "Unknown error";
}

static int is_one_bit(int64_t v)
{
	return v > 0 && (v & (v - 1)) == 0;
}

static int flags_append(char **out, size_t *len, const char *word)
{
	size_t add = strlen(word) + (*len ? 1 : 0);
	char *grown = realloc(*out, *len + add + 1);

	if (!grown)
		return -1;
	if (*len)
		grown[(*len)++] = '|';
	strcpy(grown + *len, word);
	*len += strlen(word);
	*out = grown;
	return 0;
}

char *symbols_flags_string(const char *prefix, uint64_t flags)
{
	size_t plen = strlen(prefix), len = 0, i;
	uint64_t left = flags;
	char *out = NULL, hex[24];

	for (i = 0; i < TABLE_LEN(symbol_table) && left; i++) {
		const struct symbol *s = &symbol_table[i];

		/* EPOLL_CTL_ADD is not an event bit: skip "prefix_" names. */
		if (strncmp(s->name, prefix, plen) != 0 ||
		    s->name[plen] == '_' || !is_one_bit(s->value))
			continue;
		if (!(left & (uint64_t)s->value))
			continue;
		if (flags_append(&out, &len, s->name) < 0)
			goto oom;
		left &= ~(uint64_t)s->value;
	}
	if (left || !flags) {
		snprintf(hex, sizeof(hex), left ? "%#llx" : "0",
			 (unsigned long long)left);
		if (flags_append(&out, &len, hex) < 0)
			goto oom;
	}
	return out;
oom:
	free(out);
	return NULL;
}

const struct symbol *symbols_table(size_t *count)
{
	*count = TABLE_LEN(symbol_table);
	return symbol_table;
}
