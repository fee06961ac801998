// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_options.c - the TCP option codec; see tcp_options.h.
 *
 * Every option is a row of `rows`: its wire kind, its script name, the rule
 * its wire length must follow, and the functions that decode, encode and
 * print its data. The walkers (parse, build, print) only consult the table.
 */
#include "tcp_options.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "packet_internal.h"

/*
 * A length rule: len_min <= length <= len_max and (length - len_min) is a
 * multiple of len_step. len_min 1 means a one-byte option with no length
 * byte (EOL, NOP). `magic_len` bytes after the length byte must equal
 * `magic` for the row to apply (experimental options share a kind).
 */
struct tcp_option_row {
	uint8_t kind;
	const char *name;
	uint8_t len_min, len_max, len_step;
	uint8_t magic_len;
	uint16_t magic;
	/* data: the bytes after kind, length and magic */
	void (*decode)(struct tcp_option *opt, const uint8_t *data, size_t len);
	size_t (*data_len)(const struct tcp_option *opt);
	void (*encode)(const struct tcp_option *opt, uint8_t *data);
	/* NULL: the name alone */
	void (*print)(FILE *out, const struct tcp_option_row *row,
		      const struct tcp_option *opt);
};

/* ---- MSS, WSCALE ------------------------------------------------------ */

static void mss_decode(struct tcp_option *opt, const uint8_t *d, size_t len)
{
	opt->mss = get_be16(d);
}

static size_t mss_len(const struct tcp_option *opt)
{
	return 2;
}

static void mss_encode(const struct tcp_option *opt, uint8_t *d)
{
	put_be16(d, opt->mss);
}

static void mss_print(FILE *out, const struct tcp_option_row *row,
		      const struct tcp_option *opt)
{
	fprintf(out, "mss %u", opt->mss);
}

static void wscale_decode(struct tcp_option *opt, const uint8_t *d,
			  size_t len)
{
	opt->wscale = d[0];
}

static size_t wscale_len(const struct tcp_option *opt)
{
	return 1;
}

static void wscale_encode(const struct tcp_option *opt, uint8_t *d)
{
	d[0] = opt->wscale;
}

static void wscale_print(FILE *out, const struct tcp_option_row *row,
			 const struct tcp_option *opt)
{
	fprintf(out, "wscale %u", opt->wscale);
}

/* ---- SACK, TIMESTAMP -------------------------------------------------- */

static void sack_decode(struct tcp_option *opt, const uint8_t *d, size_t len)
{
	size_t i;

	opt->sack.count = (uint8_t)(len / 8);
	for (i = 0; i < opt->sack.count; i++) {
		opt->sack.block[i].left = get_be32(d + 8 * i);
		opt->sack.block[i].right = get_be32(d + 8 * i + 4);
	}
}

static size_t sack_len(const struct tcp_option *opt)
{
	return 8 * (size_t)opt->sack.count;
}

static void sack_encode(const struct tcp_option *opt, uint8_t *d)
{
	size_t i;

	for (i = 0; i < opt->sack.count; i++) {
		put_be32(d + 8 * i, opt->sack.block[i].left);
		put_be32(d + 8 * i + 4, opt->sack.block[i].right);
	}
}

static void sack_print(FILE *out, const struct tcp_option_row *row,
		       const struct tcp_option *opt)
{
	size_t i;

	fputs("sack", out);
	for (i = 0; i < opt->sack.count && i < TCP_OPTION_SACK_MAX_BLOCKS; i++)
		fprintf(out, " %u:%u", opt->sack.block[i].left,
			opt->sack.block[i].right);
}

static void ts_decode(struct tcp_option *opt, const uint8_t *d, size_t len)
{
	opt->ts.val = get_be32(d);
	opt->ts.ecr = get_be32(d + 4);
}

static size_t ts_len(const struct tcp_option *opt)
{
	return 8;
}

static void ts_encode(const struct tcp_option *opt, uint8_t *d)
{
	put_be32(d, opt->ts.val);
	put_be32(d + 4, opt->ts.ecr);
}

