// SPDX-License-Identifier: GPL-2.0
/*
 * test_from_pcap_conn.c - from_pcap.c: segments grouped into connections
 * (both directions together, a new SYN on a finished 4-tuple a new
 * connection, a retransmitted one not, hundreds of connections), the
 * states each end went through for every way to open and close, the
 * --flow and --local choices, endpoints, and the --list text.
 */
#include "ast.h"
#include "from_pcap_fixtures.h"
#include "tap.h"

/* A side's state path as text: "SYN-SENT ESTABLISHED ...". */
static const char *path_text(const struct pcap_side *side, char *buf, size_t size)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < side->path_len && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "",
					 ast_tcp_state_name(side->path[i]));
	return buf;
}

static int group(struct fx *fx, struct pcap_conn_list *list)
{
	struct error err = { 0 };
	int ret = pcap_conn_group(&fx->trace, list, &err);

	error_clear(&err);
	return ret;
}

/* A handshake: client ISN 100, server ISN 5000. */
static void handshake(struct fx *fx, int64_t t)
{
	fx_seg(fx, t, FX_CLIENT, FX_S, 100, 0, 0, 65535, "mss 1460");
	fx_seg(fx, t + 10, FX_SERVER, FX_S | FX_A, 5000, 101, 0, 65535, "mss 1460");
	fx_seg(fx, t + 20, FX_CLIENT, FX_A, 101, 5001, 0, 65535, NULL);
}

static void check_paths(const char *what, struct fx *fx, const char *client,
			const char *server)
{
	struct pcap_conn_list list;
	char buf[256], name[256];

	if (!tap_ok(fx->failed == 0 && group(fx, &list) == 0 && list.count == 1, what))
		return;
	snprintf(name, sizeof(name), "%s: the client's states", what);
	tap_is_str(path_text(&list.conn[0].side[0], buf, sizeof(buf)), client, name);
	snprintf(name, sizeof(name), "%s: the server's states", what);
	tap_is_str(path_text(&list.conn[0].side[1], buf, sizeof(buf)), server, name);
	pcap_conn_list_free(&list);
}

