/* SPDX-License-Identifier: GPL-2.0 */
/*
 * symbols.h - the symbolic constants a script may write.
 *
 * Contract: one table row per name, `{ "TCP_NODELAY", TCP_NODELAY }`, with
 * the values of the Linux the program was built for (constants too new for
 * the build headers carry their kernel value). Errno names resolve both
 * ways. Lookups are pure and thread-safe; nothing here allocates except
 * symbols_flags_string(), whose result the caller frees.
 */
#ifndef TCPDRILL_SYMBOLS_H
#define TCPDRILL_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

struct symbol {
	const char *name;
	int64_t value;
};

/*
 * The value of a symbolic constant or errno name ("SOL_TCP", "NULL",
 * "EAGAIN"). Returns 0 and fills *value when known, -1 otherwise.
 */
int symbols_lookup(const char *name, int64_t *value);

/* The canonical name of an errno value ("EAGAIN", never "EWOULDBLOCK"), or NULL. */
const char *symbols_errno_name(int err);

/* The errno value of a name ("EWOULDBLOCK" works too), or -1. */
int symbols_errno_value(const char *name);

/* The text of an errno ("Resource temporarily unavailable"); never NULL. */
const char *symbols_errno_text(int err);

/*
 * Spell a bit mask with the one-bit constants whose names start with
 * `prefix` ("POLL", "EPOLL", "MSG_"): "POLLIN|POLLOUT"; unknown bits are
 * appended in hex and an empty mask is "0". The caller frees the result
 * (NULL only when out of memory).
 */
char *symbols_flags_string(const char *prefix, uint64_t flags);

/* The whole table, for tests and tools; *count receives its length. */
const struct symbol *symbols_table(size_t *count);

#endif /* TCPDRILL_SYMBOLS_H */
