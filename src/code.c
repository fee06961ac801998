// SPDX-License-Identifier: GPL-2.0
/*
 * code.c - code blocks: snapshots, the variables each block sees, the
 * Python program and how the blocks are run; see code.h. The native
 * evaluator is in code_eval.c.
 */
#include "code.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "command.h"

#ifndef TCP_CC_INFO
#define TCP_CC_INFO 26
#endif
#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif

/* ---- the variables ------------------------------------------------------- */

struct code_const {
	const char *name;
	uint64_t value;
};

/* Names a block may compare tcpi_state, tcpi_ca_state and tcpi_options with
 * (the kernel's values, stable ABI). */
static const struct code_const code_consts[] = {
	{ "TCP_ESTABLISHED", 1 },
	{ "TCP_SYN_SENT", 2 },
	{ "TCP_SYN_RECV", 3 },
	{ "TCP_FIN_WAIT1", 4 },
	{ "TCP_FIN_WAIT2", 5 },
	{ "TCP_TIME_WAIT", 6 },
	{ "TCP_CLOSE", 7 },
	{ "TCP_CLOSE_WAIT", 8 },
	{ "TCP_LAST_ACK", 9 },
	{ "TCP_LISTEN", 10 },
	{ "TCP_CLOSING", 11 },
	{ "TCP_CA_Open", 0 },
	{ "TCP_CA_Disorder", 1 },
	{ "TCP_CA_CWR", 2 },
	{ "TCP_CA_Recovery", 3 },
	{ "TCP_CA_Loss", 4 },
	{ "TCPI_OPT_TIMESTAMPS", 1 },
	{ "TCPI_OPT_SACK", 2 },
	{ "TCPI_OPT_WSCALE", 4 },
	{ "TCPI_OPT_ECN", 8 },
	{ "TCPI_OPT_ECN_SEEN", 16 },
	{ "TCPI_OPT_SYN_DATA", 32 },
	{ "TCPI_OPT_USEC_TS", 64 },
	{ "TCPI_OPT_TFO_CHILD", 128 },
};

/*
 * A field of a kernel struct read out of the bytes getsockopt filled:
 * offset and size in bytes, and for bit fields the lowest bit and the
 * width (x86 and the other little-endian ABIs allocate bit fields from the
 * lowest bit). The layout is the kernel's stable ABI (uapi linux/tcp.h);
 * offsets are written out because the C library's header may be older
 * than the kernel (Debian 12's stops at tcpi_snd_wnd).
 */
struct code_field {
	const char *name;
	uint16_t offset;
	uint8_t size;
	uint8_t bit;
	uint8_t bits;		/* 0: the whole field */
};

#define F(name, off, size) { name, off, size, 0, 0 }
#define B(name, off, size, bit, bits) { name, off, size, bit, bits }

