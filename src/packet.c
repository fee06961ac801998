// SPDX-License-Identifier: GPL-2.0
/*
 * packet.c - the names of wire values (TCP flags, ECN, ICMP types and
 * codes) and the transport checksum shared by the builder and the parser;
 * see packet.h.
 *
 * ICMP names are those packetdrill scripts use, so a printed packet can be
 * pasted back into a script.
 */
#include "packet.h"

#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "packet_internal.h"

/* ---- TCP flags -------------------------------------------------------- */

/* The letters in the order packetdrill (and tcpdump 4.x) prints them. */
static const struct {
	uint16_t bit;
	char letter;
} tcp_flag_letters[] = {
	{ PACKET_TCP_FIN, 'F' },
	{ PACKET_TCP_SYN, 'S' },
	{ PACKET_TCP_RST, 'R' },
	{ PACKET_TCP_PSH, 'P' },
	{ PACKET_TCP_URG, 'U' },
	{ PACKET_TCP_ECE, 'E' },
	{ PACKET_TCP_CWR, 'W' },
	{ PACKET_TCP_AE, 'A' },
	/*
	 * Last: the script language reads one word of letters and then an
	 * optional '.', as scripts write "SE." and "FP.", so a printed packet
	 * can be pasted back into a script.
	 */
	{ PACKET_TCP_ACK, '.' },
};

#define N_FLAG_LETTERS (sizeof(tcp_flag_letters) / sizeof(tcp_flag_letters[0]))
#define ACE_BITS (PACKET_TCP_ECE | PACKET_TCP_CWR | PACKET_TCP_AE)

/* AccECN's ACE counter: ECE is its low bit, CWR the middle, AE the top. */
static unsigned int ace_value(uint16_t flags)
{
	return (flags & PACKET_TCP_ECE ? 1 : 0) | (flags & PACKET_TCP_CWR ? 2 : 0) |
	       (flags & PACKET_TCP_AE ? 4 : 0);
}

static uint16_t ace_flags(unsigned int ace)
{
	return (ace & 1 ? PACKET_TCP_ECE : 0) | (ace & 2 ? PACKET_TCP_CWR : 0) |
	       (ace & 4 ? PACKET_TCP_AE : 0);
}

const char *packet_tcp_flags_string(uint16_t flags, bool ace,
				    char buf[PACKET_TCP_FLAGS_LEN])
{
	size_t i, n = 0;

	for (i = 0; i < N_FLAG_LETTERS; i++) {
		if (ace && (tcp_flag_letters[i].bit & ACE_BITS))
			continue;
		if (flags & tcp_flag_letters[i].bit)
			buf[n++] = tcp_flag_letters[i].letter;
	}
	if (ace)
		buf[n++] = (char)('0' + ace_value(flags));
	if (n == 0)
		buf[n++] = '-';
	buf[n] = '\0';
	return buf;
}

static int flag_bit(char c)
{
	size_t i;

	for (i = 0; i < N_FLAG_LETTERS; i++)
		if (tcp_flag_letters[i].letter == c)
			return tcp_flag_letters[i].bit;
	return -1;
}

int packet_tcp_flags_parse(const char *text, uint16_t *flags,
			   struct error *err)
{
	bool letters = false, digit = false;
	uint16_t bits = 0;
	const char *s;
	int bit;

	*flags = 0;
	if (strcmp(text, "-") == 0)
		return 0;
	for (s = text; *s; s++) {
		if (*s >= '0' && *s <= '7') {
			if (digit || letters)
				goto conflict;
			digit = true;
			bits |= ace_flags((unsigned int)(*s - '0'));
			continue;
		}
		bit = flag_bit(*s);
		if (bit < 0)
			return error_set(err, "bad TCP flag '%c' in \"%s\"",
					 *s, text);
		if (bit & ACE_BITS) {
			if (digit)
				goto conflict;
			letters = true;
		}
		bits |= (uint16_t)bit;
	}
	*flags = bits;
	return 0;
conflict:
	return error_set(err, "TCP flags \"%s\": an ACE digit excludes E, W, A "
			 "and a second digit", text);
}

/* ---- ECN ---------------------------------------------------------------- */

const char *packet_ecn_name(uint8_t tos)
{
	static const char *const names[] = {
		[PACKET_ECN_NOT_ECT] = "noecn",
		[PACKET_ECN_ECT1] = "ect1",
		[PACKET_ECN_ECT0] = "ect0",
		[PACKET_ECN_CE] = "ce",
	};

	return names[tos & PACKET_ECN_MASK];
}

/* ---- ICMP types and codes ------------------------------------------------ */

struct icmp_code_row {
	uint8_t code;
	const char *name;
};

