/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ast.h - the parsed script.
 *
 * Contract: the parser builds these nodes and nothing else does; every field
 * written in the script is kept with its source position, so the dump can
 * print the script back and the runtime never re-reads script text. Nodes
 * know nothing of live values (ISNs, fds, addresses chosen at run time).
 * Lists are singly linked through `next`. ast_script_free() frees it all.
 */
#ifndef TCPDRILL_AST_H
#define TCPDRILL_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct src_pos {
	int line;		/* 1-based */
	int col;		/* 1-based */
};

/* ---- times ------------------------------------------------------------ */

enum ast_time_kind {
	AST_TIME_ABSOLUTE,	/* 0.1        */
	AST_TIME_RELATIVE,	/* +0.1       */
	AST_TIME_ANY,		/* *          */
	AST_TIME_ABS_RANGE,	/* 0.1~0.2    */
	AST_TIME_REL_RANGE,	/* +0.1~+0.2  */
};

struct ast_time {
	enum ast_time_kind kind;
	int64_t start_usecs;	/* as written (relative kinds: the offset) */
	int64_t end_usecs;	/* ranges only, as written */
	struct src_pos pos;
};

/* ---- expressions (syscall arguments and results) ---------------------- */

enum ast_expr_kind {
	AST_EXPR_ELLIPSIS,	/* ...                                   */
	AST_EXPR_INT,		/* 42, -1, 0x1f (hex kept for the dump)  */
	AST_EXPR_WORD,		/* a symbol: SOCK_STREAM, NULL, EINPROGRESS */
	AST_EXPR_STRING,	/* "abc" (and "abc"... when str_ellipsis) */
	AST_EXPR_BINARY,	/* lhs op rhs, op is '|' (or '+', '-' ...) */
	AST_EXPR_LIST,		/* [a, b, c]: elements in `items`         */
	AST_EXPR_STRUCT,	/* {a, b} or {f=v, g(n)=w}: in `items`;
				 * text "gre" or "mpls" marks packetdrill's
				 * GRE header / MPLS stack literals      */
	AST_EXPR_FIELD,		/* f=v or f(index)=v inside a struct      */
	AST_EXPR_CALL,		/* inet_addr("…"), htons(80): args in items */
};

struct ast_expr {
	enum ast_expr_kind kind;
	struct src_pos pos;
	int64_t num;		/* INT */
	bool hex;		/* INT written in hex */
	char *text;		/* WORD, STRING (unescaped), FIELD/CALL name */
	size_t len;		/* STRING: bytes in text (it may hold NULs) */
	bool str_ellipsis;	/* STRING followed by ... */
	char op;		/* BINARY */
	struct ast_expr *lhs;	/* BINARY left, FIELD value */
	struct ast_expr *rhs;	/* BINARY right */
	struct ast_expr *index;	/* FIELD: the (n) in msg_iov(1)=…, or NULL */
	struct ast_expr *items;	/* LIST, STRUCT, CALL: first element */
	struct ast_expr *next;	/* next element of the enclosing list */
};

/* ---- packets ---------------------------------------------------------- */

enum ast_direction {
	AST_DIR_INBOUND,	/* <  injected: peer -> kernel  */
	AST_DIR_OUTBOUND,	/* >  expected: kernel -> peer  */
};

enum ast_ecn {
	AST_ECN_UNSET = -1,	/* not written: not checked outbound */
	AST_ECN_NOECN = 0,	/* [noecn] */
	AST_ECN_ECT1 = 1,	/* [ect1]  */
	AST_ECN_ECT0 = 2,	/* [ect0]  */
	AST_ECN_CE = 3,		/* [ce]    */
	AST_ECN_ECT01 = 4,	/* [ect01]: either ECT codepoint accepted */
};

/* [ecn] (tos 0x..) (flowlabel 0x..) (ttl N): each part optional. */
struct ast_ip_info {
	int ecn;		/* enum ast_ecn */
	bool has_tos;
	uint8_t tos;
	bool has_flowlabel;
	uint32_t flowlabel;
	bool has_ttl;
	uint8_t ttl;
	struct src_pos pos;
};

