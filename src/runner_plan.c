// SPDX-License-Identifier: GPL-2.0
/*
 * runner_plan.c - what the runner will run, in which order: discovery of
 * scripts under each PATH, IP variants by packetdrill's naming rule,
 * --shard slices and --pcap file names; see runner.h. Runs nothing.
 */
#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- strings --------------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* "a" + "b" → "a/b"; no doubled slash when a already ends in one. */
static char *path_join(const char *a, const char *b)
{
	char *out = NULL;
	size_t n = strlen(a);

	if (asprintf(&out, "%s%s%s", a, n && a[n - 1] == '/' ? "" : "/", b) < 0)
		return NULL;
	return out;
}

/* "./states/x.pkt" is shown as "states/x.pkt". */
static const char *skip_dot_slash(const char *path)
{
	while (path[0] == '.' && path[1] == '/' && path[2])
		for (path += 2; *path == '/'; path++)
			;
	return path;
}

struct strvec {
	char **v;
	int n, cap;
};

/* Takes s (freed on failure). */
static int strvec_push(struct strvec *sv, char *s)
{
	if (!s)
		return -1;
	if (sv->n == sv->cap) {
		int cap = sv->cap ? 2 * sv->cap : 16;
		char **v = realloc(sv->v, (size_t)cap * sizeof(*v));

		if (!v) {
			free(s);
			return -1;
		}
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	return 0;
}

static void strvec_free(struct strvec *sv)
{
	int i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- discovery --------------------------------------------------------------- */

enum entry_kind { ENTRY_OTHER, ENTRY_FILE, ENTRY_DIR };

/*
 * What a directory entry is. A symbolic link to a file counts as the file;
 * a symbolic link to a directory is not followed (it could loop), which is
 * also what packetdrill's run_all.py does through os.walk().
 */
static enum entry_kind entry_kind(int dirfd, const struct dirent *e)
{
	struct stat st;

	if (e->d_type == DT_DIR)
		return ENTRY_DIR;
	if (e->d_type == DT_REG)
		return ENTRY_FILE;
	if (e->d_type == DT_UNKNOWN &&
	    fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISLNK(st.st_mode))
		return S_ISDIR(st.st_mode) ? ENTRY_DIR :
		       S_ISREG(st.st_mode) ? ENTRY_FILE : ENTRY_OTHER;
	if (fstatat(dirfd, e->d_name, &st, 0) == 0 && S_ISREG(st.st_mode))
		return ENTRY_FILE;
	return ENTRY_OTHER;
}

/* Every *.pkt under dir, as paths relative to the walk's root. */
static int walk_dir(const char *dir, const char *rel, struct strvec *found,
		    struct error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return error_set(err, "%s: %s", dir, strerror(errno));
	while (!ret && (errno = 0, e = readdir(d))) {
		enum entry_kind kind;
		char *sub_rel;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		kind = entry_kind(dirfd(d), e);
		if (kind == ENTRY_OTHER ||
		    (kind == ENTRY_FILE && !ends_with(e->d_name, ".pkt")))
			continue;
		sub_rel = rel ? path_join(rel, e->d_name) : strdup(e->d_name);
		if (!sub_rel) {
			ret = error_set(err, "out of memory");
		} else if (kind == ENTRY_FILE) {
			if (strvec_push(found, sub_rel))
				ret = error_set(err, "out of memory");
		} else {
			char *sub_dir = path_join(dir, e->d_name);

			ret = sub_dir ? walk_dir(sub_dir, sub_rel, found, err)
				      : error_set(err, "out of memory");
			free(sub_dir);
			free(sub_rel);
		}
	}
	if (!ret && errno)
		ret = error_set(err, "%s: %s", dir, strerror(errno));
	closedir(d);
	return ret;
}

/* ---- the plan ------------------------------------------------------------------- */

static const struct {
	enum config_ip_version version;
	const char *name;
} runner_variants[] = {
	/* run_all.py's order for one script: v4, v4-mapped-v6, v6 */
	{ CONFIG_IPV4, "ipv4" },
	{ CONFIG_IPV4_MAPPED_IPV6, "ipv4-mapped-ipv6" },
	{ CONFIG_IPV6, "ipv6" },
};

#define RUNNER_VARIANT_COUNT (int)(sizeof(runner_variants) / sizeof(runner_variants[0]))

const char *runner_variant_name(enum config_ip_version version)
{
	int i;

	for (i = 0; i < RUNNER_VARIANT_COUNT; i++)
		if (runner_variants[i].version == version)
			return runner_variants[i].name;
	return "all";
}

/*
 * packetdrill's naming convention (run_all.py): a script whose file name
 * ends in "v6.pkt" runs over IPv6 only, one ending in "v4.pkt" never over
 * IPv6 (it still runs as ipv4-mapped-ipv6, which is IPv4 on the wire).
 * Returns why a variant does not apply, or NULL.
 */
static const char *variant_excluded(const char *path,
				    enum config_ip_version version)
{
	if (ends_with(path, "v6.pkt") && version != CONFIG_IPV6)
		return "IPv6-only script (its name ends in v6.pkt)";
	if (ends_with(path, "v4.pkt") && version == CONFIG_IPV6)
		return "IPv4-only script (its name ends in v4.pkt)";
	return NULL;
}

/*
 * The value of an "--ip_version" option line ("--ip_version=ipv6" or
 * "--ip_version ipv6"), copied into word; 0 when line is no such line.
 */
static int option_line_ip_version(const char *line, char *word, size_t size)
{
	static const char name[] = "--ip_version";
	size_t n;

	if (strncmp(line, name, sizeof(name) - 1) != 0)
		return 0;
	line += sizeof(name) - 1;
	if (*line != '=' && *line != ' ' && *line != '\t')
		return 0;
	line += strspn(line, "= \t");
	n = strcspn(line, " \t\r\n");
	if (n == 0 || n >= size)
		return 0;
	memcpy(word, line, n);
	word[n] = '\0';
	return 1;
}

/*
 * The IP version a script's own option lines set: they come before its
 * first event, among blank lines and comments, and win over the command
 * line when the script runs (as in packetdrill). CONFIG_IP_ALL when they
 * set none (or "all").
 */
static enum config_ip_version script_own_ip_version(const char *path)
{
	enum config_ip_version version = CONFIG_IP_ALL;
	FILE *in = fopen(path, "re");
	bool in_comment = false;
	char line[512], word[32];

	if (!in)
		return version;
	while (fgets(line, sizeof(line), in)) {
		const char *p = line + strspn(line, " \t");

		if (in_comment || strncmp(p, "/*", 2) == 0) {
			in_comment = !strstr(in_comment ? p : p + 2, "*/");
			continue;
		}
		if (*p == '\n' || *p == '\r' || *p == '\0' || strncmp(p, "//", 2) == 0)
			continue;
		if (strncmp(p, "--", 2) != 0)
			break;
		if (option_line_ip_version(p, word, sizeof(word)))
			(void)config_ip_version_of(word, &version);
	}
	fclose(in);
	return version;
}

/*
 * The version a script runs in: the one its own option lines set (own, as
 * script_own_ip_version() read it: they win when the script runs); else
 * the command line's when it names one; else the one its name asks for (a
 * "v6.pkt" script is IPv6-only), else IPv4.
 */
static enum config_ip_version plan_version_for(const struct config *cfg,
					       const char *path,
					       enum config_ip_version own)
{
	const struct config_define *setting;

	if (own != CONFIG_IP_ALL)
		return own;
	for (setting = cfg->cli_settings; setting; setting = setting->next)
		if (strcmp(setting->name, "ip_version") == 0)
			return cfg->ip_version;
	if (ends_with(path, "v6.pkt"))
		return CONFIG_IPV6;
	return cfg->ip_version;
}

/* Keep s in the plan's string list; NULL (and s freed) on failure. */
static char *plan_keep(struct runner_plan *plan, char *s)
{
	char **strings;

	if (!s)
		return NULL;
	strings = realloc(plan->strings,
			  (size_t)(plan->string_count + 1) * sizeof(*strings));
	if (!strings) {
		free(s);
		return NULL;
	}
	plan->strings = strings;
	plan->strings[plan->string_count++] = s;
	return s;
}

static struct runner_job *plan_add_job(struct runner_plan *plan, int *cap)
{
	struct runner_job *jobs;

	if (plan->count == *cap) {
		int n = *cap ? 2 * *cap : 64;

		jobs = realloc(plan->jobs, (size_t)n * sizeof(*jobs));
		if (!jobs)
			return NULL;
		plan->jobs = jobs;
		*cap = n;
	}
	jobs = &plan->jobs[plan->count++];
	memset(jobs, 0, sizeof(*jobs));
	return jobs;
}

/*
 * One job per variant of one script. With --ip_version=all a variant the
 * name excludes is left out; with a single version it is listed as a
 * runner-side SKIP, so that running a directory with the default ipv4
 * shows its IPv6-only scripts instead of failing them. A script whose own
 * option lines set --ip_version runs in that variant alone.
 */
static int plan_script(const struct config *cfg, struct runner_plan *plan,
		       int *cap, const char *path, const char *rel)
{
	enum config_ip_version own = script_own_ip_version(path);
	enum config_ip_version want = plan_version_for(cfg, path, own);
	char *kept_path, *name, *kept_rel;
	int i;

	kept_path = plan_keep(plan, strdup(path));
	name = plan_keep(plan, strdup(skip_dot_slash(path)));
	kept_rel = plan_keep(plan, strdup(rel));
	if (!kept_path || !name || !kept_rel)
		return -1;
	for (i = 0; i < RUNNER_VARIANT_COUNT; i++) {
		enum config_ip_version v = runner_variants[i].version;
		/* The variant a script's own line picks runs whatever its
		 * name says, and is labelled so. */
		const char *why = own == CONFIG_IP_ALL ? variant_excluded(path, v) : NULL;
		struct runner_job *job;

		if (want != CONFIG_IP_ALL && want != v)
			continue;
		if (why && cfg->ip_version == CONFIG_IP_ALL)
			continue;
		job = plan_add_job(plan, cap);
		if (!job)
			return -1;
		job->path = kept_path;
		job->name = name;
		job->rel = kept_rel;
		job->ip_version = v;
		job->variant = runner_variants[i].name;
		job->attempt = 1;
		job->skip_reason = why;
	}
	return 0;
}

static int plan_path(const struct config *cfg, struct runner_plan *plan,
		     int *cap, const char *path, struct error *err)
{
	struct strvec found = { 0 };
	struct stat st;
	int i, ret = 0;

	if (stat(path, &st) != 0)
		return error_set(err, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		const char *base = strrchr(path, '/');

		if (plan_script(cfg, plan, cap, path, base ? base + 1 : path))
			return error_set(err, "out of memory");
		return 0;
	}
	if (walk_dir(path, NULL, &found, err))
		goto out;
	if (found.n == 0) {
		ret = error_set(err, "%s: no *.pkt scripts in this directory", path);
		goto out;
	}
	qsort(found.v, (size_t)found.n, sizeof(*found.v), compare_strings);
	for (i = 0; i < found.n && !ret; i++) {
		char *full = strcmp(path, ".") == 0 ? strdup(found.v[i])
						    : path_join(path, found.v[i]);

		if (!full || plan_script(cfg, plan, cap, full, found.v[i]))
			ret = error_set(err, "out of memory");
		free(full);
	}
out:
	if (error_is_set(err))
		ret = -1;
	strvec_free(&found);
	return ret;
}

/* --shard=K/N: job i belongs to slice i mod N, so slices stay balanced. */
static void plan_shard(const struct config *cfg, struct runner_plan *plan)
{
	int i, kept = 0;

	if (cfg->shard_count <= 1)
		return;
	for (i = 0; i < plan->count; i++)
		if (i % cfg->shard_count == cfg->shard_index - 1)
			plan->jobs[kept++] = plan->jobs[i];
	plan->count = kept;
}

static int compare_pcap(const void *a, const void *b)
{
	const struct runner_job *x = *(struct runner_job *const *)a;
	const struct runner_job *y = *(struct runner_job *const *)b;

	return strcmp(x->pcap_path, y->pcap_path);
}

/*
 * Two PATHs holding the same relative name ("a/x.pkt", "b/x.pkt") would
 * share a capture file: the later ones get "~2", "~3" before ".pcap".
 */
static int plan_pcap_unique(struct runner_plan *plan)
{
	struct runner_job **order;
	const char *base = NULL;
	int i, dup = 1;

	order = malloc((size_t)plan->count * sizeof(*order) + 1);
	if (!order)
		return -1;
	for (i = 0; i < plan->count; i++)
		order[i] = &plan->jobs[i];
	qsort(order, (size_t)plan->count, sizeof(*order), compare_pcap);
	for (i = 0; i < plan->count; i++) {
		const char *path = order[i]->pcap_path;
		char *renamed = NULL;

		if (!base || strcmp(base, path) != 0) {
			base = path;
			dup = 1;
			continue;
		}
		if (asprintf(&renamed, "%.*s~%d.pcap", (int)strlen(path) - 5,
			     path, ++dup) < 0)
			renamed = NULL;
		order[i]->pcap_path = plan_keep(plan, renamed);
		if (!order[i]->pcap_path) {
			free(order);
			return -1;
		}
	}
	free(order);
	return 0;
}

/*
 * --pcap=DIR: DIR/<rel without .pkt>[.<variant>].pcap, where rel is the
 * script's path relative to the PATH it was found under (a PATH naming a
 * file: its base name). Subdirectories are kept, not flattened, so the
 * capture tree mirrors the script tree and names never collide through
 * flattening. The variant is part of the name only with --ip_version=all,
 * where one script has several runs.
 */
static int plan_pcap(const struct config *cfg, struct runner_plan *plan)
{
	bool with_variant = cfg->ip_version == CONFIG_IP_ALL;
	int i;

	if (!cfg->pcap_dir)
		return 0;
	for (i = 0; i < plan->count; i++) {
		struct runner_job *job = &plan->jobs[i];
		size_t len = strlen(job->rel);
		char *path = NULL;

		if (job->skip_reason)
			continue;
		if (ends_with(job->rel, ".pkt"))
			len -= 4;
		if (asprintf(&path, "%s/%.*s%s%s.pcap", cfg->pcap_dir, (int)len,
			     job->rel, with_variant ? "." : "",
			     with_variant ? job->variant : "") < 0)
			path = NULL;
		job->pcap_path = plan_keep(plan, path);
		if (!job->pcap_path)
			return -1;
	}
	return plan_pcap_unique(plan);
}

void runner_plan_free(struct runner_plan *plan)
{
	int i;

	for (i = 0; i < plan->string_count; i++)
		free(plan->strings[i]);
	free(plan->strings);
	free(plan->jobs);
	memset(plan, 0, sizeof(*plan));
}

int runner_plan_build(const struct config *cfg, char **paths, int path_count,
		      struct runner_plan *plan, struct error *err)
{
	int i, cap = 0;

	memset(plan, 0, sizeof(*plan));
	if (path_count <= 0)
		return error_set(err, "no scripts given");
	for (i = 0; i < path_count; i++) {
		if (plan_path(cfg, plan, &cap, paths[i], err)) {
			runner_plan_free(plan);
			return -1;
		}
	}
	plan_shard(cfg, plan);
	if (plan_pcap(cfg, plan)) {
		runner_plan_free(plan);
		return error_set(err, "out of memory");
	}
	return 0;
}
