// SPDX-License-Identifier: GPL-2.0
/* match.c - field-by-field comparison of outbound packets; see match.h. */
#include "match.h"

#include <stdlib.h>
#include <string.h>

#include "wire.h"

static int match_field(const char *name, uint32_t expected, uint32_t actual,
		       struct error *err)
{
	if (expected == actual)
		return 0;
	return error_set(err, "live packet field %s: expected: %u (0x%x) vs "
			 "actual: %u (0x%x)", name, expected, expected, actual,
			 actual);
}

static int match_ecn(int ecn, uint8_t tos, struct error *err)
{
	static const uint8_t bits[] = {
		[AST_ECN_NOECN] = PACKET_ECN_NOT_ECT, [AST_ECN_ECT1] = PACKET_ECN_ECT1,
		[AST_ECN_ECT0] = PACKET_ECN_ECT0, [AST_ECN_CE] = PACKET_ECN_CE,
	};
	uint8_t actual = tos & PACKET_ECN_MASK;

	if (ecn == AST_ECN_UNSET)
		return 0;
	if (ecn == AST_ECN_ECT01) {
		if (actual == PACKET_ECN_ECT0 || actual == PACKET_ECN_ECT1)
			return 0;
		return error_set(err, "live packet field ip_ecn: expected: 0x1 or "
				 "0x2 vs actual: 0x%x", actual);
	}
	return match_field("ip_ecn", bits[ecn], actual, err);
}

static int match_ip(const struct ast_ip_info *info, const struct packet_ip *ip,
		    struct error *err)
{
	if (match_ecn(info->ecn, ip->tos, err))
		return -1;
	if (info->has_tos && match_field("ip_tos", info->tos, ip->tos, err))
		return -1;
	if (info->has_ttl && match_field("ip_ttl", info->ttl, ip->ttl, err))
		return -1;
	if (info->has_flowlabel && ip->family == AF_INET6 &&
	    match_field("ipv6_flow_label", info->flowlabel, ip->flowlabel, err))
		return -1;
	return 0;
}

static const char *match_proto_name(int ast_proto)
{
	static const char *const names[] = {
		[AST_PROTO_TCP] = "TCP", [AST_PROTO_UDP] = "UDP",
		[AST_PROTO_ICMP] = "ICMP",
	};

	return names[ast_proto];
}

static int match_proto(const struct ast_packet *script,
		       const struct packet *actual, struct error *err)
{
	static const uint8_t ip_protos[] = {
		[AST_PROTO_TCP] = IPPROTO_TCP, [AST_PROTO_UDP] = IPPROTO_UDP,
	};
	uint8_t want;

	if (script->proto == AST_PROTO_ICMP)
		want = actual->ip.family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	else
		want = ip_protos[script->proto];
	if (actual->proto == want)
		return 0;
	return error_set(err, "live packet protocol: expected %s vs actual IP "
			 "protocol %u", match_proto_name(script->proto),
			 actual->proto);
}

static int match_ports(const struct ast_packet *script, uint16_t sport,
		       uint16_t dport, struct error *err)
{
	if (!script->has_ports)
		return 0;
	if (match_field("src_port", script->sport, sport, err))
		return -1;
	return match_field("dst_port", script->dport, dport, err);
}

static int match_tcp_flags(const struct ast_packet *script, uint16_t actual,
			   struct error *err)
{
	char want_text[PACKET_TCP_FLAGS_LEN], got_text[PACKET_TCP_FLAGS_LEN];
	uint16_t want;

	if (wire_tcp_flags(script, &want, err))
		return -1;
	if (want == actual)
		return 0;
	return error_set(err, "live packet field tcp_flags: expected: %s vs "
			 "actual: %s",
			 packet_tcp_flags_string(want, false, want_text),
			 packet_tcp_flags_string(actual, false, got_text));
}

static int match_option_mismatch(int index, const struct tcp_option *want,
				 const struct tcp_option *got, struct error *err)
{
	struct tcp_options one = { .count = 1 }, other = { .count = 1 };
	char *a, *b;

	one.opt[0] = *want;
	other.opt[0] = *got;
	a = tcp_options_to_string(&one);
	b = tcp_options_to_string(&other);
	error_set(err, "bad outbound TCP option %d: expected: %s vs actual: %s",
		  index + 1, a ? a : "?", b ? b : "?");
	free(a);
	free(b);
	return -1;
}

static int match_ts(int index, const struct tcp_option *want,
		    const struct tcp_option *got, const struct match_config *cfg,
		    struct error *err)
{
	int64_t off = (int64_t)(int32_t)(got->ts.val - want->ts.val);

	if (cfg->tcp_ts_tick_usecs &&
	    llabs(off) * cfg->tcp_ts_tick_usecs > cfg->ts_tolerance_usecs)
		return error_set(err, "bad outbound TCP timestamp value: expected "
				 "TS val %u vs actual %u (tolerance %lld us at "
				 "%lld us per tick)", want->ts.val, got->ts.val,
				 (long long)cfg->ts_tolerance_usecs,
				 (long long)cfg->tcp_ts_tick_usecs);
	if (cfg->strict && want->ts.ecr != got->ts.ecr)
		return match_option_mismatch(index, want, got, err);
	return 0;
}

