// SPDX-License-Identifier: GPL-2.0
/*
 * run.c - one script against the live kernel: set-up, the event loop and
 * its timing, and the end of the run; see run.h. Packet, syscall and state
 * events live in run_packet.c, run_syscall.c and run_state.c.
 */
#include "run.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "command.h"
#include "require.h"
#include "run_internal.h"
#include "sandbox.h"
#include "script.h"
#include "timing.h"

/*
 * The first event is due this long after set-up ends: enough for the first
 * sleep to be a real sleep, short enough not to count as overhead.
 */
#define RUN_START_LEAD_USECS 500

/* Connections the script opens get peer ports from here up. */
#define RUN_FIRST_REMOTE_PORT 40000

int64_t run_script_to_live(const struct run *run, int64_t script_usecs)
{
	return run->live_start + script_usecs;
}

int64_t run_now_script(const struct run *run)
{
	return timing_now_usecs() - run->live_start;
}

void run_wait_until_script(const struct run *run, int64_t script_usecs)
{
	timing_wait_until(run_script_to_live(run, script_usecs));
}

void run_trace(const struct run *run, const char *fmt, ...)
{
	va_list ap;

	if (!run->cfg.verbose)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/*
 * -v: an event as the script wrote it (its written time and the compile-time
 * comment left out), at the actual time it ran, with its due time.
 */
void run_trace_event(const struct run *run, const struct ast_event *event,
		     int64_t due)
{
	char *buf = NULL, *text, *comment;
	size_t len = 0;
	FILE *out;

	if (!run->cfg.verbose)
		return;
	out = open_memstream(&buf, &len);
	if (!out)
		return;
	ast_dump_event(out, event);
	fclose(out);
	text = buf ? buf + strcspn(buf, " ") : NULL;
	if (text && *text)
		text++;
	comment = text ? strstr(text, " // ") : NULL;
	if (comment)
		*comment = '\0';
	else if (text)
		text[strcspn(text, "\n")] = '\0';
	run_trace(run, "%9.6f %s  // due %.6f\n", run_now_script(run) / 1e6,
		  text ? text : "?", due / 1e6);
	free(buf);
}

static char *run_vformat(const char *fmt, va_list ap)
{
	char *text = NULL;

	if (vasprintf(&text, fmt, ap) < 0)
		return NULL;
	return text;
}

static const char *const run_failure_prefix[] = {
	[RUN_FAIL_PACKET] = "error handling packet: ",
	[RUN_FAIL_SYSCALL] = "",
	[RUN_FAIL_TIMING] = "",
	[RUN_FAIL_COMMAND] = "error executing command: ",
	[RUN_FAIL_STATE] = "error in state assertion: ",
	[RUN_FAIL_CODE] = "error in code block: ",
	[RUN_FAIL_SETUP] = "",
};

/*
 * The first failure becomes the verdict's headline; with --non_fatal the
 * later ones are added to its details. Returns -1 for tail calls.
 */
int run_fail(struct run *run, const struct ast_event *event,
	     enum run_failure kind, const char *fmt, ...)
{
	int line = event ? event->pos.line : 0;
	char *text;
	va_list ap;

	va_start(ap, fmt);
	text = run_vformat(fmt, ap);
	va_end(ap);
	char where[32] = "";

	if (line > 0)
		snprintf(where, sizeof(where), ":%d", line);
	if (run->failures++ == 0)
		verdict_set(run->verdict, VERDICT_FAIL, "%s%s: %s%s", run->path,
			    where, run_failure_prefix[kind], text ? text : "?");
	else
		verdict_add_details(run->verdict, "%s%s: %s%s", run->path, where,
				    run_failure_prefix[kind], text ? text : "?");
	free(text);
	return -1;
}

/*
 * The run can not go on for a reason of the machine or of tcpdrill itself
 * (lost captures, no file descriptors left), not of the kernel's TCP: an
 * ERROR (exit 2) at the event, never a FAIL that would blame the stack.
 * Returns -1 for tail calls.
 */
int run_abort(struct run *run, const struct ast_event *event,
	      const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	run->failures++;
	run->aborted = true;
	verdict_set(run->verdict, VERDICT_ERROR, "%s:%d: %s", run->path,
		    event ? event->pos.line : 0, text ? text : "?");
	free(text);
	return -1;
}

/*
 * Whether tcpdrill itself can open no more files: when one of its own
 * operations (a sock_diag query, a command's pipe) fails, this tells a
 * full descriptor table (the script's sockets used it up, or ulimit -n is
 * tiny: the run can not go on) from a real failure.
 */
bool run_out_of_fds(void)
{
	int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);

	if (fd >= 0) {
		close(fd);
		return false;
	}
	return errno == EMFILE || errno == ENFILE;
}

