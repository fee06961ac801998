#!/bin/sh
# Run one folder of .pkt scripts for real through tcpdrill's own runner, as
# TAP for automake's driver (the human lines go to the log on stderr).
# Usage: pkt-suite.sh DIR [tcpdrill options...]
set -u
dir="$top_srcdir/tests/$1"
shift
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP network namespaces need root"
	exit 0
fi
# The suites check timing against the real kernel with a 4 ms tolerance; on
# a loaded machine (make -j, a shared CI runner, ASan's cost per event) a
# script can miss it without anything being wrong. A failed script is run
# once more: a pass then is reported FLAKY in the TAP stream (with the
# first failure in its YAML block), and a script that fails twice fails the
# suite, so a real regression or a memory error still fails it.
set -- --retries=1 "$@"
# "--tap -" as two words, as users write it (the same as --tap=-).
exec "$TCPDRILL" --tap - "$@" "$dir"
