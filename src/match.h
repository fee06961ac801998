/* SPDX-License-Identifier: GPL-2.0 */
/*
 * match.h - compare a script's outbound packet with the one the kernel sent.
 *
 * Contract: the actual packet arrives with its numbers already in script
 * space (seq, ack, SACK edges, TS val rebased; see flow.h). Every field the
 * script states is compared; fields it leaves out are not (SPEC §3). The
 * first difference is returned as an error naming the field with both
 * values ("live packet field tcp_ack: expected: 1 (0x1) vs actual: 2
 * (0x2)"). Never prints; never looks at time.
 */
#ifndef TCPDRILL_MATCH_H
#define TCPDRILL_MATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "error.h"
#include "packet.h"

struct match_config {
	int64_t tcp_ts_tick_usecs;	/* 0: outbound TS val not compared */
	int64_t ts_tolerance_usecs;	/* how far TS val may be off, in time */
	bool strict;			/* Beyond: also compare TS ecr */
};

/*
 * `payload_len` is the actual payload once TSO/GSO pieces are joined (the
 * caller joins them); the rest is read from `actual`.
 */
int match_outbound(const struct ast_packet *script, const struct packet *actual,
		   uint32_t payload_len, const struct match_config *cfg,
		   struct error *err);

#endif /* TCPDRILL_MATCH_H */
