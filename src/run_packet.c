// SPDX-License-Identifier: GPL-2.0
/*
 * run_packet.c - packet events: build and inject inbound packets, sniff
 * and check outbound ones, and reset every connection at the end.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "netstat.h"
#include "packet.h"
#include "run_internal.h"
#include "timing.h"
#include "wire.h"

/*
 * An outbound packet later than its window is still waited for this long,
 * so that a late packet is reported as late ("happened at ...") rather than
 * as missing.
 */
#define RUN_LATE_GRACE_USECS 1000000

/* `*` waits without a deadline of its own; the runner's timeout ends it. */
#define RUN_ANY_TIME_WAIT_USECS (3600LL * 1000000)

/* ---- choosing the connection a packet line belongs to ---------------- */

static bool run_syn_only(uint16_t flags)
{
	return (flags & PACKET_TCP_SYN) && !(flags & PACKET_TCP_ACK);
}

static struct flow *run_flow_new_inbound(struct run *run,
					 const struct ast_packet *pkt)
{
	uint16_t remote_port = pkt->has_ports ? pkt->sport
					       : flow_table_next_remote_port(&run->flows);
	uint16_t local_port = pkt->has_ports ? pkt->dport : (uint16_t)run->cfg.bind_port;

	return flow_table_add(&run->flows, &run->local, local_port, &run->remote,
			      remote_port);
}

/*
 * packetdrill's rule: a SYN opens a new connection when the socket under
 * test is listening (or there is no connection yet); every other line
 * belongs to the current connection, or to the one its ports name.
 */
static struct flow *run_flow_for_inbound(struct run *run,
					 const struct ast_packet *pkt,
					 uint16_t flags)
{
	struct flow *flow;

	if (pkt->proto == AST_PROTO_TCP && run_syn_only(flags) &&
	    (run->mode == RUN_LISTENING || !run->flows.current)) {
		flow = run_flow_new_inbound(run, pkt);
		if (flow) {
			run->mode = RUN_CONNECTED;
			run->ut_first_flow_id = flow->id;
		}
		return flow;
	}
	if (pkt->has_ports) {
		flow = flow_table_find(&run->flows, pkt->dport, pkt->sport);
		if (flow) {
			run->flows.current = flow;
			return flow;
		}
		return run_flow_new_inbound(run, pkt);
	}
	if (run->flows.current)
		return run->flows.current;
	return run_flow_new_inbound(run, pkt);
}

/* ---- inbound ----------------------------------------------------------- */

static void run_ip_spec(struct run *run, struct packet_ip_spec *ip,
			const struct ast_ip_info *info, const struct flow *flow)
{
	ip->family = run->wire_family;
	memcpy(&ip->src, &flow->remote.v6, sizeof(ip->src));
	memcpy(&ip->dst, &flow->local.v6, sizeof(ip->dst));
	ip->tos = wire_tos(info);
	ip->flowlabel = info->has_flowlabel ? info->flowlabel : 0;
	ip->ttl = info->has_ttl ? info->ttl : 0;
}

/* The script's option values, with SACK edges and TS ecr made live. */
static int run_inbound_options(struct run *run, const struct ast_packet *pkt,
			       const struct flow *flow, uint16_t flags,
			       uint8_t *bytes, size_t *len, struct error *err)
{
	struct tcp_options opts;
	int i, j;

	if (wire_tcp_options(pkt->tcp.options, &opts, err))
		return -1;
	for (i = 0; i < opts.count; i++) {
		struct tcp_option *o = &opts.opt[i];

		if (o->type == TCP_OPTION_SACK)
			for (j = 0; j < o->sack.count; j++) {
				o->sack.block[j].left =
					flow_map_inbound_sack(flow, o->sack.block[j].left);
				o->sack.block[j].right =
					flow_map_inbound_sack(flow, o->sack.block[j].right);
			}
		/* Only an ACK's ecr echoes something (a SYN's is 0). */
		if (o->type == TCP_OPTION_TIMESTAMP && (flags & PACKET_TCP_ACK) &&
		    flow_map_inbound_ts_ecr(flow, o->ts.ecr, run->cfg.tcp_ts_ecr_scaled,
					    &o->ts.ecr, err))
			return -1;
	}
	return tcp_options_build(&opts, bytes, TCP_OPTIONS_MAX_BYTES, len, err);
}

