/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runner_test.h - scratch script trees and runner invocations for
 * the runner's tests. The runner never reads the scripts, so the files are
 * empty: their names tell the test callbacks how to behave.
 */
#ifndef TCPDRILL_RUNNER_TEST_H
#define TCPDRILL_RUNNER_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "report.h"
#include "runner.h"

/* A fresh directory under $TMPDIR (or /tmp); the caller frees the name. */
static inline char *scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = NULL;

	if (asprintf(&dir, "%s/tcpdrill-test-XXXXXX", tmp ? tmp : "/tmp") < 0)
		return NULL;
	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

/* Create dir/rel (and its directories) as an empty file. */
static inline void scratch_file(const char *dir, const char *rel)
{
	char *path = NULL, *p;
	int fd;

	if (asprintf(&path, "%s/%s", dir, rel) < 0)
		return;
	for (p = path + strlen(dir) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
	free(path);
}

static inline int scratch_rm_one(const char *path, const struct stat *st,
				 int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static inline void scratch_remove(char *dir)
{
	if (dir)
		nftw(dir, scratch_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

static inline char *str_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline char *str_printf(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* The base name of a job's script, for callbacks that act on names. */
static inline const char *job_base(const struct runner_job *job)
{
	const char *slash = strrchr(job->path, '/');

	return slash ? slash + 1 : job->path;
}

static inline double mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* What one runner_run() call printed and returned. */
struct run_result {
	int status;
	char *text;		/* the human stream */
	double seconds;
	char *error;		/* err.message, when set */
};

static inline void run_result_free(struct run_result *rr)
{
	free(rr->text);
	free(rr->error);
	memset(rr, 0, sizeof(*rr));
}

/* runner_run() on one PATH with its human lines caught in memory. */
static inline struct run_result run_paths(const struct config *cfg,
					  char **paths, int count,
					  runner_child_fn fn, void *arg)
{
	struct run_result rr = { 0 };
	struct error err = { 0 };
	size_t len = 0;
	FILE *out = open_memstream(&rr.text, &len);
	double start = mono_seconds();

	rr.status = runner_run(cfg, paths, count, fn, arg, out, &err);
	rr.seconds = mono_seconds() - start;
	fclose(out);
	if (err.message)
		rr.error = strdup(err.message);
	error_clear(&err);
	return rr;
}

static inline struct run_result run_one(const struct config *cfg,
					const char *path, runner_child_fn fn,
					void *arg)
{
	char *paths[] = { (char *)path };

	return run_paths(cfg, paths, 1, fn, arg);
}

/* The last line of text, without its newline (static buffer). */
static inline const char *last_line(const char *text)
{
	static char line[256];
	size_t len;
	const char *start;

	if (!text)
		return "";
	len = strlen(text);
	while (len > 0 && text[len - 1] == '\n')
		len--;
	start = text + len;
	while (start > text && start[-1] != '\n')
		start--;
	snprintf(line, sizeof(line), "%.*s", (int)(text + len - start), start);
	return line;
}

static inline int count_substr(const char *text, const char *needle)
{
	int n = 0;

	while (text && (text = strstr(text, needle))) {
		n++;
		text += strlen(needle);
	}
	return n;
}

/* True when a line of text starts with prefix. */
static inline int has_line_prefix(const char *text, const char *prefix)
{
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

static inline char *read_file_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	int c;

	if (!f)
		return NULL;
	mem = open_memstream(&text, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, mem);
	fclose(mem);
	fclose(f);
	return text;
}

/* A process is gone when even kill(pid, 0) can not find it. */
static inline int process_gone(pid_t pid)
{
	return pid > 0 && kill(pid, 0) < 0 && errno == ESRCH;
}

/* Fork and exec `sleep 1000` in the caller's process group. */
static inline pid_t spawn_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		execlp("sleep", "sleep", "1000", (char *)NULL);
		_exit(127);
	}
	return pid;
}

#endif /* TCPDRILL_RUNNER_TEST_H */