static void ts_print(FILE *out, const struct tcp_option_row *row,
		     const struct tcp_option *opt)
{
	fprintf(out, "TS val %u ecr %u", opt->ts.val, opt->ts.ecr);
}

/* ---- options carrying raw bytes: MD5, FO, FOEXP, unknown --------------- */

static void data_decode(struct tcp_option *opt, const uint8_t *d, size_t len)
{
	opt->data.len = (uint8_t)len;
	memcpy(opt->data.bytes, d, len);
}

static size_t data_len(const struct tcp_option *opt)
{
	return opt->data.len;
}

static void data_encode(const struct tcp_option *opt, uint8_t *d)
{
	memcpy(d, opt->data.bytes, opt->data.len);
}

static void print_hex(FILE *out, const struct tcp_option *opt)
{
	size_t i;

	if (opt->data.len)
		fputc(' ', out);
	for (i = 0; i < opt->data.len && i < TCP_OPTION_DATA_MAX; i++)
		fprintf(out, "%02x", opt->data.bytes[i]);
}

/* md5, FO, FOEXP: the name, then the bytes in hex when there are any. */
static void named_hex_print(FILE *out, const struct tcp_option_row *row,
			    const struct tcp_option *opt)
{
	fputs(row->name, out);
	print_hex(out, opt);
}

static void unknown_print(FILE *out, const struct tcp_option_row *row,
			  const struct tcp_option *opt)
{
	fprintf(out, "kind %u", opt->kind);
	print_hex(out, opt);
}

/* ---- the table -------------------------------------------------------- */

#define DATA_FNS data_decode, data_len, data_encode
/* No data bytes, printed by name alone. */
#define NO_DATA NULL, NULL, NULL, NULL

/*
 * Lengths: RFC 9293 (EOL, NOP, MSS), RFC 7323 (WSCALE, TS), RFC 2018
 * (SACK: 2 + 8n, and 40 option bytes leave room for n <= 4). MD5 accepts a
 * short digest (2..18) and Fast Open any cookie that fits, as packetdrill
 * does, so scripts can hand a stack an illegal cookie on purpose.
 */
static const struct tcp_option_row rows[TCP_OPTION_TYPE_COUNT] = {
	/*				kind, name, len min/max/step, magic */
	[TCP_OPTION_EOL] =		{ TCP_OPTION_KIND_EOL, "eol", 1, 1, 1, 0, 0,
					  NO_DATA },
	[TCP_OPTION_NOP] =		{ TCP_OPTION_KIND_NOP, "nop", 1, 1, 1, 0, 0,
					  NO_DATA },
	[TCP_OPTION_MSS] =		{ TCP_OPTION_KIND_MSS, "mss", 4, 4, 1, 0, 0,
					  mss_decode, mss_len, mss_encode,
					  mss_print },
	[TCP_OPTION_WSCALE] =		{ TCP_OPTION_KIND_WSCALE, "wscale", 3, 3, 1,
					  0, 0, wscale_decode, wscale_len,
					  wscale_encode, wscale_print },
	[TCP_OPTION_SACK_PERMITTED] =	{ TCP_OPTION_KIND_SACK_PERMITTED, "sackOK",
					  2, 2, 1, 0, 0, NO_DATA },
	[TCP_OPTION_SACK] =		{ TCP_OPTION_KIND_SACK, "sack", 10, 34, 8,
					  0, 0, sack_decode, sack_len,
					  sack_encode, sack_print },
	[TCP_OPTION_TIMESTAMP] =	{ TCP_OPTION_KIND_TIMESTAMP, "TS", 10, 10, 1,
					  0, 0, ts_decode, ts_len, ts_encode,
					  ts_print },
	[TCP_OPTION_MD5] =		{ TCP_OPTION_KIND_MD5, "md5", 2, 18, 1,
					  0, 0, DATA_FNS, named_hex_print },
	[TCP_OPTION_FASTOPEN] =		{ TCP_OPTION_KIND_FASTOPEN, "FO", 2, 40, 1,
					  0, 0, DATA_FNS, named_hex_print },
	[TCP_OPTION_FASTOPEN_EXP] =	{ TCP_OPTION_KIND_EXP, "FOEXP", 4, 40, 1,
					  2, TCP_OPTION_FASTOPEN_EXP_MAGIC,
					  DATA_FNS, named_hex_print },
	/* any other kind: its bytes kept raw */
	[TCP_OPTION_UNKNOWN] =		{ 0, "kind", 2, 40, 1, 0, 0, DATA_FNS,
					  unknown_print },
};

