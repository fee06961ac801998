// SPDX-License-Identifier: GPL-2.0
/*
 * test_tcp_options.c - the option codec: wire bytes of real SYNs, every
 * option's round trip, the script spelling, malformed lengths, and the
 * property that any parseable byte string builds back to itself.
 */
#include <stdlib.h>

#include "tap.h"
#include "tcp_options.h"

/* Parse bytes and return the printed list (static buffer), or the error. */
static const char *parse_print(const uint8_t *bytes, size_t len)
{
	static char text[512];
	struct tcp_options opts;
	struct error err = { 0 };
	char *s;

	if (tcp_options_parse(bytes, len, &opts, &err) < 0) {
		snprintf(text, sizeof(text), "error: %s", err.message);
		error_clear(&err);
		return text;
	}
	s = tcp_options_to_string(&opts);
	snprintf(text, sizeof(text), "%s", s ? s : "(null)");
	free(s);
	return text;
}

/* Build opts and compare the bytes with the expected ones. */
static int builds_to(const struct tcp_options *opts, const uint8_t *want,
		     size_t want_len)
{
	uint8_t buf[TCP_OPTIONS_MAX_BYTES];
	struct error err = { 0 };
	size_t len;

	if (tcp_options_build(opts, buf, sizeof(buf), &len, &err) < 0) {
		printf("# build error: %s\n", err.message);
		error_clear(&err);
		return 0;
	}
	return len == want_len && memcmp(buf, want, len) == 0;
}

static void test_linux_syn(void)
{
	/* What Linux puts in a SYN: mss, sackOK, TS, nop, wscale. */
	static const uint8_t syn[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10,
				       0, 0, 0, 100, 0, 0, 0, 0, 1, 3, 3, 7 };
	/* And in a SYN-ACK without timestamps. */
	static const uint8_t synack[] = { 2, 4, 0x05, 0xb4, 1, 1, 4, 2,
					  1, 3, 3, 8 };
	struct tcp_options opts;
	struct error err = { 0 };

	tap_is_str(parse_print(syn, sizeof(syn)),
		   "mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7",
		   "Linux SYN options in script syntax");
	tap_is_str(parse_print(synack, sizeof(synack)),
		   "mss 1460,nop,nop,sackOK,nop,wscale 8",
		   "SYN-ACK options in script syntax");

	tcp_options_parse(syn, sizeof(syn), &opts, &err);
	tap_is_int(opts.count, 5, "five options");
	tap_is_int(opts.opt[2].offset, 6, "TS found at byte 6");
	tap_is_int(opts.opt[2].length, 10, "TS length 10");
	tap_is_int(opts.opt[4].kind, 3, "wscale kind 3");
	tap_ok(builds_to(&opts, syn, sizeof(syn)), "SYN options build back");
}

static void test_each_option(void)
{
	static const uint8_t want[] = {
		2, 4, 0x21, 0x34,			/* mss 8500 */
		3, 3, 14,				/* wscale 14 */
		4, 2,					/* sackOK */
		5, 18, 0, 0, 0, 1, 0, 0, 0, 101,	/* sack 1:101 */
		0, 0, 0, 201, 0, 0, 1, 45,		/*      201:301 */
		1, 0,					/* nop, eol */
	};
	struct tcp_options opts = { 0 };
	struct tcp_option *o;

	tcp_options_add(&opts, TCP_OPTION_MSS)->mss = 8500;
	tcp_options_add(&opts, TCP_OPTION_WSCALE)->wscale = 14;
	tcp_options_add(&opts, TCP_OPTION_SACK_PERMITTED);
	o = tcp_options_add(&opts, TCP_OPTION_SACK);
	o->sack.count = 2;
	o->sack.block[0] = (struct tcp_sack_block){ 1, 101 };
	o->sack.block[1] = (struct tcp_sack_block){ 201, 301 };
	tcp_options_add(&opts, TCP_OPTION_NOP);
	tcp_options_add(&opts, TCP_OPTION_EOL);
	tap_ok(builds_to(&opts, want, sizeof(want)),
	       "mss, wscale, sackOK, sack, nop, eol build exactly");
	tap_is_str(parse_print(want, sizeof(want)),
		   "mss 8500,wscale 14,sackOK,sack 1:101 201:301,nop,eol",
		   "and parse back to the script spelling");
}