static const struct code_field tcp_info_fields[] = {
	F("tcpi_state", 0, 1),
	F("tcpi_ca_state", 1, 1),
	F("tcpi_retransmits", 2, 1),
	F("tcpi_probes", 3, 1),
	F("tcpi_backoff", 4, 1),
	F("tcpi_options", 5, 1),
	B("tcpi_snd_wscale", 6, 1, 0, 4),
	B("tcpi_rcv_wscale", 6, 1, 4, 4),
	B("tcpi_delivery_rate_app_limited", 7, 1, 0, 1),
	B("tcpi_fastopen_client_fail", 7, 1, 1, 2),
	F("tcpi_rto", 8, 4),
	F("tcpi_ato", 12, 4),
	F("tcpi_snd_mss", 16, 4),
	F("tcpi_rcv_mss", 20, 4),
	F("tcpi_unacked", 24, 4),
	F("tcpi_sacked", 28, 4),
	F("tcpi_lost", 32, 4),
	F("tcpi_retrans", 36, 4),
	F("tcpi_fackets", 40, 4),
	F("tcpi_last_data_sent", 44, 4),
	F("tcpi_last_ack_sent", 48, 4),
	F("tcpi_last_data_recv", 52, 4),
	F("tcpi_last_ack_recv", 56, 4),
	F("tcpi_pmtu", 60, 4),
	F("tcpi_rcv_ssthresh", 64, 4),
	F("tcpi_rtt", 68, 4),
	F("tcpi_rttvar", 72, 4),
	F("tcpi_snd_ssthresh", 76, 4),
	F("tcpi_snd_cwnd", 80, 4),
	F("tcpi_advmss", 84, 4),
	F("tcpi_reordering", 88, 4),
	F("tcpi_rcv_rtt", 92, 4),
	F("tcpi_rcv_space", 96, 4),
	F("tcpi_total_retrans", 100, 4),
	F("tcpi_pacing_rate", 104, 8),
	F("tcpi_max_pacing_rate", 112, 8),
	F("tcpi_bytes_acked", 120, 8),
	F("tcpi_bytes_received", 128, 8),
	F("tcpi_segs_out", 136, 4),
	F("tcpi_segs_in", 140, 4),
	F("tcpi_notsent_bytes", 144, 4),
	F("tcpi_min_rtt", 148, 4),
	F("tcpi_data_segs_in", 152, 4),
	F("tcpi_data_segs_out", 156, 4),
	F("tcpi_delivery_rate", 160, 8),
	F("tcpi_busy_time", 168, 8),
	F("tcpi_rwnd_limited", 176, 8),
	F("tcpi_sndbuf_limited", 184, 8),
	F("tcpi_delivered", 192, 4),
	F("tcpi_delivered_ce", 196, 4),
	F("tcpi_bytes_sent", 200, 8),
	F("tcpi_bytes_retrans", 208, 8),
	F("tcpi_dsack_dups", 216, 4),
	F("tcpi_reord_seen", 220, 4),
	F("tcpi_rcv_ooopack", 224, 4),
	F("tcpi_snd_wnd", 228, 4),
	F("tcpi_rcv_wnd", 232, 4),
	F("tcpi_rehash", 236, 4),
	F("tcpi_total_rto", 240, 2),
	F("tcpi_total_rto_recoveries", 242, 2),
	F("tcpi_total_rto_time", 244, 4),
	F("tcpi_received_ce", 248, 4),
	F("tcpi_delivered_e1_bytes", 252, 4),
	F("tcpi_delivered_e0_bytes", 256, 4),
	F("tcpi_delivered_ce_bytes", 260, 4),
	F("tcpi_received_e1_bytes", 264, 4),
	F("tcpi_received_e0_bytes", 268, 4),
	F("tcpi_received_ce_bytes", 272, 4),
	B("tcpi_ecn_mode", 276, 4, 0, 2),
	B("tcpi_accecn_opt_seen", 276, 4, 2, 2),
	B("tcpi_accecn_fail_mode", 276, 4, 4, 4),
	B("tcpi_options2", 276, 4, 8, 24),
};

/* TCP_CC_INFO: what BBR, DCTCP and Vegas report; as packetdrill, every
 * reading the returned length allows is shown. */
static const struct code_field bbr_fields[] = {
	F("bbr_bw_lo", 0, 4),
	F("bbr_bw_hi", 4, 4),
	F("bbr_min_rtt", 8, 4),
	F("bbr_pacing_gain", 12, 4),
	F("bbr_cwnd_gain", 16, 4),
};

static const struct code_field dctcp_fields[] = {
	F("dctcp_enabled", 0, 2),
	F("dctcp_ce_state", 2, 2),
	F("dctcp_alpha", 4, 4),
	F("dctcp_ab_ecn", 8, 4),
	F("dctcp_ab_tot", 12, 4),
};

/* packetdrill's names for Vegas, "tcp_rtt" and "tcp_minrtt" included. */
static const struct code_field vegas_fields[] = {
	F("tcpv_enabled", 0, 4),
	F("tcpv_rttcnt", 4, 4),
	F("tcp_rtt", 8, 4),
	F("tcp_minrtt", 12, 4),
};