static int run_inbound_tcp(struct run *run, const struct ast_packet *pkt,
			   struct flow *flow, uint16_t flags,
			   struct packet_spec *spec, uint8_t *opt_bytes,
			   struct error *err)
{
	bool syn = flags & PACKET_TCP_SYN;
	struct packet_tcp_spec *tcp = &spec->tcp;

	if (syn)
		flow_learn_remote_isn(flow, (uint32_t)pkt->tcp.seq_start);
	if ((flags & PACKET_TCP_ACK) && pkt->tcp.has_ack && !flow->local_isn_known)
		return error_set(err, "ack %u cannot be mapped: the kernel has not "
				 "sent its SYN yet", pkt->tcp.ack);
	spec->proto = IPPROTO_TCP;
	tcp->sport = flow->remote_port;
	tcp->dport = flow->local_port;
	tcp->seq = flow_map_inbound_seq(flow, (uint32_t)pkt->tcp.seq_start, syn);
	tcp->ack = flow_map_inbound_ack_field(flow, pkt->tcp.has_ack, pkt->tcp.ack,
					      flags & PACKET_TCP_ACK, syn);
	tcp->flags = flags;
	tcp->window = (uint16_t)pkt->tcp.win;
	tcp->urg_ptr = (uint16_t)pkt->tcp.urg;
	if (run_inbound_options(run, pkt, flow, flags, opt_bytes,
				&tcp->options_len, err))
		return -1;
	tcp->options = opt_bytes;
	spec->payload_len = (uint32_t)pkt->tcp.payload_len;
	flow->remote_next = tcp->seq + spec->payload_len + (syn ? 1 : 0) +
			    ((flags & PACKET_TCP_FIN) ? 1 : 0);
	flow->remote_next_known = true;
	return 0;
}

/* The packet an ICMP error quotes: one the kernel sent on this flow. */
static void run_icmp_quote(struct run *run, const struct ast_packet *pkt,
			   const struct flow *flow, struct packet_spec *quote)
{
	const struct ast_icmp *icmp = &pkt->icmp;

	memset(quote, 0, sizeof(*quote));
	quote->ip.family = run->wire_family;
	memcpy(&quote->ip.src, &flow->local.v6, sizeof(quote->ip.src));
	memcpy(&quote->ip.dst, &flow->remote.v6, sizeof(quote->ip.dst));
	if (icmp->echoed == AST_ICMP_ECHOED_UDP) {
		quote->proto = IPPROTO_UDP;
		quote->udp.sport = flow->local_port;
		quote->udp.dport = flow->remote_port;
		quote->payload_len = (uint32_t)icmp->echoed_len;
		return;
	}
	quote->proto = IPPROTO_TCP;
	quote->tcp.sport = flow->local_port;
	quote->tcp.dport = flow->remote_port;
	quote->tcp.flags = PACKET_TCP_ACK;
	/* Quoted seq numbers are the kernel's own: local sequence space. */
	quote->tcp.seq = flow_map_inbound_ack(flow, (uint32_t)icmp->echoed_seq_start,
					      false);
	quote->tcp.ack = flow->remote_next;
	quote->payload_len = (uint32_t)icmp->echoed_len;
}

static const char *run_icmp_name(const struct run *run)
{
	return run->wire_family == AF_INET6 ? "ICMPv6" : "ICMPv4";
}

/*
 * The corpus writes IPv4 names (frag_needed) in scripts it also runs over
 * IPv6, where packetdrill refuses them too: say that this is the case.
 */
static const char *run_icmp_other_family(const struct run *run, const char *type,
					 const char *code)
{
	int other = run->wire_family == AF_INET6 ? AF_INET : AF_INET6;
	uint8_t t, c;

	if (packet_icmp_type_parse(other, type, &t))
		return "";
	if (code && packet_icmp_code_parse(other, t, code, &c))
		return "";
	return other == AF_INET ? " (an ICMPv4 name: the line does not apply to IPv6)"
				: " (an ICMPv6 name: the line does not apply to IPv4)";
}

