#!/bin/sh
# run.sh BIN [SECONDS] -- load on the server, on 127.0.0.1 only.
#
# 1. wrk reads GET /stories and GET /stories/{id} for SECONDS (30) seconds
#    with 32 connections while a writer posts one article every 20 ms;
#    every response must be a 2xx and the writer must see no error. The
#    latency distribution (p50, p99) and the rates are printed.
# 2. 1,000 slow clients hold connections open while /health must keep
#    answering within 2 s (tests/load/slow.py).
# Ends with "load: N passed, N failed".
set -u
BIN=$1
SECONDS_LOAD=${2:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
w=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; wait 2>/dev/null; rm -rf "$w"' EXIT
pass=0
fail=0
ulimit -n 8192 2> /dev/null || true
python3 "$root/bench/gen.py" 2000 21 > "$w/in.jsonl"
"$BIN" ingest --db "$w/news.db" "$root/demo/articles.jsonl" "$w/in.jsonl" > /dev/null 2>&1
"$BIN" serve --db "$w/news.db" --port 0 2> "$w/serve.log" &
pids="$pids $!"
port=""
for _ in $(seq 1 200); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$w/serve.log")
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { echo "load: server did not start"; exit 1; }
cat > "$w/mix.lua" <<'LUA'
-- alternate the story list and single stories 1..200
counter = 0
request = function()
  counter = counter + 1
  if counter % 2 == 0 then
    return wrk.format("GET", "/stories?limit=50")
  end
  return wrk.format("GET", "/stories/" .. (counter % 200 + 1))
end
LUA
# the writer: one article every 20 ms, for the duration of the run
(
    i=0
    end=$(( $(date +%s) + SECONDS_LOAD ))
    while [ "$(date +%s)" -lt "$end" ]; do
        i=$((i + 1))
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST \
            "http://127.0.0.1:$port/articles" \
            --data "{\"id\":\"load-$i\",\"text\":\"Load test article $i about the Rotterdam port strike and FNV Havens.\"}")
        [ "$code" = 200 ] || echo "writer: HTTP $code" >> "$w/writer.err"
        echo "$i" > "$w/writer.count"
        sleep 0.02
    done
) &
writer=$!
wrk -t2 -c32 -d"${SECONDS_LOAD}s" --latency -s "$w/mix.lua" "http://127.0.0.1:$port" > "$w/wrk.txt" 2>&1
wait "$writer"
sed -n '/Latency Distribution/,/requests in/p;/Requests\/sec/p;/Non-2xx/p;/Socket errors/p' "$w/wrk.txt"
posted=$(cat "$w/writer.count" 2> /dev/null || echo 0)
echo "writer: $posted articles posted, $(cat "$w/writer.err" 2> /dev/null | wc -l) errors"
if ! grep -q "Non-2xx\|Socket errors" "$w/wrk.txt" && [ ! -s "$w/writer.err" ] && [ "$posted" -gt 0 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL wrk: errors under load"
fi
if python3 "$root/tests/load/slow.py" "$port" 1000 10; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL slow connections"; fi
"$BIN" check --db "$w/news.db" 2> /dev/null && pass=$((pass + 1)) ||
    { fail=$((fail + 1)); echo "FAIL check after load"; }
echo "load: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