/* run_abort() for a full descriptor table, with the limit in the message. */
int run_abort_fds(struct run *run, const struct ast_event *event,
		  const char *what)
{
	struct rlimit rl = { 0 };

	getrlimit(RLIMIT_NOFILE, &rl);
	return run_abort(run, event, "%s: tcpdrill has no file descriptor left "
			 "for itself (ulimit -n is %llu): raise the limit",
			 what, (unsigned long long)rl.rlim_cur);
}

int run_check_time(struct run *run, const struct ast_event *event,
		   const struct run_when *when, int64_t live_usecs,
		   const char *what)
{
	int64_t actual = live_usecs - run->live_start;

	if (when->any)
		return 0;
	if (actual >= when->start - when->tolerance &&
	    actual <= when->end + when->tolerance)
		return 0;
	if (when->end != when->start)
		return run_fail(run, event, RUN_FAIL_TIMING,
				"timing error: expected %s in time range "
				"%.6f~%.6f sec but happened at %.6f sec; "
				"tolerance %.6f sec", what, when->start / 1e6,
				when->end / 1e6, actual / 1e6,
				when->tolerance / 1e6);
	return run_fail(run, event, RUN_FAIL_TIMING,
			"timing error: expected %s at %.6f sec but happened at "
			"%.6f sec; tolerance %.6f sec", what, when->start / 1e6,
			actual / 1e6, when->tolerance / 1e6);
}

static bool run_event_anchored(const struct ast_event *event)
{
	return event->kind == AST_EVENT_PACKET &&
	       event->packet->direction == AST_DIR_INBOUND;
}

/*
 * Relative times count from the moment the previous event ended, so the
 * time a packet takes to arrive or a call takes to return is not charged to
 * the next event; consecutive inbound packets count from the previous
 * packet's script time instead, so that set-up overhead does not pile up
 * over a burst (packetdrill's rules).
 */
static void run_resolve_time(struct run *run, const struct ast_event *event,
			     struct run_when *when)
{
	const struct ast_time *t = &event->time;
	int64_t offset = 0;

	memset(when, 0, sizeof(*when));
	if (t->kind == AST_TIME_RELATIVE || t->kind == AST_TIME_REL_RANGE ||
	    t->kind == AST_TIME_ANY) {
		if (run->has_last_event && run->last_event_anchored &&
		    run_event_anchored(event))
			offset = run->last_event_time;
		else
			offset = run->has_last_event ? run->last_event_end - run->live_start
						     : run_now_script(run);
	}
	when->any = t->kind == AST_TIME_ANY;
	when->start = offset + (when->any ? 0 : t->start_usecs);
	when->end = when->start;
	if (t->kind == AST_TIME_ABS_RANGE || t->kind == AST_TIME_REL_RANGE)
		when->end = offset + t->end_usecs;
	if (event->kind == AST_EVENT_SYSCALL && event->syscall->blocking)
		when->end = (event->syscall->end_relative ||
			     t->kind == AST_TIME_RELATIVE ? offset : 0) +
			    event->syscall->end_usecs;
	when->tolerance = timing_tolerance_usecs(
		run->cfg.tolerance_usecs, run->cfg.tolerance_percent,
		run->has_last_event ? when->start - run->last_event_time : 0);
}

/* Run a command; exit 4 means skip (kselftest's convention). */
static int run_command_text(struct run *run, const struct ast_event *event,
			    const char *text)
{
	struct command_result result;
	struct error err = { 0 };
	int ret = 0;

	if (command_run(text, run->dir, &result, &err)) {
		if (run_out_of_fds())
			ret = run_abort_fds(run, event, err.message);
		else
			ret = run_fail(run, event, RUN_FAIL_COMMAND, "`%s`: %s",
				       text, err.message);
		error_clear(&err);
		return ret;
	}
	if (result.output_len)
		fwrite(result.output, 1, result.output_len, stdout);
	if (result.exit_status == COMMAND_EXIT_SKIP) {
		run->skipped = true;
		verdict_set(run->verdict, VERDICT_SKIP, "%s:%d: `%s` asked to skip%s%.*s",
			    run->path, event ? event->pos.line : 0, text,
			    result.output_len ? ": " : "",
			    (int)strcspn(result.output, "\n"), result.output);
		ret = -1;
	} else if (result.exit_status != 0) {
		ret = run_fail(run, event, RUN_FAIL_COMMAND,
			       "`%s` failed with exit status %d", text,
			       result.exit_status);
	}
	command_result_free(&result);
	return ret;
}

