// SPDX-License-Identifier: GPL-2.0
/* netstat.c - non-zero drop and error counters; see netstat.h. */
#include "netstat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const netstat_words[] = {
	"Drop", "Discard", "Err", "Fail", "Overflow", "NoRoute", "Unknown",
	"Reset", "Timeout", "Prune", "Collapse", "Bad", "NoPorts",
};

static int netstat_interesting(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(netstat_words) / sizeof(netstat_words[0]); i++)
		if (strstr(name, netstat_words[i]))
			return 1;
	return 0;
}

static void netstat_add(FILE *out, const char *prefix, const char *name,
			const char *value)
{
	if (strcmp(value, "0") != 0 && netstat_interesting(name))
		fprintf(out, " %s%s=%s", prefix, name, value);
}

/*
 * /proc/net/snmp and netstat: pairs of lines, "Tcp: Name Name ..." then
 * "Tcp: 1 2 ...".
 */
static void netstat_read_pairs(FILE *out, const char *path)
{
	char names[4096], values[4096];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(names, sizeof(names), f) && fgets(values, sizeof(values), f)) {
		char *save_n = NULL, *save_v = NULL, *n, *v, prefix[32];

		n = strtok_r(names, " \n", &save_n);
		v = strtok_r(values, " \n", &save_v);
		if (!n || !v)
			continue;
		snprintf(prefix, sizeof(prefix), "%.*s", (int)strcspn(n, ":"), n);
		while ((n = strtok_r(NULL, " \n", &save_n)) &&
		       (v = strtok_r(NULL, " \n", &save_v)))
			netstat_add(out, prefix, n, v);
	}
	fclose(f);
}

/* /proc/net/snmp6: one "Name value" per line. */
static void netstat_read_lines(FILE *out, const char *path)
{
	char line[256], name[128], value[64];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %63s", name, value) == 2)
			netstat_add(out, "", name, value);
	fclose(f);
}

char *netstat_drops(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return NULL;
	netstat_read_pairs(out, "/proc/net/snmp");
	netstat_read_pairs(out, "/proc/net/netstat");
	netstat_read_lines(out, "/proc/net/snmp6");
	fclose(out);
	if (buf && buf[0] == ' ')
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}
