/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syscall_args.h - inside the syscalls room: a prepared call and the
 * evaluation of its argument expressions.
 *
 * Contract: private to src/syscall*.c. A struct syscall_call owns every
 * buffer the system call reads or writes; it is built from the AST by
 * syscall_prepare() on the main thread, touched by syscall_invoke() alone
 * while the call runs (possibly on a worker thread), and read back by
 * syscall_check() on the main thread. Only prepare and check see the env.
 * Every error is positioned at the expression it is about and reads
 * "runtime error in <name> call: ...".
 */
#ifndef TCPDRILL_SYSCALL_ARGS_H
#define TCPDRILL_SYSCALL_ARGS_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "ast.h"
#include "error.h"
#include "syscalls.h"

#define SYSCALL_MAX_ARGS 6

struct syscall_call;

/* What a successful call does to the fd map. */
enum syscall_effect {
	EFFECT_NONE,
	EFFECT_NEW_FD,		/* returns a new fd: the script's number maps
				 * to it, and any fd matches a result >= 0 */
	EFFECT_FD_PAIR,		/* fills [a, b]: pipe(), socketpair() */
	EFFECT_CLOSE,		/* close(): the first fd leaves the map */
};

/*
 * One row of the syscall table. `kinds` has one letter per argument (see
 * the arg_kinds table in syscall_args.c); the first `min_args` are
 * required, the rest optional. `finish` runs after every argument is
 * evaluated, `check` after the generic result and errno checks passed.
 */
struct syscall_def {
	const char *name;
	const char *kinds;
	int min_args;
	enum syscall_effect effect;
	int (*finish)(struct syscall_call *c, struct error *err);
	long (*invoke)(struct syscall_call *c);
	int (*check)(struct syscall_call *c, struct error *err);
};

/* The expected value of an option, ioctl or sockaddr argument. */
enum expect_kind {
	EXPECT_NONE,		/* `...`, NULL or nothing written: not checked */
	EXPECT_INT,		/* [N] */
	EXPECT_STRING,		/* "reno", inet6_addr("::1"): bytes */
	EXPECT_STRUCT,		/* {field=value, ...} with a known layout */
};

struct syscall_call {
	const struct syscall_def *def;
	const struct ast_syscall *ast;
	struct syscall_env *env;	/* prepare and check only */
	const struct ast_expr *argv[SYSCALL_MAX_ARGS];
	int argc;
	int64_t arg[SYSCALL_MAX_ARGS];	/* integers; fds already live */
	int script_fd[SYSCALL_MAX_ARGS];	/* 'f' arguments as written */

	/* the script's result line */
	bool want_any;			/* = ... */
	int64_t want_result;
	int want_errno;			/* -1 when no errno was written */

	/* data buffer of read/write/send/recv ('b' and 'n') */
	const struct ast_expr *buf_expr;
	char *buf;
	size_t buf_len;

	/* socket address and its length ('L', 'R', 'o', 'l', 'p') */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	bool addr_null;			/* pass NULL for the address */
	bool addrlen_null;		/* pass NULL for the length pointer */
	const struct ast_expr *addr_expect;	/* sockaddr literal to check */
	int64_t addrlen_expect;		/* [N] to check, or -1 */

	/* option value ('O', 'P', 'z') and ioctl value ('I') */
	const struct ast_expr *opt_expr;
	const struct ast_expr *optlen_expr;
	enum expect_kind opt_kind;
	const void *opt_layout;		/* struct struct_layout * for STRUCT */
	char *opt;			/* what the kernel reads or writes */
	char *opt_stage;		/* the encoded script value */
	socklen_t opt_natural;		/* size of the encoded value */
	socklen_t optlen;		/* passed in, returned by getsockopt */
	int64_t optlen_expect;		/* [N] to check, or -1 */
	bool opt_null;
	int ioctl_val;
	bool ioctl_by_value;

	/* iovec array of readv/writev/sendmsg/recvmsg ('v', 'M') */
	struct iovec *iov;
	int iov_count;
	const struct ast_expr *iov_expr;

