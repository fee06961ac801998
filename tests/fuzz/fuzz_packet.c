// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_packet.c - arbitrary bytes as an outbound packet read from the TUN
 * device: packet_parse(), then every printer and the checksum check on
 * whatever it accepted.
 *
 * Invariants beyond "no crash, no leak": packet_parse() returns 0,
 * PACKET_TRUNCATED or -1 with a message; the offsets it reports lie inside
 * the bytes; every printer produces a non-empty line.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "packet.h"

/* The flag sets the run's traces and failure messages use. */
static const unsigned int fuzz_print_flags[] = {
	0,
	PACKET_PRINT_ECN | PACKET_PRINT_PORTS,
	PACKET_PRINT_TOS | PACKET_PRINT_FLOWLABEL | PACKET_PRINT_TTL |
		PACKET_PRINT_ADDRS | PACKET_PRINT_ACE,
};

static void check_offsets(const struct packet *pkt, size_t size)
{
	FUZZ_ASSERT(pkt->bytes != NULL && pkt->len <= size);
	FUZZ_ASSERT(pkt->ip.offset < size);
	FUZZ_ASSERT(pkt->l4_offset <= size);
	FUZZ_ASSERT(pkt->payload_offset <= size);
	FUZZ_ASSERT(pkt->payload_offset + pkt->payload_captured <= size);
	FUZZ_ASSERT(pkt->outer_count <= PACKET_MAX_OUTER);
	FUZZ_ASSERT(pkt->payload_captured <= pkt->payload_len);
	FUZZ_ASSERT(pkt->truncated || pkt->payload_captured == pkt->payload_len);
}

static void print_all(const struct packet *pkt)
{
	size_t i;
	char *text;

	for (i = 0; i < sizeof(fuzz_print_flags) / sizeof(fuzz_print_flags[0]); i++) {
		text = packet_to_string(pkt, fuzz_print_flags[i]);
		FUZZ_ASSERT(text && text[0]);
		free(text);
	}
	text = packet_to_string_raw(pkt);
	FUZZ_ASSERT(text && text[0]);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = { 0 };
	struct packet pkt;
	uint8_t *copy;
	int ret;

	/*
	 * An exact-size heap copy: reading one byte too far is then an ASan
	 * report, not a silent read of the fuzzer's own buffer.
	 */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	memset(&pkt, 0, sizeof(pkt));
	ret = packet_parse(copy, size, &pkt, &err);
	if (ret < 0) {
		FUZZ_ASSERT(ret == -1 && err.message);
	} else {
		FUZZ_ASSERT(ret == 0 || ret == PACKET_TRUNCATED);
		FUZZ_ASSERT(!err.message);
		check_offsets(&pkt, size);
		print_all(&pkt);
		if (packet_verify_checksums(&pkt, PACKET_CHECK_ALL, &err))
			FUZZ_ASSERT(err.message);
	}
	error_clear(&err);
	free(copy);
	return 0;
}
