/* SPDX-License-Identifier: GPL-2.0 */
/*
 * capture.h - packets to a pcap file, through libpcap's dump API.
 *
 * Contract: the event loop hands over every packet that crosses the TUN
 * device, with the CLOCK_MONOTONIC time it saw it; capture writes it to the
 * file the runner named. The file has nanosecond timestamps in wall-clock
 * time: the monotonic-to-wall offset is taken once at open, so packet gaps
 * in the file are exactly the gaps the event loop measured, even if the
 * wall clock is stepped during the run. Every packet is flushed to the
 * file at once, so a run killed at its timeout still leaves its packets.
 * Capture decides nothing about what to capture.
 */
#ifndef TCPDRILL_CAPTURE_H
#define TCPDRILL_CAPTURE_H

#include <pcap/dlt.h>
#include <stddef.h>
#include <time.h>

#include "error.h"

/* IP packets with no link header (DLT_RAW, written as LINKTYPE_RAW 101). */
#define CAPTURE_LINKTYPE_RAW DLT_RAW

/* Large enough for any packet through a TUN device with a 64 KiB MTU. */
#define CAPTURE_SNAPLEN_MAX 65535

struct capture;

/*
 * Create (or truncate) path. linktype is a DLT_ value (DLT_RAW);
 * snaplen cuts longer packets (0: CAPTURE_SNAPLEN_MAX). NULL with err set
 * on failure.
 */
struct capture *capture_open(const char *path, int linktype, int snaplen,
			     struct error *err);

/*
 * Append one packet of len bytes seen at ts (CLOCK_MONOTONIC; NULL: now).
 * Bytes past the snaplen are not stored; the original length is.
 */
int capture_write(struct capture *cap, const void *bytes, size_t len,
		  const struct timespec *ts, struct error *err);

/* Flush and close; frees cap even when the flush fails. NULL is a no-op. */
int capture_close(struct capture *cap, struct error *err);

#endif /* TCPDRILL_CAPTURE_H */
