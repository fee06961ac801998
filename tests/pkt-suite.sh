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
exec "$TCPDRILL" --tap=- "$@" "$dir"
