// SPDX-License-Identifier: GPL-2.0
/* capture.c - pcap files through libpcap's dump API; see capture.h. */
#include "capture.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NSEC_PER_SEC 1000000000LL

struct capture {
	pcap_t *pcap;			/* a "dead" handle: format only */
	pcap_dumper_t *dumper;
	int snaplen;
	int64_t wall_offset_ns;		/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	char *path;
};

static int64_t timespec_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

/*
 * Read the wall clock between two monotonic readings and pair it with
 * their midpoint: the offset is then off by at most half the time the
 * three calls took (well under a microsecond through the vDSO).
 */
static int64_t wall_offset_ns(void)
{
	struct timespec m1, wall, m2;

	clock_gettime(CLOCK_MONOTONIC, &m1);
	clock_gettime(CLOCK_REALTIME, &wall);
	clock_gettime(CLOCK_MONOTONIC, &m2);
	return timespec_ns(&wall) - (timespec_ns(&m1) + timespec_ns(&m2)) / 2;
}

struct capture *capture_open(const char *path, int linktype, int snaplen,
			     struct error *err)
{
	struct capture *cap;

	if (snaplen <= 0 || snaplen > CAPTURE_SNAPLEN_MAX)
		snaplen = CAPTURE_SNAPLEN_MAX;
	cap = calloc(1, sizeof(*cap));
	if (!cap || !(cap->path = strdup(path))) {
		free(cap);
		error_set(err, "out of memory");
		return NULL;
	}
	cap->snaplen = snaplen;
	cap->pcap = pcap_open_dead_with_tstamp_precision(linktype, snaplen,
							 PCAP_TSTAMP_PRECISION_NANO);
	if (!cap->pcap) {
		error_set(err, "%s: cannot make a pcap handle for link type %d",
			  path, linktype);
		goto fail;
	}
	cap->dumper = pcap_dump_open(cap->pcap, path);
	if (!cap->dumper) {
		error_set(err, "%s: %s", path, pcap_geterr(cap->pcap));
		goto fail;
	}
	cap->wall_offset_ns = wall_offset_ns();
	return cap;
fail:
	if (cap->pcap)
		pcap_close(cap->pcap);
	free(cap->path);
	free(cap);
	return NULL;
}

int capture_write(struct capture *cap, const void *bytes, size_t len,
		  const struct timespec *ts, struct error *err)
{
	struct pcap_pkthdr hdr;
	struct timespec now;
	int64_t wall;

	if (!ts) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ts = &now;
	}
	if (len > UINT32_MAX)
		return error_set(err, "%s: packet of %zu bytes is too long",
				 cap->path, len);
	wall = timespec_ns(ts) + cap->wall_offset_ns;
	memset(&hdr, 0, sizeof(hdr));
	hdr.ts.tv_sec = (time_t)(wall / NSEC_PER_SEC);
	/* A nanosecond dump handle reads tv_usec as nanoseconds. */
	hdr.ts.tv_usec = (suseconds_t)(wall % NSEC_PER_SEC);
	hdr.len = (bpf_u_int32)len;
	hdr.caplen = len > (size_t)cap->snaplen ? (bpf_u_int32)cap->snaplen
						: (bpf_u_int32)len;
	pcap_dump((u_char *)cap->dumper, &hdr, bytes);
	/* Flush now: a run killed at its timeout must keep its packets. */
	if (pcap_dump_flush(cap->dumper) != 0)
		return error_set(err, "%s: write failed: %s", cap->path,
				 strerror(errno));
	return 0;
}

int capture_close(struct capture *cap, struct error *err)
{
	int ret = 0;

	if (!cap)
		return 0;
	if (pcap_dump_flush(cap->dumper) != 0)
		ret = error_set(err, "%s: write failed: %s", cap->path,
				strerror(errno));
	pcap_dump_close(cap->dumper);
	pcap_close(cap->pcap);
	free(cap->path);
	free(cap);
	return ret;
}
