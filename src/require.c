// SPDX-License-Identifier: GPL-2.0
/* require.c - requirements a script states; see require.h. */
#include "require.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

struct require_kind {
	const char *name;
	int (*met)(const char *arg, char **reason);
};

/* Read /proc/sys/NAME (dots become slashes), whitespace folded to one space. */
static int require_read_sysctl(const char *name, char *buf, size_t size)
{
	char path[512], *p;
	size_t n, i, j = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/%s", name);
	for (p = path + strlen("/proc/sys/"); *p; p++)
		if (*p == '.')
			*p = '/';
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)buf[i])) {
			if (j && buf[j - 1] != ' ')
				buf[j++] = ' ';
		} else {
			buf[j++] = buf[i];
		}
	}
	while (j && buf[j - 1] == ' ')
		j--;
	buf[j] = '\0';
	return 0;
}

static int require_reason(char **reason, const char *fmt, const char *a,
			  const char *b)
{
	if (asprintf(reason, fmt, a, b) < 0)
		*reason = NULL;
	return 0;
}

static int require_sysctl(const char *arg, char **reason)
{
	char name[256], value[1024];
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);

	snprintf(name, sizeof(name), "%.*s", (int)len, arg);
	if (require_read_sysctl(name, value, sizeof(value)) < 0)
		return require_reason(reason, "needs sysctl %s, which this kernel "
				      "does not have%s", name, "");
	if (eq && strcmp(value, eq + 1) != 0)
		return require_reason(reason, "needs sysctl %s, which is %s here",
				      arg, value);
	return 1;
}

static int require_version_cmp(const char *have, const char *want)
{
	while (*want) {
		long a = strtol(have, (char **)&have, 10);
		long b = strtol(want, (char **)&want, 10);

		if (a != b)
			return a < b ? -1 : 1;
		if (*want == '.')
			want++;
		if (*have == '.')
			have++;
		else if (*want)
			return -1;
	}
	return 0;
}

static int require_kernel(const char *arg, char **reason)
{
	struct utsname u;

	if (uname(&u) != 0)
		return require_reason(reason, "needs kernel %s%s, and uname failed",
				      arg, "");
	if (require_version_cmp(u.release, arg) < 0)
		return require_reason(reason, "needs kernel %s or later; this is %s",
				      arg, u.release);
	return 1;
}

static int require_cc(const char *arg, char **reason)
{
	char allowed[1024], padded[1040], word[80];

	if (require_read_sysctl("net.ipv4.tcp_allowed_congestion_control",
				allowed, sizeof(allowed)) < 0)
		return require_reason(reason, "needs congestion control %s, and "
				      "this kernel lists none%s", arg, "");
	snprintf(padded, sizeof(padded), " %s ", allowed);
	snprintf(word, sizeof(word), " %s ", arg);
	if (!strstr(padded, word))
		return require_reason(reason, "needs congestion control %s, which "
				      "this namespace does not allow (allowed: %s)",
				      arg, allowed);
	return 1;
}

static int require_command(const char *arg, char **reason)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, full[1024];
	int found = 0;

	copy = strdup(path ? path : "/usr/bin:/bin");
	for (dir = copy ? strtok_r(copy, ":", &save) : NULL; dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(full, sizeof(full), "%s/%s", dir, arg);
		found = access(full, X_OK) == 0;
	}
	free(copy);
	if (!found)
		return require_reason(reason, "needs the command %s, which is not "
				      "installed%s", arg, "");
	return 1;
}

static const struct require_kind require_kinds[] = {
	{ "sysctl", require_sysctl },
	{ "kernel", require_kernel },
	{ "cc", require_cc },
	{ "command", require_command },
};

static const struct require_kind *require_find(const char *text,
					       const char **arg,
					       struct error *err)
{
	const char *colon = strchr(text, ':');
	size_t i;

	for (i = 0; colon && i < sizeof(require_kinds) / sizeof(require_kinds[0]); i++) {
		if (strlen(require_kinds[i].name) == (size_t)(colon - text) &&
		    strncmp(text, require_kinds[i].name, colon - text) == 0 &&
		    colon[1]) {
			*arg = colon + 1;
			return &require_kinds[i];
		}
	}
	error_set(err, "bad requirement '%s': expected sysctl:NAME[=VALUE], "
		  "kernel:X.Y, cc:NAME or command:NAME", text);
	return NULL;
}

int require_parse_check(const char *text, struct error *err)
{
	const char *arg;

	return require_find(text, &arg, err) ? 0 : -1;
}

int require_met(const char *text, char **reason, struct error *err)
{
	const struct require_kind *kind;
	const char *arg;

	*reason = NULL;
	kind = require_find(text, &arg, err);
	if (!kind)
		return -1;
	return kind->met(arg, reason);
}
