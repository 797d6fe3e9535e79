#!/bin/sh
# valgrind-wrap.sh -- run build/debug/tidings under valgrind memcheck, so that
# test scripts that take a binary (tests/*/run.sh BIN) run under it:
#   sh tests/hostile/run.sh tools/valgrind-wrap.sh
# Exits 9 on a memory error or a definite leak.
root=$(cd "$(dirname "$0")/.." && pwd)
exec valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite "$root/build/debug/tidings" "$@"