static int run_command_event(struct run *run, const struct ast_event *event,
			     const struct run_when *when)
{
	run_wait_until_script(run, when->start);
	run_trace_event(run, event, when->start);
	return run_command_text(run, event, event->command->text);
}

static void run_code_options(const struct run *run, struct code_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->command = run->cfg.code_command;
	opt->format = run->cfg.code_format;
	opt->sockopt = run->cfg.code_sockopt;
	opt->dir = run->dir;
}

/*
 * A block the native evaluator took at its event (code.h): when it fails,
 * the run ends here. Not after an earlier failure --non_fatal let pass:
 * the blocks would not run at the end either.
 */
static int run_code_live(struct run *run, const struct ast_event *event)
{
	struct code_result res;
	int status;

	if (run->failures)
		return 0;
	status = code_live_eval_last(&run->code, &res);
	if (status > 0) {
		fputs(res.output, stdout);
		fflush(stdout);
		run_trace(run, "code: block at line %d evaluated at its event\n",
			  res.line);
		run_fail(run, event, RUN_FAIL_CODE, "%s",
			 res.message ? res.message : "failed");
	}
	code_result_free(&res);
	return status > 0 ? -1 : 0;
}

/*
 * A code block: the socket under test is read now; the block itself runs
 * when the script has passed (packetdrill's order: after the cleanup
 * command), or now when the native evaluator can (run_code_live).
 */
static int run_code_event(struct run *run, const struct ast_event *event,
			  const struct run_when *when)
{
	struct error err = { 0 };
	int fd;

	run_wait_until_script(run, when->start);
	fd = syscall_env_live_fd(&run->sys, run->ut_script_fd);
	run_trace(run, "%9.6f code: TCP_INFO of fd %d\n", run_now_script(run) / 1e6,
		  run->ut_script_fd);
	if (code_snapshot(&run->code, fd, event->code->text, event->pos.line, &err) == 0)
		return run_code_live(run, event);
	run_fail(run, event, RUN_FAIL_CODE, "%s", err.message);
	error_clear(&err);
	return -1;
}

static const struct ast_event *run_code_event_at(const struct run *run, int line)
{
	const struct ast_event *event;

	for (event = run->script->events; event; event = event->next)
		if (event->kind == AST_EVENT_CODE && event->pos.line == line)
			return event;
	return NULL;
}

/* The blocks, once every event has passed. */
static void run_code_blocks(struct run *run)
{
	struct code_options opt;
	struct code_result res;
	struct error err = { 0 };
	int status;

	if (!run->code.blocks)
		return;
	run_code_options(run, &opt);
	status = code_execute(&run->code, &opt, &res, &err);
	if (res.output && res.output[0]) {
		fputs(res.output, stdout);
		fflush(stdout);
	}
	run_trace(run, "code: %d blocks %s\n", run->code.count,
		  res.native ? "evaluated natively" : "run by the command");
	if (status < 0)
		run_fail(run, NULL, RUN_FAIL_CODE, "%s", err.message);
	else if (status > 0)
		run_fail(run, run_code_event_at(run, res.line), RUN_FAIL_CODE, "%s",
			 res.message ? res.message : "failed");
	error_clear(&err);
	code_result_free(&res);
}

static int run_event(struct run *run, const struct ast_event *event,
		     const struct run_when *when)
{
	switch (event->kind) {
	case AST_EVENT_PACKET:
		return run_packet_event(run, event, when);
	case AST_EVENT_SYSCALL:
		return run_syscall_event(run, event, when);
	case AST_EVENT_COMMAND:
		return run_command_event(run, event, when);
	case AST_EVENT_CODE:
		return run_code_event(run, event, when);
	case AST_EVENT_STATE:
		run_wait_until_script(run, when->start);
		run_trace_event(run, event, when->start);
		return run_state_event(run, event);
	}
	return 0;
}

