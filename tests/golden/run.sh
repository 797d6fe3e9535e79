#!/bin/sh
# run.sh BIN [FILTER] -- run the CLI transcripts tests/golden/*.t against BIN.
#
# A transcript holds cases. A case starts with a line "$ COMMAND" (run by
# sh from the repository root, with `tidings` meaning BIN, stdout and
# stderr together); the lines after it up to the next "$ " line are the
# expected output; a last line "[N]" is the expected exit status (0 when
# absent). Lines starting with "#" before a case are comments.
# TD_WRAP (e.g. "valgrind -q --error-exitcode=9") wraps every tidings run.
set -u
BIN=$1
FILTER=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cat > "$work/bin/tidings" <<WRAP
#!/bin/sh
exec ${TD_WRAP:-} "$BIN" "\$@"
WRAP
chmod +x "$work/bin/tidings"
PATH="$work/bin:$PATH"
export PATH TD_TMP="$work"
pass=0
fail=0
for t in "$root"/tests/golden/*.t; do
    name=$(basename "$t" .t)
    case "$name" in *"$FILTER"*) ;; *) continue ;; esac
    rm -f "$work"/case.*
    awk -v dir="$work" '
        /^\$ / { n++; f = dir "/case." n; print substr($0, 3) > (f ".cmd"); printf "" > (f ".out"); next }
        /^# / || /^#$/ { next }
        n == 0 { next }
        /^\[[0-9]+\]$/ { code = substr($0, 2, length($0) - 2); print code > (f ".code"); next }
        { print > (f ".out") }
    ' "$t"
    i=1
    while [ -f "$work/case.$i.cmd" ]; do
        cmd=$(cat "$work/case.$i.cmd")
        want_code=0
        [ -f "$work/case.$i.code" ] && want_code=$(cat "$work/case.$i.code")
        # trailing blank lines of the expectation are not significant
        sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$work/case.$i.out" > "$work/want"
        (cd "$root" && sh -c "$cmd") > "$work/got.raw" 2>&1
        code=$?
        sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$work/got.raw" > "$work/got"
        if [ "$code" = "$want_code" ] && cmp -s "$work/want" "$work/got"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL $name case $i: $cmd"
            echo "  exit $code, want $want_code"
            diff "$work/want" "$work/got" | head -20 | sed 's/^/  /'
        fi
        i=$((i + 1))
    done
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
