// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - the verdict message and the renderings of results; see
 * report.h. The runner decides what happened; this file only says it.
 */
#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* ---- the verdict message ------------------------------------------------ */

/*
 * The message is a fixed header then the two texts, in host byte order:
 * both ends are the same program on the same machine. The magic catches a
 * child that wrote something else into the pipe.
 */
#define VERDICT_MAGIC "TDV1"

struct verdict_header {
	char magic[4];
	uint32_t status;
	int64_t script_usecs;
	uint32_t reason_len;
	uint32_t details_len;
};

void verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof(*v));
}

void verdict_free(struct verdict *v)
{
	free(v->reason);
	free(v->details);
	verdict_init(v);
}

int verdict_set(struct verdict *v, enum verdict_status status,
		const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;

	v->status = status;
	if (!fmt) {
		free(v->reason);
		v->reason = NULL;
		return 0;
	}
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (!text)
		return -1;
	free(v->reason);
	v->reason = text;
	return 0;
}

int verdict_add_details(struct verdict *v, const char *fmt, ...)
{
	char *line = NULL, *joined = NULL;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (ret < 0)
		return -1;
	if (!v->details) {
		v->details = line;
		return 0;
	}
	ret = asprintf(&joined, "%s\n%s", v->details, line);
	free(line);
	if (ret < 0)
		return -1;
	free(v->details);
	v->details = joined;
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static size_t text_len(const char *s, size_t max)
{
	return s ? strnlen(s, max) : 0;
}

int verdict_send(int fd, const struct verdict *v, struct error *err)
{
	struct verdict_header h;
	size_t total;
	char *buf;
	int ret;

	memcpy(h.magic, VERDICT_MAGIC, sizeof(h.magic));
	h.status = (uint32_t)v->status;
	h.script_usecs = v->script_usecs;
	h.reason_len = (uint32_t)text_len(v->reason, VERDICT_REASON_MAX);
	h.details_len = (uint32_t)text_len(v->details, VERDICT_DETAILS_MAX);
	/* One write when it fits the pipe: the message arrives whole. */
	total = sizeof(h) + h.reason_len + h.details_len;
	buf = malloc(total);
	if (!buf)
		return error_set(err, "out of memory");
	memcpy(buf, &h, sizeof(h));
	if (h.reason_len)
		memcpy(buf + sizeof(h), v->reason, h.reason_len);
	if (h.details_len)
		memcpy(buf + sizeof(h) + h.reason_len, v->details, h.details_len);
	ret = write_all(fd, buf, total);
	free(buf);
	if (ret)
		return error_set(err, "sending the verdict: %s", strerror(errno));
	return 0;
}

/* An empty text decodes as NULL: "no reason" and "" mean the same. */
static char *decode_text(const char *p, uint32_t len)
{
	return len ? strndup(p, len) : NULL;
}

int verdict_decode(const void *buf, size_t len, struct verdict *v,
		   struct error *err)
{
	struct verdict_header h;
	const char *p = buf;

	verdict_init(v);
	if (len < sizeof(h))
		return error_set(err, "short verdict message (%zu bytes)", len);
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, VERDICT_MAGIC, sizeof(h.magic)) != 0)
		return error_set(err, "malformed verdict message (bad magic)");
	if (h.status < VERDICT_PASS || h.status > VERDICT_ERROR)
		return error_set(err, "malformed verdict message (status %u)",
				 h.status);
	if (h.reason_len > VERDICT_REASON_MAX ||
	    h.details_len > VERDICT_DETAILS_MAX ||
	    len != sizeof(h) + h.reason_len + h.details_len)
		return error_set(err, "malformed verdict message (%zu bytes, "
				 "lengths %u and %u)", len, h.reason_len,
				 h.details_len);
	v->status = (enum verdict_status)h.status;
	v->script_usecs = h.script_usecs;
	v->reason = decode_text(p + sizeof(h), h.reason_len);
	v->details = decode_text(p + sizeof(h) + h.reason_len, h.details_len);
	if ((h.reason_len && !v->reason) || (h.details_len && !v->details)) {
		verdict_free(v);
		return error_set(err, "out of memory");
	}
	return 0;
}

/* ---- statuses and counts ------------------------------------------------ */

static const struct {
	const char *name;
	bool failed;
} report_statuses[] = {
	[REPORT_PASS] = { "PASS", false },
	[REPORT_FAIL] = { "FAIL", true },
	[REPORT_ERROR] = { "ERROR", true },
	[REPORT_TIMEOUT] = { "TIMEOUT", true },
	[REPORT_SKIP] = { "SKIP", false },
	[REPORT_FLAKY] = { "FLAKY", false },
};

