# shellcheck shell=bash
# lib.sh - shared steps of scripts/quickstart and scripts/check.
# Sourced, not run. Every step is idempotent: it does nothing when its work
# is already done.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages the build and the test suites need.
deps_build=(gcc make autoconf automake pkg-config flex bison libpcap-dev libmnl-dev)
deps_test=(tcpdump iproute2 libxml2-utils valgrind python3 netcat-openbsd curl graphviz)
# The fuzz stage of scripts/check: clang and its libFuzzer runtime.
deps_fuzz=(clang libclang-rt-dev)

say() { printf '==> %s\n' "$*" >&2; }

missing_packages() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || printf '%s\n' "$p"
	done
}

ensure_packages() {
	local missing
	mapfile -t missing < <(missing_packages "$@")
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		say "missing packages: ${missing[*]} (run as root, or install them)"
		return 1
	fi
	say "installing: ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# build DIR [configure args...]: configure once in DIR, then make. Returns
# non-zero on failure even where the caller tests it (set -e is off there).
build_tree() {
	local dir=$1
	shift
	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ]; then
		say "autoreconf"
		(cd "$top" && autoreconf -fi >/dev/null 2>&1) || (cd "$top" && autoreconf -fi)
	fi
	mkdir -p "$dir"
	local want
	want=$(printf '%s ' "$@")
	if [ ! -f "$dir/Makefile" ] ||
		[ "$(cat "$dir/.configure-args" 2>/dev/null)" != "$want" ]; then
		say "configure $*"
		rm -f "$dir/.configure-args"
		(cd "$dir" && "$top/configure" -q "$@") || return 1
		printf '%s' "$want" >"$dir/.configure-args"
	fi
	say "make"
	make -C "$dir" -s -j"$(nproc)" >/dev/null || return 1
}

# Count the automake test results under the DIRs and print the closing line.
summarize_results() {
	find "$@" -name '*.trs' -print0 | xargs -0 -r cat |
		awk '/^:test-result:/ {
			r = $2
			if (r == "PASS" || r == "XFAIL") p++
			else if (r == "SKIP") s++
			else f++
		}
		END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
}
