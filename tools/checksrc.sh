#!/bin/sh
# checksrc.sh -- the rules clang-format cannot express (STYLE rule 19).
#   - banned functions: sprintf vsprintf strcpy-family strtok atoi atol gets sscanf
#   - malloc/calloc/realloc/free only in xmalloc.c (the CLI, a separate
#     program on the public API, and memory handed out by getline excepted)
#   - sqlite3_ only in store.c; ICU only in uni.c; libstemmer only in stem.c;
#     jansson only in json.c; CLD2 only in the shim
#   - no // comments in C files; no assignment inside if (
set -u
cd "$(dirname "$0")/.." || exit 1
fail=0
report() {
    echo "checksrc: $1"
    fail=1
}
C_FILES=$(ls src/*.c src/*.h include/*.h tests/unit/*.c tests/*.h 2>/dev/null)
for f in $C_FILES; do
    grep -nE '\b(sprintf|vsprintf|strcat|strncpy|strtok|atoi|atol|gets|sscanf)\(' "$f" |
        grep -v 'snprintf\|vsnprintf' | while read -r l; do echo "checksrc: $f:$l: banned function"; done | grep . && fail=1
    grep -nE '(^|[^a-z_])strcpy\(' "$f" | grep . && report "$f: strcpy"
    case "$f" in
    src/xmalloc.c|src/cli_main.c) ;;
    *)
        grep -nE '(^|[^a-z_])(malloc|calloc|realloc|free)\(' "$f" | grep -v 'allocated by getline' |
            grep . && report "$f: raw allocation outside xmalloc.c"
        ;;
    esac
    case "$f" in src/store.c) ;; *) grep -n 'sqlite3_' "$f" | grep . && report "$f: sqlite3 outside store.c" ;; esac
    case "$f" in src/uni.c) ;; *) grep -n '#include <unicode/' "$f" | grep . && report "$f: ICU outside uni.c" ;; esac
    case "$f" in src/stem.c) ;; *) grep -n "#include <libstemmer.h>" "$f" | grep . && report "$f: libstemmer outside stem.c" ;; esac
    case "$f" in src/json.c) ;; *) grep -n 'jansson.h' "$f" | grep . && report "$f: jansson outside json.c" ;; esac
    grep -nE '^[^"]*//' "$f" | grep -v 'http://\|https://' | grep . && report "$f: // comment"
    grep -nE 'if \([a-z_>.-]+ = [^=]' "$f" | grep . && report "$f: assignment inside if"
done
[ $fail -eq 0 ] && echo "checksrc: ok"
exit $fail