const char *report_status_name(enum report_status status)
{
	if ((unsigned)status >= sizeof(report_statuses) / sizeof(report_statuses[0]))
		return "?";
	return report_statuses[status].name;
}

bool report_status_failed(enum report_status status)
{
	if ((unsigned)status >= sizeof(report_statuses) / sizeof(report_statuses[0]))
		return true;
	return report_statuses[status].failed;
}

void report_result_free(struct report_result *r)
{
	free(r->reason);
	free(r->details);
	free(r->output);
	r->reason = r->details = r->output = NULL;
}

void report_count(struct report_counts *counts, const struct report_result *r)
{
	if (r->status == REPORT_PASS)
		counts->passed++;
	else if (r->status == REPORT_SKIP)
		counts->skipped++;
	else if (r->status == REPORT_FLAKY)
		counts->flaky++;
	else
		counts->failed++;
}

/* ---- human lines --------------------------------------------------------- */

/* Each line of text on its own line after prefix; no empty last line. */
static void print_indented(FILE *out, const char *prefix, const char *text)
{
	const char *line = text, *nl;

	if (!text)
		return;
	while (*line) {
		nl = strchr(line, '\n');
		if (!nl) {
			fprintf(out, "%s%s\n", prefix, line);
			return;
		}
		fprintf(out, "%s%.*s\n", prefix, (int)(nl - line), line);
		line = nl + 1;
	}
}

void report_line(FILE *out, const struct report_result *r, int verbose)
{
	bool noisy = r->status != REPORT_PASS;

	fprintf(out, "%s  %s", report_status_name(r->status), r->name);
	if (r->variant)
		fprintf(out, "  %s", r->variant);
	fprintf(out, "  %.2fs\n", r->seconds);
	if (noisy || verbose) {
		print_indented(out, "    ", r->reason);
		print_indented(out, "    ", r->details);
	}
	/*
	 * A failure's output is evidence; a skip's is noise, and so is a
	 * flaky script's: it comes from the attempt that passed.
	 */
	if (report_status_failed(r->status) || verbose)
		print_indented(out, "    | ", r->output);
	if (r->pcap_path && (noisy || verbose))
		fprintf(out, "    capture: %s\n", r->pcap_path);
}

void report_summary(FILE *out, const struct report_counts *counts)
{
	fprintf(out, "%d passed, %d failed, %d skipped", counts->passed,
		counts->failed, counts->skipped);
	if (counts->flaky)
		fprintf(out, ", %d flaky", counts->flaky);
	fputc('\n', out);
}

/* ---- progress line ------------------------------------------------------- */

static int terminal_width(FILE *out)
{
	struct winsize ws;

	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		return ws.ws_col;
	return 80;
}

void report_progress(FILE *out, int done, int total,
		     const char *const *running, int running_count)
{
	/*
	 * The line must stay shorter than the terminal: a wrapped line can
	 * not be erased with one carriage return.
	 */
	size_t width = (size_t)terminal_width(out) - 1;
	char line[512];
	size_t len;
	int i;

	if (width >= sizeof(line))
		width = sizeof(line) - 1;
	len = (size_t)snprintf(line, sizeof(line), "[%d/%d]", done, total);
	for (i = 0; i < running_count && len < sizeof(line); i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
					i ? ", " : " running: ", running[i]);
	if (len > width) {
		len = width;
		/* Do not cut a UTF-8 character in two. */
		while (len > 0 && ((unsigned char)line[len] & 0xc0) == 0x80)
			len--;
	}
	fprintf(out, "\r\033[K%.*s", (int)len, line);
	fflush(out);
}

void report_progress_clear(FILE *out)
{
	fputs("\r\033[K", out);
}

/* ---- text made safe for YAML and XML ------------------------------------- */

enum text_mode {
	TEXT_XML,		/* element content */
	TEXT_XML_ATTR,		/* attribute value in double quotes */
	TEXT_YAML_QUOTED,	/* inside a YAML "..." scalar */
	TEXT_YAML_BLOCK,	/* a YAML | block at four spaces */
	TEXT_TAP_LINE,		/* a TAP description or directive */
};

/*
 * Length of the well-formed UTF-8 sequence at s and its code point, or 0:
 * overlong forms, surrogates and values past U+10FFFF are not characters.
 */
static int utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t v, min;
	int n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2, v = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, v = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4, v = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/*
 * Characters XML 1.0 and YAML can not carry at all (most C0 and C1
 * controls, U+FFFE, U+FFFF) become '?': a report with a lost byte is
 * better than one the CI server refuses to read.
 */
static bool text_char_allowed(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return true;
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return false;
	return cp != 0xfffe && cp != 0xffff;
}