/*
 * mtu_code: the code whose rest-of-header carries an MTU (-1: none, -2:
 * every code), mtu_bits its width. error: the message quotes a packet.
 */
struct icmp_type_row {
	uint8_t type;
	const char *name;
	const struct icmp_code_row *codes;	/* NULL-terminated, or NULL */
	bool error;
	bool echo;
	int mtu_code;
	int mtu_bits;
};

/* RFC 792, RFC 1191 (frag_needed carries the next-hop MTU). */
static const struct icmp_code_row icmpv4_unreachable_codes[] = {
	{ 0, "net_unreachable" },
	{ 1, "host_unreachable" },
	{ 2, "protocol_unreachable" },
	{ 3, "port_unreachable" },
	{ 4, "frag_needed" },
	{ 5, "source_route_failed" },
	{ 6, "net_unknown" },
	{ 7, "host_unknown" },
	{ 8, "source_host_isolated" },
	{ 9, "net_prohibited" },
	{ 10, "host_prohibited" },
	{ 11, "net_unreachable_for_tos" },
	{ 12, "host_unreachable_for_tos" },
	{ 13, "packet_filtered" },
	{ 14, "precedence_violation" },
	{ 15, "precedence_cutoff" },
	{ 0, NULL },
};

static const struct icmp_type_row icmpv4_types[] = {
	{ 0, "echo_reply", NULL, false, true, -1, 0 },
	{ 3, "unreachable", icmpv4_unreachable_codes, true, false, 4, 16 },
	{ 4, "source_quench", NULL, true, false, -1, 0 },
	{ 5, "redirect", NULL, true, false, -1, 0 },
	{ 8, "echo_request", NULL, false, true, -1, 0 },
	{ 11, "time_exceeded", NULL, true, false, -1, 0 },
	{ 12, "parameter_problem", NULL, true, false, -1, 0 },
	{ 13, "timestamp_request", NULL, false, true, -1, 0 },
	{ 14, "timestamp_reply", NULL, false, true, -1, 0 },
	{ 15, "information_request", NULL, false, true, -1, 0 },
	{ 16, "information_reply", NULL, false, true, -1, 0 },
	{ 17, "address_mask_request", NULL, false, true, -1, 0 },
	{ 18, "address_mask_reply", NULL, false, true, -1, 0 },
	{ .name = NULL },
};

/*
 * RFC 4443. Code 0 of unreachable is "no route"; packetdrill also spells
 * it net_unreachable, so both parse and the RFC's name prints.
 */
static const struct icmp_code_row icmpv6_unreachable_codes[] = {
	{ 0, "no_route" },
	{ 0, "net_unreachable" },
	{ 1, "admin_prohibited" },
	{ 2, "not_neighbour" },
	{ 3, "address_unreachable" },
	{ 4, "port_unreachable" },
	{ 0, NULL },
};

static const struct icmp_code_row icmpv6_time_exceeded_codes[] = {
	{ 0, "exceeded_hop_limit" },
	{ 1, "exceeded_frag_time" },
	{ 0, NULL },
};

static const struct icmp_code_row icmpv6_parameter_problem_codes[] = {
	{ 0, "header_field" },
	{ 1, "unknown_next_header" },
	{ 2, "unknown_option" },
	{ 0, NULL },
};

static const struct icmp_type_row icmpv6_types[] = {
	{ 1, "unreachable", icmpv6_unreachable_codes, true, false, -1, 0 },
	{ 2, "packet_too_big", NULL, true, false, -2, 32 },
	{ 3, "time_exceeded", icmpv6_time_exceeded_codes, true, false, -1, 0 },
	{ 4, "parameter_problem", icmpv6_parameter_problem_codes, true, false,
	  -1, 0 },
	{ 128, "echo_request", NULL, false, true, -1, 0 },
	{ 129, "echo_reply", NULL, false, true, -1, 0 },
	{ .name = NULL },
};

static const struct icmp_type_row *icmp_types(int family)
{
	return family == AF_INET6 ? icmpv6_types : icmpv4_types;
}

static const struct icmp_type_row *icmp_type_row(int family, uint8_t type)
{
	const struct icmp_type_row *row;

	for (row = icmp_types(family); row->name; row++)
		if (row->type == type)
			return row;
	return NULL;
}

const char *packet_icmp_type_name(int family, uint8_t type, char buf[16])
{
	const struct icmp_type_row *row = icmp_type_row(family, type);

	if (row)
		return row->name;
	snprintf(buf, 16, "type_%u", type);
	return buf;
}