static void test_sack_counts(void)
{
	struct tcp_options opts = { 0 };
	struct tcp_option *o = tcp_options_add(&opts, TCP_OPTION_SACK);
	uint8_t buf[TCP_OPTIONS_MAX_BYTES];
	struct error err = { 0 };
	size_t len;
	int n;

	for (n = 1; n <= 4; n++) {
		o->sack.count = (uint8_t)n;
		o->sack.block[n - 1] = (struct tcp_sack_block){ n * 1000u,
								n * 1000u + 1 };
		tcp_options_build(&opts, buf, sizeof(buf), &len, &err);
		tap_is_int(len, 2 + 8 * n, "sack length is 2 + 8n");
	}
	tap_is_str(parse_print(buf, len),
		   "sack 1000:1001 2000:2001 3000:3001 4000:4001",
		   "four SACK blocks round trip");

	o->sack.count = 0;
	tap_is_int(tcp_options_build(&opts, buf, sizeof(buf), &len, &err), -1,
		   "a SACK option with no block is refused");
	tap_ok(err.message && strstr(err.message, "10 + 8n, at most 34"),
	       "the error states the SACK length rule");
	o->sack.count = 5;
	tap_is_int(tcp_options_build(&opts, buf, sizeof(buf), &len, &err), -1,
		   "five SACK blocks are refused");
	error_clear(&err);
}

static void test_timestamps_and_cookies(void)
{
	static const uint8_t ts[] = { 8, 10, 0xff, 0xff, 0xff, 0xff,
				      0, 0, 0x12, 0x34 };
	static const uint8_t fo[] = { 34, 6, 0xab, 0xcd, 0x01, 0x02 };
	static const uint8_t fo_empty[] = { 34, 2 };
	static const uint8_t foexp[] = { 254, 6, 0xf9, 0x89, 0xab, 0xcd };
	static const uint8_t foexp_empty[] = { 254, 4, 0xf9, 0x89 };
	static const uint8_t exp_other[] = { 254, 6, 0x12, 0x34, 0xab, 0xcd };
	static const uint8_t exp_short[] = { 254, 3, 0xf9 };
	static const uint8_t md5[] = { 19, 18, 0, 1, 2, 3, 4, 5, 6, 7,
				       8, 9, 10, 11, 12, 13, 14, 15 };
	static const uint8_t unknown[] = { 99, 4, 0x0a, 0x0b };
	static const uint8_t unknown_empty[] = { 200, 2 };

	tap_is_str(parse_print(ts, sizeof(ts)), "TS val 4294967295 ecr 4660",
		   "TS val and ecr are unsigned 32-bit");
	tap_is_str(parse_print(fo, sizeof(fo)), "FO abcd0102",
		   "Fast Open cookie in lower-case hex");
	tap_is_str(parse_print(fo_empty, sizeof(fo_empty)), "FO",
		   "Fast Open cookie request");
	tap_is_str(parse_print(foexp, sizeof(foexp)), "FOEXP abcd",
		   "experimental Fast Open: magic 0xF989 then the cookie");
	tap_is_str(parse_print(foexp_empty, sizeof(foexp_empty)), "FOEXP",
		   "experimental Fast Open request");
	tap_is_str(parse_print(exp_other, sizeof(exp_other)),
		   "kind 254 1234abcd",
		   "kind 254 with another magic stays raw");
	tap_is_str(parse_print(exp_short, sizeof(exp_short)), "kind 254 f9",
		   "kind 254 too short for a magic stays raw");
	tap_is_str(parse_print(md5, sizeof(md5)),
		   "md5 000102030405060708090a0b0c0d0e0f",
		   "MD5 digest in hex");
	tap_is_str(parse_print(unknown, sizeof(unknown)), "kind 99 0a0b",
		   "unknown kind printed with its raw bytes");
	tap_is_str(parse_print(unknown_empty, sizeof(unknown_empty)),
		   "kind 200", "unknown kind without data");
}