static void test_states(void)
{
	struct fx fx;

	fx_init(&fx, AF_INET);	/* the client closes first */
	handshake(&fx, 0);
	fx_seg(&fx, 100, FX_CLIENT, FX_F | FX_A, 101, 5001, 0, 65535, NULL);
	fx_seg(&fx, 110, FX_SERVER, FX_A, 5001, 102, 0, 65535, NULL);
	fx_seg(&fx, 120, FX_SERVER, FX_F | FX_A, 5001, 102, 0, 65535, NULL);
	fx_seg(&fx, 130, FX_CLIENT, FX_A, 102, 5002, 0, 65535, NULL);
	check_paths("an orderly close", &fx,
		    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT",
		    "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
	fx_free(&fx);

	/*
	 * Both FINs cross, as the server's host saw it (states follow the
	 * capture's order): the client's FIN does not acknowledge the
	 * server's, which went first.
	 */
	fx_init(&fx, AF_INET);
	handshake(&fx, 0);
	fx_seg(&fx, 100, FX_SERVER, FX_F | FX_A, 5001, 101, 0, 65535, NULL);
	fx_seg(&fx, 101, FX_CLIENT, FX_F | FX_A, 101, 5001, 0, 65535, NULL);
	fx_seg(&fx, 110, FX_SERVER, FX_A, 5002, 102, 0, 65535, NULL);
	fx_seg(&fx, 111, FX_CLIENT, FX_A, 102, 5002, 0, 65535, NULL);
	check_paths("a simultaneous close", &fx,
		    "SYN-SENT ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED",
		    "LISTEN SYN-RCVD ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT");
	fx_free(&fx);

	fx_init(&fx, AF_INET);	/* a FIN that acknowledges the other one */
	handshake(&fx, 0);
	fx_seg(&fx, 100, FX_SERVER, FX_F | FX_A, 5001, 101, 0, 65535, NULL);
	fx_seg(&fx, 110, FX_CLIENT, FX_F | FX_A, 101, 5002, 0, 65535, NULL);
	fx_seg(&fx, 120, FX_SERVER, FX_A, 5002, 102, 0, 65535, NULL);
	check_paths("FIN-WAIT-1 straight to TIME-WAIT", &fx,
		    "SYN-SENT ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED",
		    "LISTEN SYN-RCVD ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
	fx_free(&fx);

	fx_init(&fx, AF_INET);	/* both send a SYN */
	fx_seg(&fx, 0, FX_CLIENT, FX_S, 100, 0, 0, 65535, NULL);
	fx_seg(&fx, 1, FX_SERVER, FX_S, 5000, 0, 0, 65535, NULL);
	fx_seg(&fx, 10, FX_CLIENT, FX_S | FX_A, 100, 5001, 0, 65535, NULL);
	fx_seg(&fx, 11, FX_SERVER, FX_S | FX_A, 5000, 101, 0, 65535, NULL);
	check_paths("a simultaneous open", &fx, "SYN-SENT SYN-RCVD ESTABLISHED",
		    "SYN-SENT SYN-RCVD ESTABLISHED");
	fx_free(&fx);

	fx_init(&fx, AF_INET);	/* connection refused */
	fx_seg(&fx, 0, FX_CLIENT, FX_S, 100, 0, 0, 65535, NULL);
	fx_seg(&fx, 10, FX_SERVER, FX_R | FX_A, 0, 101, 0, 0, NULL);
	check_paths("a refused SYN", &fx, "SYN-SENT CLOSED", "CLOSED");
	fx_free(&fx);

	fx_init(&fx, AF_INET);	/* an RST must sit at the next seq */
	handshake(&fx, 0);
	fx_seg(&fx, 100, FX_CLIENT, FX_R, 5000, 0, 0, 0, NULL);
	check_paths("an out-of-window RST closes only its sender", &fx,
		    "SYN-SENT ESTABLISHED CLOSED", "LISTEN SYN-RCVD ESTABLISHED");
	fx_free(&fx);

	fx_init(&fx, AF_INET);
	handshake(&fx, 0);
	fx_seg(&fx, 100, FX_CLIENT, FX_R, 101, 0, 0, 0, NULL);
	check_paths("an RST at the next seq closes both", &fx,
		    "SYN-SENT ESTABLISHED CLOSED", "LISTEN SYN-RCVD ESTABLISHED CLOSED");
	fx_free(&fx);

	fx_init(&fx, AF_INET);	/* the final ACK carries data and a FIN */
	fx_seg(&fx, 0, FX_CLIENT, FX_S, 100, 0, 0, 65535, NULL);
	fx_seg(&fx, 10, FX_SERVER, FX_S | FX_A, 5000, 101, 0, 65535, NULL);
	fx_seg(&fx, 20, FX_CLIENT, FX_F | FX_P | FX_A, 101, 5001, 10, 65535, NULL);
	check_paths("data and FIN on the third segment", &fx,
		    "SYN-SENT ESTABLISHED FIN-WAIT-1",
		    "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT");
	fx_free(&fx);

	fx_init(&fx, AF_INET);	/* the capture starts after the handshake */
	fx_seg(&fx, 0, FX_CLIENT, FX_P | FX_A, 101, 5001, 10, 65535, NULL);
	fx_seg(&fx, 10, FX_SERVER, FX_A, 5001, 111, 0, 65535, NULL);
	fx_seg(&fx, 20, FX_SERVER, FX_F | FX_A, 5001, 111, 0, 65535, NULL);
	check_paths("a capture that starts mid-way", &fx, "ESTABLISHED CLOSE-WAIT",
		    "ESTABLISHED FIN-WAIT-1");
	fx_free(&fx);
}

static void test_state_per_segment(void)
{
	struct pcap_conn_list list;
	struct fx fx;

	fx_init(&fx, AF_INET);
	handshake(&fx, 0);
	if (!tap_ok(group(&fx, &list) == 0 && list.count == 1, "one connection"))
		goto out;
	tap_is_int(list.conn[0].state[0][1], AST_TCP_LISTEN,
		   "the server is LISTEN after the SYN");
	tap_is_int(list.conn[0].state[1][1], AST_TCP_SYN_RECV,
		   "SYN-RCVD after its SYN-ACK");
	tap_is_int(list.conn[0].state[1][0], AST_TCP_ESTABLISHED,
		   "the client is ESTABLISHED once it has the SYN-ACK");
	tap_is_int(list.conn[0].state[2][1], AST_TCP_ESTABLISHED,
		   "the server once the ACK arrives");
	tap_is_int(list.conn[0].passive, 1, "the server is the passive side");
	tap_ok(!list.conn[0].mid_way, "the SYN was seen");
	pcap_conn_list_free(&list);
out:
	fx_free(&fx);
}

static void test_grouping(void)
{
	struct pcap_conn_list list;
	struct fx fx;
	int i, ok = 1;

	fx_init(&fx, AF_INET);
	handshake(&fx, 0);
	fx.client_port = 40001;
	handshake(&fx, 5);
	fx.client_port = FX_CLIENT_PORT;
	fx_seg(&fx, 50, FX_SERVER, FX_P | FX_A, 5001, 101, 20, 65535, NULL);
	if (tap_ok(group(&fx, &list) == 0 && list.count == 2,
		   "interleaved connections are told apart")) {
		tap_is_int((long long)list.conn[0].count, 4, "the first has 4 segments");
		tap_is_int((long long)list.conn[1].count, 3, "the second has 3");
		tap_is_int(list.conn[0].side[0].ep.port, FX_CLIENT_PORT,
			   "side A is the first sender");
		tap_is_int((long long)list.conn[0].side[1].bytes, 20,
			   "data bytes are counted per side");
		tap_is_int(list.conn[1].id, 2, "numbered in order");
		pcap_conn_list_free(&list);
	}
	fx_free(&fx);

	fx_init(&fx, AF_INET);	/* a retransmitted SYN, then port reuse */
	fx_seg(&fx, 0, FX_CLIENT, FX_S, 100, 0, 0, 65535, NULL);
	fx_seg(&fx, 1000000, FX_CLIENT, FX_S, 100, 0, 0, 65535, NULL);
	fx_seg(&fx, 1000010, FX_SERVER, FX_S | FX_A, 5000, 101, 0, 65535, NULL);
	fx_seg(&fx, 1000020, FX_CLIENT, FX_R, 101, 0, 0, 0, NULL);
	fx_seg(&fx, 2000000, FX_CLIENT, FX_S, 900, 0, 0, 65535, NULL);
	if (tap_ok(group(&fx, &list) == 0 && list.count == 2,
		   "a new SYN on a reset 4-tuple starts a new connection")) {
		tap_is_int((long long)list.conn[0].count, 4,
			   "the retransmitted SYN stays in the first");
		tap_is_int((long long)list.conn[1].count, 1, "the new SYN is alone");
		pcap_conn_list_free(&list);
	}
	fx_free(&fx);

	fx_init(&fx, AF_INET);	/* the index grows past its first size */
	for (i = 0; i < 300; i++) {
		fx.client_port = (uint16_t)(20000 + i);
		fx_seg(&fx, i, FX_CLIENT, FX_S, (uint32_t)i, 0, 0, 65535, NULL);
	}
	for (i = 0; i < 300; i++) {
		fx.client_port = (uint16_t)(20000 + i);
		fx_seg(&fx, 1000 + i, FX_SERVER, FX_S | FX_A, 7, (uint32_t)i + 1, 0, 65535, NULL);
	}
	if (tap_ok(group(&fx, &list) == 0 && list.count == 300,
		   "300 connections are grouped")) {
		for (i = 0; i < 300; i++)
			ok &= list.conn[i].count == 2 &&
			      list.conn[i].side[0].ep.port == 20000 + i;
		tap_ok(ok, "each with its SYN and SYN-ACK, in order");
		pcap_conn_list_free(&list);
	}
	fx_free(&fx);
}

static void test_endpoints(void)
{
	struct pcap_endpoint ep;
	struct error err = { 0 };
	char buf[PCAP_ENDPOINT_TEXT_MAX];

	tap_ok(pcap_endpoint_parse("10.0.0.1:80", &ep, &err) == 0 &&
	       ep.family == AF_INET && ep.port == 80, "IPv4 ADDR:PORT parses");
	tap_is_str(pcap_endpoint_format(&ep, buf), "10.0.0.1:80", "and prints back");
	tap_ok(pcap_endpoint_parse("[fd00::2]:443", &ep, &err) == 0 &&
	       ep.family == AF_INET6 && ep.port == 443, "[IPv6]:PORT parses");
	tap_is_str(pcap_endpoint_format(&ep, buf), "[fd00::2]:443", "and prints back");
	tap_is_int(pcap_endpoint_parse("10.0.0.1", &ep, &err), -1, "no port: refused");
	error_clear(&err);
	tap_is_int(pcap_endpoint_parse("10.0.0.1:99999", &ep, &err), -1,
		   "a port above 65535: refused");
	tap_ok(err.message && strstr(err.message, "bad port"), "naming the port");
	error_clear(&err);
	tap_is_int(pcap_endpoint_parse("fd00::1:80", &ep, &err), -1,
		   "an IPv6 address without brackets: refused");
	error_clear(&err);
}

static void test_find_and_local(void)
{
	struct pcap_conn_list list;
	struct error err = { 0 };
	struct pcap_conn *c;
	struct fx fx;

	fx_init(&fx, AF_INET);
	handshake(&fx, 0);
	fx.client_port = 40001;
	handshake(&fx, 5);
	if (!tap_ok(group(&fx, &list) == 0 && list.count == 2, "two connections"))
		goto out;
	c = pcap_conn_find(&list, "2", &err);
	tap_ok(c == &list.conn[1], "--flow=2 is the second");
	c = pcap_conn_find(&list, "10.0.0.2:80-10.0.0.1:40001", &err);
	tap_ok(c == &list.conn[1], "--flow by its ends, server first");
	c = pcap_conn_find(&list, "10.0.0.1:40000-10.0.0.2:80", &err);
	tap_ok(c == &list.conn[0], "--flow by its ends, client first");
	c = pcap_conn_find(&list, "3", &err);
	tap_ok(!c && err.message && strstr(err.message, "has 2 TCP connections"),
	       "--flow=3 says how many there are");
	error_clear(&err);
	c = pcap_conn_find(&list, "10.0.0.1:1-10.0.0.2:2", &err);
	tap_ok(!c && err.message && strstr(err.message, "no TCP connection between"),
	       "--flow with other ends: none");
	error_clear(&err);
	c = pcap_conn_find(&list, "10.0.0.1:1", &err);
	tap_ok(!c && err.message && strstr(err.message, "expected A:P-B:P"),
	       "--flow with one end: a usage error");
	error_clear(&err);

	c = &list.conn[0];
	tap_is_int(pcap_conn_pick_local(c, NULL, NULL, &err), 1,
		   "default: the end that received the first SYN");
	tap_is_int(pcap_conn_pick_local(c, "client", NULL, &err), 0, "client");
	tap_is_int(pcap_conn_pick_local(c, "server", NULL, &err), 1, "server");
	tap_is_int(pcap_conn_pick_local(c, "A", NULL, &err), 0, "A as --list has it");
	tap_is_int(pcap_conn_pick_local(c, "A", "10.0.0.2:80-10.0.0.1:40000", &err), 1,
		   "A as --flow wrote it");
	tap_is_int(pcap_conn_pick_local(c, "B", "10.0.0.2:80-10.0.0.1:40000", &err), 0,
		   "B as --flow wrote it");
	tap_is_int(pcap_conn_pick_local(c, "10.0.0.1:40000", NULL, &err), 0, "ADDR:PORT");
	tap_is_int(pcap_conn_pick_local(c, "80", NULL, &err), 1, "PORT");
	tap_is_int(pcap_conn_pick_local(c, "10.0.0.2", NULL, &err), 1, "ADDR");
	tap_is_int(pcap_conn_pick_local(c, "10.9.9.9:80", NULL, &err), -1,
		   "an end that is not there");
	error_clear(&err);
	tap_is_int(pcap_conn_pick_local(c, "sideways", NULL, &err), -1, "a bad word");
	tap_ok(err.message && strstr(err.message, "expected A, B, client, server"),
	       "lists what --local takes");
	error_clear(&err);
	pcap_conn_list_free(&list);
out:
	fx_free(&fx);

	fx_init(&fx, AF_INET);	/* mid-way: the lower port is the server */
	fx_seg(&fx, 0, FX_SERVER, FX_A, 5001, 101, 0, 65535, NULL);
	if (tap_ok(group(&fx, &list) == 0 && list.count == 1, "a mid-way connection")) {
		c = &list.conn[0];
		tap_ok(c->mid_way && c->passive == -1, "is flagged, with no passive side");
		tap_is_int(pcap_conn_default_local(c), 0,
			   "its default local side is the one with port 80");
		tap_is_int(pcap_conn_pick_local(c, "server", NULL, &err), -1,
			   "--local=server needs a SYN");
		error_clear(&err);
		pcap_conn_list_free(&list);
	}
	fx_free(&fx);
}

static void test_list_print(void)
{
	struct pcap_conn_list list;
	struct fx_text text;
	const char *s;
	struct fx fx;

	fx_init(&fx, AF_INET6);
	handshake(&fx, 0);
	if (group(&fx, &list) == 0 && fx_text_open(&text)) {
		pcap_conn_list_print(text.out, &fx.trace, &list);
		s = fx_text_close(&text);
		tap_ok(strstr(s, "TCP connections: 1, in 3 frames (raw IP)") != NULL,
		       "--list: the count");
		tap_ok(strstr(s, "1  [fd00::1]:40000-[fd00::2]:80  3 packets\n") != NULL,
		       "--list: the connection as --flow takes it");
		tap_ok(strstr(s, "   B [fd00::2]:80 (1 packets, 0 data bytes, server): "
			      "LISTEN SYN-RCVD ESTABLISHED\n") != NULL,
		       "--list: a side, its role and its states");
		free(text.buf);
		pcap_conn_list_free(&list);
	}
	fx_free(&fx);
}

int main(void)
{
	test_states();
	test_state_per_segment();
	test_grouping();
	test_endpoints();
	test_find_and_local();
	test_list_print();
	return tap_done();
}