const char *packet_icmp_code_name(int family, uint8_t type, uint8_t code,
				  char buf[16])
{
	const struct icmp_type_row *row = icmp_type_row(family, type);
	const struct icmp_code_row *c;

	for (c = row ? row->codes : NULL; c && c->name; c++)
		if (c->code == code)
			return c->name;
	if (code == 0 && !(row && row->codes))
		return NULL;
	snprintf(buf, 16, "code_%u", code);
	return buf;
}

/* "type_N" / "code_N" with N in 0..255; returns -1 when not that form. */
static int parse_numbered(const char *name, const char *prefix, uint8_t *out)
{
	size_t plen = strlen(prefix);
	char *end;
	unsigned long n;

	if (strncmp(name, prefix, plen) != 0 || name[plen] < '0' ||
	    name[plen] > '9')
		return -1;
	n = strtoul(name + plen, &end, 10);
	if (*end || n > 255)
		return -1;
	*out = (uint8_t)n;
	return 0;
}

int packet_icmp_type_parse(int family, const char *name, uint8_t *type)
{
	const struct icmp_type_row *row;

	if (parse_numbered(name, "type_", type) == 0)
		return 0;
	for (row = icmp_types(family); row->name; row++) {
		if (strcmp(row->name, name) == 0) {
			*type = row->type;
			return 0;
		}
	}
	return -1;
}

int packet_icmp_code_parse(int family, uint8_t type, const char *name,
			   uint8_t *code)
{
	const struct icmp_type_row *row = icmp_type_row(family, type);
	const struct icmp_code_row *c;

	if (parse_numbered(name, "code_", code) == 0)
		return 0;
	for (c = row ? row->codes : NULL; c && c->name; c++) {
		if (strcmp(c->name, name) == 0) {
			*code = c->code;
			return 0;
		}
	}
	return -1;
}

bool packet_icmp_is_error(int family, uint8_t type)
{
	const struct icmp_type_row *row = icmp_type_row(family, type);

	return row && row->error;
}

bool packet_icmp_is_echo(int family, uint8_t type)
{
	const struct icmp_type_row *row = icmp_type_row(family, type);

	return row && row->echo;
}

int packet_icmp_mtu_bits(int family, uint8_t type, uint8_t code)
{
	const struct icmp_type_row *row = icmp_type_row(family, type);

	if (!row || row->mtu_code == -1)
		return 0;
	if (row->mtu_code == -2 || row->mtu_code == code)
		return row->mtu_bits;
	return 0;
}

int packet_icmp_family(uint8_t proto)
{
	return proto == IPPROTO_ICMPV6 ? AF_INET6 : AF_INET;
}

/* ---- encapsulation layers -------------------------------------------- */

const struct packet_layer_info packet_layers[] = {
	[PACKET_LAYER_IPV4] = { "ipv4", IPPROTO_IPIP, PACKET_ETH_IPV4 },
	[PACKET_LAYER_IPV6] = { "ipv6", IPPROTO_IPV6, PACKET_ETH_IPV6 },
	[PACKET_LAYER_GRE] = { "gre", IPPROTO_GRE, 0 },
	[PACKET_LAYER_MPLS] = { "mpls", IPPROTO_MPLS, PACKET_ETH_MPLS_UC },
};

#define N_LAYERS (sizeof(packet_layers) / sizeof(packet_layers[0]))

int packet_layer_by_ip_proto(uint8_t proto)
{
	size_t i;

	for (i = 0; i < N_LAYERS; i++)
		if (packet_layers[i].ip_proto == proto)
			return (int)i;
	return -1;
}

int packet_layer_by_ethertype(uint16_t ethertype)
{
	size_t i;

	/* Multicast MPLS (RFC 5332) carries the same label stack. */
	if (ethertype == PACKET_ETH_MPLS_MC)
		return PACKET_LAYER_MPLS;
	for (i = 0; i < N_LAYERS; i++)
		if (ethertype && packet_layers[i].ethertype == ethertype)
			return (int)i;
	return -1;
}

enum packet_layer_kind packet_layer_of_family(int family)
{
	return family == AF_INET6 ? PACKET_LAYER_IPV6 : PACKET_LAYER_IPV4;
}

/* ---- the transport checksum ------------------------------------------ */

uint16_t packet_l4_checksum(int family, const union packet_addr *src,
			    const union packet_addr *dst, uint8_t proto,
			    const uint8_t *data, size_t len)
{
	uint32_t sum = 0;

	if (family == AF_INET && proto != IPPROTO_ICMP)
		sum = checksum_pseudo_ipv4(&src->v4, &dst->v4, proto,
					   (uint32_t)len);
	else if (family == AF_INET6)
		sum = checksum_pseudo_ipv6(&src->v6, &dst->v6, proto,
					   (uint32_t)len);
	return checksum_fold(checksum_add(sum, data, len));
}