static void test_build_cookies(void)
{
	static const uint8_t want[] = { 254, 6, 0xf9, 0x89, 0xab, 0xcd,
					34, 2, 99, 3, 7 };
	struct tcp_options opts = { 0 };
	struct tcp_option *o;
	uint8_t buf[8];
	struct error err = { 0 };
	size_t len;

	o = tcp_options_add(&opts, TCP_OPTION_FASTOPEN_EXP);
	o->data.len = 2;
	o->data.bytes[0] = 0xab;
	o->data.bytes[1] = 0xcd;
	tcp_options_add(&opts, TCP_OPTION_FASTOPEN);
	o = tcp_options_add(&opts, TCP_OPTION_UNKNOWN);
	o->kind = 99;
	o->data.len = 1;
	o->data.bytes[0] = 7;
	tap_ok(builds_to(&opts, want, sizeof(want)),
	       "FOEXP writes its magic; FO empty; unknown keeps its kind");

	tap_is_int(tcp_options_build(&opts, buf, sizeof(buf), &len, &err), -1,
		   "options that do not fit the buffer are refused");
	tap_ok(err.message && strstr(err.message, "does not fit"),
	       "the error says they do not fit");

	o->kind = 1;
	tap_is_int(tcp_options_build(&opts, buf, sizeof(buf), &len, &err), -1,
		   "an unknown option of kind 1 is refused");
	opts.count = 1;
	opts.opt[0].data.len = 37;
	tap_is_int(tcp_options_build(&opts, buf, sizeof(buf), &len, &err), -1,
		   "a 37-byte FOEXP cookie breaks the 40-byte rule");
	error_clear(&err);
}

static void test_no_padding_added(void)
{
	static const uint8_t want[] = { 3, 3, 7 };
	struct tcp_options opts = { 0 };

	tcp_options_add(&opts, TCP_OPTION_WSCALE)->wscale = 7;
	tap_ok(builds_to(&opts, want, sizeof(want)),
	       "wscale alone builds 3 bytes: no padding added");
	opts.count = 0;
	tap_ok(builds_to(&opts, want, 0), "an empty list builds no bytes");
}

struct malformed {
	const char *name;
	uint8_t bytes[44];
	size_t len;
	const char *error;	/* a part of the message */
};

static const struct malformed malformed[] = {
	{ "length 0", { 2, 0, 5, 0xb4 }, 4, "kind 2 at byte 0: length 0" },
	{ "length 1", { 1, 5, 1 }, 3, "kind 5 at byte 1: length 1 is less" },
	{ "length past the end", { 1, 1, 2, 4, 5 }, 5,
	  "kind 2 at byte 2: length 4 runs past the end (3 bytes left)" },
	{ "no length byte", { 1, 1, 1, 8 }, 4,
	  "kind 8 at byte 3: no room for its length byte" },
	{ "SACK of 12 bytes", { 5, 12, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0 }, 12,
	  "sack at byte 0: length 12 breaks its rule (10 + 8n, at most 34)" },
	{ "SACK of 2 bytes", { 5, 2 }, 2,
	  "sack at byte 0: length 2 breaks its rule" },
	{ "MSS of 5 bytes", { 2, 5, 0, 0, 0 }, 5,
	  "mss at byte 0: length 5 breaks its rule (4)" },
	{ "TS of 9 bytes", { 8, 9, 0, 0, 0, 0, 0, 0, 0 }, 9,
	  "TS at byte 0: length 9 breaks its rule (10)" },
	{ "MD5 of 19 bytes", { 19, 19 }, 19,
	  "md5 at byte 0: length 19 breaks its rule (2 to 18)" },
	{ "more than 40 bytes", { 0 }, 41, "41 bytes of TCP options" },
};

static void test_malformed(void)
{
	struct tcp_options opts;
	struct error err = { 0 };
	size_t i;
	char name[80];

	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		const struct malformed *m = &malformed[i];
		int rc = tcp_options_parse(m->bytes, m->len, &opts, &err);

		snprintf(name, sizeof(name), "malformed: %s", m->name);
		if (!tap_ok(rc == -1 && err.message &&
			    strstr(err.message, m->error), name))
			printf("#   message: %s\n", err.message);
		error_clear(&err);
	}
}