static const struct tcp_option_row *row_of(enum tcp_option_type type)
{
	if ((unsigned int)type >= TCP_OPTION_TYPE_COUNT)
		return NULL;
	return &rows[type];
}

const char *tcp_option_name(enum tcp_option_type type)
{
	const struct tcp_option_row *row = row_of(type);

	return row ? row->name : "?";
}

static bool rule_allows(const struct tcp_option_row *row, size_t len)
{
	return len >= row->len_min && len <= row->len_max &&
	       (len - row->len_min) % row->len_step == 0;
}

/* The rule in words, for error messages. */
static const char *rule_text(const struct tcp_option_row *row, char *buf,
			     size_t size)
{
	if (row->len_min == row->len_max)
		snprintf(buf, size, "%u", row->len_min);
	else if (row->len_step > 1)
		snprintf(buf, size, "%u + %un, at most %u", row->len_min,
			 row->len_step, row->len_max);
	else
		snprintf(buf, size, "%u to %u", row->len_min, row->len_max);
	return buf;
}

/* ---- parse ------------------------------------------------------------ */

/* The row for the option at p, whose length byte says len (>= 2). */
static const struct tcp_option_row *row_for(const uint8_t *p, size_t len)
{
	int t;

	for (t = 0; t < TCP_OPTION_UNKNOWN; t++) {
		const struct tcp_option_row *row = &rows[t];

		if (row->kind != p[0] || row->len_min == 1)
			continue;
		if (row->magic_len == 0)
			return row;
		if (len >= 4 && get_be16(p + 2) == row->magic)
			return row;
	}
	return &rows[TCP_OPTION_UNKNOWN];
}

/* The length byte of the option at p: framing rules shared by all kinds. */
static int length_byte(const uint8_t *p, size_t left, size_t offset,
		       struct error *err)
{
	if (left < 2)
		return error_set(err, "TCP option kind %u at byte %zu: "
				 "no room for its length byte", p[0], offset);
	if (p[1] < 2)
		return error_set(err, "TCP option kind %u at byte %zu: "
				 "length %u is less than 2", p[0], offset, p[1]);
	if (p[1] > left)
		return error_set(err, "TCP option kind %u at byte %zu: "
				 "length %u runs past the end (%zu bytes left)",
				 p[0], offset, p[1], left);
	return p[1];
}

static int parse_one(const uint8_t *p, size_t left, size_t offset,
		     struct tcp_option *opt, struct error *err)
{
	const struct tcp_option_row *row;
	char rule[40];
	int len;

	memset(opt, 0, sizeof(*opt));
	opt->kind = p[0];
	opt->offset = (uint8_t)offset;
	opt->length = 1;
	if (p[0] == TCP_OPTION_KIND_EOL || p[0] == TCP_OPTION_KIND_NOP) {
		opt->type = p[0] == TCP_OPTION_KIND_EOL ? TCP_OPTION_EOL
							: TCP_OPTION_NOP;
		return 1;
	}
	len = length_byte(p, left, offset, err);
	if (len < 0)
		return -1;
	row = row_for(p, (size_t)len);
	if (!rule_allows(row, (size_t)len))
		return error_set(err, "TCP option %s at byte %zu: length %d "
				 "breaks its rule (%s)", row->name, offset,
				 len, rule_text(row, rule, sizeof(rule)));
	opt->type = (enum tcp_option_type)(row - rows);
	opt->length = (uint8_t)len;
	if (row->decode)
		row->decode(opt, p + 2 + row->magic_len,
			    (size_t)len - 2 - row->magic_len);
	return len;
}

int tcp_options_parse(const uint8_t *bytes, size_t len,
		      struct tcp_options *opts, struct error *err)
{
	size_t off = 0;
	int used;

