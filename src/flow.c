// SPDX-License-Identifier: GPL-2.0
/* flow.c - script <-> live number mapping for each connection; see flow.h. */
#include "flow.h"

#include <stdlib.h>
#include <string.h>

void flow_table_init(struct flow_table *table, uint16_t first_remote_port)
{
	memset(table, 0, sizeof(*table));
	table->next_remote_port = first_remote_port;
}

void flow_table_free(struct flow_table *table)
{
	struct flow *flow = table->head;

	while (flow) {
		struct flow *next = flow->next;

		free(flow->ts_pairs);
		free(flow);
		flow = next;
	}
	memset(table, 0, sizeof(*table));
}

struct flow *flow_table_add(struct flow_table *table,
			    const struct flow_addr *local, uint16_t local_port,
			    const struct flow_addr *remote,
			    uint16_t remote_port)
{
	struct flow *flow = calloc(1, sizeof(*flow)), **tail;

	if (!flow)
		return NULL;
	flow->id = ++table->count;
	flow->local = *local;
	flow->remote = *remote;
	flow->local_port = local_port;
	flow->remote_port = remote_port;
	for (tail = &table->head; *tail; tail = &(*tail)->next)
		;
	*tail = flow;
	table->current = flow;
	return flow;
}

uint16_t flow_table_next_remote_port(struct flow_table *table)
{
	uint16_t port;

	/*
	 * Skip ports a script named itself: two connections on one 4-tuple
	 * would collide with a TIME-WAIT socket of the first.
	 */
	do {
		port = table->next_remote_port++;
		if (table->next_remote_port < 1024)
			table->next_remote_port = 1024;
	} while (flow_table_find_remote(table, port));
	return port;
}

struct flow *flow_table_find(const struct flow_table *table,
			     uint16_t local_port, uint16_t remote_port)
{
	struct flow *flow;

	for (flow = table->head; flow; flow = flow->next)
		if (flow->local_port == local_port &&
		    flow->remote_port == remote_port)
			return flow;
	return NULL;
}

struct flow *flow_table_find_remote(const struct flow_table *table,
				    uint16_t remote_port)
{
	struct flow *flow;

	for (flow = table->head; flow; flow = flow->next)
		if (flow->remote_port == remote_port)
			return flow;
	return NULL;
}

void flow_learn_remote_isn(struct flow *flow, uint32_t isn)
{
	flow->remote_isn = isn;
	flow->remote_isn_known = true;
}

void flow_learn_local_isn(struct flow *flow, uint32_t script_isn,
			  uint32_t live_isn)
{
	flow->script_local_isn = script_isn;
	flow->live_local_isn = live_isn;
	flow->local_isn_known = true;
}

/*
 * The offsets follow from the convention in flow.h. All arithmetic is
 * modulo 2^32, like sequence space itself.
 */
static uint32_t remote_script_to_live(const struct flow *flow, bool syn)
{
	return syn ? 0 : flow->remote_isn;
}

static uint32_t local_script_to_live(const struct flow *flow, bool syn)
{
	if (syn)
		return flow->live_local_isn - flow->script_local_isn;
	return flow->live_local_isn;
}

uint32_t flow_map_inbound_seq(const struct flow *flow, uint32_t script_seq,
			      bool syn)
{
	return script_seq + remote_script_to_live(flow, syn);
}

uint32_t flow_map_inbound_ack(const struct flow *flow, uint32_t script_ack,
			      bool syn)
{
	return script_ack + local_script_to_live(flow, syn);
}

uint32_t flow_map_inbound_ack_field(const struct flow *flow, bool has_ack,
				    uint32_t script_ack, bool ack_flag, bool syn)
{
	if (has_ack)
		return flow_map_inbound_ack(flow, script_ack, syn);
	if (ack_flag && flow->local_isn_known)
		return flow_map_inbound_ack(flow, 0, syn);
	return 0;
}

uint32_t flow_map_inbound_sack(const struct flow *flow, uint32_t script_edge)
{
	return script_edge + local_script_to_live(flow, false);
}

uint32_t flow_map_outbound_seq(const struct flow *flow, uint32_t live_seq,
			       bool syn)
{
	return live_seq - local_script_to_live(flow, syn);
}

uint32_t flow_map_outbound_ack(const struct flow *flow, uint32_t live_ack,
			       bool syn)
{
	return live_ack - remote_script_to_live(flow, syn);
}

uint32_t flow_map_outbound_sack(const struct flow *flow, uint32_t live_edge)
{
	return live_edge - remote_script_to_live(flow, false);
}

static const struct flow_ts_pair *flow_find_ts(const struct flow *flow,
					       uint32_t script_val)
{
	size_t i;

	/* The newest pair wins: a value can recur if the clock ticked. */
	for (i = flow->ts_count; i-- > 0;)
		if (flow->ts_pairs[i].script_val == script_val)
			return &flow->ts_pairs[i];
	return NULL;
}

int flow_map_inbound_ts_ecr(const struct flow *flow, uint32_t script_ecr,
			    bool ecr_scaled, uint32_t *live_ecr,
			    struct error *err)
{
	const struct flow_ts_pair *pair = flow_find_ts(flow, script_ecr);

	if (pair) {
		*live_ecr = pair->live_val;
		return 0;
	}
	if (ecr_scaled && flow->ts_known) {
		*live_ecr = script_ecr - flow->first_script_ts_val +
			    flow->first_live_ts_val;
		return 0;
	}
	return error_set(err, "unable to infer live TS ecr for script TS ecr "
			 "%u: no matching or preceding outbound TS val",
			 script_ecr);
}

static void flow_remember_ts(struct flow *flow, uint32_t script_val,
			     uint32_t live_val)
{
	struct flow_ts_pair *grown;

	if (flow->ts_count == flow->ts_cap) {
		size_t cap = flow->ts_cap ? flow->ts_cap * 2 : 16;

		grown = realloc(flow->ts_pairs, cap * sizeof(*grown));
		if (!grown)
			return;	/* an unmapped ecr is reported when used */
		flow->ts_pairs = grown;
		flow->ts_cap = cap;
	}
	flow->ts_pairs[flow->ts_count].script_val = script_val;
	flow->ts_pairs[flow->ts_count].live_val = live_val;
	flow->ts_count++;
}

uint32_t flow_map_outbound_ts_val(struct flow *flow, uint32_t script_val,
				  uint32_t live_val)
{
	if (!flow->ts_known) {
		flow->ts_known = true;
		flow->first_script_ts_val = script_val;
		flow->first_live_ts_val = live_val;
	}
	flow_remember_ts(flow, script_val, live_val);
	return flow_show_outbound_ts_val(flow, live_val);
}

uint32_t flow_show_outbound_ts_val(const struct flow *flow, uint32_t live_val)
{
	if (!flow->ts_known)
		return live_val;
	return flow->first_script_ts_val + (live_val - flow->first_live_ts_val);
}
