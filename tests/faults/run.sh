#!/bin/sh
# run.sh BIN -- database faults and signals, each with its documented result.
#
#   disk full (a file-size limit)   ingest stops with a clear error, exit 1;
#                                   every article reported stored is there
#   read-only database file         clear error naming the file, exit 1
#   locked by another writer        waits TIDINGS_BUSY_MS (10 s), then a clear
#                                   "busy" error, exit 1; succeeds once free
#   corrupted file                  check and ingest fail with a clear error
#   SIGTERM during ingest / serve   the transaction in progress completes,
#                                   exit 0, the database is consistent
# Ends with "faults: N passed, N failed".
set -u
BIN=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
w=$(mktemp -d)
chmod 755 "$w"
trap 'rm -rf "$w"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -f "$w/err" ] && sed 's/^/  /' "$w/err" | head -5; }
python3 "$root/bench/gen.py" 1200 11 > "$w/in.jsonl"

# --- disk full: a 2.5 MB file-size limit (512-byte blocks in sh); the first
# transaction of 256 articles needs about 1.5 MB of write-ahead log ---------
( ulimit -f 5000; "$BIN" ingest --db "$w/full.db" "$w/in.jsonl" > "$w/out" 2> "$w/err" )
code=$?
stored=$(grep -c '"status":"stored"' "$w/out")
if [ "$code" -eq 1 ] && grep -q "ingest failed (input/output error)" "$w/err" &&
    [ "$stored" -gt 0 ] && [ "$stored" -lt 1200 ]; then ok; else bad "disk full: exit $code, $stored stored"; fi
# what was acknowledged is there, and the rest goes in once there is room
"$BIN" check --db "$w/full.db" 2> "$w/err" && ok || bad "disk full: check after"
"$BIN" ingest --db "$w/full.db" "$w/in.jsonl" > "$w/out2" 2> "$w/err"
again=$(grep -c '"status":"exists"' "$w/out2")
[ "$again" -eq "$stored" ] && ok || bad "disk full: $stored acknowledged, $again found again"

# --- read-only database file ---------------------------------------------
"$BIN" ingest --db "$w/ro.db" "$root/tests/fixtures/small.jsonl" > /dev/null 2>&1
chmod 444 "$w/ro.db"
as_user=""
[ "$(id -u)" -eq 0 ] && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
cp "$w/in.jsonl" "$w/in-ro.jsonl"
chmod 644 "$w/in-ro.jsonl"
$as_user "$BIN" ingest --db "$w/ro.db" "$w/in-ro.jsonl" > "$w/out" 2> "$w/err"
code=$?
if [ "$code" -eq 1 ] && grep -q "$w/ro.db" "$w/err" && ! grep -q '"stored"' "$w/out"; then ok
else bad "read-only: exit $code"; fi

# --- locked by another writer --------------------------------------------
# The other writer holds the lock until told to let go ($w/release), so that
# the test does not depend on how fast tidings starts (under valgrind: seconds).
"$BIN" ingest --db "$w/lock.db" "$root/tests/fixtures/small.jsonl" > /dev/null 2>&1
( echo "BEGIN IMMEDIATE;"; echo ".print locked"
  while [ ! -f "$w/release" ]; do sleep 0.1; done; echo "COMMIT;" ) |
    sqlite3 "$w/lock.db" > "$w/holder.out" &
holder=$!
until grep -q locked "$w/holder.out" 2> /dev/null; do sleep 0.1; done
printf '%s\n' '{"id":"L1","text":"a locked database waits"}' > "$w/one.jsonl"
TIDINGS_BUSY_MS=300 "$BIN" ingest --db "$w/lock.db" "$w/one.jsonl" > "$w/out" 2> "$w/err"
code=$?
if [ "$code" -eq 1 ] && grep -q "busy" "$w/err" && ! grep -q stored "$w/out"; then ok
else bad "locked: exit $code"; fi
# with the default wait (10 s), the same ingest succeeds once the other
# writer is done: it lets go 2 s after the ingest started
( sleep 2; touch "$w/release" ) &
"$BIN" ingest --db "$w/lock.db" "$w/one.jsonl" > "$w/out" 2> "$w/err"
code=$?
wait "$holder"
if [ "$code" -eq 0 ] && grep -q '"L1","story":[0-9]*,"status":"stored"' "$w/out"; then ok
else bad "locked then free: exit $code"; fi

# --- corrupted file ------------------------------------------------------
"$BIN" ingest --db "$w/bad.db" "$w/in.jsonl" > /dev/null 2>&1
"$BIN" check --db "$w/bad.db" > /dev/null 2>&1 # folds the WAL back into the file
sqlite3 "$w/bad.db" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
dd if=/dev/urandom of="$w/bad.db" bs=4096 seek=20 count=40 conv=notrunc 2> /dev/null
"$BIN" check --db "$w/bad.db" > "$w/out" 2> "$w/err"
code=$?
if [ "$code" -ne 0 ] && grep -qi "malformed\|integrity\|not a database\|check failed\|cannot" "$w/err"; then ok
else bad "corrupted: check exit $code"; fi
"$BIN" ingest --db "$w/bad.db" "$w/one.jsonl" > "$w/out" 2> "$w/err"
code=$?
[ "$code" -ne 0 ] && [ -s "$w/err" ] && ok || bad "corrupted: ingest exit $code"

# --- SIGTERM during ingest -----------------------------------------------
# (a stream long enough that the signal always arrives mid-ingest)
python3 "$root/bench/gen.py" 8000 12 > "$w/long.jsonl"
"$BIN" ingest --db "$w/term.db" "$w/long.jsonl" > "$w/out" 2> "$w/err" &
pid=$!
sleep 1.2
if kill -TERM "$pid" 2>/dev/null; then sent=1; else sent=0; fi
wait "$pid"
code=$?
stored=$(grep -c '"status":"stored"' "$w/out")
if [ "$sent" -eq 1 ] && [ "$code" -eq 0 ] && [ "$stored" -lt 8000 ] &&
    "$BIN" check --db "$w/term.db" 2>/dev/null; then ok
else bad "SIGTERM ingest: signal sent $sent, exit $code, $stored of 8000 stored"; fi
"$BIN" ingest --db "$w/term.db" "$w/long.jsonl" > "$w/out2" 2> /dev/null
[ "$(grep -c '"status":"exists"' "$w/out2")" -eq "$stored" ] && ok || bad "SIGTERM ingest: acknowledged articles"

# --- SIGTERM during serve ------------------------------------------------
# (once it serves: a signal before the process has set itself up, which
# takes seconds under valgrind, would find the default action)
"$BIN" serve --db "$w/term.db" --port 0 2> "$w/err" &
pid=$!
i=0
while [ "$i" -lt 600 ] && ! grep -q "serving" "$w/err" 2>/dev/null; do
    sleep 0.1
    i=$((i + 1))
done
kill -TERM "$pid"
wait "$pid"
code=$?
if [ "$code" -eq 0 ] && grep -q "SIGTERM: stopping" "$w/err"; then ok; else bad "SIGTERM serve: exit $code"; fi
echo "faults: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
