/* SPDX-License-Identifier: GPL-2.0 */
/*
 * from_pcap_fixtures.h - small synthetic captures for the from-pcap tests,
 * built in memory with the packet codec: a client 10.0.0.1:40000 and a
 * server 10.0.0.2:80 (or IPv6 fd00::1 / fd00::2), segments added to a
 * struct pcap_trace as raw-IP frames, or written to a pcap file.
 */
#ifndef TCPDRILL_FROM_PCAP_FIXTURES_H
#define TCPDRILL_FROM_PCAP_FIXTURES_H

#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "from_pcap.h"
#include "packet.h"
#include "pcap_read.h"
#include "tcp_options.h"

#define FX_CLIENT 0
#define FX_SERVER 1
#define FX_CLIENT_PORT 40000
#define FX_SERVER_PORT 80
/* A fixed epoch second, so capture times are stable. */
#define FX_EPOCH_NS 1700000000000000000LL

#define FX_F PACKET_TCP_FIN
#define FX_S PACKET_TCP_SYN
#define FX_R PACKET_TCP_RST
#define FX_P PACKET_TCP_PSH
#define FX_A PACKET_TCP_ACK

struct fx {
	struct pcap_trace trace;
	int family;
	uint16_t client_port;		/* changed to make other connections */
	int failed;			/* a helper failed: the test says so */
};

static inline void fx_init(struct fx *fx, int family)
{
	memset(fx, 0, sizeof(*fx));
	pcap_trace_init(&fx->trace, DLT_RAW);
	fx->family = family;
	fx->client_port = FX_CLIENT_PORT;
}

static inline void fx_free(struct fx *fx)
{
	pcap_trace_free(&fx->trace);
}

static inline void fx_addr(int family, int side, union packet_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (family == AF_INET6)
		inet_pton(AF_INET6, side == FX_CLIENT ? "fd00::1" : "fd00::2", &addr->v6);
	else
		inet_pton(AF_INET, side == FX_CLIENT ? "10.0.0.1" : "10.0.0.2", &addr->v4);
}

/* Options from their script text, e.g. "mss 1460,nop,wscale 7". */
static inline size_t fx_options(const char *text, uint8_t *buf)
{
	struct tcp_options o = { 0 };
	char *copy = strdup(text ? text : ""), *save = NULL, *word;
	struct error err = { 0 };
	size_t len = 0;

	for (word = strtok_r(copy, ",", &save); word; word = strtok_r(NULL, ",", &save)) {
		struct tcp_option *opt;
		unsigned a, b;

		if (strcmp(word, "nop") == 0) {
			tcp_options_add(&o, TCP_OPTION_NOP);
		} else if (strcmp(word, "sackOK") == 0) {
			tcp_options_add(&o, TCP_OPTION_SACK_PERMITTED);
		} else if (sscanf(word, "mss %u", &a) == 1) {
			tcp_options_add(&o, TCP_OPTION_MSS)->mss = (uint16_t)a;
		} else if (sscanf(word, "wscale %u", &a) == 1) {
			tcp_options_add(&o, TCP_OPTION_WSCALE)->wscale = (uint8_t)a;
		} else if (sscanf(word, "TS val %u ecr %u", &a, &b) == 2) {
			opt = tcp_options_add(&o, TCP_OPTION_TIMESTAMP);
			opt->ts.val = a;
			opt->ts.ecr = b;
		} else if (sscanf(word, "sack %u:%u", &a, &b) == 2) {
			opt = tcp_options_add(&o, TCP_OPTION_SACK);
			opt->sack.count = 1;
			opt->sack.block[0].left = a;
			opt->sack.block[0].right = b;
		}
	}
	free(copy);
	if (tcp_options_build(&o, buf, TCP_OPTIONS_MAX_BYTES, &len, &err))
		len = 0;
	error_clear(&err);
	return len;
}