/* A failed event of a kind --non_fatal names does not stop the script. */
static bool run_continue_after(const struct run *run,
			       const struct ast_event *event)
{
	if (run->skipped || run->aborted)
		return false;
	if (event->kind == AST_EVENT_PACKET)
		return run->cfg.non_fatal_packet;
	if (event->kind == AST_EVENT_SYSCALL)
		return run->cfg.non_fatal_syscall;
	return false;
}

static void run_events(struct run *run)
{
	const struct ast_event *event;

	for (event = run->script->events; event; event = event->next) {
		struct run_when when;
		int failed;

		run_resolve_time(run, event, &when);
		run->event_end = 0;
		failed = run_event(run, event, &when);
		/*
		 * The next relative time counts from when this event really
		 * ended (a packet's write or departure, a call's return), not
		 * from when the loop gets to the next line: preemption in
		 * between must not move the next event.
		 */
		run->last_event_end = run->event_end ? run->event_end : timing_now_usecs();
		run->last_event_time = when.start;
		run->last_event_anchored = run_event_anchored(event);
		run->has_last_event = true;
		if (run->tracing_states)
			run_state_observe(run, event);
		if (failed && !run_continue_after(run, event))
			break;
	}
}

/* ---- set-up --------------------------------------------------------- */

static int run_error(struct run *run, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A run that could not start: exit-2 class, reported as ERROR. */
static int run_error(struct run *run, const char *fmt, ...)
{
	char *text;
	va_list ap;

	va_start(ap, fmt);
	text = run_vformat(fmt, ap);
	va_end(ap);
	verdict_set(run->verdict, VERDICT_ERROR, "%s", text ? text : "?");
	free(text);
	return -1;
}

static char *run_error_text(const struct error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return NULL;
	error_print(out, err);
	fclose(out);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

/*
 * A command-line setting or define as it applies to this run's variant:
 * its name without a "VARIANT:" scope, or NULL when scoped to another.
 */
static const char *run_scoped_name(enum config_ip_version version,
				   const char *name)
{
	enum config_ip_version scope;
	const char *rest;

	if (!config_scope_split(name, &scope, &rest))
		return name;
	return scope == version ? rest : NULL;
}

static bool run_option_given(const struct run *run, const struct config *cli,
			     const char *name)
{
	const struct config_define *setting;
	const struct ast_option *opt;

	for (opt = run->script->options; opt; opt = opt->next)
		if (strcmp(opt->name, name) == 0)
			return true;
	for (setting = cli->cli_settings; setting; setting = setting->next) {
		const char *own = run_scoped_name(run->cfg.ip_version, setting->name);

		if (own && strcmp(own, name) == 0)
			return true;
	}
	return false;
}

static void run_defines_free(struct config_define *def)
{
	while (def) {
		struct config_define *next = def->next;

		free(def->name);
		free(def->value);
		free(def);
		def = next;
	}
}

/*
 * The -D defines this variant sees: those scoped to it ("ipv6:NAME")
 * first, so that they win over unscoped ones of the same name, then the
 * unscoped ones. -1 when out of memory.
 */
static int run_variant_defines(const struct config *cli,
			       enum config_ip_version version,
			       struct config_define **out)
{
	const struct config_define *def;
	struct config_define **tail = out;
	int pass;

	*out = NULL;
	for (pass = 0; pass < 2; pass++) {
		for (def = cli->defines; def; def = def->next) {
			enum config_ip_version scope;
			const char *name = def->name;
			int scoped = config_scope_split(def->name, &scope, &name);
			struct config_define *copy;

			if (scoped != (pass == 0) || (scoped && scope != version))
				continue;
			copy = calloc(1, sizeof(*copy));
			if (!copy)
				return -1;
			*tail = copy;
			tail = &copy->next;
			copy->name = strdup(name);
			copy->value = def->value ? strdup(def->value) : NULL;
			if (!copy->name || (def->value && !copy->value))
				return -1;
		}
	}
	return 0;
}

/*
 * --ip_version=all runs each script the way packetdrill's run_all.py does:
 * its IPv6 variant uses a 1520-byte MTU, so that the MSS (MTU minus the
 * 40-byte IPv6 and 20-byte TCP headers) is 1460 as over IPv4, and the same
 * `mss 1460` lines hold in every variant.
 */
static void run_variant_defaults(struct run *run, const struct config *cli)
{
	const struct config_define *setting;
	bool all = false;

	for (setting = cli->cli_settings; setting; setting = setting->next)
		if (strcmp(setting->name, "ip_version") == 0)
			all = setting->value && strcmp(setting->value, "all") == 0;
	if (all && run->cfg.ip_version == CONFIG_IPV6 &&
	    !run_option_given(run, cli, "mtu"))
		run->cfg.mtu = 1520;
}

static int run_load(struct run *run, const struct config *cli)
{
	const struct config_define *setting;
	struct config_define *defines = NULL;
	enum config_ip_version version;
	const struct ast_option *opt;
	struct error err = { 0 };
	bool cli_version = false;
	char *text;
	int ret;

	if (run_variant_defines(cli, cli->ip_version, &defines)) {
		run_defines_free(defines);
		return run_error(run, "out of memory");
	}
	ret = script_load(run->path, defines, &run->script, &err);
	run_defines_free(defines);
	if (ret || script_validate(run->script, &err)) {
		text = run_error_text(&err);
		run_error(run, "%s", text ? text : err.message);
		free(text);
		error_clear(&err);
		return -1;
	}
	config_init(&run->cfg);
	for (opt = run->script->options; opt; opt = opt->next)
		if (config_set_option(&run->cfg, opt->name, opt->value, &err))
			goto bad_option;
	/*
	 * The runner names the variant when the command line chose one;
	 * it is known before the settings scoped to a variant are applied.
	 */
	for (setting = cli->cli_settings; setting; setting = setting->next)
		cli_version |= strcmp(setting->name, "ip_version") == 0;
	/*
	 * The runner's variant holds, unless the script's own option line
	 * chose one and the command line did not.
	 */
	if (cli_version || !run_option_given(run, cli, "ip_version") ||
	    run->cfg.ip_version == CONFIG_IP_ALL)
		run->cfg.ip_version = cli->ip_version;
	version = run->cfg.ip_version;
	for (setting = cli->cli_settings; setting; setting = setting->next) {
		const char *name = run_scoped_name(version, setting->name);

		if (name && config_set_option(&run->cfg, name, setting->value, &err))
			goto bad_option;
	}
	run->cfg.ip_version = version;
	run_variant_defaults(run, cli);
	return 0;
bad_option:
	run_error(run, "%s: %s", run->path, err.message);
	error_clear(&err);
	return -1;
}

static int run_prefix_len(const char *netmask, int fallback)
{
	struct in_addr mask;

	if (!netmask || inet_pton(AF_INET, netmask, &mask) != 1)
		return fallback;
	return __builtin_popcount(mask.s_addr);
}

static int run_addr_override(struct tun_addr *addr, const char *text,
			     struct error *err)
{
	if (!text)
		return 0;
	return tun_addr_parse(addr, text, err);
}

/*
 * Outbound packets are read only when a line expects one, a capture is
 * kept, or --strict looks for packets nobody expected. Without them the
 * packet socket is not opened at all: closing one costs an RCU grace
 * period (about 10 ms here), a large share of a short script's run.
 */
static bool run_needs_sniffing(const struct run *run)
{
	const struct ast_event *event;

	if (run->sniff_for_capture || run->cfg.strict)
		return true;
	for (event = run->script->events; event; event = event->next)
		if (event->kind == AST_EVENT_PACKET &&
		    event->packet->direction == AST_DIR_OUTBOUND)
			return true;
	return false;
}

/* The TUN device's addresses: SPEC §8 defaults, then the flags. */
static int run_tun_config(struct run *run, struct error *err)
{
	struct tun_config *t = &run->tun_cfg;

	run->wire_family = run->cfg.ip_version == CONFIG_IPV6 ? AF_INET6 : AF_INET;
	if (tun_config_default(t, run->wire_family, err) ||
	    run_addr_override(&t->local, run->cfg.local_ip, err) ||
	    run_addr_override(&t->remote, run->cfg.remote_ip, err) ||
	    run_addr_override(&t->gateway, run->cfg.gateway_ip, err))
		return -1;
	if (run->wire_family == AF_INET)
		t->local_prefix_len = run_prefix_len(run->cfg.netmask_ip,
						     t->local_prefix_len);
	t->mtu = run->cfg.mtu;
	t->no_sniff = !run_needs_sniffing(run);
	run->local.family = run->remote.family = run->wire_family;
	memcpy(&run->local.v6, &t->local.v6, sizeof(t->local.v6));
	memcpy(&run->remote.v6, &t->remote.v6, sizeof(t->remote.v6));
	return 0;
}

static void run_addr_text(const struct tun_addr *addr, char *buf, size_t size)
{
	inet_ntop(addr->family, &addr->v6, buf, (socklen_t)size);
}

/*
 * --default_cc=NAME, inside the namespace: the namespace's default when the
 * kernel allows it there; else (Linux lets only the initial namespace make
 * a "restricted" algorithm such as cubic its default) each TCP socket the
 * script makes gets NAME itself. A kernel without NAME makes the run a
 * SKIP.
 */
static int run_default_cc(struct run *run)
{
	const char *cc = run->cfg.default_cc;
	const char *path = "/proc/sys/net/ipv4/tcp_congestion_control";
	int fd, ok = 0;

	if (!cc)
		return 0;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		ok = write(fd, cc, strlen(cc)) == (ssize_t)strlen(cc);
		close(fd);
	}
	if (ok)
		return 0;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	ok = fd >= 0 && setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, cc,
				   (socklen_t)strlen(cc)) == 0;
	if (fd >= 0)
		close(fd);
	if (!ok) {
		run->skipped = true;
		verdict_set(run->verdict, VERDICT_SKIP, "--default_cc=%s: this kernel "
			    "has no congestion control %s", cc, cc);
		return -1;
	}
	run->default_cc_per_socket = true;
	return 0;
}