static const char *const meminfo_names[CODE_MEMINFO_VARS] = {
	"SK_MEMINFO_RMEM_ALLOC", "SK_MEMINFO_RCVBUF", "SK_MEMINFO_WMEM_ALLOC",
	"SK_MEMINFO_SNDBUF", "SK_MEMINFO_FWD_ALLOC", "SK_MEMINFO_WMEM_QUEUED",
	"SK_MEMINFO_OPTMEM", "SK_MEMINFO_BACKLOG", "SK_MEMINFO_DROPS",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A field the kernel did not fill (an older kernel) reads as 0. */
static uint64_t field_value(const struct code_field *f, const uint8_t *buf,
			    int len)
{
	uint64_t v = 0;
	int i;

	if (f->offset + f->size > len)
		return 0;
	for (i = f->size - 1; i >= 0; i--)	/* little-endian */
		v = v << 8 | buf[f->offset + i];
	if (f->bits)
		v = (v >> f->bit) & ((1ULL << f->bits) - 1);
	return v;
}

static int emit_fields(const struct code_field *fields, size_t count,
		       const uint8_t *buf, int len,
		       int (*fn)(const char *, uint64_t, void *), void *arg)
{
	size_t i;
	int ret;

	for (i = 0; i < count; i++)
		if ((ret = fn(fields[i].name, field_value(&fields[i], buf, len), arg)))
			return ret;
	return 0;
}

/* The whole struct must be there for a reading, as packetdrill asks. */
static int emit_cc_reading(const struct code_field *fields, size_t count,
			   const struct code_block *b,
			   int (*fn)(const char *, uint64_t, void *), void *arg)
{
	const struct code_field *last = &fields[count - 1];

	if (b->cc_info_len < last->offset + last->size)
		return 0;
	return emit_fields(fields, count, b->cc_info, b->cc_info_len, fn, arg);
}

static int emit_bbr_bw(const struct code_block *b,
		       int (*fn)(const char *, uint64_t, void *), void *arg)
{
	uint64_t lo = field_value(&bbr_fields[0], b->cc_info, b->cc_info_len);
	uint64_t hi = field_value(&bbr_fields[1], b->cc_info, b->cc_info_len);

	if (b->cc_info_len < bbr_fields[4].offset + bbr_fields[4].size)
		return 0;
	return fn("bbr_bw", hi << 32 | lo, arg);
}

int code_block_vars(const struct code_block *b,
		    int (*fn)(const char *name, uint64_t value, void *arg),
		    void *arg)
{
	size_t i;
	int ret;

	for (i = 0; i < COUNT(code_consts); i++)
		if ((ret = fn(code_consts[i].name, code_consts[i].value, arg)))
			return ret;
	if ((ret = emit_fields(tcp_info_fields, COUNT(tcp_info_fields),
			       b->tcp_info, b->tcp_info_len, fn, arg)) ||
	    (ret = emit_cc_reading(bbr_fields, COUNT(bbr_fields), b, fn, arg)) ||
	    (ret = emit_bbr_bw(b, fn, arg)) ||
	    (ret = emit_cc_reading(dctcp_fields, COUNT(dctcp_fields), b, fn, arg)) ||
	    (ret = emit_cc_reading(vegas_fields, COUNT(vegas_fields), b, fn, arg)))
		return ret;
	for (i = 0; i < COUNT(meminfo_names); i++)
		if ((int)((i + 1) * sizeof(uint32_t)) <= b->meminfo_len &&
		    (ret = fn(meminfo_names[i], b->meminfo[i], arg)))
			return ret;
	return 0;
}

/* ---- blocks and snapshots ----------------------------------------------- */

void code_init(struct code *code, const char *path)
{
	memset(code, 0, sizeof(*code));
	code->path = path ? strdup(path) : NULL;
	code->tail = &code->blocks;
}

static void code_live_stop(struct code *code);

void code_free(struct code *code)
{
	struct code_block *b = code->blocks, *next;

	code_live_stop(code);
	for (; b; b = next) {
		next = b->next;
		free(b->text);
		free(b);
	}
	free(code->path);
	memset(code, 0, sizeof(*code));
}

/* packetdrill trims spaces and tabs (not newlines) at both ends. */
static char *code_trim(const char *text)
{
	size_t start = strspn(text, " \t"), end = strlen(text);

	while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'))
		end--;
	return strndup(text + start, end - start);
}

int code_add_block(struct code *code, const char *text, int line,
		   const void *tcp_info, int tcp_info_len, const void *cc_info,
		   int cc_info_len, const uint32_t *meminfo, int meminfo_len,
		   struct error *err)
{
	struct code_block *b = calloc(1, sizeof(*b));

	if (!b || !(b->text = code_trim(text))) {
		free(b);
		return error_set(err, "out of memory");
	}
	b->line = line;
	b->tcp_info_len = tcp_info_len < CODE_TCP_INFO_MAX ? tcp_info_len : CODE_TCP_INFO_MAX;
	memcpy(b->tcp_info, tcp_info, (size_t)b->tcp_info_len);
	b->cc_info_len = cc_info_len < CODE_CC_INFO_MAX ? cc_info_len : CODE_CC_INFO_MAX;
	if (b->cc_info_len > 0)
		memcpy(b->cc_info, cc_info, (size_t)b->cc_info_len);
	b->meminfo_len = meminfo_len < (int)sizeof(b->meminfo) ? meminfo_len
							       : (int)sizeof(b->meminfo);
	if (b->meminfo_len > 0)
		memcpy(b->meminfo, meminfo, (size_t)b->meminfo_len);
	*code->tail = b;
	code->tail = &b->next;
	code->last = b;
	code->count++;
	return 0;
}

int code_snapshot(struct code *code, int fd, const char *text, int line,
		  struct error *err)
{
	uint8_t info[CODE_TCP_INFO_MAX] = { 0 }, cc[CODE_CC_INFO_MAX] = { 0 };
	uint32_t mem[CODE_MEMINFO_VARS] = { 0 };
	socklen_t info_len = sizeof(info), cc_len = sizeof(cc), mem_len = sizeof(mem);

	if (fd < 0)
		return error_set(err, "no socket under test to read TCP_INFO from");
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, &info_len) < 0)
		return error_set(err, "getsockopt(TCP_INFO) on the socket under "
				 "test: %s", strerror(errno));
	/* Congestion controls without a report return nothing, as packetdrill
	 * shows nothing for them. */
	if (getsockopt(fd, IPPROTO_TCP, TCP_CC_INFO, cc, &cc_len) < 0)
		cc_len = 0;
	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &mem_len) < 0)
		mem_len = 0;
	return code_add_block(code, text, line, info, (int)info_len, cc,
			      (int)cc_len, mem, (int)mem_len, err);
}

