#!/bin/sh
# run.sh BIN -- the web page in a real browser (Debian's headless Chromium).
#
# Serves a temporary database holding the demo corpus on 127.0.0.1, lets
# Chromium run the page's JavaScript, and checks the rendered DOM of the
# story list and of a story page; screenshots go to build/screenshots/.
# Ends with "web: N passed, N failed".
set -u
BIN=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
    echo "web: chromium not found (tools/deps.sh installs it)"
    echo "web: 0 passed, 1 failed"
    exit 1
fi
work=$(mktemp -d)
shots="$root/build/screenshots"
mkdir -p "$shots"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
"$BIN" ingest --db "$work/news.db" "$root/demo/articles.jsonl" > /dev/null 2>&1
# VALGRIND=1: the server runs under valgrind memcheck; what it reports
# (memory errors, definite leaks at exit) fails the run
${VALGRIND:+valgrind -q --log-file=$work/vg.%p --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite} \
    "$BIN" serve --db "$work/news.db" --port 0 2> "$work/serve.log" &
pid=$!
port=""
for _ in $(seq 1 1200); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { echo "web: server did not start"; exit 1; }
browse() { # browse WHAT URL: DOM to $work/WHAT.html, screenshot to $shots/WHAT.png
    "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile-$1" --virtual-time-budget=8000 --window-size=1200,1000 \
        --dump-dom "$2" > "$work/$1.html" 2> /dev/null
    "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile-$1" --virtual-time-budget=8000 --window-size=1200,1000 \
        --screenshot="$shots/$1.png" "$2" > /dev/null 2>&1
}
pass=0
fail=0
expect() { # expect NAME FILE COUNT PATTERN: at least COUNT matches
    n=$(grep -o -- "$4" "$2" | wc -l)
    if [ "$n" -ge "$3" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL $1: $n matches of /$4/ in $(basename "$2"), want >= $3"; fi
}
browse list "http://127.0.0.1:$port/"
expect list-stories "$work/list.html" 10 'class="story"'
expect list-sparklines "$work/list.html" 10 'class="sparkline"'
expect list-petrova "$work/list.html" 1 'Petrova'
expect list-langs "$work/list.html" 5 'class="lang"'
expect list-health "$work/list.html" 1 '39 articles'
# the story holding the Rotterdam strike in Dutch
id=$(curl -s "http://127.0.0.1:$port/articles/a-nl-1" | sed -n 's/.*"story":\([0-9]*\).*/\1/p')
browse story "http://127.0.0.1:$port/#/story/$id"
expect story-title "$work/story.html" 1 'id="story-title">[^<]*Rotterdam'
expect story-timeline "$work/story.html" 1 'id="timeline-plot"'
expect story-articles "$work/story.html" 2 'nieuwsblad.example\|havenkrant.example'
expect story-entities "$work/story.html" 1 'FNV Havens'
expect story-history "$work/story.html" 1 '>opened<'
expect story-no-storyline "$work/story.html" 1 'No earlier or later story'
# the Ares-3 launch: its storyline goes on with the lost contact in September
id=$(curl -s "http://127.0.0.1:$port/articles/h-en-1" | sed -n 's/.*"story":\([0-9]*\).*/\1/p')
browse storyline "http://127.0.0.1:$port/#/story/$id"
expect storyline-panel "$work/storyline.html" 1 'id="storyline"'
expect storyline-next "$work/storyline.html" 1 'href="#/story/[0-9]*">2025-09-03'
[ -s "$shots/list.png" ] && [ -s "$shots/story.png" ] && pass=$((pass + 1)) ||
    { fail=$((fail + 1)); echo "FAIL screenshots"; }
if [ -n "${VALGRIND:-}" ]; then
    kill "$pid" 2>/dev/null
    wait "$pid"
    pid=""
    for f in "$work"/vg.*; do
        [ -s "$f" ] || continue
        fail=$((fail + 1)); echo "FAIL valgrind ($f):"; head -40 "$f" | sed 's/^/  /'
    done
fi
echo "web: $pass passed, $fail failed (screenshots in build/screenshots/)"
[ "$fail" -eq 0 ]