static int run_inbound_icmp(struct run *run, const struct ast_packet *pkt,
			    const struct flow *flow, struct packet_spec *spec,
			    struct packet_spec *quote, struct error *err)
{
	const struct ast_icmp *icmp = &pkt->icmp;
	struct packet_icmp_spec *out = &spec->icmp;

	spec->proto = run->wire_family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	if (packet_icmp_type_parse(run->wire_family, icmp->type, &out->type))
		return error_set(err, "%s has no type '%s'%s", run_icmp_name(run),
				 icmp->type, run_icmp_other_family(run, icmp->type, NULL));
	if (icmp->code &&
	    packet_icmp_code_parse(run->wire_family, out->type, icmp->code, &out->code))
		return error_set(err, "%s type '%s' has no code '%s'%s",
				 run_icmp_name(run), icmp->type, icmp->code,
				 run_icmp_other_family(run, icmp->type, icmp->code));
	out->has_mtu = icmp->has_mtu;
	out->mtu = icmp->mtu;
	out->id = (uint16_t)icmp->id;
	if (packet_icmp_is_error(run->wire_family, out->type)) {
		run_icmp_quote(run, pkt, flow, quote);
		out->quote = quote;
	}
	return 0;
}

static int run_inbound_layers(const struct ast_packet *pkt,
			      struct packet_spec *spec, struct error *err)
{
	const struct ast_layer *l;

	for (l = pkt->layers; l; l = l->next) {
		struct packet_layer_spec *out;

		if (spec->outer_count == PACKET_MAX_OUTER)
			return error_set(err, "too many encapsulation layers");
		out = &spec->outer[spec->outer_count++];
		out->kind = (enum packet_layer_kind)l->kind;
		if (l->kind == AST_LAYER_IPV4 || l->kind == AST_LAYER_IPV6) {
			out->ip.family = l->kind == AST_LAYER_IPV4 ? AF_INET : AF_INET6;
			if (inet_pton(out->ip.family, l->src, &out->ip.src) != 1 ||
			    inet_pton(out->ip.family, l->dst, &out->ip.dst) != 1)
				return error_set(err, "bad address in '%s > %s'",
						 l->src, l->dst);
			out->ip.tos = wire_tos(&l->ip_info);
			out->ip.ttl = l->ip_info.has_ttl ? l->ip_info.ttl : 0;
		} else if (l->kind == AST_LAYER_GRE) {
			out->gre.flags = (uint16_t)l->gre_flags;
			out->gre.key = l->gre_key;
			out->gre.seq = l->gre_seq;
		} else {
			const struct ast_mpls_entry *e;

			for (e = l->mpls; e && out->mpls.count < PACKET_MPLS_MAX; e = e->next) {
				struct packet_mpls_entry *m =
					&out->mpls.entry[out->mpls.count++];

				m->label = e->label;
				m->tc = e->tc;
				m->bottom = e->bottom;
				m->ttl = e->ttl;
			}
		}
	}
	return 0;
}

static int run_inbound_spec(struct run *run, const struct ast_packet *pkt,
			    struct flow *flow, uint16_t flags,
			    struct packet_spec *spec, struct packet_spec *quote,
			    uint8_t *opt_bytes, struct error *err)
{
	memset(spec, 0, sizeof(*spec));
	run_ip_spec(run, &spec->ip, &pkt->ip_info, flow);
	if (run_inbound_layers(pkt, spec, err))
		return -1;
	switch (pkt->proto) {
	case AST_PROTO_TCP:
		return run_inbound_tcp(run, pkt, flow, flags, spec, opt_bytes, err);
	case AST_PROTO_UDP:
		spec->proto = IPPROTO_UDP;
		spec->udp.sport = flow->remote_port;
		spec->udp.dport = flow->local_port;
		spec->payload_len = (uint32_t)pkt->udp.payload_len;
		return 0;
	case AST_PROTO_ICMP:
		return run_inbound_icmp(run, pkt, flow, spec, quote, err);
	}
	return 0;
}

