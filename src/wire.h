/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wire.h - a script packet's fields as wire values.
 *
 * Contract: turns the parts of an AST packet the packet codec needs into its
 * types (flag bits, a decoded option list, the TOS byte), still in script
 * space: mapping seq/ack/SACK/TS to live values is the flow room's job.
 */
#ifndef TCPDRILL_WIRE_H
#define TCPDRILL_WIRE_H

#include <stdint.h>

#include "ast.h"
#include "error.h"
#include "packet.h"
#include "tcp_options.h"

/* The script's flag letters as PACKET_TCP_* bits. */
int wire_tcp_flags(const struct ast_packet *pkt, uint16_t *flags,
		   struct error *err);

/* The written option list, in order, with the values as written. */
int wire_tcp_options(const struct ast_tcp_option *opts,
		     struct tcp_options *out, struct error *err);

/* The TOS / traffic class byte the IP info asks for (ECN bits included). */
uint8_t wire_tos(const struct ast_ip_info *info);

/* The TCP payload length of a script packet line. */
uint32_t wire_payload_len(const struct ast_packet *pkt);

#endif /* TCPDRILL_WIRE_H */
