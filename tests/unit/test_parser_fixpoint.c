// SPDX-License-Identifier: GPL-2.0
/*
 * test_parser_fixpoint.c - the dump is a fixed point for every script in
 * the source tree: each *.pkt under $top_srcdir/tests is parsed, dumped,
 * re-parsed from its dump and dumped again, and the two dumps must be
 * byte-identical. Scripts under a "bad" directory are meant not to parse
 * and are skipped, as are the hostile ones under tests/syntax/hostile.
 */
#include <ftw.h>
#include <stdio.h>

#include "test_parser.h"

static int scripts;

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		size_t n;

		if (*len == cap) {
			char *bigger = realloc(buf, cap ? cap * 2 : 4096);

			if (!bigger)
				break;
			buf = bigger;
			cap = cap ? cap * 2 : 4096;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		if (!n)
			break;
		*len += n;
	}
	fclose(f);
	return buf;
}

static int visit(const char *path, const struct stat *st, int type,
		 struct FTW *ftw)
{
	size_t len = strlen(path), text_len;
	char *text, *dump, *again;

	(void)st;
	(void)ftw;
	if (type != FTW_F || len < 4 || strcmp(path + len - 4, ".pkt") != 0 ||
	    strstr(path, "/bad/") || strstr(path, "/hostile/"))
		return 0;
	text = read_all(path, &text_len);
	dump = text ? parse_and_dump(path, text, text_len, NULL) : NULL;
	if (!dump || strncmp(dump, "ERROR: ", 7) == 0) {
		tap_ok(0, path);
		printf("#   %s\n", dump ? dump : "unreadable");
	} else {
		again = parse_and_dump("dump", dump, strlen(dump), NULL);
		tap_is_str(again, dump, path);
		free(again);
	}
	scripts++;
	free(dump);
	free(text);
	return 0;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[4096];

	if (!top)
		top = "..";
	snprintf(dir, sizeof(dir), "%s/tests", top);
	if (nftw(dir, visit, 16, FTW_PHYS) != 0)
		tap_ok(0, "walk the tests directory");
	tap_ok(scripts >= 10, "the source tree has scripts to check");
	return tap_done();
}
