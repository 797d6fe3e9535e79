#!/bin/sh
# run.sh BIN -- the HTTP API against `tidings serve` on 127.0.0.1.
#
# Starts the server on a free port with a temporary database holding the
# demo corpus, runs every case (method, path, body -> status and a pattern
# the body must contain), then a second server with a token for the write
# rules. Ends with "api: N passed, N failed". Needs curl.
set -u
BIN=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
work=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
pass=0
fail=0
TMO=20 # seconds a request may take; much longer under valgrind
[ -n "${VALGRIND:-}" ] && TMO=900

start() { # start DB [ARGS...]: sets $port
    db=$1
    shift
    # VALGRIND=1: the server runs under valgrind memcheck; what it reports
    # (memory errors, definite leaks at exit) fails the run (valgrind_verdict)
    ${VALGRIND:+valgrind -q --log-file=$work/vg.%p --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite} \
        "$BIN" serve --db "$db" --port 0 "$@" 2> "$work/serve.log" &
    pids="$pids $!"
    port=""
    for _ in $(seq 1 600); do
        port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { echo "api: server did not start"; cat "$work/serve.log"; exit 1; }
}

# case NAME METHOD PATH STATUS PATTERN [CURL ARGS...]
check() {
    name=$1 method=$2 path=$3 want=$4 pattern=$5
    shift 5
    got=$(curl -s -o "$work/body" -w '%{http_code}' -X "$method" --max-time "$TMO" "$@" \
        "http://127.0.0.1:$port$path")
    if [ "$got" = "$want" ] && grep -q -- "$pattern" "$work/body"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name: $method $path -> $got (want $want, /$pattern/)"
        head -c 300 "$work/body" | sed 's/^/  /'
        echo
    fi
}

"$BIN" ingest --db "$work/news.db" "$root/demo/articles.jsonl" > /dev/null 2>&1
start "$work/news.db"
check health GET /health 200 '"articles":39'
check page GET / 200 '<title>tidings</title>'
check script GET /app.js 200 'function showStory'
check style GET /style.css 200 '.story'
check list GET '/stories?limit=3' 200 '"count":3'
check list-lang GET '/stories?lang=ru' 200 'Петрова'
check list-query GET '/stories?q=Elowen' 200 'Elowen'
check list-bad-limit GET '/stories?limit=0' 400 '"code":"invalid_argument"'
check list-bad-offset GET '/stories?offset=-1' 400 'invalid_argument'
check story GET /stories/1 200 '"timeline":\['
check story-missing GET /stories/9999 404 '"code":"not_found"'
check story-bad-id GET /stories/abc 404 'not_found'
check article GET /articles/c-es-1 200 '"lang":"es"'
check article-missing GET /articles/nope 404 'not_found'
check similar GET '/similar/c-es-1?k=3' 200 '"similar":\[{"id":"c-'
check similar-missing GET /similar/nope 404 'not_found'
check similar-bad-k GET '/similar/c-es-1?k=1000' 400 'invalid_argument'
check metrics GET /metrics 200 'tidings_http_request_seconds_bucket{le="+Inf"}'
check unknown GET /nope 404 'no such resource'
check method DELETE /stories 405 'method_not_allowed'
check method-get-articles GET /articles 405 'method_not_allowed'
check method-post-stories POST /stories 405 'method_not_allowed' --data '{}'
check post-one POST /articles 200 '"status":"stored"' \
    --data '{"id":"api-1","text":"Storm Elowen floods Valencia again, three more dead in Paiporta.","date":"2025-10-30"}'
check post-again POST /articles 200 '"status":"exists"' --data '{"id":"api-1","text":"x"}'
check post-batch POST /articles 200 '"id":"api-3","story"' \
    --data-binary "$(printf '%s\n%s' '{"id":"api-2","text":"Dockworkers strike again in Rotterdam over pay."}' '{"id":"api-3","text":"Li Wen wins again in Singapore."}')"
check post-malformed POST /articles 400 '"pos":36' \
    --data-binary "$(printf '%s\n%s' '{"id":"api-4","text":"fine"}' '{"id": }')"
check post-missing-text POST /articles 400 "field 'text'" --data '{"id":"api-5"}'
check post-empty POST /articles 400 '"code":"empty"' --data ''
head -c 17000000 /dev/zero | tr '\0' 'a' > "$work/big"
check post-too-large POST /articles 413 '"code":"too_large"' --data-binary @"$work/big"
check after-posts GET /health 200 '"articles":42'
check metrics-count GET /metrics 200 'tidings_ingested_total 3'

# a second server with a token: writes need it, reads do not
start "$work/news.db" --token s3cret
check token-read GET /health 200 '"status":"ok"'
check token-missing POST /articles 401 '"code":"unauthorized"' --data '{"id":"t1","text":"x y z"}'
check token-wrong POST /articles 401 'unauthorized' -H 'Authorization: Bearer nope' \
    --data '{"id":"t1","text":"x y z"}'
check token-right POST /articles 200 '"stored"' -H 'Authorization: Bearer s3cret' \
    --data '{"id":"t1","text":"Valencia mayor Marta Ibáñez visits Paiporta."}'

# reads keep working while a CLI ingest writes the same file (WAL)
python3 "$root/bench/gen.py" 1500 3 > "$work/more.jsonl"
"$BIN" ingest --db "$work/news.db" "$work/more.jsonl" > /dev/null 2>&1 &
ing=$!
reads=0 bad=0
while kill -0 "$ing" 2> /dev/null; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time "$TMO" "http://127.0.0.1:$port/stories?limit=20")
    reads=$((reads + 1))
    [ "$code" = 200 ] || bad=$((bad + 1))
done
wait "$ing"
if [ "$bad" -eq 0 ] && [ "$reads" -gt 5 ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL reads during ingest: $bad of $reads failed"; fi
# and the server's next write catches up with what the CLI stored
check write-after-cli POST /articles 200 '"stored"' -H 'Authorization: Bearer s3cret' \
    --data '{"id":"t2","text":"Li Wen and Anna Petrova meet again in a rematch."}'
check health-after-cli GET /health 200 '"articles":1544'

# binding off loopback needs a token
if "$BIN" serve --db "$work/news.db" --host 0.0.0.0 --port 0 2> "$work/refuse.log"; then
    fail=$((fail + 1)); echo "FAIL non-loopback without token was accepted"
elif grep -q "needs a token" "$work/refuse.log"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL non-loopback refusal message"; cat "$work/refuse.log"
fi
# the database is consistent after all that
if "$BIN" check --db "$work/news.db" 2>/dev/null; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL check after the API run"; fi
# under valgrind: stop the servers (SIGTERM: each finishes and exits), then
# every memory error or definite leak they reported fails the run
if [ -n "${VALGRIND:-}" ]; then
    for p in $pids; do kill "$p" 2>/dev/null; wait "$p"; done
    pids=""
    for f in "$work"/vg.*; do
        [ -s "$f" ] || continue
        fail=$((fail + 1)); echo "FAIL valgrind ($f):"; head -40 "$f" | sed 's/^/  /'
    done
fi
echo "api: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