/* Unmet requirements make the run a SKIP; checked inside the namespace. */
static int run_requirements(struct run *run)
{
	const struct config_define *req;
	struct error err = { 0 };

	for (req = run->cfg.requires; req; req = req->next) {
		char *reason = NULL;
		int met = require_met(req->name, &reason, &err);

		if (met < 0) {
			run_error(run, "%s: %s", run->path, err.message);
			error_clear(&err);
			return -1;
		}
		if (!met) {
			run->skipped = true;
			verdict_set(run->verdict, VERDICT_SKIP, "%s", reason ? reason : req->name);
			free(reason);
			return -1;
		}
	}
	return 0;
}

static int run_network(struct run *run, const char *pcap_path)
{
	char local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN];
	struct error err = { 0 };

	run->sniff_for_capture = pcap_path != NULL;
	if (sandbox_enter(&err))
		goto fail;
	if (run_requirements(run) || run_default_cc(run))
		return -1;
	if (run_tun_config(run, &err) || tun_open(&run->tun_cfg, &run->tun, &err))
		goto fail;
	run_addr_text(&run->tun_cfg.local, local, sizeof(local));
	run_addr_text(&run->tun_cfg.remote, remote, sizeof(remote));
	if (syscall_env_set_addresses(&run->sys, run->cfg.ip_version, local,
				      run->cfg.bind_port, remote,
				      run->cfg.connect_port, &err))
		goto fail;
	if (pcap_path) {
		run->capture = capture_open(pcap_path, CAPTURE_LINKTYPE_RAW, 0, &err);
		if (!run->capture)
			goto fail;
	}
	return 0;