	opts->count = 0;
	if (len > TCP_OPTIONS_MAX_BYTES)
		return error_set(err, "%zu bytes of TCP options: at most %d "
				 "fit in a TCP header", len,
				 TCP_OPTIONS_MAX_BYTES);
	while (off < len) {
		used = parse_one(bytes + off, len - off, off,
				 &opts->opt[opts->count], err);
		if (used < 0)
			return -1;
		opts->count++;
		off += (size_t)used;
	}
	return 0;
}

/* ---- build ------------------------------------------------------------ */

static int build_one(const struct tcp_option *opt, uint8_t *buf,
		     size_t left, size_t index, struct error *err)
{
	const struct tcp_option_row *row = row_of(opt->type);
	size_t len;
	char rule[40];

	if (!row)
		return error_set(err, "TCP option %zu: bad type %d", index,
				 (int)opt->type);
	if (row->len_min == 1) {
		if (left < 1)
			goto no_room;
		buf[0] = row->kind;
		return 1;
	}
	len = 2 + row->magic_len + (row->data_len ? row->data_len(opt) : 0);
	if (!rule_allows(row, len))
		return error_set(err, "TCP option %zu (%s): length %zu breaks "
				 "its rule (%s)", index, row->name, len,
				 rule_text(row, rule, sizeof(rule)));
	if (opt->type == TCP_OPTION_UNKNOWN && opt->kind <= 1)
		return error_set(err, "TCP option %zu: kind %u has no length "
				 "byte; use eol or nop", index, opt->kind);
	if (len > left)
		goto no_room;
	buf[0] = opt->type == TCP_OPTION_UNKNOWN ? opt->kind : row->kind;
	buf[1] = (uint8_t)len;
	if (row->magic_len)
		put_be16(buf + 2, row->magic);
	if (row->encode)
		row->encode(opt, buf + 2 + row->magic_len);
	return (int)len;
no_room:
	return error_set(err, "TCP option %zu (%s) does not fit: %zu bytes "
			 "left", index, row->name, left);
}

int tcp_options_build(const struct tcp_options *opts, uint8_t *buf,
		      size_t size, size_t *len, struct error *err)
{
	size_t off = 0, i;
	int used;

	*len = 0;
	for (i = 0; i < opts->count && i < TCP_OPTIONS_MAX_COUNT; i++) {
		used = build_one(&opts->opt[i], buf + off, size - off, i, err);
		if (used < 0)
			return -1;
		off += (size_t)used;
	}
	*len = off;
	return 0;
}

/* ---- list helpers and printing ---------------------------------------- */

struct tcp_option *tcp_options_add(struct tcp_options *opts,
				   enum tcp_option_type type)
{
	const struct tcp_option_row *row = row_of(type);
	struct tcp_option *opt;

	if (!row || opts->count >= TCP_OPTIONS_MAX_COUNT)
		return NULL;
	opt = &opts->opt[opts->count++];
	memset(opt, 0, sizeof(*opt));
	opt->type = type;
	opt->kind = row->kind;
	return opt;
}

struct tcp_option *tcp_options_find(const struct tcp_options *opts,
				    enum tcp_option_type type)
{
	size_t i;

	for (i = 0; i < opts->count && i < TCP_OPTIONS_MAX_COUNT; i++)
		if (opts->opt[i].type == type)
			return (struct tcp_option *)&opts->opt[i];
	return NULL;
}

void tcp_option_print(FILE *out, const struct tcp_option *opt)
{
	const struct tcp_option_row *row = row_of(opt->type);

	if (!row) {
		fprintf(out, "?%d", (int)opt->type);
		return;
	}
	if (row->print)
		row->print(out, row, opt);
	else
		fputs(row->name, out);
}

void tcp_options_print(FILE *out, const struct tcp_options *opts)
{
	size_t i;

	for (i = 0; i < opts->count && i < TCP_OPTIONS_MAX_COUNT; i++) {
		if (i)
			fputc(',', out);
		tcp_option_print(out, &opts->opt[i]);
	}
}

char *tcp_options_to_string(const struct tcp_options *opts)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	tcp_options_print(out, opts);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