enum ast_layer_kind {
	AST_LAYER_IPV4,		/* ipv4 [info] A > B:          */
	AST_LAYER_IPV6,		/* ipv6 [info] A > B:          */
	AST_LAYER_GRE,		/* gre [flags [...], sum N, ...]: */
	AST_LAYER_MPLS,		/* mpls (label N, tc N, [S], ttl N) ...: */
};

struct ast_mpls_entry {
	uint32_t label;
	uint8_t tc;
	bool bottom;
	uint8_t ttl;
	struct ast_mpls_entry *next;
};

/* An explicit outer header written before the transport part. */
struct ast_layer {
	enum ast_layer_kind kind;
	struct src_pos pos;
	struct ast_ip_info ip_info;	/* IPV4/IPV6 */
	char *src;			/* IPV4/IPV6: address text */
	char *dst;
	uint32_t gre_flags;		/* GRE: the flags word, as written */
	bool gre_has_sum, gre_has_off, gre_has_key, gre_has_seq;
	uint32_t gre_sum, gre_off, gre_key, gre_seq;
	struct ast_mpls_entry *mpls;	/* MPLS: the label stack, outer first */
	struct ast_layer *next;		/* the next layer inwards */
};

enum ast_tcp_option_kind {
	AST_TCPOPT_EOL,		/* eol                      */
	AST_TCPOPT_NOP,		/* nop                      */
	AST_TCPOPT_MSS,		/* mss N                    */
	AST_TCPOPT_WSCALE,	/* wscale N                 */
	AST_TCPOPT_SACK_PERM,	/* sackOK                   */
	AST_TCPOPT_SACK,	/* sack a:b c:d ...         */
	AST_TCPOPT_TIMESTAMP,	/* TS val V ecr E           */
	AST_TCPOPT_FASTOPEN,	/* FO [cookie hex]          */
	AST_TCPOPT_FASTOPEN_EXP,/* FOEXP [cookie hex]       */
	AST_TCPOPT_MD5,		/* md5 [hex]                */
	AST_TCPOPT_GENERIC,	/* any other written option: kind and raw bytes,
				 * written `kind N [hex]` (Beyond)      */
	AST_TCPOPT_ACCECN,	/* ECN e0b N ceb N e1b N (AccECN)       */
};

struct ast_sack_block {
	uint32_t left;		/* script-relative, like tcpdump */
	uint32_t right;
	struct ast_sack_block *next;
};

struct ast_tcp_option {
	enum ast_tcp_option_kind kind;
	struct src_pos pos;
	uint32_t value;			/* MSS, WSCALE */
	uint32_t ts_val, ts_ecr;	/* TIMESTAMP */
	struct ast_sack_block *sack;	/* SACK blocks, in order */
	char *hex;			/* FO/FOEXP cookie, MD5 digest, GENERIC
					 * bytes: lower-case hex, "" when empty */
	uint8_t generic_kind;		/* GENERIC */
	bool accecn_e1b_first;		/* ACCECN: order 1 (e1b ceb e0b) */
	int accecn_count;		/* ACCECN: 1..3 fields written */
	uint32_t accecn[3];		/* ACCECN: values in written order */
	struct ast_tcp_option *next;
};

struct ast_tcp {
	char *flags;		/* as written, e.g. "S.", "F.", "P.", ".", "-" */
	int64_t seq_start;	/* start:end(len); int64 so the checks can */
	int64_t seq_end;	/* see negative and overflowing values     */
	int64_t payload_len;
	bool has_ack;
	uint32_t ack;
	bool has_win;
	uint32_t win;
	bool has_urg;
	uint32_t urg;
	bool options_any;	/* <...>: options present and not checked */
	bool has_options;	/* an option list was written (may be <>) */
	struct ast_tcp_option *options;
};

struct ast_udp {
	int64_t payload_len;	/* udp (len) */
};

enum ast_icmp_echoed_kind {
	AST_ICMP_ECHOED_NONE,	/* nothing written                 */
	AST_ICMP_ECHOED_TCP,	/* [start:end(len)]                */
	AST_ICMP_ECHOED_UDP,	/* [udp (len)]                     */
	AST_ICMP_ECHOED_RAW,	/* [raw (len)]                     */
};