int run_capture(struct run *run, const void *bytes, size_t len,
		int64_t live_usecs)
{
	struct timespec ts = timing_usecs_to_timespec(live_usecs);
	struct error err = { 0 };

	if (!run->capture)
		return 0;
	if (capture_write(run->capture, bytes, len, &ts, &err)) {
		verdict_add_details(run->verdict, "capture: %s", err.message);
		error_clear(&err);
		return -1;
	}
	return 0;
}

/*
 * -v: each packet at its actual time, in script syntax with script-space
 * numbers; -vv adds the raw tcpdump-like line with live numbers.
 */
static void run_trace_packet(const struct run *run, const char *dir,
			     int64_t live_usecs, const char *script_text,
			     const uint8_t *bytes, size_t len)
{
	struct error err = { 0 };
	struct packet pkt;
	char *raw;

	if (!run->cfg.verbose)
		return;
	run_trace(run, "%9.6f %s%s\n", (live_usecs - run->live_start) / 1e6, dir,
		  script_text ? script_text : "?");
	if (run->cfg.verbose < 2 || packet_parse(bytes, len, &pkt, &err) < 0) {
		error_clear(&err);
		return;
	}
	raw = packet_to_string_raw(&pkt);
	run_trace(run, "          live: %s\n", raw ? raw : "?");
	free(raw);
}

static char *run_script_packet_text(const struct ast_packet *script);

static int run_inbound(struct run *run, const struct ast_event *event,
		       const struct run_when *when)
{
	const struct ast_packet *pkt = event->packet;
	uint8_t opt_bytes[TCP_OPTIONS_MAX_BYTES];
	struct packet_spec spec, quote;
	struct error err = { 0 };
	uint16_t flags = 0;
	struct flow *flow;
	size_t len = 0;
	int64_t sent;

	if (pkt->proto == AST_PROTO_TCP && wire_tcp_flags(pkt, &flags, &err))
		goto fail;
	flow = run_flow_for_inbound(run, pkt, flags);
	if (!flow) {
		error_set(&err, "out of memory");
		goto fail;
	}
	if (run_inbound_spec(run, pkt, flow, flags, &spec, &quote, opt_bytes, &err) ||
	    packet_build(&spec, run->buf, RUN_BUF_SIZE, &len, &err))
		goto fail;
	run_wait_until_script(run, when->start);
	/* The kernel handles the packet inside write(): stamp it before. */
	sent = timing_now_usecs();
	/* --mss: TCP packets go in as GSO packets of that segment size. */
	if (tun_write_gso(run->tun, run->buf, len, pkt->proto == AST_PROTO_TCP ?
			  (unsigned int)run->cfg.mss : 0, &err))
		goto fail;
	run->event_end = sent;
	run_capture(run, run->buf, len, sent);
	if (run->cfg.verbose) {
		char *text = run_script_packet_text(pkt), *line = NULL;

		/* The lag behind the due time shows how exact injection is. */
		if (text && asprintf(&line, "%s  // due %.6f", text, when->start / 1e6) < 0)
			line = NULL;
		run_trace_packet(run, "", sent, line ? line : text, run->buf, len);
		free(line);
		free(text);
	}
	return 0;
fail:
	run_fail(run, event, RUN_FAIL_PACKET, "%s", err.message);
	error_clear(&err);
	return -1;
}

/* ---- outbound ---------------------------------------------------------- */

/* One packet read from the TUN, parsed, with its kernel timestamp. */
struct run_sniffed {
	uint8_t *bytes;
	size_t len;
	struct packet pkt;
	int64_t when;		/* live usecs */
};

/* Packets of our own peer: from our address, TCP, UDP or ICMP. */
static bool run_is_test_packet(const struct run *run, const struct packet *pkt)
{
	size_t addr_len = run->wire_family == AF_INET ? 4 : 16;

	if (pkt->ip.family != run->wire_family ||
	    memcmp(&pkt->ip.src, &run->local.v6, addr_len) != 0)
		return false;
	return pkt->proto == IPPROTO_TCP || pkt->proto == IPPROTO_UDP ||
	       pkt->proto == IPPROTO_ICMP || pkt->proto == IPPROTO_ICMPV6;
}

