// SPDX-License-Identifier: GPL-2.0
/*
 * replay.c - a fuzz target as a plain program: run it once on every file
 * of its corpus and crasher directories, each in a forked child, and print
 * one TAP line per file. `make check` runs it without clang, so every seed
 * and every input that once broke the target stays a regression test.
 *
 * Usage: replay_NAME [FILE|DIR...]; with no argument the directories are
 * $top_srcdir/tests/fuzz/corpus/NAME and $top_srcdir/tests/fuzz/crashers/NAME.
 * A child that crashes, aborts (a broken invariant) or runs longer than
 * REPLAY_TIMEOUT_SECS is a failure of that file.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET names the target: -DFUZZ_TARGET=\"script\""
#endif

/*
 * libFuzzer's own default per input is 1200 s; an input of the committed
 * corpus takes milliseconds, even under ASan, so anything past this is a
 * hang worth failing on.
 */
#define REPLAY_TIMEOUT_SECS 10

static int tests, failed;

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *bigger;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		if (*len == cap) {
			cap = cap ? 2 * cap : 4096;
			bigger = realloc(buf, cap);
			if (!bigger) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = bigger;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	fclose(f);
	return buf;
}

static void __attribute__((noreturn)) replay_child(const char *path)
{
	unsigned char *data;
	size_t len;

	alarm(REPLAY_TIMEOUT_SECS);
	data = read_all(path, &len);
	if (!data)
		_exit(3);
	/* The exact size, as libFuzzer passes it: overreads show up. */
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	exit(0);	/* exit(): LeakSanitizer runs at exit */
}

static void replay_file(const char *path)
{
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		replay_child(path);
	tests++;
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		failed++;
		printf("not ok %d - %s: %s\n", tests, path, strerror(errno));
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok %d - %s\n", tests, path);
		return;
	}
	failed++;
	if (WIFSIGNALED(status))
		printf("not ok %d - %s: %s\n", tests, path,
		       WTERMSIG(status) == SIGALRM ? "timed out" :
		       strsignal(WTERMSIG(status)));
	else
		printf("not ok %d - %s: exit status %d\n", tests, path,
		       WEXITSTATUS(status));
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int regular_file(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Every file of a directory, in name order (a missing one is empty). */
static void replay_dir(const char *dir)
{
	struct dirent **names;
	int n, i;

	n = scandir(dir, &names, regular_file, by_name);
	for (i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			replay_file(path);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

static void replay_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		replay_dir(path);
	else
		replay_file(path);
}

int main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir");
	char dir[4096];
	int i;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			replay_path(argv[i]);
	} else {
		if (!top)
			top = "..";
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", top,
			 FUZZ_TARGET);
		replay_dir(dir);
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/crashers/%s", top,
			 FUZZ_TARGET);
		replay_dir(dir);
	}
	if (tests == 0)
		printf("1..0 # SKIP no inputs for the %s target\n", FUZZ_TARGET);
	else
		printf("1..%d\n", tests);
	return failed ? 1 : 0;
}