/* The IP packet of one segment into buf; its length, or 0. */
static inline size_t fx_build(const struct fx *fx, int from, uint16_t flags,
			      uint32_t seq, uint32_t ack, uint32_t len,
			      uint16_t win, const char *opts, uint8_t *buf,
			      size_t size)
{
	uint8_t opt_bytes[TCP_OPTIONS_MAX_BYTES];
	struct packet_spec spec;
	struct error err = { 0 };
	size_t out = 0;

	memset(&spec, 0, sizeof(spec));
	spec.ip.family = fx->family;
	fx_addr(fx->family, from, &spec.ip.src);
	fx_addr(fx->family, !from, &spec.ip.dst);
	spec.ip.ttl = 64;
	spec.proto = IPPROTO_TCP;
	spec.tcp.sport = from == FX_CLIENT ? fx->client_port : FX_SERVER_PORT;
	spec.tcp.dport = from == FX_CLIENT ? FX_SERVER_PORT : fx->client_port;
	spec.tcp.seq = seq;
	spec.tcp.ack = ack;
	spec.tcp.flags = flags;
	spec.tcp.window = win;
	spec.tcp.options = opt_bytes;
	spec.tcp.options_len = fx_options(opts, opt_bytes);
	spec.payload_len = len;
	if (packet_build(&spec, buf, size, &out, &err))
		out = 0;
	error_clear(&err);
	return out;
}

/* Add a segment seen `usecs` after the capture's start. */
static inline void fx_seg(struct fx *fx, int64_t usecs, int from, uint16_t flags,
			  uint32_t seq, uint32_t ack, uint32_t len, uint16_t win,
			  const char *opts)
{
	static uint8_t buf[PACKET_MAX_BYTES];
	struct error err = { 0 };
	size_t n = fx_build(fx, from, flags, seq, ack, len, win, opts, buf, sizeof(buf));

	if (!n || pcap_trace_add_frame(&fx->trace, FX_EPOCH_NS + usecs * 1000, buf,
				       n, &err))
		fx->failed++;
	error_clear(&err);
}

/* A temporary file name; the caller unlinks and frees it. */
static inline char *fx_temp(const char *suffix)
{
	const char *tmp = getenv("TMPDIR");
	char *path = NULL;
	int fd;

	if (asprintf(&path, "%s/tcpdrill-fp-XXXXXX%s", tmp ? tmp : "/tmp", suffix) < 0)
		return NULL;
	fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0) {
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* Everything a FILE * written by the generator holds, as a string. */
struct fx_text {
	char *buf;
	size_t len;
	FILE *out;
};

static inline FILE *fx_text_open(struct fx_text *t)
{
	memset(t, 0, sizeof(*t));
	t->out = open_memstream(&t->buf, &t->len);
	return t->out;
}

static inline const char *fx_text_close(struct fx_text *t)
{
	fclose(t->out);
	return t->buf;
}

/* The line of text that contains `needle`, copied into line (or ""). */
static inline const char *fx_line_with(const char *text, const char *needle,
				       char *line, size_t size)
{
	const char *hit = text ? strstr(text, needle) : NULL, *start, *end;

	line[0] = '\0';
	if (!hit)
		return line;
	for (start = hit; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	if (!end)
		end = hit + strlen(hit);
	snprintf(line, size, "%.*s", (int)(end - start), start);
	return line;
}

/* 1 when `a` appears before `b` in text (both present). */
static inline int fx_before(const char *text, const char *a, const char *b)
{
	const char *pa = text ? strstr(text, a) : NULL;
	const char *pb = text ? strstr(text, b) : NULL;

	return pa && pb && pa < pb;
}

/* How many times needle occurs in text. */
static inline int fx_count(const char *text, const char *needle)
{
	int n = 0;

	while (text && (text = strstr(text, needle))) {
		n++;
		text += strlen(needle);
	}
	return n;
}

#endif /* TCPDRILL_FROM_PCAP_FIXTURES_H */
