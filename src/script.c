// SPDX-License-Identifier: GPL-2.0
/*
 * script.c - load a script: read it, parse it (grammar/), check its
 * timeline and resolve every event's time; see script.h.
 *
 * Contract: the parser checks what one line can tell; this file checks
 * what needs the whole timeline, with packetdrill's rules:
 *  - the first event is at time 0 (run.c: "first event should be at time
 *    0"; a relative +0 counts as 0);
 *  - `*` and time windows only on outbound packets (parser.y);
 *  - a window's end is not before its start;
 *  - times never go backwards.
 * Relative times resolve against the previous event's start time, the
 * same anchor packetdrill uses: after a blocking call (`+0 ...0.5 read`)
 * the next event is relative to the call's start, because the main thread
 * moves on while the call blocks, and `...END` itself is measured from the
 * same base as the call's start (the previous event, or 0 for an absolute
 * time). `...+END` (Beyond) is measured from the call's own start. A `*`
 * event cannot be placed before it runs; it resolves to the previous
 * event's time, which is the earliest it can happen.
 */
#include "script.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"
#include "syscalls.h"

/*
 * The largest script: 250 000 events (SCRIPT_MAX_EVENTS) of about 100
 * bytes each is 25 MB, a 10 MB line still fits, and packetdrill's largest
 * script is 10 KB. The text is held twice while parsing (the file and
 * flex's copy), so this bounds that to 64 MB; it also keeps flex's int
 * lengths and every offset computation far from overflow.
 */
#define SCRIPT_MAX_BYTES (32u << 20)

/*
 * Events in one script at most. The largest script of packetdrill's own
 * corpus has under 300 lines, and bench/parse measures 200 000 lines of
 * generated traffic; an event costs 300 to 1000 bytes of AST, so a million
 * events took over 350 MB and a second just to parse before anything ran.
 * 250 000 keeps the benchmark's scripts and refuses a million events
 * within 100 MB.
 */
#define SCRIPT_MAX_EVENTS 250000

/* The timeline so far: the parser hands over one event at a time. */
struct timeline {
	struct parse_ctx *ctx;	/* for positioned errors */
	int64_t prev;		/* start time of the event before */
	bool first;
	long count;		/* events so far */
};

/* Seconds with six decimals, as messages and the dump show times. */
static void format_secs(char *buf, size_t size, int64_t usecs)
{
	snprintf(buf, size, "%" PRId64 ".%06" PRId64, usecs / 1000000,
		 usecs % 1000000);
}

static bool is_outbound_packet(const struct ast_event *event)
{
	return event->kind == AST_EVENT_PACKET &&
	       event->packet->direction == AST_DIR_OUTBOUND;
}

/* a + b for non-negative script times, or -1 when it would overflow. */
static int64_t add_time(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? -1 : a + b;
}

static bool is_range(const struct ast_time *t)
{
	return t->kind == AST_TIME_ABS_RANGE || t->kind == AST_TIME_REL_RANGE;
}

/* What the written time allows, before it is placed on the timeline. */
static int check_time(struct parse_ctx *ctx, const struct ast_event *event,
		      bool first)
{
	const struct ast_time *t = &event->time;
	char a[32], b[32];

	if (first && t->kind != AST_TIME_ANY && t->start_usecs != 0) {
		format_secs(a, sizeof(a), t->start_usecs);
		return parse_error_pos(ctx, t->pos, "the first event must be "
				       "at time 0, found %s", a);
	}
	if (t->kind == AST_TIME_ANY && !is_outbound_packet(event))
		return parse_error_pos(ctx, t->pos, "event time '*' can only "
				       "be used with outbound packets");
	if (is_range(t) && !is_outbound_packet(event))
		return parse_error_pos(ctx, t->pos, "a time range can only be "
				       "used with outbound packets");
	if (is_range(t) && t->end_usecs < t->start_usecs) {
		format_secs(a, sizeof(a), t->end_usecs);
		format_secs(b, sizeof(b), t->start_usecs);
		return parse_error_pos(ctx, t->pos, "time range is backwards: "
				       "its end %s is before its start %s", a, b);
	}
	return 0;
}