/* The escape for one ASCII character in a mode, or NULL to copy it. */
static const char *text_escape(enum text_mode mode, char c)
{
	switch (mode) {
	case TEXT_XML_ATTR:
		if (c == '"')
			return "&quot;";
		if (c == '\n')
			return "&#10;";
		if (c == '\r')
			return "&#13;";
		if (c == '\t')
			return "&#9;";
		/* fall through */
	case TEXT_XML:
		if (c == '&')
			return "&amp;";
		if (c == '<')
			return "&lt;";
		if (c == '>')
			return "&gt;";
		return NULL;
	case TEXT_YAML_QUOTED:
		if (c == '"')
			return "\\\"";
		if (c == '\\')
			return "\\\\";
		if (c == '\n')
			return "\\n";
		if (c == '\t')
			return "\\t";
		if (c == '\r')
			return "\\r";
		return NULL;
	case TEXT_YAML_BLOCK:
		if (c == '\n')
			return "\n    ";
		if (c == '\r')
			return "";	/* a bare CR would end the line in YAML */
		return NULL;
	case TEXT_TAP_LINE:
		if (c == '\n' || c == '\r')
			return " ";
		if (c == '#')
			return "\\#";
		if (c == '\\')
			return "\\\\";
		return NULL;
	}
	return NULL;
}

static void put_text(FILE *out, const char *text, size_t len,
		     enum text_mode mode)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < len) {
		uint32_t cp = 0;
		int n = utf8_next(s + i, len - i, &cp);
		const char *esc;

		if (n == 0 || !text_char_allowed(cp)) {
			fputc('?', out);
			i += n ? (size_t)n : 1;
			continue;
		}
		esc = n == 1 ? text_escape(mode, (char)cp) : NULL;
		if (esc)
			fputs(esc, out);
		else
			fwrite(s + i, 1, (size_t)n, out);
		i += (size_t)n;
	}
}

static void put_str(FILE *out, const char *text, enum text_mode mode)
{
	if (text)
		put_text(out, text, strlen(text), mode);
}

/* Length without the trailing newlines, which YAML and XML do not need. */
static size_t trimmed_len(const char *text)
{
	size_t len = strlen(text);

	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	return len;
}

/* The first line of the reason: what fits in a one-line message. */
static size_t headline_len(const char *reason)
{
	return reason ? strcspn(reason, "\n") : 0;
}

/* ---- TAP ----------------------------------------------------------------- */

static void tap_block_text(FILE *out, const char *key, const char *text)
{
	size_t len;

	if (!text)
		return;
	len = trimmed_len(text);
	if (len == 0)
		return;
	/* |2: the content sits two spaces deeper than the key, so a first
	 * line that starts with spaces can not confuse the indentation. */
	fprintf(out, "  %s: |2\n    ", key);
	put_text(out, text, len, TEXT_YAML_BLOCK);
	fputc('\n', out);
}

static void tap_yaml(FILE *out, const struct report_result *r)
{
	fputs("  ---\n", out);
	fprintf(out, "  status: %s\n", report_status_name(r->status));
	if (r->reason) {
		fputs("  message: \"", out);
		put_text(out, r->reason, headline_len(r->reason),
			 TEXT_YAML_QUOTED);
		fputs("\"\n", out);
	}
	fprintf(out, "  duration_ms: %.0f\n", r->seconds * 1000.0);
	fprintf(out, "  attempts: %d\n", r->attempts);
	tap_block_text(out, "details", r->details);
	tap_block_text(out, "output", r->output);
	if (r->pcap_path) {
		fputs("  capture: \"", out);
		put_str(out, r->pcap_path, TEXT_YAML_QUOTED);
		fputs("\"\n", out);
	}
	fputs("  ...\n", out);
}

static void tap_result(FILE *out, int number, const struct report_result *r)
{
	bool failed = report_status_failed(r->status);

	fprintf(out, "%sok %d - ", failed ? "not " : "", number);
	put_str(out, r->name, TEXT_TAP_LINE);
	if (r->variant) {
		fputc(' ', out);
		put_str(out, r->variant, TEXT_TAP_LINE);
	}
	if (r->status == REPORT_SKIP) {
		fputs(" # SKIP", out);
		if (r->reason) {
			fputc(' ', out);
			put_text(out, r->reason, headline_len(r->reason),
				 TEXT_TAP_LINE);
		}
	}
	fputc('\n', out);
	if (failed || r->status == REPORT_FLAKY)
		tap_yaml(out, r);
}