struct ast_icmp {
	char *type;		/* as written: "unreachable" or a number */
	char *code;		/* as written, or NULL */
	bool has_mtu;
	uint32_t mtu;
	bool has_id;
	uint32_t id;
	enum ast_icmp_echoed_kind echoed;
	int64_t echoed_seq_start;
	int64_t echoed_seq_end;
	int64_t echoed_len;
};

enum ast_proto {
	AST_PROTO_TCP,
	AST_PROTO_UDP,
	AST_PROTO_ICMP,
};

struct ast_packet {
	enum ast_direction direction;
	struct src_pos pos;		/* of the < or > */
	struct ast_layer *layers;	/* explicit outer headers, or NULL */
	struct ast_ip_info ip_info;	/* the info before the transport part */
	bool has_psp;			/* TCP: encap psp spi N */
	uint32_t psp_spi;
	bool has_ports;			/* sport>dport written */
	uint16_t sport;
	uint16_t dport;
	enum ast_proto proto;
	struct ast_tcp tcp;
	struct ast_udp udp;
	struct ast_icmp icmp;
};

/* ---- syscalls, commands, code, state assertions ----------------------- */

struct ast_syscall {
	char *name;
	struct src_pos name_pos;
	bool blocking;			/* ...END written before the name */
	bool end_relative;		/* ...+0.1 rather than ...0.1: from
					 * the call's own start (Beyond);
					 * ...0.1 counts from the same base
					 * as the call's start time */
	int64_t end_usecs;		/* as written */
	struct ast_expr *args;		/* linked list, NULL for () */
	struct ast_expr *result;
	char *errno_name;		/* e.g. "EAGAIN", or NULL */
	char *note;			/* the (text) after the errno, or NULL */
	struct src_pos errno_pos;
};

struct ast_command {
	char *text;			/* between the backquotes */
	struct src_pos pos;
};

struct ast_code {
	char *text;			/* between %{ and }% */
	struct src_pos pos;
};

/*
 * Beyond packetdrill: assert the kernel's TCP state of the script's
 * connection. `state` is the canonical name (enum tcp_state_name below),
 * `written` how the script spelled it.
 */
struct ast_state_assert {
	int state;			/* enum ast_tcp_state */
	char *written;
	bool has_ports;			/* sport>dport selects a connection */
	uint16_t sport;
	uint16_t dport;
	struct src_pos pos;
};

/* The 11 states, numbered as the kernel's TCP_* states in <netinet/tcp.h>. */
enum ast_tcp_state {
	AST_TCP_ESTABLISHED = 1,
	AST_TCP_SYN_SENT = 2,
	AST_TCP_SYN_RECV = 3,
	AST_TCP_FIN_WAIT1 = 4,
	AST_TCP_FIN_WAIT2 = 5,
	AST_TCP_TIME_WAIT = 6,
	AST_TCP_CLOSE = 7,
	AST_TCP_CLOSE_WAIT = 8,
	AST_TCP_LAST_ACK = 9,
	AST_TCP_LISTEN = 10,
	AST_TCP_CLOSING = 11,
};

/* ---- events and the script -------------------------------------------- */

enum ast_event_kind {
	AST_EVENT_PACKET,
	AST_EVENT_SYSCALL,
	AST_EVENT_COMMAND,
	AST_EVENT_CODE,
	AST_EVENT_STATE,
};

struct ast_event {
	enum ast_event_kind kind;
	struct src_pos pos;		/* of the event's time */
	struct ast_time time;		/* as written */
	int64_t time_usecs;		/* resolved script time (start) */
	int64_t time_end_usecs;		/* resolved end: range end, blocking
					 * syscall end; else == time_usecs */
	union {
		struct ast_packet *packet;
		struct ast_syscall *syscall;
		struct ast_command *command;
		struct ast_code *code;
		struct ast_state_assert *state;
	};
	struct ast_event *next;
};

struct ast_option {
	char *name;			/* without the leading dashes */
	char *value;			/* NULL for a bare --flag */
	struct src_pos pos;
	struct ast_option *next;
};

struct ast_script {
	char *path;
	struct ast_arena *arena;	/* owns every node when set */
	struct ast_option *options;		/* option lines, in order */
	struct ast_command *init_command;	/* or NULL */
	struct ast_event *events;		/* in script order */
	struct ast_command *cleanup_command;	/* or NULL */
	int event_count;
};

/* ---- functions -------------------------------------------------------- */

