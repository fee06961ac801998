/* SPDX-License-Identifier: GPL-2.0 */
/*
 * checksum.h - the Internet checksum (RFC 1071) and its pseudo-headers.
 *
 * Contract: a checksum is built as a running 32-bit partial sum of
 * big-endian 16-bit words, so a header, a pseudo-header and a payload can be
 * added one after the other and folded once at the end. Every buffer but the
 * last one of a sum must have an even length (an odd tail is padded with a
 * zero byte, as RFC 1071 says). Values returned by checksum_fold() and
 * checksum_compute() are in host order: store them big-endian.
 *
 * Nothing here knows a header layout; packet.c places the sums.
 */
#ifndef TCPDRILL_CHECKSUM_H
#define TCPDRILL_CHECKSUM_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Add `len` bytes at `data` to a partial sum (start from 0). */
uint32_t checksum_add(uint32_t sum, const void *data, size_t len);

/* Add one 16-bit value (host order) to a partial sum. */
uint32_t checksum_add_u16(uint32_t sum, uint16_t value);

/* Add one 32-bit value (host order) as two 16-bit words. */
uint32_t checksum_add_u32(uint32_t sum, uint32_t value);

/* Fold the carries and complement: the 16-bit value to put on the wire. */
uint16_t checksum_fold(uint32_t sum);

/* One shot: checksum_fold(checksum_add(0, data, len)). */
uint16_t checksum_compute(const void *data, size_t len);

/*
 * The partial sums of the pseudo-headers that TCP, UDP (and ICMPv6 for
 * IPv6) include: addresses, protocol and the transport length.
 * RFC 9293 §3.1 for IPv4, RFC 8200 §8.1 for IPv6.
 */
uint32_t checksum_pseudo_ipv4(const struct in_addr *src,
			      const struct in_addr *dst, uint8_t protocol,
			      uint32_t length);
uint32_t checksum_pseudo_ipv6(const struct in6_addr *src,
			      const struct in6_addr *dst, uint8_t next_header,
			      uint32_t length);

/*
 * Verify: a region whose checksum field holds the sender's value sums (with
 * its pseudo-header sum `pseudo`, 0 when none) to all ones, so the folded
 * result is 0.
 */
bool checksum_verify(const void *data, size_t len, uint32_t pseudo);

/*
 * RFC 1624 incremental update: the new checksum after a 16-bit (or 32-bit)
 * field covered by `check` changed from old_value to new_value, without
 * summing the whole region again. All values in host order.
 */
uint16_t checksum_replace16(uint16_t check, uint16_t old_value,
			    uint16_t new_value);
uint16_t checksum_replace32(uint16_t check, uint32_t old_value,
			    uint32_t new_value);

#endif /* TCPDRILL_CHECKSUM_H */