int report_tap(FILE *out, const struct report_result *const *results,
	       int count, const char *bail_out)
{
	int i;

	fprintf(out, "TAP version 13\n1..%d\n", count);
	for (i = 0; i < count; i++)
		tap_result(out, i + 1, results[i]);
	if (bail_out) {
		fputs("Bail out! ", out);
		put_str(out, bail_out, TEXT_TAP_LINE);
		fputc('\n', out);
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}

/* ---- JUnit XML ----------------------------------------------------------- */

/*
 * classname "states.listen" for "states/listen.pkt": CI servers group test
 * cases by the dotted prefix, as they would group Java classes by package.
 */
static void junit_classname(FILE *out, const char *name)
{
	size_t len = strlen(name);
	char *copy, *p;

	if (len > 4 && strcmp(name + len - 4, ".pkt") == 0)
		len -= 4;
	while (len > 2 && strncmp(name, "./", 2) == 0) {
		name += 2;
		len -= 2;
	}
	copy = strndup(name, len);
	if (!copy)
		return;
	for (p = copy; *p; p++)
		if (*p == '/')
			*p = '.';
	put_str(out, copy, TEXT_XML_ATTR);
	free(copy);
}

static void junit_problem(FILE *out, const struct report_result *r)
{
	const char *tag = r->status == REPORT_ERROR ? "error" : "failure";

	fprintf(out, "      <%s message=\"", tag);
	if (r->reason)
		put_text(out, r->reason, headline_len(r->reason), TEXT_XML_ATTR);
	else
		fputs(report_status_name(r->status), out);
	fprintf(out, "\" type=\"%s\">", report_status_name(r->status));
	if (r->reason)
		put_text(out, r->reason, trimmed_len(r->reason), TEXT_XML);
	if (r->details) {
		fputc('\n', out);
		put_text(out, r->details, trimmed_len(r->details), TEXT_XML);
	}
	fprintf(out, "</%s>\n", tag);
}

static void junit_system_out(FILE *out, const struct report_result *r)
{
	bool flaky = r->status == REPORT_FLAKY;

	if (!flaky && !r->output && !r->pcap_path)
		return;
	fputs("      <system-out>", out);
	if (flaky) {
		fputs("flaky: ", out);
		put_str(out, r->reason, TEXT_XML);
		fputc('\n', out);
		if (r->details) {
			put_text(out, r->details, trimmed_len(r->details), TEXT_XML);
			fputc('\n', out);
		}
	}
	if (r->output)
		put_str(out, r->output, TEXT_XML);
	if (r->pcap_path) {
		fputs("capture: ", out);
		put_str(out, r->pcap_path, TEXT_XML);
		fputc('\n', out);
	}
	fputs("</system-out>\n", out);
}

static void junit_testcase(FILE *out, const struct report_result *r)
{
	fputs("    <testcase classname=\"", out);
	junit_classname(out, r->name);
	fputs("\" name=\"", out);
	put_str(out, r->name, TEXT_XML_ATTR);
	if (r->variant) {
		fputc(' ', out);
		put_str(out, r->variant, TEXT_XML_ATTR);
	}
	fputs("\" file=\"", out);
	put_str(out, r->name, TEXT_XML_ATTR);
	fprintf(out, "\" time=\"%.3f\">\n", r->seconds);
	if (r->status == REPORT_SKIP) {
		fputs("      <skipped message=\"", out);
		if (r->reason)
			put_text(out, r->reason, headline_len(r->reason),
				 TEXT_XML_ATTR);
		fputs("\"/>\n", out);
	} else if (report_status_failed(r->status)) {
		junit_problem(out, r);
	}
	junit_system_out(out, r);
	fputs("    </testcase>\n", out);
}

static void junit_timestamp(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm) ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(buf, size, "1970-01-01T00:00:00");
}

int report_junit(FILE *out, const struct report_result *const *results,
		 int count, double total_seconds)
{
	int failures = 0, errors = 0, skipped = 0, i;
	char stamp[32], host[256] = "localhost";

	for (i = 0; i < count; i++) {
		if (results[i]->status == REPORT_ERROR)
			errors++;
		else if (results[i]->status == REPORT_SKIP)
			skipped++;
		else if (report_status_failed(results[i]->status))
			failures++;
	}
	junit_timestamp(stamp, sizeof(stamp));
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"tcpdrill\" tests=\"%d\" failures=\"%d\" "
		"errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n", count,
		failures, errors, skipped, total_seconds);
	fprintf(out, "  <testsuite name=\"tcpdrill\" tests=\"%d\" failures=\"%d\" "
		"errors=\"%d\" skipped=\"%d\" time=\"%.3f\" timestamp=\"%s\" "
		"hostname=\"", count, failures, errors, skipped, total_seconds,
		stamp);
	put_str(out, host, TEXT_XML_ATTR);
	fputs("\">\n", out);
	for (i = 0; i < count; i++)
		junit_testcase(out, results[i]);
	fputs("  </testsuite>\n</testsuites>\n", out);
	fflush(out);
	return ferror(out) ? -1 : 0;
}