struct ast_script *ast_script_new(const char *path);
void ast_script_free(struct ast_script *script);
void ast_event_free(struct ast_event *event);
void ast_packet_free(struct ast_packet *packet);
void ast_expr_free(struct ast_expr *expr);	/* frees the whole list */

/*
 * Memory. A parsed script keeps every node and string in its arena
 * (script->arena): millions of small nodes cost one bump each and are
 * freed at once by ast_script_free(). Never pass a node of a parsed script
 * to the other free functions; they are for nodes made with a NULL arena.
 */
struct ast_arena;

struct ast_arena *ast_arena_new(void);
void ast_arena_free(struct ast_arena *arena);
/* size zeroed bytes, 8-byte aligned; NULL when out of memory. */
void *ast_arena_alloc(struct ast_arena *arena, size_t size);
/* A NUL-terminated copy of s[0..len). */
char *ast_arena_strndup(struct ast_arena *arena, const char *s, size_t len);

/*
 * Constructors: zeroed nodes with their kind and position, from the arena
 * or, when it is NULL, from malloc(); NULL when out of memory.
 */
struct ast_expr *ast_expr_new(struct ast_arena *arena, enum ast_expr_kind kind,
			      struct src_pos pos);
struct ast_event *ast_event_new(struct ast_arena *arena,
				enum ast_event_kind kind, struct src_pos pos);
struct ast_packet *ast_packet_new(struct ast_arena *arena,
				  enum ast_direction direction,
				  struct src_pos pos);
struct ast_layer *ast_layer_new(struct ast_arena *arena,
				enum ast_layer_kind kind, struct src_pos pos);
struct ast_tcp_option *ast_tcp_option_new(struct ast_arena *arena,
					  enum ast_tcp_option_kind kind,
					  struct src_pos pos);
void ast_ip_info_init(struct ast_ip_info *info);

/* For nodes made with a NULL arena. ast_event_free() frees one event. */
void ast_tcp_options_free(struct ast_tcp_option *options);
void ast_layers_free(struct ast_layer *layers);
void ast_syscall_free(struct ast_syscall *syscall);
void ast_command_free(struct ast_command *command);
void ast_options_free(struct ast_option *options);

/* The script keyword of an option kind ("mss", "sackOK", "TS" ...). */
const char *ast_tcp_option_name(enum ast_tcp_option_kind kind);
/* Bytes one option takes on the wire (kind, length and data). */
int ast_tcp_option_wire_len(const struct ast_tcp_option *option);
/* Bytes a whole list takes on the wire. */
int ast_tcp_options_wire_len(const struct ast_tcp_option *options);

/* The canonical spelling of a state ("FIN-WAIT-1"), or NULL. */
const char *ast_tcp_state_name(int state);
/*
 * Parse a state name in any accepted spelling (FIN-WAIT-1, FIN_WAIT_1,
 * FIN_WAIT1, fin-wait-1, SYN_RCVD, SYN_RECV, CLOSED, CLOSE ...).
 * Returns the enum ast_tcp_state value or -1.
 */
int ast_tcp_state_parse(const char *name);
/* "LISTEN, SYN-SENT, ... or CLOSED": every canonical name, for messages. */
const char *ast_tcp_state_names(void);

/*
 * The dump: the script in canonical syntax, one event per line, each time
 * in its written form with the resolved script time as a trailing comment.
 * Dumping the dump gives the same text.
 */
void ast_dump_script(FILE *out, const struct ast_script *script);
/* One event as written: its time and action, without comment or newline. */
void ast_dump_event(FILE *out, const struct ast_event *event);
/* A packet without its time: "< S 0:0(0) win 32792 <mss 1000,nop>". */
void ast_dump_packet(FILE *out, const struct ast_packet *packet);
/* One expression (not the ones after it). */
void ast_dump_expr(FILE *out, const struct ast_expr *expr);
/* A time as written: "0.1", "+0.1", "*", "0.1~0.2", "+0.1~+0.2". */
void ast_dump_time(FILE *out, const struct ast_time *time);
/* One TCP option: "mss 1460", "sack 1:2 3:4", "TS val 1 ecr 0". */
void ast_dump_tcp_option(FILE *out, const struct ast_tcp_option *option);

#endif /* TCPDRILL_AST_H */