	/* msghdr ('M') */
	struct msghdr msg;
	const struct ast_expr *msg_expr;
	const struct ast_expr *msg_flags_expr;
	const struct ast_expr *msg_control_expr;
	char *control;

	/* poll and epoll ('F', 'E', 'W') */
	struct pollfd *pfds;
	int npfds;
	const struct ast_expr *pfds_expr;
	struct epoll_event event;
	bool event_null;
	struct epoll_event *events;
	int nevents;
	const struct ast_expr *events_expr;

	/* pipe and socketpair fds ('2'), sendfile and splice offsets ('q') */
	int pair_script[2];
	int pair_live[2];
	int64_t off[2];
	bool off_null[2];
	int noff;

	/* open ('s') */
	const char *path;

	/* what happened: written by syscall_invoke() */
	int64_t result;
	int err_no;
	int64_t start_usecs;
	int64_t end_usecs;
};

/* ---- errors ----------------------------------------------------------- */

/*
 * "runtime error in <call> call: <message>" at the position of `at` (the
 * call's name when NULL). Returns -1.
 */
int call_error(struct syscall_call *c, const struct ast_expr *at,
	       struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The same at an explicit position. */
int call_error_pos(struct syscall_call *c, struct src_pos pos,
		   struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- expressions -------------------------------------------------------- */

/* A word for the kind of an expression ("a string", "a list" ...). */
const char *expr_kind_name(const struct ast_expr *e);

/* True for `NULL` and `0`, the null pointer of a buffer argument. */
bool expr_is_null(const struct ast_expr *e);

/* Number of elements of a LIST, STRUCT or CALL. */
int expr_count(const struct ast_expr *list_or_struct);

/* The FIELD named `name` among a STRUCT's items, or NULL. */
const struct ast_expr *expr_field(const struct ast_expr *s, const char *name);

/*
 * Evaluate an integer expression: numbers, symbols (including the ones
 * that depend on the script's IP version, like CMSG_LEVEL_IP), `A|B` and
 * the other binary operators, htons()/htonl()/ntohs()/ntohl() and
 * inet_addr("a.b.c.d") (the address in network order, as C has it).
 */
int eval_int(struct syscall_call *c, const struct ast_expr *e, int64_t *out,
	     struct error *err);

/* True when a word is a symbol eval_int() knows. */
bool eval_symbol_known(const char *name);

/* An integer in brackets: [N]. */
int eval_bracketed_int(struct syscall_call *c, const struct ast_expr *e,
		       int64_t *out, struct error *err);

/*
 * A script fd to its live fd. Negative numbers pass through unchanged so
 * a script can provoke EBADF; an unknown fd is an error.
 */
int eval_fd(struct syscall_call *c, const struct ast_expr *e, int *script_fd,
	    int *live_fd, struct error *err);

/*
 * A sockaddr literal {sa_family=AF_INET, sin_port=htons(8080),
 * sin_addr=inet_addr("192.0.2.1")} (sin6_* names and inet6_addr() for
 * AF_INET6) into *ss.
 */
int eval_sockaddr(struct syscall_call *c, const struct ast_expr *e,
		  struct sockaddr_storage *ss, socklen_t *len,
		  struct error *err);

/*
 * Compare a live address with the fields a sockaddr literal writes;
 * `what` names it in the message ("address").
 */
int check_sockaddr(struct syscall_call *c, const struct ast_expr *e,
		   const struct sockaddr_storage *live, const char *what,
		   struct error *err);

/* Printable form of bytes for a message: "abc\x00" quoted; caller frees. */
char *bytes_printable(const void *data, size_t len);

/* ---- argument kinds ------------------------------------------------------ */

/*
 * Evaluate the arguments of a call by the kinds of its table row. Fills
 * c->arg[], buffers, addresses and expected values.
 */
int args_evaluate(struct syscall_call *c, struct error *err);

/* Free what args_evaluate() and the struct helpers allocated. */
void args_free(struct syscall_call *c);

/* The current CLOCK_MONOTONIC time in microseconds. */
int64_t syscall_now_usecs(void);

#endif /* TCPDRILL_SYSCALL_ARGS_H */