/*
 * Packets the device sent that were not the test's (another address, a
 * protocol tcpdrill does not check, bytes that do not parse) are skipped;
 * the last few are kept so that a "timed out" failure can show them.
 */
static void run_note_ignored(struct run *run, const struct run_sniffed *got,
			     const char *why)
{
	char *text = why ? NULL : packet_to_string_raw(&got->pkt);
	char **slot = &run->ignored[run->ignored_count++ % RUN_IGNORED_KEPT];

	free(*slot);
	if (asprintf(slot, "%9.6f %s", (got->when - run->live_start) / 1e6,
		     why ? why : text ? text : "?") < 0)
		*slot = NULL;
	free(text);
}

/* The kernel's own account of what it dropped, in this fresh namespace. */
static void run_drop_details(struct run *run)
{
	char *drops = netstat_drops();

	if (drops && *drops)
		verdict_add_details(run->verdict, "kernel drop and error counters: %s",
				    drops);
	free(drops);
}

static void run_ignored_details(struct run *run)
{
	int first = run->ignored_count > RUN_IGNORED_KEPT ?
		    run->ignored_count - RUN_IGNORED_KEPT : 0, i;

	if (run->ignored_count)
		verdict_add_details(run->verdict, "packets sent meanwhile that are "
				    "not the test's: %d", run->ignored_count);
	for (i = first; i < run->ignored_count; i++)
		if (run->ignored[i % RUN_IGNORED_KEPT])
			verdict_add_details(run->verdict, "  ignored: %s",
					    run->ignored[i % RUN_IGNORED_KEPT]);
}

/*
 * packetdrill checks only the packets of the socket under test: once the
 * script made a new socket, or a new connection took over, what an older
 * connection still sends (an ACK of its peer's FIN, a retransmission) is
 * not the script's next packet - unless the line names that connection's
 * ports.
 */
static bool run_is_old_socket_packet(const struct run *run, const struct packet *pkt,
				     const struct ast_packet *script)
{
	const struct flow *flow;
	uint16_t sport, dport;

	if (pkt->proto == IPPROTO_TCP) {
		sport = pkt->tcp.sport;
		dport = pkt->tcp.dport;
	} else if (pkt->proto == IPPROTO_UDP) {
		sport = pkt->udp.sport;
		dport = pkt->udp.dport;
	} else {
		return false;
	}
	flow = flow_table_find(&run->flows, sport, dport);
	if (!flow || flow->id >= run->ut_first_flow_id)
		return false;
	return !(script && script->has_ports && script->sport == sport &&
		 script->dport == dport);
}

/*
 * The next packet of the test before the live deadline: 1 when one came,
 * 0 at the deadline, -1 on error. Packets of no interest are captured and
 * skipped.
 */
static int run_sniff(struct run *run, int64_t deadline, struct run_sniffed *out,
		     const struct ast_packet *script, struct error *err)
{
	struct timespec limit = timing_usecs_to_timespec(deadline), when;
	int ready, got;

	for (;;) {
		ready = tun_wait(run->tun, &limit, err);
		if (ready <= 0)
			return ready;
		got = tun_read(run->tun, out->bytes, RUN_BUF_SIZE, &out->len, &when, err);
		if (got < 0)
			return -1;
		if (got == 0)
			continue;
		out->when = timing_timespec_to_usecs(&when);
		run_capture(run, out->bytes, out->len, out->when);
		if (packet_parse(out->bytes, out->len, &out->pkt, err) < 0) {
			run_note_ignored(run, out, err->message);
			error_clear(err);
			continue;
		}
		if (run_is_test_packet(run, &out->pkt) &&
		    !run_is_old_socket_packet(run, &out->pkt, script))
			return 1;
		run_note_ignored(run, out, NULL);
	}
}