fail:
	run_error(run, "%s: %s", run->path, err.message);
	error_clear(&err);
	return -1;
}

/* The script's own --init_scripts line, or NULL (given on the command line). */
static const struct ast_option *run_init_scripts_line(const struct run *run)
{
	const struct ast_option *opt, *found = NULL;

	for (opt = run->script->options; opt; opt = opt->next)
		if (strcmp(opt->name, "init_scripts") == 0)
			found = opt;
	return found;
}

/*
 * An init script prepares the machine for the script (sysctls, modules):
 * when one fails the script was never run, so the run is an ERROR (exit 2)
 * pointed at the --init_scripts line, not a FAIL of the kernel. Exit 4
 * still means skip.
 */
static int run_init_script(struct run *run, const char *text)
{
	const struct ast_option *line = run_init_scripts_line(run);
	struct command_result result;
	struct error err = { 0 };
	char where[32] = "";

	if (line)
		snprintf(where, sizeof(where), ":%d:%d", line->pos.line,
			 line->pos.col);
	if (command_run(text, run->dir, &result, &err)) {
		verdict_set(run->verdict, VERDICT_ERROR, "%s%s: --init_scripts: "
			    "`%s`: %s", run->path, where, text, err.message);
		error_clear(&err);
		return -1;
	}
	if (result.output_len)
		fwrite(result.output, 1, result.output_len, stdout);
	if (result.exit_status == COMMAND_EXIT_SKIP) {
		run->skipped = true;
		verdict_set(run->verdict, VERDICT_SKIP, "%s%s: --init_scripts: "
			    "`%s` asked to skip", run->path, where, text);
	} else if (result.exit_status != 0) {
		verdict_set(run->verdict, VERDICT_ERROR, "%s%s: --init_scripts: "
			    "`%s` failed with exit status %d", run->path, where,
			    text, result.exit_status);
	}
	command_result_free(&result);
	return run->verdict->status == VERDICT_NONE ? 0 : -1;
}

