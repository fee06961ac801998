// SPDX-License-Identifier: GPL-2.0
/*
 * checksum.c - the Internet checksum; see checksum.h.
 *
 * Sums are accumulated in 64 bits inside a call and folded back to 16 bits
 * (carries added back in, end-around) before returning, so a caller may add
 * any number of buffers without overflowing the 32-bit partial sum.
 */
#include "checksum.h"

static uint32_t fold16(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint32_t)sum;
}

uint32_t checksum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t acc = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	return fold16(acc);
}

uint32_t checksum_add_u16(uint32_t sum, uint16_t value)
{
	return fold16((uint64_t)sum + value);
}

uint32_t checksum_add_u32(uint32_t sum, uint32_t value)
{
	return fold16((uint64_t)sum + (value >> 16) + (value & 0xffff));
}

uint16_t checksum_fold(uint32_t sum)
{
	return (uint16_t)~fold16(sum);
}

uint16_t checksum_compute(const void *data, size_t len)
{
	return checksum_fold(checksum_add(0, data, len));
}

uint32_t checksum_pseudo_ipv4(const struct in_addr *src,
			      const struct in_addr *dst, uint8_t protocol,
			      uint32_t length)
{
	uint32_t sum = 0;

	sum = checksum_add(sum, &src->s_addr, 4);
	sum = checksum_add(sum, &dst->s_addr, 4);
	sum = checksum_add_u16(sum, protocol);
	return checksum_add_u16(sum, (uint16_t)length);
}

uint32_t checksum_pseudo_ipv6(const struct in6_addr *src,
			      const struct in6_addr *dst, uint8_t next_header,
			      uint32_t length)
{
	uint32_t sum = 0;

	sum = checksum_add(sum, src->s6_addr, 16);
	sum = checksum_add(sum, dst->s6_addr, 16);
	sum = checksum_add_u32(sum, length);
	return checksum_add_u16(sum, next_header);
}

bool checksum_verify(const void *data, size_t len, uint32_t pseudo)
{
	return checksum_fold(checksum_add(pseudo, data, len)) == 0;
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
uint16_t checksum_replace16(uint16_t check, uint16_t old_value,
			    uint16_t new_value)
{
	uint32_t sum = (uint16_t)~check;

	sum = checksum_add_u16(sum, (uint16_t)~old_value);
	sum = checksum_add_u16(sum, new_value);
	return checksum_fold(sum);
}

uint16_t checksum_replace32(uint16_t check, uint32_t old_value,
			    uint32_t new_value)
{
	check = checksum_replace16(check, old_value >> 16, new_value >> 16);
	return checksum_replace16(check, old_value & 0xffff,
				  new_value & 0xffff);
}