static struct flow *run_flow_for_outbound(struct run *run,
					  const struct ast_packet *script,
					  const struct packet *pkt)
{
	uint16_t sport = pkt->proto == IPPROTO_UDP ? pkt->udp.sport : pkt->tcp.sport;
	uint16_t dport = pkt->proto == IPPROTO_UDP ? pkt->udp.dport : pkt->tcp.dport;
	struct flow_addr dst = { .family = run->wire_family };
	struct flow *flow;

	if (pkt->proto == IPPROTO_TCP && run_syn_only(pkt->tcp.flags) &&
	    run->mode == RUN_CONNECTING) {
		memcpy(&dst.v6, &pkt->ip.dst, sizeof(dst.v6));
		flow = flow_table_add(&run->flows, &run->local, sport, &dst, dport);
		if (flow) {
			run->ut_first_flow_id = flow->id;
			flow_learn_local_isn(flow, (uint32_t)script->tcp.seq_start,
					     pkt->tcp.seq);
			run->mode = RUN_CONNECTED;
		}
		return flow;
	}
	flow = flow_table_find(&run->flows, sport, dport);
	if (flow)
		run->flows.current = flow;
	return flow;
}

static bool run_script_has_ts(const struct ast_packet *script, uint32_t *val)
{
	const struct ast_tcp_option *o;

	for (o = script ? script->tcp.options : NULL; o; o = o->next)
		if (o->kind == AST_TCPOPT_TIMESTAMP) {
			*val = o->ts_val;
			return true;
		}
	return false;
}

/* Rewrite a TCP packet's numbers into script space (a copy is printed). */
static void run_map_outbound(struct flow *flow, const struct ast_packet *script,
			     struct packet *pkt)
{
	struct tcp_option *ts = tcp_options_find(&pkt->tcp.options, TCP_OPTION_TIMESTAMP);
	struct tcp_option *sack = tcp_options_find(&pkt->tcp.options, TCP_OPTION_SACK);
	bool syn = pkt->tcp.flags & PACKET_TCP_SYN;
	uint32_t script_val;
	int i;

	if (syn && !flow->local_isn_known && script)
		flow_learn_local_isn(flow, (uint32_t)script->tcp.seq_start, pkt->tcp.seq);
	pkt->tcp.seq = flow_map_outbound_seq(flow, pkt->tcp.seq, syn);
	if (pkt->tcp.flags & PACKET_TCP_ACK)
		pkt->tcp.ack = flow_map_outbound_ack(flow, pkt->tcp.ack, syn);
	for (i = 0; sack && i < sack->sack.count; i++) {
		sack->sack.block[i].left = flow_map_outbound_sack(flow, sack->sack.block[i].left);
		sack->sack.block[i].right = flow_map_outbound_sack(flow, sack->sack.block[i].right);
	}
	if (ts && run_script_has_ts(script, &script_val))
		ts->ts.val = flow_map_outbound_ts_val(flow, script_val, ts->ts.val);
	else if (ts)
		ts->ts.val = flow_show_outbound_ts_val(flow, ts->ts.val);
}

static uint32_t run_sniffed_payload(const struct packet *pkt)
{
	return pkt->proto == IPPROTO_TCP || pkt->proto == IPPROTO_UDP ? pkt->payload_len : 0;
}

/*
 * TSO/GSO: the kernel may send the script's one segment as several. Join
 * contiguous segments of the same connection until the script's length is
 * reached, reading the pieces as one the way packetdrill does (see
 * packet_tcp_join(): e.g. a retransmission sent as "P. 4001:6001" then
 * ". 6001:7001" matches a script's ". 4001:7001").
 */
