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
# Under ASan every event costs more CPU, and on a loaded machine a script
# can miss its 4 ms tolerance: there a timing failure is retried once (the
# normal build tests timing with no retry). A memory error fails every
# attempt, so it still fails the suite.
if [ -n "${TCPDRILL_SANITIZED:-}" ]; then
	set -- --retries=1 "$@"
fi
exec "$TCPDRILL" --tap=- "$@" "$dir"
