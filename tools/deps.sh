#!/bin/sh
# deps.sh -- install the Debian packages tidings needs to build, test and run.
#
# Idempotent: checks with dpkg first and calls apt-get only for what is
# missing, so `make` on a ready machine costs a few milliseconds. Uses sudo
# when not root; never prompts.
set -eu

PKGS="build-essential pkg-config g++ python3 zlib1g-dev
libcld2-dev libstemmer-dev libicu-dev libsqlite3-dev libmicrohttpd-dev
libjansson-dev sqlite3 curl chromium wrk
iso-codes valgrind clang libclang-rt-14-dev
dict-freedict-nld-eng dict-freedict-deu-eng dict-freedict-fra-eng
dict-freedict-spa-eng dict-freedict-ita-eng dict-freedict-por-eng
dict-freedict-pol-eng dict-freedict-ara-eng dict-freedict-eng-tur
dict-freedict-eng-rus"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