/* ---- the Python program ---------------------------------------------------- */

/*
 * An uncaught exception names the block's line in the script before the
 * traceback, so that a failed assert points at the script, not at the
 * generated file.
 */
static const char code_python_prologue[] =
	"import sys\n"
	"import traceback\n"
	"\n"
	"def _tcpdrill_excepthook(kind, value, tb):\n"
	"    sys.stderr.write('%s:%d: error in Python code\\n' % (_file, _line))\n"
	"    traceback.print_exception(kind, value, tb)\n"
	"\n"
	"sys.excepthook = _tcpdrill_excepthook\n"
	"_file = ''\n"
	"_line = 0\n"
	"\n";

static int write_var(const char *name, uint64_t value, void *arg)
{
	fprintf(arg, "%s = %llu\n", name, (unsigned long long)value);
	return 0;
}

/* A Python string literal of s. */
static void write_python_string(FILE *out, const char *s)
{
	fputc('\'', out);
	for (; *s; s++) {
		if (*s == '\\' || *s == '\'')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('\'', out);
}

int code_write_python(const struct code *code, FILE *out)
{
	const struct code_block *b;

	fputs(code_python_prologue, out);
	for (b = code->blocks; b; b = b->next) {
		code_block_vars(b, write_var, out);
		fputs("\n_file = ", out);
		write_python_string(out, code->path ? code->path : "");
		fprintf(out, "\n_line = %d\n%s\n\n", b->line, b->text);
	}
	return ferror(out) ? -1 : 0;
}

/* ---- running the blocks ------------------------------------------------------ */

void code_result_free(struct code_result *res)
{
	free(res->message);
	free(res->output);
	memset(res, 0, sizeof(*res));
}

int code_check_options(const struct code_options *opt, struct error *err)
{
	static const char *const sockopts[] = {
		"", "TCP_INFO", "TCP_CC_INFO", "SO_MEMINFO",
	};
	size_t i;

	if (opt->format && strcmp(opt->format, "python") != 0)
		return error_set(err, "unsupported --code_format '%s' (only "
				 "python)", opt->format);
	for (i = 0; opt->sockopt && i < COUNT(sockopts); i++)
		if (strcmp(opt->sockopt, sockopts[i]) == 0)
			return 0;
	if (!opt->sockopt)
		return 0;
	return error_set(err, "unsupported --code_sockopt '%s'", opt->sockopt);
}

static int set_var(const char *name, uint64_t value, void *arg)
{
	return code_env_set(arg, name, value) ? -1 : 0;
}

/*
 * Every block parsed first: one outside the subset sends the whole program
 * to Python (the blocks share their variables). Returns OK, FAIL or
 * UNSUPPORTED; -1 when out of memory.
 */
static int code_run_native(const struct code *code, struct code_result *res,
			   char **why)
{
	struct code_prog **progs = calloc((size_t)code->count + 1, sizeof(*progs));
	struct code_env *env = code_env_new();
	const struct code_block *b;
	size_t out_len = 0;
	char *out_buf = NULL;
	FILE *out = NULL;
	int i, status = CODE_EVAL_OK;

	*why = NULL;
	if (!progs || !env || !(out = open_memstream(&out_buf, &out_len))) {
		status = -1;
		goto done;
	}
	for (b = code->blocks, i = 0; b && status == CODE_EVAL_OK; b = b->next, i++)
		status = code_prog_parse(b->text, &progs[i], why);
	for (b = code->blocks, i = 0; b && status == CODE_EVAL_OK; b = b->next, i++) {
		if (code_block_vars(b, set_var, env)) {
			status = -1;
			break;
		}
		status = code_prog_run(progs[i], env, out, why);
		if (status == CODE_EVAL_FAIL)
			res->line = b->line;
	}
done:
	if (out)
		fclose(out);
	if (status == CODE_EVAL_OK || status == CODE_EVAL_FAIL) {
		free(res->output);
		res->output = out_buf;
		res->message = status == CODE_EVAL_FAIL ? *why : NULL;
		res->native = true;
		if (status == CODE_EVAL_FAIL)
			*why = NULL;
	} else {
		free(out_buf);
	}
	for (i = 0; progs && i < code->count; i++)
		code_prog_free(progs[i]);
	free(progs);
	code_env_free(env);
	return status;
}

/* The block line and message from Python's output after an exception. */
static void code_python_failure(struct code_result *res, const char *output)
{
	const char *p, *marker = " error in Python code";
	const char *last = NULL, *line_start;
	size_t n;

	for (p = output; (p = strstr(p, marker)); p++) {
		line_start = p;
		while (line_start > output && line_start[-1] != '\n')
			line_start--;
		/* "PATH:LINE: error in Python code" */
		if (p > line_start && p[-1] == ':') {
			const char *colon = p - 1;

			while (colon > line_start && colon[-1] != ':')
				colon--;
			res->line = atoi(colon);
		}
	}
	/* Python's last line names the exception: "AssertionError: 12". */
	n = strlen(output);
	while (n > 0 && output[n - 1] == '\n')
		n--;
	for (p = output + n; p > output && p[-1] != '\n'; p--)
		;
	last = p;
	if (n > (size_t)(last - output))
		res->message = strndup(last, n - (size_t)(last - output));
}

static int code_run_command(const struct code *code,
			    const struct code_options *opt,
			    struct code_result *res, struct error *err)
{
	char path[] = "/tmp/tcpdrill-code-XXXXXX";
	struct command_result cmd = { 0 };
	char *line = NULL;
	FILE *f;
	int fd, ret;

	fd = mkstemp(path);
	if (fd < 0)
		return error_set(err, "cannot write the code file: %s", strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		return error_set(err, "cannot write the code file: %s", strerror(errno));
	}
	ret = code_write_python(code, f);
	if (fclose(f) != 0 || ret) {
		unlink(path);
		return error_set(err, "cannot write the code file %s", path);
	}
	if (asprintf(&line, "%s %s", opt->command, path) < 0) {
		unlink(path);
		return error_set(err, "out of memory");
	}
	ret = command_run(line, opt->dir, &cmd, err);
	unlink(path);
	free(line);
	if (ret)
		return -1;
	free(res->output);
	res->output = cmd.output;
	cmd.output = NULL;
	if (cmd.exit_status == 0)
		return 0;
	code_python_failure(res, res->output);
	if (!res->message &&
	    asprintf(&res->message, "'%s' returned non-zero status %d",
		     opt->command, cmd.exit_status) < 0)
		res->message = NULL;
	if (cmd.exit_status == 127 && !strstr(res->output, "error in Python code"))
		return error_set(err, "cannot run '%s': %s", opt->command,
				 res->message ? res->message : "not found");
	return 1;
}

/* Another command may be a checker of its own: it always runs. */
static bool code_uses_native(const struct code_options *opt)
{
	return opt->engine != CODE_ENGINE_COMMAND &&
	       (opt->engine == CODE_ENGINE_NATIVE || !opt->command ||
		strcmp(opt->command, "python3") == 0);
}

/* ---- blocks evaluated at their events -------------------------------------- */

struct code_live {
	struct code_env *env;	/* the variables, across blocks */
	FILE *out;		/* what the blocks print */
	char *out_buf;
	size_t out_len;
	int evaluated;		/* blocks run so far, every one passed */
};

static void code_live_stop(struct code *code)
{
	struct code_live *live = code->live;

	if (!live)
		return;
	if (live->out)
		fclose(live->out);
	free(live->out_buf);
	code_env_free(live->env);
	free(live);
	code->live = NULL;
}

void code_live_start(struct code *code, const struct code_options *opt)
{
	struct error err = { 0 };
	struct code_live *live;

	if (code->live || code->count || !code_uses_native(opt) ||
	    code_check_options(opt, &err)) {
		error_clear(&err);
		return;
	}
	live = calloc(1, sizeof(*live));
	code->live = live;
	if (!live || !(live->env = code_env_new()) ||
	    !(live->out = open_memstream(&live->out_buf, &live->out_len)))
		code_live_stop(code);
}

/* A copy of what the blocks printed so far; NULL when out of memory. */
static char *code_live_output(struct code_live *live)
{
	fflush(live->out);
	return strdup(live->out_buf ? live->out_buf : "");
}

int code_live_eval_last(struct code *code, struct code_result *res)
{
	struct code_live *live = code->live;
	const struct code_block *b = code->last;
	struct code_prog *prog = NULL;
	char *why = NULL;
	int status;

	memset(res, 0, sizeof(*res));
	if (!live || !b || live->evaluated != code->count - 1)
		return 0;
	status = code_prog_parse(b->text, &prog, &why);
	if (status == CODE_EVAL_OK)
		status = code_block_vars(b, set_var, live->env) ? -1
			 : code_prog_run(prog, live->env, live->out, &why);
	code_prog_free(prog);
	if (status == CODE_EVAL_OK) {
		live->evaluated++;
		return 0;
	}
	if (status == CODE_EVAL_FAIL && (res->output = code_live_output(live))) {
		res->line = b->line;
		res->message = why;
		res->native = true;
		code_live_stop(code);
		return 1;
	}
	/* Outside the subset (or out of memory): the end runs every block. */
	free(why);
	code_live_stop(code);
	return 0;
}

/* ---- the end of the run ------------------------------------------------------ */

int code_execute(const struct code *code, const struct code_options *opt,
		 struct code_result *res, struct error *err)
{
	char *why = NULL;
	int status;

	memset(res, 0, sizeof(*res));
	if (code->live && code->live->evaluated == code->count) {
		res->native = true;
		res->output = code_live_output(code->live);
		return res->output ? 0 : error_set(err, "out of memory");
	}
	res->output = calloc(1, 1);
	if (!res->output)
		return error_set(err, "out of memory");
	if (!code->blocks)
		return 0;
	if (code_check_options(opt, err))
		return -1;
	if (code_uses_native(opt)) {
		status = code_run_native(code, res, &why);
		if (status == CODE_EVAL_OK || status == CODE_EVAL_FAIL)
			return status;
		if (status < 0 || opt->engine == CODE_ENGINE_NATIVE) {
			error_set(err, "%s", why ? why : "out of memory");
			free(why);
			return -1;
		}
		free(why);
	}
	return code_run_command(code, opt, res, err);
}