static int run_join_segments(struct run *run, const struct ast_packet *script,
			     struct run_sniffed *first, int64_t deadline,
			     uint32_t *payload, struct error *err)
{
	uint32_t want = wire_payload_len(script);
	uint32_t next_seq = first->pkt.tcp.seq + first->pkt.payload_len;
	struct run_sniffed more = { .bytes = malloc(RUN_BUF_SIZE) };
	int ret = 0;

	*payload = run_sniffed_payload(&first->pkt);
	while (ret == 0 && more.bytes && first->pkt.proto == IPPROTO_TCP &&
	       *payload > 0 && *payload < want && !run->cfg.strict_segments) {
		int got = run_sniff(run, deadline, &more, script, err);

		if (got <= 0) {
			ret = got;
			break;
		}
		if (more.pkt.proto != IPPROTO_TCP ||
		    more.pkt.tcp.sport != first->pkt.tcp.sport ||
		    more.pkt.tcp.dport != first->pkt.tcp.dport ||
		    more.pkt.tcp.seq != next_seq)
			break;
		*payload += more.pkt.payload_len;
		next_seq += more.pkt.payload_len;
		packet_tcp_join(&first->pkt, &more.pkt);
	}
	free(more.bytes);
	return ret;
}

static char *run_script_packet_text(const struct ast_packet *script)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return NULL;
	ast_dump_packet(out, script);
	fclose(out);
	return buf;
}

static void run_packet_details(struct run *run, const struct ast_packet *script,
			       const struct run_when *when,
			       const struct run_sniffed *actual)
{
	char *want = run_script_packet_text(script);
	unsigned int flags = script->ip_info.ecn != AST_ECN_UNSET ? PACKET_PRINT_ECN : 0;
	char *got = actual ? packet_to_string(&actual->pkt, flags) : NULL;

	verdict_add_details(run->verdict, "script packet: %9.6f %s", when->start / 1e6,
			    want ? want : "?");
	if (actual)
		verdict_add_details(run->verdict, "actual packet: %9.6f %s",
				    (actual->when - run->live_start) / 1e6, got ? got : "?");
	free(want);
	free(got);
}

static int run_check_outbound(struct run *run, const struct ast_event *event,
			      const struct run_when *when, struct run_sniffed *got,
			      int64_t deadline)
{
	struct match_config mc = {
		.tcp_ts_tick_usecs = run->cfg.tcp_ts_tick_usecs,
		.strict = run->cfg.strict,
	};
	const struct ast_packet *script = event->packet;
	struct error err = { 0 };
	struct flow *flow;
	uint32_t payload = 0;

	/*
	 * A TUN device asks for no checksum offload, so the kernel hands it
	 * packets with full checksums: --strict can verify them.
	 */
	if (run->cfg.strict &&
	    packet_verify_checksums(&got->pkt, PACKET_CHECK_ALL, &err) < 0)
		goto fail;
	flow = run_flow_for_outbound(run, script, &got->pkt);
	if (run_join_segments(run, script, got, deadline, &payload, &err) < 0) {
		run_abort(run, event, "%s", err.message);
		error_clear(&err);
		return -1;
	}
	/* Joined pieces print as the one segment the script wrote. */
	if (got->pkt.proto == IPPROTO_TCP)
		got->pkt.payload_len = payload;
	if (flow && got->pkt.proto == IPPROTO_TCP)
		run_map_outbound(flow, script, &got->pkt);
	/* TS val may drift by the tolerance over the whole run (packetdrill). */
	mc.ts_tolerance_usecs = timing_tolerance_usecs(run->cfg.tolerance_usecs,
						       run->cfg.tolerance_percent,
						       when->start);
	if (match_outbound(script, &got->pkt, payload, &mc, &err))
		goto fail;
	if (run->cfg.verbose) {
		char *text = packet_to_string(&got->pkt, 0), *line = NULL;

		if (text && asprintf(&line, "%s  // expected %.6f%s", text,
				     when->start / 1e6, when->any ? " (any time)" : "") < 0)
			line = NULL;
		run_trace_packet(run, "> ", got->when, line ? line : text, got->bytes,
				 got->len);
		free(line);
		free(text);
	}
	run->event_end = got->when;
	if (run_check_time(run, event, when, got->when, "outbound packet")) {
		run_packet_details(run, script, when, got);
		return -1;
	}
	return 0;
fail:
	run_fail(run, event, RUN_FAIL_PACKET, "%s", err.message);
	run_packet_details(run, script, when, got);
	error_clear(&err);
	return -1;
}

