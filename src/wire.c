// SPDX-License-Identifier: GPL-2.0
/* wire.c - script packet fields as wire values; see wire.h. */
#include "wire.h"

#include <stdlib.h>
#include <string.h>

/* AccECN option kinds (draft-ietf-tcpm-accurate-ecn): order 0 and 1. */
#define WIRE_ACCECN0_KIND 172
#define WIRE_ACCECN1_KIND 174

int wire_tcp_flags(const struct ast_packet *pkt, uint16_t *flags,
		   struct error *err)
{
	return packet_tcp_flags_parse(pkt->tcp.flags, flags, err);
}

static int wire_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Lower-case hex text into bytes; the parser has checked the digits. */
static int wire_hex_bytes(const char *hex, uint8_t *out, size_t cap,
			  uint8_t *len, struct error *err)
{
	size_t n = hex ? strlen(hex) : 0, i;

	if (n % 2 || n / 2 > cap)
		return error_set(err, "option data '%s' is not %zu bytes of hex "
				 "at most", hex, cap);
	for (i = 0; i < n / 2; i++) {
		int hi = wire_hex_value(hex[2 * i]), lo = wire_hex_value(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return error_set(err, "bad hex in option data '%s'", hex);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = (uint8_t)(n / 2);
	return 0;
}

static int wire_sack(const struct ast_tcp_option *in, struct tcp_option *out,
		     struct error *err)
{
	const struct ast_sack_block *b;

	for (b = in->sack; b; b = b->next) {
		if (out->sack.count == TCP_OPTION_SACK_MAX_BLOCKS)
			return error_set(err, "more than %d SACK blocks",
					 TCP_OPTION_SACK_MAX_BLOCKS);
		out->sack.block[out->sack.count].left = b->left;
		out->sack.block[out->sack.count].right = b->right;
		out->sack.count++;
	}
	return 0;
}

/* AccECN: three 24-bit counters, in the order the kind says. */
static int wire_accecn(const struct ast_tcp_option *in, struct tcp_option *out)
{
	int i;

	out->kind = in->accecn_e1b_first ? WIRE_ACCECN1_KIND : WIRE_ACCECN0_KIND;
	for (i = 0; i < in->accecn_count && i < 3; i++) {
		out->data.bytes[3 * i] = (uint8_t)(in->accecn[i] >> 16);
		out->data.bytes[3 * i + 1] = (uint8_t)(in->accecn[i] >> 8);
		out->data.bytes[3 * i + 2] = (uint8_t)in->accecn[i];
	}
	out->data.len = (uint8_t)(3 * i);
	return 0;
}

static const enum tcp_option_type wire_option_types[] = {
	[AST_TCPOPT_EOL] = TCP_OPTION_EOL,
	[AST_TCPOPT_NOP] = TCP_OPTION_NOP,
	[AST_TCPOPT_MSS] = TCP_OPTION_MSS,
	[AST_TCPOPT_WSCALE] = TCP_OPTION_WSCALE,
	[AST_TCPOPT_SACK_PERM] = TCP_OPTION_SACK_PERMITTED,
	[AST_TCPOPT_SACK] = TCP_OPTION_SACK,
	[AST_TCPOPT_TIMESTAMP] = TCP_OPTION_TIMESTAMP,
	[AST_TCPOPT_FASTOPEN] = TCP_OPTION_FASTOPEN,
	[AST_TCPOPT_FASTOPEN_EXP] = TCP_OPTION_FASTOPEN_EXP,
	[AST_TCPOPT_MD5] = TCP_OPTION_MD5,
	[AST_TCPOPT_GENERIC] = TCP_OPTION_UNKNOWN,
	[AST_TCPOPT_ACCECN] = TCP_OPTION_UNKNOWN,
};

static int wire_tcp_option(const struct ast_tcp_option *in,
			   struct tcp_option *out, struct error *err)
{
	switch (in->kind) {
	case AST_TCPOPT_MSS:
		out->mss = (uint16_t)in->value;
		return 0;
	case AST_TCPOPT_WSCALE:
		out->wscale = (uint8_t)in->value;
		return 0;
	case AST_TCPOPT_SACK:
		return wire_sack(in, out, err);
	case AST_TCPOPT_TIMESTAMP:
		out->ts.val = in->ts_val;
		out->ts.ecr = in->ts_ecr;
		return 0;
	case AST_TCPOPT_MD5:
		if (wire_hex_bytes(in->hex, out->data.bytes, 16, &out->data.len, err))
			return -1;
		out->data.len = 16;	/* an empty digest is 16 zero bytes */
		return 0;
	/*
	 * RFC 7413 cookies are 4 to 16 bytes, but scripts also write longer
	 * (invalid) ones to see them refused: whatever fits the 40 option
	 * bytes after kind and length (and the experimental magic).
	 */
	case AST_TCPOPT_FASTOPEN:
		return wire_hex_bytes(in->hex, out->data.bytes, TCP_OPTION_DATA_MAX,
				      &out->data.len, err);
	case AST_TCPOPT_FASTOPEN_EXP:
		return wire_hex_bytes(in->hex, out->data.bytes, TCP_OPTION_DATA_MAX - 2,
				      &out->data.len, err);
	case AST_TCPOPT_GENERIC:
		out->kind = in->generic_kind;
		return wire_hex_bytes(in->hex, out->data.bytes, TCP_OPTION_DATA_MAX,
				      &out->data.len, err);
	case AST_TCPOPT_ACCECN:
		return wire_accecn(in, out);
	default:
		return 0;	/* EOL, NOP, sackOK: nothing but the kind */
	}
}

int wire_tcp_options(const struct ast_tcp_option *opts,
		     struct tcp_options *out, struct error *err)
{
	const struct ast_tcp_option *o;

	memset(out, 0, sizeof(*out));
	for (o = opts; o; o = o->next) {
		struct tcp_option *opt;

		if ((size_t)o->kind >= sizeof(wire_option_types) /
					       sizeof(wire_option_types[0]))
			return error_set(err, "unknown TCP option kind %d", o->kind);
		opt = tcp_options_add(out, wire_option_types[o->kind]);
		if (!opt)
			return error_set(err, "too many TCP options");
		if (wire_tcp_option(o, opt, err))
			return -1;
	}
	return 0;
}

static const uint8_t wire_ecn_bits[] = {
	[AST_ECN_NOECN] = PACKET_ECN_NOT_ECT,
	[AST_ECN_ECT1] = PACKET_ECN_ECT1,
	[AST_ECN_ECT0] = PACKET_ECN_ECT0,
	[AST_ECN_CE] = PACKET_ECN_CE,
	/* [ect01] on an injected packet: either codepoint will do */
	[AST_ECN_ECT01] = PACKET_ECN_ECT0,
};

uint8_t wire_tos(const struct ast_ip_info *info)
{
	uint8_t tos = info->has_tos ? info->tos : 0;

	if (info->ecn >= AST_ECN_NOECN && info->ecn <= AST_ECN_ECT01)
		tos = (uint8_t)((tos & ~PACKET_ECN_MASK) | wire_ecn_bits[info->ecn]);
	return tos;
}

uint32_t wire_payload_len(const struct ast_packet *pkt)
{
	if (pkt->proto == AST_PROTO_UDP)
		return (uint32_t)pkt->udp.payload_len;
	return (uint32_t)pkt->tcp.payload_len;
}
