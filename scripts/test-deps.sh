#!/usr/bin/env bash
# What `make test` needs besides Go, Java, Maven and Node.js: a chromium for
# the explorer's browser tests (Debian's, at /usr/bin/chromium, or the one
# LIAISON_CHROMIUM names) and the CJK fonts that draw its Chinese text. When
# either is missing it installs the Debian packages if it runs as root (as
# .ci/run does), and otherwise stops at once, printing the one command that
# would install them.
set -euo pipefail

missing=()
if [ -n "${LIAISON_CHROMIUM:-}" ]; then
  [ -x "$LIAISON_CHROMIUM" ] || { echo "test-deps: LIAISON_CHROMIUM=$LIAISON_CHROMIUM is not an executable" >&2; exit 1; }
elif [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
elif ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  missing+=(fonts-noto-cjk)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

install="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: installing ${missing[*]} (Debian packages, about 200 MB with chromium's dependencies)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "test-deps: the explorer's browser tests need ${missing[*]}, and installing them needs root. Run:" >&2
echo "  sudo sh -c '$install'" >&2
echo "(or set LIAISON_CHROMIUM to another chromium), then make test again." >&2
exit 1
