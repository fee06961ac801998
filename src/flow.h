/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flow.h - one connection's mapping between script values and live values.
 *
 * Contract: a flow knows the live 4-tuple of a connection and the numbers
 * needed to translate sequence numbers, acks, SACK blocks and TCP timestamps
 * between the script and the wire (SPEC §4-5). It never reads or writes the
 * TUN; callers hand it numbers and get numbers back.
 *
 * Sequence numbers follow tcpdump's convention, as packetdrill does: in a
 * line with SYN set, numbers are absolute (the remote ISN is the script's own
 * value; the local ISN written in the script stands for whatever ISN the
 * kernel chose); in every other line they are relative to the ISN of the
 * side they belong to.
 */
#ifndef TCPDRILL_FLOW_H
#define TCPDRILL_FLOW_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct flow_addr {
	int family;			/* AF_INET or AF_INET6 (the wire) */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

/* An outbound TS val the script saw, and the live value it stood for. */
struct flow_ts_pair {
	uint32_t script_val;
	uint32_t live_val;
};

struct flow {
	int id;				/* 1, 2, ... in order of creation */
	struct flow_addr local;
	struct flow_addr remote;
	uint16_t local_port;
	uint16_t remote_port;

	bool remote_isn_known;
	uint32_t remote_isn;		/* the same in script and live space */
	bool local_isn_known;
	uint32_t script_local_isn;	/* as written in the script's SYN line */
	uint32_t live_local_isn;	/* as the kernel chose it */

	bool ts_known;			/* first outbound TS val seen */
	uint32_t first_script_ts_val;
	uint32_t first_live_ts_val;
	struct flow_ts_pair *ts_pairs;
	size_t ts_count;
	size_t ts_cap;

	bool remote_next_known;		/* the peer's next seq, live: where */
	uint32_t remote_next;		/* an RST at the end must sit */
	bool reset_sent;		/* closed by tcpdrill at the end */
	struct flow *next;
};

/* All connections of one run, and the peer ports handed out so far. */
struct flow_table {
	struct flow *head;
	struct flow *current;		/* the flow the last packet used */
	int count;
	uint16_t next_remote_port;
};

void flow_table_init(struct flow_table *table, uint16_t first_remote_port);
void flow_table_free(struct flow_table *table);

/* Add a flow with the given live ends; it becomes the current flow. */
struct flow *flow_table_add(struct flow_table *table,
			    const struct flow_addr *local, uint16_t local_port,
			    const struct flow_addr *remote,
			    uint16_t remote_port);

/* A fresh peer port for a new inbound connection, never reused in a run. */
uint16_t flow_table_next_remote_port(struct flow_table *table);

/* The flow with these live ports, or NULL. */
struct flow *flow_table_find(const struct flow_table *table,
			     uint16_t local_port, uint16_t remote_port);

/* The flow whose remote port is this one, or NULL. */
struct flow *flow_table_find_remote(const struct flow_table *table,
				    uint16_t remote_port);

void flow_learn_remote_isn(struct flow *flow, uint32_t isn);
void flow_learn_local_isn(struct flow *flow, uint32_t script_isn,
			  uint32_t live_isn);

/* Inbound: script space -> live space. `syn` is the packet's SYN flag. */
uint32_t flow_map_inbound_seq(const struct flow *flow, uint32_t script_seq,
			      bool syn);
uint32_t flow_map_inbound_ack(const struct flow *flow, uint32_t script_ack,
			      bool syn);
/*
 * The ack field of an inbound segment whose line may write no "ack N":
 * as in packetdrill, the ACK flag alone acks script sequence 0, mapped
 * like any other once the local ISN is known; no flag and no "ack N", 0.
 */
uint32_t flow_map_inbound_ack_field(const struct flow *flow, bool has_ack,
				    uint32_t script_ack, bool ack_flag, bool syn);
/* SACK blocks of an inbound packet acknowledge local data. */
uint32_t flow_map_inbound_sack(const struct flow *flow, uint32_t script_edge);

/*
 * An inbound TS ecr must echo an outbound TS val the script has seen; it
 * becomes the live value the kernel sent for it. With ecr_scaled, values
 * between are interpolated from the first outbound TS val.
 */
int flow_map_inbound_ts_ecr(const struct flow *flow, uint32_t script_ecr,
			    bool ecr_scaled, uint32_t *live_ecr,
			    struct error *err);

/* Outbound: live space -> script space. */
uint32_t flow_map_outbound_seq(const struct flow *flow, uint32_t live_seq,
			       bool syn);
uint32_t flow_map_outbound_ack(const struct flow *flow, uint32_t live_ack,
			       bool syn);
uint32_t flow_map_outbound_sack(const struct flow *flow, uint32_t live_edge);

/*
 * Record that the script's outbound TS val stood for this live one, and
 * return the live value rebased into script space (relative to the first
 * outbound TS val seen, as packetdrill shows it).
 */
uint32_t flow_map_outbound_ts_val(struct flow *flow, uint32_t script_val,
				  uint32_t live_val);

/* Rebase a live TS val into script space without recording it. */
uint32_t flow_show_outbound_ts_val(const struct flow *flow,
				   uint32_t live_val);

#endif /* TCPDRILL_FLOW_H */
