/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syscall_structs.h - inside the syscalls room: the C structs a script
 * writes as {field=value, ...}, described as tables of fields.
 *
 * Contract: private to src/syscall*.c. A struct layout is one row per
 * field (name, offset, size, how to read it), so adding a struct is adding
 * a table. struct_encode() fills memory from a struct literal; struct_check()
 * compares memory with the fields the script wrote and names the first one
 * that differs. iovec, msghdr and cmsg arrays, pollfd and epoll_event
 * arrays are built and checked here too.
 */
#ifndef TCPDRILL_SYSCALL_STRUCTS_H
#define TCPDRILL_SYSCALL_STRUCTS_H

#include <stddef.h>

#include "syscall_args.h"

enum field_kind {
	FIELD_UINT,		/* unsigned integer of `size` bytes */
	FIELD_INT,		/* signed integer of `size` bytes */
	FIELD_BITS,		/* `width` bits at `shift` in one byte */
	FIELD_FD,		/* a script fd, stored as the live int fd */
	FIELD_BYTES,		/* `size` bytes: a string, zero padded */
	FIELD_SOCKADDR,		/* sockaddr_storage: literal or `...` */
};

struct field_layout {
	const char *name;
	const char *alias;	/* a second accepted spelling, or NULL */
	unsigned short offset;
	unsigned char size;
	unsigned char kind;	/* enum field_kind */
	unsigned char shift;	/* FIELD_BITS */
	unsigned char width;	/* FIELD_BITS */
	const char *flags;	/* print values as flags with this prefix */
};

struct struct_layout {
	const char *name;	/* "struct linger", for messages */
	size_t size;
	const struct field_layout *fields;
	size_t nfields;
	void (*complete)(void *buf);	/* defaults after encoding, or NULL */
};

extern const struct struct_layout layout_linger;
extern const struct struct_layout layout_tcp_info;
extern const struct struct_layout layout_tcp_md5sig;
extern const struct struct_layout layout_pollfd;
extern const struct struct_layout layout_epoll_event;
extern const struct struct_layout layout_sock_extended_err;

/* The layout of an option value by level and name, or NULL. */
const struct struct_layout *struct_layout_for_option(int level, int optname);

/*
 * Fill `buf` (layout->size bytes, zeroed by the caller) from a STRUCT
 * expression: named fields, or positional items in field order; `...`
 * items are skipped.
 */
int struct_encode(struct syscall_call *c, const struct struct_layout *l,
		  const struct ast_expr *e, void *buf, struct error *err);

/*
 * Compare `len` live bytes with every field the STRUCT expression writes.
 * `what` prefixes the message ("optval", "pollfd 0"): "optval tcpi_state:
 * expected 1 but got 10".
 */
int struct_check(struct syscall_call *c, const struct struct_layout *l,
		 const struct ast_expr *e, const void *buf, size_t len,
		 const char *what, struct error *err);

/* 'v': an iovec array [{..., 10}, {iov_base=..., iov_len=20}]. */
int iovec_build(struct syscall_call *c, const struct ast_expr *e,
		struct error *err);

/* 'M': a msghdr; `sending` for sendmsg, else recvmsg. */
int msghdr_build(struct syscall_call *c, const struct ast_expr *e,
		 bool sending, struct error *err);

/* recvmsg: msg_flags and the cmsgs the script wrote. */
int msghdr_check(struct syscall_call *c, struct error *err);

/* 'F': a pollfd array. */
int pollfds_build(struct syscall_call *c, const struct ast_expr *e,
		  struct error *err);

/* poll: every revents (an absent revents means 0, as in packetdrill). */
int pollfds_check(struct syscall_call *c, struct error *err);

/* 'E': one epoll_event in; `...` or NULL is a NULL pointer. */
int epoll_event_build(struct syscall_call *c, const struct ast_expr *e,
		      struct error *err);

/* epoll_wait: the events the script wrote, one struct or a list. */
int epoll_events_check(struct syscall_call *c, struct error *err);

#endif /* TCPDRILL_SYSCALL_STRUCTS_H */