static void test_padding_forms(void)
{
	static const uint8_t eol_pad[] = { 3, 3, 7, 0 };
	static const uint8_t after_eol[] = { 0, 1, 0, 0 };

	tap_is_str(parse_print(eol_pad, sizeof(eol_pad)), "wscale 7,eol",
		   "an EOL pad is kept as an option");
	tap_is_str(parse_print(after_eol, sizeof(after_eol)),
		   "eol,nop,eol,eol", "bytes after EOL are read as options");
}

static void test_find_and_add(void)
{
	struct tcp_options opts = { 0 };
	int i;

	tcp_options_add(&opts, TCP_OPTION_NOP);
	tcp_options_add(&opts, TCP_OPTION_TIMESTAMP)->ts.val = 7;
	tap_ok(tcp_options_find(&opts, TCP_OPTION_TIMESTAMP) == &opts.opt[1],
	       "find returns the TS option");
	tap_ok(!tcp_options_find(&opts, TCP_OPTION_SACK),
	       "find returns NULL when absent");
	for (i = 2; i < TCP_OPTIONS_MAX_COUNT; i++)
		tcp_options_add(&opts, TCP_OPTION_NOP);
	tap_ok(!tcp_options_add(&opts, TCP_OPTION_NOP),
	       "add refuses a 41st option");
	tap_ok(!tcp_options_add(&opts, TCP_OPTION_TYPE_COUNT),
	       "add refuses a bad type");
	tap_is_str(tcp_option_name(TCP_OPTION_SACK_PERMITTED), "sackOK",
		   "names are the script's words");
}

/* A small deterministic generator, so failures reproduce. */
static uint32_t lcg(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/*
 * Random option strings: a kind (mostly a known one), a length byte (often
 * right for the kind, sometimes anything small) and random data, repeated
 * and cut at a random size, so both valid and broken strings come out.
 */
static size_t random_options(uint8_t *buf, uint32_t *state)
{
	static const uint8_t kinds[] = { 0, 1, 2, 3, 4, 5, 8, 19, 34, 254, 99 };
	static const uint8_t good_len[] = { 1, 1, 4, 3, 2, 10, 10, 18, 6, 6, 4 };
	size_t cap = lcg(state) % (TCP_OPTIONS_MAX_BYTES + 1), len = 0, i;

	while (len < cap) {
		uint32_t r = lcg(state), k = r % sizeof(kinds);
		size_t olen = r / 16 % 4 ? good_len[k] : r / 64 % 16;

		buf[len++] = kinds[k];
		if (good_len[k] == 1 || len >= cap)
			continue;
		buf[len++] = (uint8_t)olen;
		for (i = 2; i < olen && len < cap; i++)
			buf[len++] = (uint8_t)(k == 9 && i == 2 ? 0xf9 :
					       k == 9 && i == 3 ? 0x89 :
					       lcg(state));
	}
	return len;
}

static void test_build_inverts_parse(void)
{
	uint8_t in[TCP_OPTIONS_MAX_BYTES], out[TCP_OPTIONS_MAX_BYTES];
	struct tcp_options opts;
	struct error err = { 0 };
	uint32_t state = 42;
	int round, parsed = 0, same = 1;
	size_t len, out_len;

	for (round = 0; round < 20000; round++) {
		len = random_options(in, &state);
		if (tcp_options_parse(in, len, &opts, &err) < 0) {
			error_clear(&err);
			continue;
		}
		parsed++;
		if (tcp_options_build(&opts, out, sizeof(out), &out_len,
				      &err) < 0 ||
		    out_len != len || memcmp(in, out, len) != 0)
			same = 0;
		error_clear(&err);
	}
	tap_ok(parsed > 1000, "many random option strings parse");
	tap_ok(same, "build(parse(bytes)) == bytes for every one of them");
}

int main(void)
{
	test_linux_syn();
	test_each_option();
	test_sack_counts();
	test_timestamps_and_cookies();
	test_build_cookies();
	test_no_padding_added();
	test_malformed();
	test_padding_forms();
	test_find_and_add();
	test_build_inverts_parse();
	return tap_done();
}
