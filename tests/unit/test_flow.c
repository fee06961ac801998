// SPDX-License-Identifier: GPL-2.0
/* test_flow.c - script <-> live mapping of seq, ack, SACK and TS values. */
#include <arpa/inet.h>
#include <stdlib.h>

#include "flow.h"
#include "tap.h"

static struct flow *add_flow(struct flow_table *table, uint16_t remote_port)
{
	struct flow_addr local = { .family = AF_INET }, remote = { .family = AF_INET };

	inet_pton(AF_INET, "192.168.0.1", &local.v4);
	inet_pton(AF_INET, "192.0.2.1", &remote.v4);
	return flow_table_add(table, &local, 8080, &remote, remote_port);
}

/* The tcpdump convention, as in a passive open with a SYN carrying data. */
static void test_passive_open_numbers(void)
{
	struct flow_table table;
	struct flow *flow;

	flow_table_init(&table, 40000);
	flow = add_flow(&table, flow_table_next_remote_port(&table));
	tap_is_int(flow->remote_port, 40000, "first peer port");
	flow_learn_remote_isn(flow, 999000);
	tap_is_int(flow_map_inbound_seq(flow, 999000, true), 999000,
		   "SYN seq is absolute");
	tap_is_int(flow_map_inbound_seq(flow, 1, false), 999001,
		   "non-SYN seq is relative to the remote ISN");

	flow_learn_local_isn(flow, 1234, 0xfffffff0u);
	tap_is_int(flow_map_outbound_seq(flow, 0xfffffff0u, true), 1234,
		   "SYN-ACK seq shows the script's ISN");
	tap_is_int(flow_map_outbound_ack(flow, 999001, true), 999001,
		   "SYN-ACK ack stays absolute");
	tap_is_int(flow_map_inbound_ack(flow, 1, false), 0xfffffff1u,
		   "inbound ack is relative to the live local ISN");
	tap_is_int(flow_map_inbound_ack_field(flow, true, 1, true, false), 0xfffffff1u,
		   "a written ack is mapped");
	tap_is_int(flow_map_inbound_ack_field(flow, false, 0, true, false), 0xfffffff0u,
		   "the ACK flag without 'ack N' acks script 0, mapped (packetdrill)");
	tap_is_int(flow_map_inbound_ack_field(flow, false, 0, false, false), 0,
		   "neither flag nor 'ack N': 0");
	tap_is_int(flow_map_outbound_seq(flow, 0xfffffff0u + 1001, false), 1001,
		   "outbound seq wraps through 2^32 and stays relative");
	tap_is_int(flow_map_outbound_ack(flow, 999001 + 100, false), 101,
		   "outbound ack is relative to the remote ISN");
	tap_is_int(flow_map_inbound_sack(flow, 1001), (uint32_t)(0xfffffff0u + 1001),
		   "inbound SACK edges are local sequence space");
	tap_is_int(flow_map_outbound_sack(flow, 999000 + 501), 501,
		   "outbound SACK edges are remote sequence space");
	flow_table_free(&table);
}

static void test_active_open_ack_in_syn_ack(void)
{
	struct flow_table table;
	struct flow *flow;

	flow_table_init(&table, 40000);
	flow = add_flow(&table, 8080);
	flow_learn_local_isn(flow, 0, 5000);
	flow_learn_remote_isn(flow, 0);
	tap_is_int(flow_map_inbound_ack(flow, 1, true), 5001,
		   "ack in an injected SYN-ACK maps through the local ISN");
	flow_table_free(&table);
}

static void test_timestamps(void)
{
	struct flow_table table;
	struct error err = { 0 };
	struct flow *flow;
	uint32_t live = 0;

	flow_table_init(&table, 40000);
	flow = add_flow(&table, 40000);
	tap_is_int(flow_map_inbound_ts_ecr(flow, 100, false, &live, &err), -1,
		   "ecr before any outbound TS val is an error");
	tap_is_str(err.message, "unable to infer live TS ecr for script TS ecr 100: "
		   "no matching or preceding outbound TS val", "its message");
	error_clear(&err);

	tap_is_int(flow_map_outbound_ts_val(flow, 100, 777000), 100,
		   "first outbound TS val shows as the script's value");
	tap_is_int(flow_map_outbound_ts_val(flow, 110, 777012), 112,
		   "later values are rebased on the first");
	tap_ok(flow_map_inbound_ts_ecr(flow, 110, false, &live, &err) == 0 &&
	       live == 777012, "ecr of a seen val becomes its live value");
	tap_is_int(flow_map_inbound_ts_ecr(flow, 105, false, &live, &err), -1,
		   "an unseen ecr fails without --tcp_ts_ecr_scaled");
	error_clear(&err);
	tap_ok(flow_map_inbound_ts_ecr(flow, 105, true, &live, &err) == 0 &&
	       live == 777005, "with --tcp_ts_ecr_scaled it is interpolated");
	flow_table_free(&table);
}

static void test_ports_and_lookup(void)
{
	struct flow_table table;
	struct flow *a, *b;

	flow_table_init(&table, 40000);
	a = add_flow(&table, 40001);	/* a script named this port itself */
	tap_is_int(flow_table_next_remote_port(&table), 40000, "40000 is free");
	tap_is_int(flow_table_next_remote_port(&table), 40002,
		   "a port already used by a flow is skipped");
	b = add_flow(&table, 40002);
	tap_ok(table.current == b, "the newest flow is current");
	tap_ok(flow_table_find(&table, 8080, 40001) == a, "find by ports");
	tap_ok(flow_table_find(&table, 8081, 40001) == NULL, "wrong local port");
	tap_ok(flow_table_find_remote(&table, 40002) == b, "find by peer port");
	tap_is_int(b->id, 2, "flows are numbered in order");
	flow_table_free(&table);
}

int main(void)
{
	test_passive_open_numbers();
	test_active_open_ack_in_syn_ack();
	test_timestamps();
	test_ports_and_lookup();
	return tap_done();
}