/* --init_scripts=a,b: each runs before the script, from its directory. */
static int run_init_scripts(struct run *run)
{
	char *list, *save = NULL, *item;
	int ret = 0;

	if (!run->cfg.init_scripts)
		return 0;
	list = strdup(run->cfg.init_scripts);
	for (item = list ? strtok_r(list, ",", &save) : NULL; item && !ret;
	     item = strtok_r(NULL, ",", &save))
		ret = run_init_script(run, item);
	free(list);
	if (ret)
		run->failures++;
	return ret;
}

static int run_init(struct run *run)
{
	if (run_init_scripts(run))
		return -1;
	if (run->script->init_command)
		return run_command_text(run, NULL, run->script->init_command->text);
	return 0;
}

/* ---- the end of a run ----------------------------------------------- */

static const struct ast_event *run_last_event(const struct run *run)
{
	const struct ast_event *event = run->script ? run->script->events : NULL;

	while (event && event->next)
		event = event->next;
	return event;
}

static void run_finish(struct run *run)
{
	if (run->blocking) {
		if (run->failures || run->skipped)
			run_syscall_abandon_blocking(run);
		else
			run_syscall_finish_blocking(run);
	}
	if (run->tun && run->cfg.strict && !run->failures && !run->skipped)
		run_strict_check_quiet(run, run_last_event(run));
	if (run->tun)
		run_reset_flows(run);
	/* After the resets: they end most calls still blocking. */
	run_syscall_stop_worker(run);
	syscall_env_close_all(&run->sys);
	if (run->script && run->script->cleanup_command)
		run_command_text(run, NULL, run->script->cleanup_command->text);
}

static void run_report_states(struct run *run)
{
	struct error err = { 0 };
	int svg = 0;

	if (run->cfg.trace_states) {
		printf("state trace of %s:\n", run->path);
		state_trace_print(stdout, &run->trace);
	}
	if (run->cfg.state_graph &&
	    state_graph_write(run->cfg.state_graph, &run->trace, &svg, &err)) {
		verdict_add_details(run->verdict, "%s", err.message);
		error_clear(&err);
	}
	fflush(stdout);
}

static void run_free(struct run *run)
{
	struct error err = { 0 };

	if (run->capture)
		capture_close(run->capture, &err);
	error_clear(&err);
	if (run->tun)
		tun_close(run->tun);
	flow_table_free(&run->flows);
	syscall_env_free(&run->sys);
	state_trace_free(&run->trace);
	code_free(&run->code);
	ast_script_free(run->script);
	config_free(&run->cfg);
	free(run->dir);
	free(run->buf);
	for (int i = 0; i < RUN_IGNORED_KEPT; i++)
		free(run->ignored[i]);
}

/*
 * The scripts being run by enclosing tcpdrills, one absolute path a line:
 * a command or init script may start tcpdrill again, and one that runs the
 * script it is part of (--init_scripts="tcpdrill self.pkt") would recurse
 * without end, a namespace and a handful of processes per level.
 */
#define RUN_NESTING_ENV "TCPDRILL_RUNNING"
/* tcpdrill inside tcpdrill is legitimate (tests of tcpdrill); this is not. */
#define RUN_MAX_NESTING 8

static bool run_chain_has(const char *chain, const char *path, int *depth)
{
	size_t len = strlen(path);
	const char *line;
	bool found = false;

	*depth = 0;
	for (line = chain; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (!*line)
			break;
		(*depth)++;
		if (strncmp(line, path, len) == 0 &&
		    (line[len] == '\n' || line[len] == '\0'))
			found = true;
	}
	return found;
}