/* Same type and same value; TS follows SPEC §5. */
static int match_option(int index, const struct tcp_option *want,
			const struct tcp_option *got,
			const struct match_config *cfg, struct error *err)
{
	if (want->type != got->type)
		return match_option_mismatch(index, want, got, err);
	switch (want->type) {
	case TCP_OPTION_MSS:
		return want->mss == got->mss ? 0 : match_option_mismatch(index, want, got, err);
	case TCP_OPTION_WSCALE:
		return want->wscale == got->wscale ? 0
			: match_option_mismatch(index, want, got, err);
	case TCP_OPTION_TIMESTAMP:
		return match_ts(index, want, got, cfg, err);
	case TCP_OPTION_SACK:
		if (want->sack.count == got->sack.count &&
		    memcmp(want->sack.block, got->sack.block,
			   want->sack.count * sizeof(want->sack.block[0])) == 0)
			return 0;
		return match_option_mismatch(index, want, got, err);
	case TCP_OPTION_MD5:
		/* A digest depends on the secret and the segment: length only. */
		return 0;
	case TCP_OPTION_FASTOPEN:
	case TCP_OPTION_FASTOPEN_EXP:
	case TCP_OPTION_UNKNOWN:
		if (want->kind == got->kind && want->data.len == got->data.len &&
		    memcmp(want->data.bytes, got->data.bytes, want->data.len) == 0)
			return 0;
		return match_option_mismatch(index, want, got, err);
	default:
		return 0;
	}
}

static int match_tcp_options(const struct ast_packet *script,
			     const struct tcp_options *got,
			     const struct match_config *cfg, struct error *err)
{
	struct tcp_options want;
	int i;

	if (script->tcp.options_any)
		return 0;
	if (wire_tcp_options(script->tcp.options, &want, err))
		return -1;
	if (want.count != got->count) {
		char *a = tcp_options_to_string(&want), *b = tcp_options_to_string(got);

		error_set(err, "bad outbound TCP options: expected: <%s> vs actual: <%s>",
			  a ? a : "?", b ? b : "?");
		free(a);
		free(b);
		return -1;
	}
	for (i = 0; i < want.count; i++)
		if (match_option(i, &want.opt[i], &got->opt[i], cfg, err))
			return -1;
	return 0;
}

static int match_tcp(const struct ast_packet *script, const struct packet *actual,
		     uint32_t payload_len, const struct match_config *cfg,
		     struct error *err)
{
	const struct ast_tcp *t = &script->tcp;
	const struct packet_tcp *a = &actual->tcp;

	if (match_ports(script, a->sport, a->dport, err) ||
	    match_tcp_flags(script, a->flags, err) ||
	    match_field("tcp_seq", (uint32_t)t->seq_start, a->seq, err))
		return -1;
	if ((uint32_t)t->payload_len != payload_len)
		return error_set(err, "live packet payload: expected %u bytes vs "
				 "actual %u bytes", (uint32_t)t->payload_len,
				 payload_len);
	if (t->has_ack && match_field("tcp_ack", t->ack, a->ack, err))
		return -1;
	if (t->has_win && match_field("tcp_window", t->win, a->window, err))
		return -1;
	if (t->has_urg && match_field("tcp_urg_ptr", t->urg, a->urg_ptr, err))
		return -1;
	return match_tcp_options(script, &a->options, cfg, err);
}

static int match_icmp(const struct ast_packet *script,
		      const struct packet *actual, struct error *err)
{
	const struct ast_icmp *i = &script->icmp;
	uint8_t type, code;

	if (packet_icmp_type_parse(actual->ip.family, i->type, &type) == 0 &&
	    match_field("icmp_type", type, actual->icmp.type, err))
		return -1;
	if (i->code && packet_icmp_code_parse(actual->ip.family, type, i->code,
					      &code) == 0 &&
	    match_field("icmp_code", code, actual->icmp.code, err))
		return -1;
	if (i->has_mtu && match_field("icmp_mtu", i->mtu, actual->icmp.mtu, err))
		return -1;
	return 0;
}

int match_outbound(const struct ast_packet *script, const struct packet *actual,
		   uint32_t payload_len, const struct match_config *cfg,
		   struct error *err)
{
	if (match_proto(script, actual, err) ||
	    match_ip(&script->ip_info, &actual->ip, err))
		return -1;
	switch (script->proto) {
	case AST_PROTO_TCP:
		return match_tcp(script, actual, payload_len, cfg, err);
	case AST_PROTO_UDP:
		if (match_ports(script, actual->udp.sport, actual->udp.dport, err))
			return -1;
		return match_field("udp_payload_len",
				   (uint32_t)script->udp.payload_len, payload_len, err);
	case AST_PROTO_ICMP:
		return match_icmp(script, actual, err);
	}
	return 0;
}