static int run_outbound(struct run *run, const struct ast_event *event,
			const struct run_when *when)
{
	struct run_sniffed got = { .bytes = run->buf };
	struct error err = { 0 };
	int64_t deadline;
	int found;

	if (when->any)
		deadline = timing_now_usecs() + RUN_ANY_TIME_WAIT_USECS;
	else
		deadline = run_script_to_live(run, when->end + when->tolerance +
						   RUN_LATE_GRACE_USECS);
	found = run_sniff(run, deadline, &got, event->packet, &err);
	if (found < 0) {
		/* reading the device failed: nothing the kernel did */
		run_abort(run, event, "%s", err.message);
		error_clear(&err);
		return -1;
	}
	if (found == 0) {
		run_fail(run, event, RUN_FAIL_PACKET,
			 "timed out waiting for packet: expected at %.6f sec, "
			 "nothing sent by %.6f sec", when->start / 1e6,
			 (deadline - run->live_start) / 1e6);
		run_packet_details(run, event->packet, when, NULL);
		run_ignored_details(run);
		run_drop_details(run);
		return -1;
	}
	return run_check_outbound(run, event, when, &got, deadline);
}

int run_packet_event(struct run *run, const struct ast_event *event,
		     const struct run_when *when)
{
	if (event->packet->direction == AST_DIR_INBOUND)
		return run_inbound(run, event, when);
	return run_outbound(run, event, when);
}

/* ---- the end: nothing more expected, then reset what is still open ---- */

/*
 * How long --strict keeps listening after the last event for a packet the
 * script did not expect: long enough for an immediate reply or a delayed
 * ACK (40 ms), short enough not to wait for retransmission timers.
 */
#define RUN_STRICT_GRACE_USECS 100000

int run_strict_check_quiet(struct run *run, const struct ast_event *last)
{
	struct run_sniffed got = { .bytes = run->buf };
	struct error err = { 0 };
	struct flow *flow;
	int found;
	char *text;

	found = run_sniff(run, timing_now_usecs() + RUN_STRICT_GRACE_USECS, &got, NULL,
			  &err);
	if (found < 0) {
		/* lost captures: whether the kernel was quiet is not known */
		run_abort(run, last, "%s", err.message);
		error_clear(&err);
		return -1;
	}
	if (found == 0)
		return 0;
	flow = got.pkt.proto == IPPROTO_TCP ?
	       flow_table_find(&run->flows, got.pkt.tcp.sport, got.pkt.tcp.dport) : NULL;
	if (flow)
		run_map_outbound(flow, NULL, &got.pkt);
	text = packet_to_string(&got.pkt, 0);
	run_fail(run, last, RUN_FAIL_PACKET, "unexpected outbound packet after the "
		 "last event (--strict): %9.6f > %s",
		 (got.when - run->live_start) / 1e6, text ? text : "?");
	free(text);
	return -1;
}

/*
 * An RST at the peer's next sequence number closes a connection at once
 * (RFC 5961 accepts it only there), so nothing lingers after the run.
 */
void run_reset_flows(struct run *run)
{
	struct flow *flow;

	for (flow = run->flows.head; flow; flow = flow->next) {
		struct packet_spec spec = { 0 };
		struct error err = { 0 };
		size_t len = 0;

		if (!flow->remote_next_known || flow->reset_sent)
			continue;
		spec.ip.family = run->wire_family;
		memcpy(&spec.ip.src, &flow->remote.v6, sizeof(spec.ip.src));
		memcpy(&spec.ip.dst, &flow->local.v6, sizeof(spec.ip.dst));
		spec.proto = IPPROTO_TCP;
		spec.tcp.sport = flow->remote_port;
		spec.tcp.dport = flow->local_port;
		spec.tcp.seq = flow->remote_next;
		spec.tcp.flags = PACKET_TCP_RST;
		if (packet_build(&spec, run->buf, RUN_BUF_SIZE, &len, &err) == 0 &&
		    tun_write(run->tun, run->buf, len, &err) == 0) {
			run_capture(run, run->buf, len, timing_now_usecs());
			flow->reset_sent = true;
		}
		error_clear(&err);
	}
}