/* Refuse to run inside itself; then tell our own descendants about us. */
static int run_check_nesting(struct run *run)
{
	const char *chain = getenv(RUN_NESTING_ENV);
	char *self = realpath(run->path, NULL), *longer = NULL;
	int depth = 0, ret = 0;

	if (!self)
		return 0;	/* the load reports a missing file */
	if (chain && run_chain_has(chain, self, &depth))
		ret = run_error(run, "%s: this script is already running in an "
				"enclosing tcpdrill (started through its "
				"--init_scripts or a command): refusing to run "
				"it inside itself", run->path);
	else if (depth >= RUN_MAX_NESTING)
		ret = run_error(run, "%s: tcpdrill is already nested %d deep "
				"(scripts whose commands run tcpdrill): refusing "
				"to go deeper", run->path, depth);
	else if (asprintf(&longer, "%s%s%s", chain ? chain : "",
			  chain && *chain ? "\n" : "", self) >= 0)
		setenv(RUN_NESTING_ENV, longer, 1);
	free(longer);
	free(self);
	return ret;
}

static int run_prepare(struct run *run, const struct config *cli,
		       const char *path, const char *pcap_path)
{
	char *copy = strdup(path);

	run->path = path;
	run->ut_script_fd = -1;
	run->dir = copy ? strdup(dirname(copy)) : NULL;
	free(copy);
	run->buf = malloc(RUN_BUF_SIZE);
	state_trace_init(&run->trace);
	code_init(&run->code, path);
	syscall_env_init(&run->sys, path);
	flow_table_init(&run->flows, RUN_FIRST_REMOTE_PORT);
	if (!run->dir || !run->buf)
		return run_error(run, "out of memory");
	if (run_check_nesting(run) || run_load(run, cli))
		return -1;
	run->tracing_states = run->cfg.trace_states || run->cfg.state_graph;
	return run_network(run, pcap_path);
}

/* The blocking calls' worker, ready before the first event. */
static int run_start_worker(struct run *run)
{
	const struct ast_event *event;

	for (event = run->script->events; event; event = event->next) {
		if (event->kind != AST_EVENT_SYSCALL || !event->syscall->blocking)
			continue;
		if (run_syscall_start_worker(run) == 0)
			return 0;
		return run_error(run, "%s: cannot start a thread for blocking calls",
				 run->path);
	}
	return 0;
}

/*
 * Syscall checks that read the kernel's clocks: SCM_TIMESTAMPING stamps
 * are on CLOCK_REALTIME, so script time 0 is placed on that clock too
 * (the offset between the two clocks read back to back, well under a
 * microsecond apart); and they use the script's tolerance.
 */
static void run_clock_syscalls(struct run *run)
{
	struct timespec real;
	int64_t mono = timing_now_usecs();

	clock_gettime(CLOCK_REALTIME, &real);
	run->sys.realtime_start_usecs = timing_timespec_to_usecs(&real) -
					(mono - run->live_start);
	run->sys.tolerance_usecs = run->cfg.tolerance_usecs;
}

int run_script(const struct config *cli, const char *path,
	       const char *pcap_path, struct verdict *out)
{
	struct code_options opt;
	struct run run;

	memset(&run, 0, sizeof(run));
	run.verdict = out;
	/*
	 * A write to a connection the peer reset must fail with EPIPE, as
	 * scripts expect (packetdrill ignores the signal too), not kill the
	 * run. Commands get the default back (command.c).
	 */
	signal(SIGPIPE, SIG_IGN);
	timing_tighten_timer_slack();
	if (run_prepare(&run, cli, path, pcap_path) == 0) {
		run.live_start = timing_now_usecs();
		if (run_init(&run) == 0 && run_start_worker(&run) == 0) {
			run.live_start = timing_pick_start_usecs(RUN_START_LEAD_USECS);
			run_clock_syscalls(&run);
			run_code_options(&run, &opt);
			code_live_start(&run.code, &opt);
			run_events(&run);
		}
		run_finish(&run);
		out->script_usecs = run_now_script(&run);
		if (!run.failures && !run.skipped)
			run_code_blocks(&run);
		if (run.tracing_states)
			run_report_states(&run);
		if (!run.failures && !run.skipped)
			verdict_set(out, VERDICT_PASS, NULL);
	}
	run_free(&run);
	return 0;
}
