/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcp_options.h - the TCP option codec: wire bytes <-> a decoded list.
 *
 * Contract: a struct tcp_options is a plain value (no pointers, nothing to
 * free) holding the options of one TCP header in wire order. Parsing keeps
 * every option, NOPs and EOLs included, in the order it found them (bytes
 * after an EOL are parsed as options too: the kernel pads with NOPs, and a
 * zero byte simply reads as another EOL), unknown kinds as raw bytes.
 * A length byte that breaks its kind's rule, or runs past the end, is an
 * error naming the byte offset. Building writes exactly the listed options:
 * it never adds padding; the caller's list decides NOPs and EOLs.
 * Printing uses the script's own spelling, options joined by ',' as inside
 * <...>: "mss 1460,nop,nop,sackOK,nop,wscale 7".
 *
 * One table row per option (kind, script name, length rule, decode, encode,
 * print): adding an option is adding a row.
 */
#ifndef TCPDRILL_TCP_OPTIONS_H
#define TCPDRILL_TCP_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

/* A TCP header holds at most 60 bytes, 20 of them fixed (RFC 9293). */
#define TCP_OPTIONS_MAX_BYTES 40
/* Every option is at least one byte long. */
#define TCP_OPTIONS_MAX_COUNT TCP_OPTIONS_MAX_BYTES
/* 2 + 8n <= 40 gives at most 4 SACK blocks (RFC 2018). */
#define TCP_OPTION_SACK_MAX_BLOCKS 4
/* The longest data an option can carry after its kind and length bytes. */
#define TCP_OPTION_DATA_MAX (TCP_OPTIONS_MAX_BYTES - 2)
/* Experimental Fast Open shares kind 254 and is told apart by this magic. */
#define TCP_OPTION_FASTOPEN_EXP_MAGIC 0xF989

/* Wire kinds (RFC 9293, 7323, 2018, 2385, 7413, 6994). */
enum tcp_option_kind {
	TCP_OPTION_KIND_EOL = 0,
	TCP_OPTION_KIND_NOP = 1,
	TCP_OPTION_KIND_MSS = 2,
	TCP_OPTION_KIND_WSCALE = 3,
	TCP_OPTION_KIND_SACK_PERMITTED = 4,
	TCP_OPTION_KIND_SACK = 5,
	TCP_OPTION_KIND_TIMESTAMP = 8,
	TCP_OPTION_KIND_MD5 = 19,
	TCP_OPTION_KIND_FASTOPEN = 34,
	TCP_OPTION_KIND_EXP = 254,
};

/* What an option decodes as: one table row each. */
enum tcp_option_type {
	TCP_OPTION_EOL,			/* eol                  */
	TCP_OPTION_NOP,			/* nop                  */
	TCP_OPTION_MSS,			/* mss 1460             */
	TCP_OPTION_WSCALE,		/* wscale 7             */
	TCP_OPTION_SACK_PERMITTED,	/* sackOK               */
	TCP_OPTION_SACK,		/* sack 1:101 201:301   */
	TCP_OPTION_TIMESTAMP,		/* TS val 100 ecr 0     */
	TCP_OPTION_MD5,			/* md5 00112233...      */
	TCP_OPTION_FASTOPEN,		/* FO abcd, FO          */
	TCP_OPTION_FASTOPEN_EXP,	/* FOEXP abcd, FOEXP    */
	TCP_OPTION_UNKNOWN,		/* kind 99 0a0b: raw    */
	TCP_OPTION_TYPE_COUNT,
};

struct tcp_sack_block {
	uint32_t left;			/* first sequence number of the block */
	uint32_t right;			/* first sequence number after it */
};

struct tcp_option {
	enum tcp_option_type type;
	uint8_t kind;		/* on the wire; building reads it only for
				 * TCP_OPTION_UNKNOWN, the others use the row's */
	uint8_t length;		/* parse: the wire length, kind and length
				 * bytes included (1 for EOL and NOP) */
	uint8_t offset;		/* parse: where it starts in the option bytes */
	union {
		uint16_t mss;				/* MSS */
		uint8_t wscale;				/* WSCALE: shift count */
		struct {
			uint32_t val;
			uint32_t ecr;
		} ts;					/* TIMESTAMP */
		struct {
			uint8_t count;
			struct tcp_sack_block block[TCP_OPTION_SACK_MAX_BLOCKS];
		} sack;					/* SACK */
		struct {
			uint8_t len;
			uint8_t bytes[TCP_OPTION_DATA_MAX];
		} data;		/* MD5 digest, FO/FOEXP cookie (after the magic),
				 * UNKNOWN: everything after the length byte */
	};
};

struct tcp_options {
	uint8_t count;
	struct tcp_option opt[TCP_OPTIONS_MAX_COUNT];
};

/*
 * Decode `len` option bytes (the TCP header after its first 20 bytes).
 * Returns 0, or -1 with err naming the offset and the rule broken.
 */
int tcp_options_parse(const uint8_t *bytes, size_t len,
		      struct tcp_options *opts, struct error *err);

/*
 * Encode the list into buf (at most `size` bytes), in order, nothing added,
 * and store the byte count in *len. The wire lengths follow from the values
 * (`length` fields are not read). Returns 0, or -1 with err when an option
 * breaks its kind's length rule (e.g. 0 or 5 SACK blocks, an UNKNOWN option
 * of kind 0 or 1) or the bytes do not fit.
 */
int tcp_options_build(const struct tcp_options *opts, uint8_t *buf,
		      size_t size, size_t *len, struct error *err);

/* Append an empty option of this type; NULL when the list is full. */
struct tcp_option *tcp_options_add(struct tcp_options *opts,
				   enum tcp_option_type type);

/*
 * The first option of this type, or NULL. Like strchr(), it takes a const
 * list and returns a writable option, so a caller can edit its own copy.
 */
struct tcp_option *tcp_options_find(const struct tcp_options *opts,
				    enum tcp_option_type type);

/* Script syntax: one option ("TS val 1 ecr 0"), or all joined by ','. */
void tcp_option_print(FILE *out, const struct tcp_option *opt);
void tcp_options_print(FILE *out, const struct tcp_options *opts);
/* The same as a malloc'ed string (free it), or NULL when out of memory. */
char *tcp_options_to_string(const struct tcp_options *opts);

/* The script's word for a type: "mss", "sackOK", "TS", "FOEXP", ... */
const char *tcp_option_name(enum tcp_option_type type);

#endif /* TCPDRILL_TCP_OPTIONS_H */
