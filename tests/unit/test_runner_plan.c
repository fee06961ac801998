// SPDX-License-Identifier: GPL-2.0
/*
 * test_runner_plan.c - what the runner would run, without running it:
 * discovery order, variants by file name, shards, capture paths, the
 * default -j.
 */
#include <sched.h>

#include "tap.h"
#include "runner_test.h"

/* The plan as "rel variant[ SKIP]" lines, for whole-list comparisons. */
static char *plan_text(const struct runner_plan *plan)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int i;

	for (i = 0; i < plan->count; i++)
		fprintf(out, "%s %s%s\n", plan->jobs[i].rel,
			plan->jobs[i].variant,
			plan->jobs[i].skip_reason ? " SKIP" : "");
	fclose(out);
	return text;
}

static char *plan_for(struct config *cfg, char **paths, int count)
{
	struct runner_plan plan;
	struct error err = { 0 };
	char *text;

	if (runner_plan_build(cfg, paths, count, &plan, &err)) {
		text = str_printf("error: %s", err.message);
		error_clear(&err);
		return text;
	}
	text = plan_text(&plan);
	runner_plan_free(&plan);
	return text;
}

static void test_discovery(void)
{
	char *dir = scratch_dir(), *text, *link, *target, *file;
	struct runner_plan plan;
	struct error err = { 0 };
	struct config cfg;
	char *paths[2];

	scratch_file(dir, "b.pkt");
	scratch_file(dir, "a.pkt");
	scratch_file(dir, "a.txt");
	scratch_file(dir, "sub/deeper/d.pkt");
	scratch_file(dir, "sub/c.pkt");
	scratch_file(dir, "sub.pkt");
	scratch_file(dir, "Z.pkt");
	scratch_file(dir, "elsewhere/e.pkt");
	/* a link to a file counts; a link to a directory is not followed */
	link = str_printf("%s/link.pkt", dir);
	target = str_printf("%s/a.pkt", dir);
	tap_is_int(symlink(target, link), 0, "symlink to a script");
	free(link);
	link = str_printf("%s/sub/loop", dir);
	tap_is_int(symlink(dir, link), 0, "symlink to a directory (a loop)");
	free(link);
	free(target);

	config_init(&cfg);
	paths[0] = dir;
	text = plan_for(&cfg, paths, 1);
	tap_is_str(text,
		   "Z.pkt ipv4\n"
		   "a.pkt ipv4\n"
		   "b.pkt ipv4\n"
		   "elsewhere/e.pkt ipv4\n"
		   "link.pkt ipv4\n"
		   "sub.pkt ipv4\n"
		   "sub/c.pkt ipv4\n"
		   "sub/deeper/d.pkt ipv4\n",
		   "recursive, *.pkt only, sorted bytewise by path, links to "
		   "directories not followed");
	free(text);

	/* PATHs keep their order; a file PATH is itself */
	file = str_printf("%s/sub/c.pkt", dir);
	paths[0] = file;
	paths[1] = str_printf("%s/sub", dir);
	text = plan_for(&cfg, paths, 2);
	tap_is_str(text, "c.pkt ipv4\nc.pkt ipv4\ndeeper/d.pkt ipv4\n",
		   "command-line order of PATHs is kept");
	free(text);

	tap_is_int(runner_plan_build(&cfg, paths, 2, &plan, &err), 0, "plan built");
	tap_is_str(plan.jobs[0].path, file, "a file PATH's job path is the PATH");
	tap_ok(strcmp(plan.jobs[2].name, paths[1]) > 0 &&
	       strstr(plan.jobs[2].name, "/sub/deeper/d.pkt") != NULL,
	       "a found script's name is PATH/relative path");
	runner_plan_free(&plan);
	free(paths[1]);
	free(file);

	tap_is_int(chdir(dir), 0, "chdir into the tree");
	paths[0] = "./sub";
	text = plan_for(&cfg, paths, 1);
	tap_is_int(runner_plan_build(&cfg, paths, 1, &plan, &err), 0, "plan of ./sub");
	tap_is_str(plan.jobs[0].name, "sub/c.pkt", "names lose a leading ./");
	tap_is_str(plan.jobs[0].path, "./sub/c.pkt", "paths keep it");
	runner_plan_free(&plan);
	free(text);
	paths[0] = ".";
	tap_is_int(runner_plan_build(&cfg, paths, 1, &plan, &err), 0, "plan of .");
	tap_is_str(plan.jobs[0].name, "Z.pkt", "'.' gives bare relative names");
	runner_plan_free(&plan);
	tap_is_int(chdir("/"), 0, "chdir back out");

	paths[0] = "/nonexistent/tcpdrill/x";
	text = plan_for(&cfg, paths, 1);
	tap_is_str(text, "error: /nonexistent/tcpdrill/x: No such file or directory",
		   "a missing PATH is named");
	free(text);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_variants(void)
{
	char *dir = scratch_dir(), *text;
	struct config cfg;
	char *paths[1] = { dir };

	scratch_file(dir, "plain.pkt");
	scratch_file(dir, "basic-v4.pkt");
	scratch_file(dir, "basic-v6.pkt");
	scratch_file(dir, "frag-ipv6.pkt");
	scratch_file(dir, "frag-ipv4.pkt");
	config_init(&cfg);

	cfg.ip_version = CONFIG_IP_ALL;
	text = plan_for(&cfg, paths, 1);
	tap_is_str(text,
		   "basic-v4.pkt ipv4\n"
		   "basic-v4.pkt ipv4-mapped-ipv6\n"
		   "basic-v6.pkt ipv6\n"
		   "frag-ipv4.pkt ipv4\n"
		   "frag-ipv4.pkt ipv4-mapped-ipv6\n"
		   "frag-ipv6.pkt ipv6\n"
		   "plain.pkt ipv4\n"
		   "plain.pkt ipv4-mapped-ipv6\n"
		   "plain.pkt ipv6\n",
		   "all: run_all.py's rule (v6.pkt: IPv6 only; v4.pkt: no IPv6)");
	free(text);

	/* No --ip_version on the command line: the names decide. */
	cfg.ip_version = CONFIG_IPV4;
	text = plan_for(&cfg, paths, 1);
	tap_is_str(text,
		   "basic-v4.pkt ipv4\n"
		   "basic-v6.pkt ipv6\n"
		   "frag-ipv4.pkt ipv4\n"
		   "frag-ipv6.pkt ipv6\n"
		   "plain.pkt ipv4\n",
		   "no version given: v6.pkt scripts run over IPv6, others IPv4");
	free(text);

	config_remember_cli(&cfg, "ip_version", "ipv4", NULL);
	text = plan_for(&cfg, paths, 1);
	tap_is_str(text,
		   "basic-v4.pkt ipv4\n"
		   "basic-v6.pkt ipv4 SKIP\n"
		   "frag-ipv4.pkt ipv4\n"
		   "frag-ipv6.pkt ipv4 SKIP\n"
		   "plain.pkt ipv4\n",
		   "ipv4: IPv6-only scripts are listed as skips");
	free(text);

	cfg.ip_version = CONFIG_IPV4_MAPPED_IPV6;
	text = plan_for(&cfg, paths, 1);
	tap_is_str(text,
		   "basic-v4.pkt ipv4-mapped-ipv6\n"
		   "basic-v6.pkt ipv4-mapped-ipv6 SKIP\n"
		   "frag-ipv4.pkt ipv4-mapped-ipv6\n"
		   "frag-ipv6.pkt ipv4-mapped-ipv6 SKIP\n"
		   "plain.pkt ipv4-mapped-ipv6\n",
		   "ipv4-mapped-ipv6 is IPv4 on the wire: v4.pkt scripts run");
	free(text);

	cfg.ip_version = CONFIG_IPV6;
	text = plan_for(&cfg, paths, 1);
	tap_is_str(text,
		   "basic-v4.pkt ipv6 SKIP\n"
		   "basic-v6.pkt ipv6\n"
		   "frag-ipv4.pkt ipv6 SKIP\n"
		   "frag-ipv6.pkt ipv6\n"
		   "plain.pkt ipv6\n",
		   "ipv6: IPv4-only scripts are listed as skips");
	free(text);

	tap_is_str(runner_variant_name(CONFIG_IPV4_MAPPED_IPV6), "ipv4-mapped-ipv6",
		   "variant names are the option's words");
	tap_is_str(runner_variant_name(CONFIG_IP_ALL), "all", "and 'all'");
	config_free(&cfg);
	scratch_remove(dir);
}

static void write_text(const char *dir, const char *rel, const char *text)
{
	char *path = str_printf("%s/%s", dir, rel);
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

/* A script's own --ip_version line wins, as when it runs: one job, named
 * after the variant that really runs. */
static void test_script_ip_version(void)
{
	char *dir = scratch_dir(), *text;
	struct config cfg;
	char *paths[1] = { dir };

	write_text(dir, "own-v6.pkt", "// IPv6 by its own line\n\n--ip_version=ipv6\n"
		   "--mtu=1500\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
	write_text(dir, "own-mapped.pkt", "/* a block\n   comment */\n"
		   "--ip_version ipv4-mapped-ipv6\n0 `true`\n");
	write_text(dir, "late-v4.pkt", "// only option lines before the first event count\n"
		   "0 `true`\n--ip_version=ipv6\n");
	write_text(dir, "plain-v6.pkt", "--tolerance_usecs=10000\n0 `true`\n");
	config_init(&cfg);
	cfg.ip_version = CONFIG_IP_ALL;
	text = plan_for(&cfg, paths, 1);
	tap_is_str(text,
		   "late-v4.pkt ipv4\n"
		   "late-v4.pkt ipv4-mapped-ipv6\n"
		   "own-mapped.pkt ipv4-mapped-ipv6\n"
		   "own-v6.pkt ipv6\n"
		   "plain-v6.pkt ipv6\n",
		   "all: a script's --ip_version line is its one variant");
	free(text);
	cfg.ip_version = CONFIG_IPV4;
	config_remember_cli(&cfg, "ip_version", "ipv4", NULL);
	text = plan_for(&cfg, paths, 1);
	tap_is_str(text,
		   "late-v4.pkt ipv4\n"
		   "own-mapped.pkt ipv4-mapped-ipv6\n"
		   "own-v6.pkt ipv6\n"
		   "plain-v6.pkt ipv4 SKIP\n",
		   "it wins over the command line's too");
	free(text);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_shards(void)
{
	char *dir = scratch_dir();
	struct runner_plan whole, part;
	struct error err = { 0 };
	struct config cfg;
	char *paths[1] = { dir };
	int seen[64] = { 0 }, sizes[3] = { 0 }, k, i, j, ok = 1;

	for (i = 0; i < 10; i++) {
		char *name = str_printf("s%02d.pkt", i);

		scratch_file(dir, name);
		free(name);
	}
	config_init(&cfg);
	cfg.ip_version = CONFIG_IP_ALL;	/* 30 jobs */
	runner_plan_build(&cfg, paths, 1, &whole, &err);
	tap_is_int(whole.count, 30, "10 scripts × 3 variants");
	cfg.shard_count = 3;
	for (k = 1; k <= 3; k++) {
		int last = -1;

		cfg.shard_index = k;
		if (runner_plan_build(&cfg, paths, 1, &part, &err))
			break;
		sizes[k - 1] = part.count;
		for (i = 0; i < part.count; i++) {
			for (j = 0; j < whole.count; j++)
				if (strcmp(whole.jobs[j].rel, part.jobs[i].rel) == 0 &&
				    whole.jobs[j].ip_version == part.jobs[i].ip_version)
					break;
			if (j == whole.count || j <= last)
				ok = 0;	/* unknown, or out of order */
			else
				seen[j]++;
			last = j;
		}
		runner_plan_free(&part);
	}
	for (j = 0; j < whole.count; j++)
		if (seen[j] != 1)
			ok = 0;
	tap_ok(ok, "3 shards partition the job list, each in the list's order");
	tap_ok(sizes[0] == 10 && sizes[1] == 10 && sizes[2] == 10,
	       "shards are balanced");
	cfg.shard_index = 2;
	runner_plan_build(&cfg, paths, 1, &part, &err);
	tap_ok(part.count > 1 && strcmp(part.jobs[0].rel, whole.jobs[1].rel) == 0 &&
	       part.jobs[0].ip_version == whole.jobs[1].ip_version &&
	       part.jobs[1].ip_version == whole.jobs[4].ip_version,
	       "shard K/N holds jobs K-1, K-1+N, ... (deterministic)");
	runner_plan_free(&part);
	runner_plan_free(&whole);
	config_free(&cfg);
	scratch_remove(dir);
}

static void test_pcap_paths(void)
{
	char *a = scratch_dir(), *b = scratch_dir(), *file, *expect;
	struct runner_plan plan;
	struct error err = { 0 };
	struct config cfg;
	char *paths[3];

	scratch_file(a, "x.pkt");
	scratch_file(a, "sub/y.pkt");
	scratch_file(b, "x.pkt");
	file = str_printf("%s/sub/y.pkt", a);
	config_init(&cfg);
	cfg.pcap_dir = strdup("/out");
	paths[0] = a;
	paths[1] = b;
	paths[2] = file;
	runner_plan_build(&cfg, paths, 3, &plan, &err);
	tap_is_int(plan.count, 4, "four jobs");
	tap_is_str(plan.jobs[0].pcap_path, "/out/sub/y.pcap",
		   "DIR/<path relative to PATH, .pkt dropped>.pcap");
	tap_is_str(plan.jobs[1].pcap_path, "/out/x.pcap", "top-level script");
	tap_is_str(plan.jobs[2].pcap_path, "/out/x~2.pcap",
		   "the same relative name from another PATH gets ~2");
	tap_is_str(plan.jobs[3].pcap_path, "/out/y.pcap",
		   "a file PATH: its base name");
	runner_plan_free(&plan);

	cfg.ip_version = CONFIG_IP_ALL;
	runner_plan_build(&cfg, paths, 1, &plan, &err);
	expect = str_printf("%s/sub/y.pkt", a);
	tap_is_str(plan.jobs[0].path, expect, "first job: sub/y.pkt");
	tap_is_str(plan.jobs[0].pcap_path, "/out/sub/y.ipv4.pcap",
		   "all: the variant is part of the name");
	tap_is_str(plan.jobs[1].pcap_path, "/out/sub/y.ipv4-mapped-ipv6.pcap",
		   "one file per variant");
	runner_plan_free(&plan);
	free(expect);

	free(cfg.pcap_dir);
	cfg.pcap_dir = NULL;
	runner_plan_build(&cfg, paths, 1, &plan, &err);
	tap_ok(plan.jobs[0].pcap_path == NULL, "no --pcap: no capture path");
	runner_plan_free(&plan);
	free(file);
	config_free(&cfg);
	scratch_remove(a);
	scratch_remove(b);
}

static void test_default_jobs(void)
{
	cpu_set_t set;

	sched_getaffinity(0, sizeof(set), &set);
	tap_is_int(runner_default_jobs(), 2 * CPU_COUNT(&set),
		   "default -j: twice the usable CPUs");
}

int main(void)
{
	test_discovery();
	test_variants();
	test_script_ip_version();
	test_shards();
	test_pcap_paths();
	test_default_jobs();
	return tap_done();
}
