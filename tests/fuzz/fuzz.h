/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz.h - the one entry point every fuzz target defines.
 *
 * Contract: each tests/fuzz/fuzz_*.c defines LLVMFuzzerTestOneInput() and
 * nothing else that is global. It is linked two ways: with libFuzzer
 * (clang -fsanitize=fuzzer, ./configure --enable-fuzz) into
 * tests/fuzz/fuzz_NAME, which explores; and with replay.c into
 * tests/fuzz/replay_NAME, a plain program `make check` runs over the
 * committed corpus and crashers, so every input that ever broke a target
 * stays a regression test without clang.
 *
 * A target must not leak, must not print, and must treat a failure of the
 * code under test (an error return) as a normal outcome: only a crash, a
 * sanitizer report, a hang or a broken invariant (abort()) is a finding.
 */
#ifndef TCPDRILL_FUZZ_H
#define TCPDRILL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop on a broken invariant: libFuzzer and replay.c both report it. */
#define FUZZ_ASSERT(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)

void fuzz_fail(const char *file, int line, const char *what)
	__attribute__((noreturn));

#endif /* TCPDRILL_FUZZ_H */
