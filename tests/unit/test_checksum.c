// SPDX-License-Identifier: GPL-2.0
/*
 * test_checksum.c - the Internet checksum against vectors worked out by hand
 * (the RFC 1071 §3 example, a textbook IPv4 header), odd lengths, carries,
 * split sums, pseudo-headers and RFC 1624 updates.
 */
#include <arpa/inet.h>

#include "checksum.h"
#include "tap.h"

/* A small deterministic generator, so failures reproduce. */
static uint32_t lcg_state = 12345;

static uint32_t lcg_next(void)
{
	lcg_state = lcg_state * 1103515245u + 12345u;
	return lcg_state >> 8;
}

static void test_rfc1071_example(void)
{
	/* RFC 1071 §3: these words sum (one's complement) to 0xddf2. */
	static const uint8_t bytes[] = { 0x00, 0x01, 0xf2, 0x03,
					 0xf4, 0xf5, 0xf6, 0xf7 };

	tap_is_int(checksum_add(0, bytes, sizeof(bytes)), 0xddf2,
		   "RFC 1071 example: partial sum 0xddf2");
	tap_is_int(checksum_compute(bytes, sizeof(bytes)), 0x220d,
		   "RFC 1071 example: checksum is the complement 0x220d");
}

static void test_ipv4_header(void)
{
	/* 45 00 00 73 00 00 40 00 40 11 [b8 61] c0 a8 00 01 c0 a8 00 c7 */
	uint8_t hdr[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00,
			    0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01,
			    0xc0, 0xa8, 0x00, 0xc7 };

	tap_is_int(checksum_compute(hdr, sizeof(hdr)), 0xb861,
		   "IPv4 header checksum with the field zeroed");
	hdr[10] = 0xb8;
	hdr[11] = 0x61;
	tap_ok(checksum_verify(hdr, sizeof(hdr), 0),
	       "the header with its checksum verifies");
	hdr[15] ^= 1;
	tap_ok(!checksum_verify(hdr, sizeof(hdr), 0),
	       "one flipped bit fails verification");
}

static void test_odd_and_carry(void)
{
	static const uint8_t odd[] = { 0x01, 0x02, 0x03 };
	static const uint8_t carry[] = { 0xff, 0xff, 0xff, 0xff, 0x00, 0x01 };
	static const uint8_t zeros[4] = { 0 };

	tap_is_int(checksum_compute(odd, sizeof(odd)), 0xfbfd,
		   "odd length: last byte padded with zero (0x0102 + 0x0300)");
	tap_is_int(checksum_add(0, carry, sizeof(carry)), 0x0001,
		   "carries fold end-around: 0xffff + 0xffff + 1 = 0x0001");
	tap_is_int(checksum_compute(zeros, sizeof(zeros)), 0xffff,
		   "all zeros checksum to 0xffff");
	tap_is_int(checksum_compute(NULL, 0), 0xffff,
		   "empty buffer checksums to 0xffff");
}

static void test_split_sums(void)
{
	uint8_t buf[1001];
	uint32_t sum;
	size_t i;
	int same = 1;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)lcg_next();
	for (i = 0; i + 1 < sizeof(buf); i += 2) {
		sum = checksum_add(checksum_add(0, buf, i), buf + i,
				   sizeof(buf) - i);
		if (checksum_fold(sum) != checksum_compute(buf, sizeof(buf)))
			same = 0;
	}
	tap_ok(same, "a sum split at any even offset equals the one-shot sum");

	sum = checksum_add_u16(0, 0x1234);
	sum = checksum_add_u32(sum, 0xabcd0001);
	tap_is_int(sum, 0x1234 + 0xabcd + 0x0001, "add_u16 and add_u32");
}

static void test_pseudo_headers(void)
{
	struct in_addr s4, d4;
	struct in6_addr s6, d6;

	inet_pton(AF_INET, "192.0.2.1", &s4);
	inet_pton(AF_INET, "192.168.0.1", &d4);
	/* c000+0201+c0a8+0001+0006+0014 = 0x182c4 -> 0x82c5 */
	tap_is_int(checksum_pseudo_ipv4(&s4, &d4, 6, 20), 0x82c5,
		   "IPv4 pseudo-header sum, worked by hand");

	inet_pton(AF_INET6, "2001:db8::1", &s6);
	inet_pton(AF_INET6, "fd3d:fa7b:d17d::1", &d6);
	/* 2001+0db8+1+fd3d+fa7b+d17d+1+0014+0006 = 0x2f70a -> 0xf70c */
	tap_is_int(checksum_pseudo_ipv6(&s6, &d6, 6, 20), 0xf70c,
		   "IPv6 pseudo-header sum, worked by hand");
}

/* Set a big-endian word in buf and return the checksum of the whole. */
static uint16_t sum_with_word(uint8_t *buf, size_t len, size_t at,
			      uint16_t value)
{
	buf[at] = value >> 8;
	buf[at + 1] = value & 0xff;
	return checksum_compute(buf, len);
}

static void test_rfc1624(void)
{
	uint8_t buf[64];
	int same16 = 1, same32 = 1;
	uint16_t check, old, new;
	uint32_t old32, new32;
	int round;
	size_t i;

	for (round = 0; round < 500; round++) {
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)lcg_next();
		old = (uint16_t)lcg_next();
		new = round == 0 ? old : (uint16_t)lcg_next();
		check = sum_with_word(buf, sizeof(buf), 10, old);
		if (checksum_replace16(check, old, new) !=
		    sum_with_word(buf, sizeof(buf), 10, new))
			same16 = 0;

		old32 = lcg_next() << 8 | (lcg_next() & 0xff);
		new32 = lcg_next() << 8 | (lcg_next() & 0xff);
		sum_with_word(buf, sizeof(buf), 20, old32 >> 16);
		check = sum_with_word(buf, sizeof(buf), 22, old32 & 0xffff);
		sum_with_word(buf, sizeof(buf), 20, new32 >> 16);
		if (checksum_replace32(check, old32, new32) !=
		    sum_with_word(buf, sizeof(buf), 22, new32 & 0xffff))
			same32 = 0;
	}
	tap_ok(same16, "RFC 1624 16-bit update equals recomputation");
	tap_ok(same32, "RFC 1624 32-bit update equals recomputation");
}

int main(void)
{
	test_rfc1071_example();
	test_ipv4_header();
	test_odd_and_carry();
	test_split_sums();
	test_pseudo_headers();
	test_rfc1624();
	return tap_done();
}