/* A blocking call's end: from the start's base, or (...+END) the start. */
static int resolve_end(struct parse_ctx *ctx, struct ast_event *event,
		       int64_t base)
{
	const struct ast_syscall *sc = event->syscall;
	int64_t end = add_time(sc->end_relative ? event->time_usecs : base,
			       sc->end_usecs);
	char a[32], b[32];

	if (end < 0)
		return parse_error_pos(ctx, sc->name_pos, "end time of the "
				       "blocking call is too large");
	if (end < event->time_usecs) {
		format_secs(a, sizeof(a), end);
		format_secs(b, sizeof(b), event->time_usecs);
		return parse_error_pos(ctx, event->time.pos, "blocking call "
				       "ends at %s, before it starts at %s",
				       a, b);
	}
	event->time_end_usecs = end;
	return 0;
}

static int resolve_event(struct timeline *tl, struct ast_event *event)
{
	const struct ast_time *t = &event->time;
	bool relative = t->kind == AST_TIME_RELATIVE ||
			t->kind == AST_TIME_REL_RANGE;
	int64_t base = relative ? tl->prev : 0;
	char a[32], b[32];

	if (check_time(tl->ctx, event, tl->first))
		return -1;
	event->time_usecs = t->kind == AST_TIME_ANY ? tl->prev :
			    add_time(base, t->start_usecs);
	event->time_end_usecs = is_range(t) ? add_time(base, t->end_usecs) :
					      event->time_usecs;
	if (event->time_usecs < 0 || event->time_end_usecs < 0)
		return parse_error_pos(tl->ctx, t->pos, "event time is too "
				       "large");
	if (event->time_usecs < tl->prev) {
		format_secs(a, sizeof(a), event->time_usecs);
		format_secs(b, sizeof(b), tl->prev);
		return parse_error_pos(tl->ctx, t->pos, "time goes backwards: "
				       "this event is at %s, the one before "
				       "at %s", a, b);
	}
	if (event->kind == AST_EVENT_SYSCALL && event->syscall->blocking)
		return resolve_end(tl->ctx, event, base);
	return 0;
}

/* The parser hands over each event as soon as it has it. */
static int timeline_add(void *arg, struct ast_event *event)
{
	struct timeline *tl = arg;

	if (++tl->count > SCRIPT_MAX_EVENTS)
		return parse_error_pos(tl->ctx, event->pos, "more than %d events: "
				       "split the script (a script is one "
				       "scenario; this many events is almost "
				       "certainly generated by mistake)",
				       SCRIPT_MAX_EVENTS);
	if (resolve_event(tl, event))
		return -1;
	tl->prev = event->time_usecs;
	tl->first = false;
	return 0;
}

/* Pointed at the line where the text crosses SCRIPT_MAX_BYTES. */
static int script_too_large(const char *name, const char *text,
			    struct error *err)
{
	const char *end = text + SCRIPT_MAX_BYTES, *line = text, *nl;
	int lines = 1;

	while ((nl = memchr(line, '\n', end - line))) {
		lines++;
		line = nl + 1;
	}
	return error_set_at(err, name, lines, (int)(end - line) + 1, NULL,
			    "the script is larger than %u MB: split it (a "
			    "script is one scenario)", SCRIPT_MAX_BYTES >> 20);
}

/*
 * Lines are counted before anything is parsed: every event takes at least
 * one line, so a script of more lines than events allowed is refused at
 * the first line past the bound without building any AST (a million small
 * events would otherwise take hundreds of megabytes before the event bound
 * is reached).
 */
static int script_too_many_lines(const char *name, const char *text, size_t len,
				 struct error *err)
{
	const char *p = text, *end = text + len, *nl;
	int lines = 1;

	while (p < end && (nl = memchr(p, '\n', end - p))) {
		p = nl + 1;
		if (++lines > SCRIPT_MAX_EVENTS && p < end)
			return error_set_at(err, name, lines, 1, NULL,
					    "more than %d lines: split the script "
					    "(a script is one scenario; this many "
					    "lines is almost certainly generated "
					    "by mistake)", SCRIPT_MAX_EVENTS);
	}
	return 0;
}

int script_parse_buffer(const char *name, const char *text, size_t len,
			const struct config_define *defines,
			struct ast_script **out, struct error *err)
{
	struct parse_ctx ctx = { 0 };
	struct timeline tl = { &ctx, 0, true, 0 };
	struct ast_script *script;

	*out = NULL;
	if (len > SCRIPT_MAX_BYTES)
		return script_too_large(name, text, err);
	if (script_too_many_lines(name, text, len, err))
		return -1;
	script = ast_script_new(name);
	if (!script)
		return error_set(err, "out of memory");
	ctx.name = name;
	ctx.src = text;
	ctx.len = len;
	ctx.defines = defines;
	ctx.script = script;
	ctx.err = err;
	ctx.on_event = timeline_add;
	ctx.on_event_arg = &tl;
	if (grammar_parse(&ctx)) {
		ast_script_free(script);
		return -1;
	}
	*out = script;
	return 0;
}

/*
 * The file in memory, at most one byte more than a script may have: that
 * byte is enough for script_parse_buffer() to refuse it with a position,
 * and a file of gigabytes is never read whole.
 */
static int read_file(const char *path, char **text, size_t *len,
		     struct error *err)
{
	FILE *file = fopen(path, "rb");
	size_t cap = 1 << 16, used = 0, limit = SCRIPT_MAX_BYTES + 1, n;
	char *buf = NULL, *bigger;

	if (!file)
		return error_set_at(err, path, 0, 0, NULL, "cannot open the "
				    "script: %s", strerror(errno));
	do {
		if (used == cap || !buf) {
			cap = buf ? cap * 2 : cap;
			if (cap > limit)
				cap = limit;
			bigger = realloc(buf, cap);
			if (!bigger) {
				free(buf);
				fclose(file);
				return error_set_at(err, path, 0, 0, NULL,
						    "out of memory");
			}
			buf = bigger;
		}
		n = fread(buf + used, 1, cap - used, file);
		used += n;
	} while (n > 0 && used < limit);
	if (ferror(file)) {
		int saved = errno;

		free(buf);
		fclose(file);
		return error_set_at(err, path, 0, 0, NULL, "cannot read the "
				    "script: %s", strerror(saved));
	}
	fclose(file);
	*text = buf;
	*len = used;
	return 0;
}

int script_load(const char *path, const struct config_define *defines,
		struct ast_script **out, struct error *err)
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	*out = NULL;
	if (read_file(path, &text, &len, err))
		return -1;
	ret = script_parse_buffer(path, text, len, defines, out, err);
	free(text);
	return ret;
}

/* Option lines are applied to a scratch config: an unknown one is an error. */
static int validate_options(const struct ast_script *script, struct error *err)
{
	const struct ast_option *opt;
	struct config scratch;
	int ret = 0;

	config_init(&scratch);
	for (opt = script->options; opt && !ret; opt = opt->next) {
		struct error why = { 0 };

		if (config_set_option(&scratch, opt->name, opt->value, &why))
			ret = error_set_at(err, script->path, opt->pos.line,
					   opt->pos.col, NULL, "%s", why.message);
		error_clear(&why);
	}
	config_free(&scratch);
	return ret;
}

int script_validate(const struct ast_script *script, struct error *err)
{
	const struct ast_event *event;

	if (validate_options(script, err))
		return -1;
	for (event = script->events; event; event = event->next)
		if (event->kind == AST_EVENT_SYSCALL &&
		    syscall_validate(event->syscall, script->path, err))
			return -1;
	return 0;
}
