#!/bin/sh
# run.sh BIN -- hostile inputs, each with its documented result.
#
# Every case builds an input, runs `tidings cluster` on it, and checks the
# exit status and a pattern in what it printed (stdout and stderr). The
# documented results: a bad record is reported with file, line and field
# and skipped (exit 2) while the rest is processed; repairable text is
# repaired (exit 0); oversized parts are truncated with a warning.
# Ends with "hostile: N passed, N failed".
set -u
BIN=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
w=$(mktemp -d)
chmod 755 "$w" # readable by nobody, who runs the cases when we are root
export w
trap 'chmod -R u+rwx "$w" 2>/dev/null; rm -rf "$w"' EXIT
pass=0
fail=0
n=0

# hcase NAME EXIT PATTERN GENERATOR [ARGS]: GENERATOR is shell code that
# writes the input to $IN; ARGS default to "$IN"
hcase() {
    n=$((n + 1))
    name=$1 want=$2 pattern=$3 gen=$4
    IN="$w/in$n.jsonl"
    export IN
    sh -c "$gen" || { echo "FAIL $name: generator failed"; fail=$((fail + 1)); return; }
    args=${5:-"$IN"}
    run=""
    [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null &&
        run="setpriv --reuid=65534 --regid=65534 --clear-groups"
    (eval "$run \"$BIN\" cluster $args") > "$w/out" 2>&1
    got=$?
    if [ "$got" = "$want" ] && grep -q -- "$pattern" "$w/out"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name: exit $got (want $want), /$pattern/"
        head -c 400 "$w/out" | sed 's/^/  /'
        echo
    fi
}

J='printf "%s\n"'
# --- encodings -----------------------------------------------------------
hcase truncated-utf8 0 '"id":"u1","story":1' "printf '{\"id\":\"u1\",\"text\":\"caf\\303\"}\n' > \$IN"
hcase overlong-utf8 0 'invalid UTF-8 byte' "printf '{\"id\":\"u2\",\"text\":\"a\\300\\257b\"}\n' > \$IN"
hcase surrogate-utf8 0 '"id":"u3"' "printf '{\"id\":\"u3\",\"text\":\"x\\355\\240\\200y\"}\n' > \$IN"
hcase latin1-text 0 'replaced by U+FFFD' "printf '{\"id\":\"u4\",\"text\":\"cr\\350me br\\373l\\351e\"}\n' > \$IN"
hcase bad-utf8-in-id 0 '"id":"u5' "printf '{\"id\":\"u5\\377\",\"text\":\"x\"}\n' > \$IN"
hcase escaped-lone-surrogate 2 'invalid Unicode' "printf '{\"id\":\"u6\",\"text\":\"\\\\ud800\"}\n' > \$IN"
hcase nul-escape 0 '"id":"u7"' "printf '{\"id\":\"u7\",\"text\":\"a\\\\u0000b\"}\n' > \$IN"
hcase raw-nul-byte 2 'control character 0x0' "printf '{\"id\":\"u8\",\"text\":\"a\\000b\"}\n' > \$IN"
hcase bom-jsonl 0 '"id":"u9"' "printf '\\357\\273\\277{\"id\":\"u9\",\"text\":\"x\"}\n' > \$IN"
hcase bom-txt 0 'Bom title' "printf '\\357\\273\\277Bom title\nbody text here\n' > \$w/bom.txt" "\$w/bom.txt --format text"
hcase crlf 0 '"id":"c2"' "printf '{\"id\":\"c1\",\"text\":\"one\"}\r\n{\"id\":\"c2\",\"text\":\"two\"}\r\n' > \$IN"
hcase control-chars 0 '"id":"cc"' "printf '{\"id\":\"cc\",\"text\":\"a\\\\u0001\\\\u001fb\\\\u007f\"}\n' > \$IN"
# --- scripts and marks ---------------------------------------------------
hcase rtl 0 '"lang":"ar"' "$J '{\"id\":\"r1\",\"text\":\"\u200fأعلنت الحكومة يوم الثلاثاء أنها ستخصص المزيد من الأموال للإسكان في المدن الكبرى\u200e\"}' > \$IN"
hcase combining-marks 0 '"id":"m1"' "awk 'BEGIN{s=\"e\"; for(i=0;i<2000;i++) s=s \"\\xcc\\x81\"; printf \"{\\\"id\\\":\\\"m1\\\",\\\"text\\\":\\\"%s cafe\\xcc\\x81\\\"}\\n\", s}' > \$IN"
hcase zwj 0 '"id":"z1"' "$J '{\"id\":\"z1\",\"text\":\"fam\u200dily zero\u200bwidth no\u200cjoin \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\"}' > \$IN"
hcase mixed-scripts 0 '"id":"x1"' "$J '{\"id\":\"x1\",\"text\":\"Putinпутин習近平Путин مرحبا ελληνικά\"}' > \$IN"
hcase cjk 0 '"lang":"zh"' "$J '{\"id\":\"k1\",\"text\":\"政府周二宣布将拨出额外资金用于大城市的住房建设。总理表示这是重要的决定。\"}' > \$IN"
hcase html-js 0 '"title":null' "$J '{\"id\":\"h1\",\"text\":\"<script>alert(1)</script><p>Council <b>approves</b> plan</p><img src=x onerror=alert(2)>\"}' > \$IN"
hcase html-js-stripped 0 'approves' "$J '{\"id\":\"h2\",\"text\":\"<script>alert(1)</script><p>Council <b>approves</b> plan</p>\"}' > \$IN" "--format text \$IN | grep -v alert"
hcase entities 0 '"id":"e1"' "$J '{\"id\":\"e1\",\"text\":\"&amp;&lt;&#x1F600;&#0;&#99999999;&bogus;\"}' > \$IN"
# --- JSON structure ------------------------------------------------------
hcase deep-json 2 'nested deeper than 32' "awk 'BEGIN{s=\"\"; for(i=0;i<100000;i++) s=s \"[\"; printf \"{\\\"id\\\":\\\"d\\\",\\\"text\\\":\\\"x\\\",\\\"z\\\":%s\\n\", s}' > \$IN"
hcase numeric-id 0 '"id":"12345"' "$J '{\"id\":12345,\"text\":\"x\"}' > \$IN"
hcase float-id 2 "field 'id': must be a string or an integer" "$J '{\"id\":1.5,\"text\":\"x\"}' > \$IN"
hcase long-id 2 "field 'id': longer than 512" "awk 'BEGIN{s=\"\"; for(i=0;i<600;i++) s=s \"i\"; printf \"{\\\"id\\\":\\\"%s\\\",\\\"text\\\":\\\"x\\\"}\\n\", s}' > \$IN"
hcase empty-id 2 "field 'id': empty" "$J '{\"id\":\"\",\"text\":\"x\"}' > \$IN"
hcase null-id 2 "field 'id': missing" "$J '{\"id\":null,\"text\":\"x\"}' > \$IN"
hcase text-number 2 "field 'text': not a string" "$J '{\"id\":\"t\",\"text\":42}' > \$IN"
hcase text-blank 2 "field 'text': empty" "$J '{\"id\":\"t\",\"text\":\"  \\n\\t \"}' > \$IN"
hcase title-object 0 "field 'title': not a string; ignored" "$J '{\"id\":\"t\",\"text\":\"x\",\"title\":{\"a\":1}}' > \$IN"
hcase bad-date 0 "field 'date': not an ISO 8601 date" "$J '{\"id\":\"t\",\"text\":\"x\",\"date\":\"2021-02-30\"}' > \$IN"
hcase top-level-array 2 'not a JSON object' "$J '[1,2,3]' > \$IN"
hcase trailing-garbage 2 'malformed JSON' "$J '{\"id\":\"t\",\"text\":\"x\"} junk' > \$IN"
hcase many-fields 0 '"id":"f"' "awk 'BEGIN{printf \"{\\\"id\\\":\\\"f\\\",\\\"text\\\":\\\"x\\\"\"; for(i=0;i<1000;i++) printf \",\\\"k%d\\\":%d\", i, i; print \"}\"}' > \$IN"
hcase duplicate-id 2 'duplicate id "d"' "$J '{\"id\":\"d\",\"text\":\"x\"}' '{\"id\":\"d\",\"text\":\"y\"}' > \$IN"
hcase lang-garbage 0 '"id":"g"' "$J '{\"id\":\"g\",\"text\":\"The council approved the new bike lanes on Monday after a long debate.\",\"lang\":\"xx-YY-ZZ-@@\"}' > \$IN"
hcase lang-wrong-hint 0 '"lang":"en"' "$J '{\"id\":\"g\",\"text\":\"The council approved the new bike lanes on Monday after a long debate in the city.\",\"lang\":\"zh\"}' > \$IN"
# --- sizes ---------------------------------------------------------------
hcase line-10mb 0 'only the first 1048576 are analysed' "awk 'BEGIN{s=\"word \"; while(length(s)<10000000) s=s s; printf \"{\\\"id\\\":\\\"big\\\",\\\"text\\\":\\\"%s\\\"}\\n\", s}' > \$IN"
hcase line-70mb 2 'line longer than 67108864 bytes' "awk 'BEGIN{s=\"word \"; while(length(s)<70000000) s=s s; printf \"{\\\"id\\\":\\\"huge\\\",\\\"text\\\":\\\"%s\\\"}\\n{\\\"id\\\":\\\"after\\\",\\\"text\\\":\\\"still read\\\"}\\n\", s}' > \$IN"
hcase after-huge-line 2 '"id":"after"' "awk 'BEGIN{s=\"word \"; while(length(s)<70000000) s=s s; printf \"{\\\"id\\\":\\\"huge\\\",\\\"text\\\":\\\"%s\\\"}\\n{\\\"id\\\":\\\"after\\\",\\\"text\\\":\\\"still read\\\"}\\n\", s}' > \$IN"
hcase long-word 0 '"id":"lw"' "awk 'BEGIN{s=\"\"; for(i=0;i<100000;i++) s=s \"a\"; printf \"{\\\"id\\\":\\\"lw\\\",\\\"text\\\":\\\"%s short words\\\"}\\n\", s}' > \$IN"
hcase long-title 0 '"id":"lt"' "awk 'BEGIN{s=\"\"; for(i=0;i<200000;i++) s=s \"t \"; printf \"{\\\"id\\\":\\\"lt\\\",\\\"text\\\":\\\"x\\\",\\\"title\\\":\\\"%s\\\"}\\n\", s}' > \$IN"
hcase million-tiny 0 '"id":"t999999","story":1000' "awk 'BEGIN{for(i=0;i<1000000;i++) printf \"{\\\"id\\\":\\\"t%d\\\",\\\"text\\\":\\\"x%d\\\"}\\n\", i, i%1000}' > \$IN" "\$IN | tail -1"
hcase punctuation-only 0 'nothing left to cluster on' "$J '{\"id\":\"p\",\"text\":\"!!! ??? ... --- ***\"}' > \$IN"
hcase numbers-only 0 '"id":"n"' "awk 'BEGIN{printf \"{\\\"id\\\":\\\"n\\\",\\\"text\\\":\\\"\"; for(i=0;i<100000;i++) printf \"%d \", i; print \"\\\"}\"}' > \$IN"
# --- files and directories ----------------------------------------------
hcase empty-jsonl 0 '^END-OK$' ": > \$IN" "\$IN && echo END-OK"
hcase empty-txt 2 "field 'text': empty file" ": > \$w/empty.txt" "\$w/empty.txt"
hcase blank-lines 0 '"id":"b"' "printf '\n\n   \n{\"id\":\"b\",\"text\":\"x\"}\n\n' > \$IN"
hcase binary-txt 2 'binary file (NUL bytes)' "head -c 4096 /dev/urandom > \$w/bin.txt; printf '\\000' >> \$w/bin.txt" "\$w/bin.txt"
hcase dangling-symlink 2 'cannot read' "mkdir -p \$w/d1; ln -sf /nonexistent/x.txt \$w/d1/a.txt; $J '{\"id\":\"ok\",\"text\":\"x\"}' > \$w/d1/b.jsonl" "\$w/d1"
hcase dangling-symlink-rest 2 '"id":"ok"' "mkdir -p \$w/d1b; ln -sf /nonexistent/x.txt \$w/d1b/a.txt; $J '{\"id\":\"ok\",\"text\":\"x\"}' > \$w/d1b/b.jsonl" "\$w/d1b"
hcase symlink-loop 0 'symlink loop' "mkdir -p \$w/d2/sub; ln -sf .. \$w/d2/sub/up; $J '{\"id\":\"l\",\"text\":\"x\"}' > \$w/d2/a.jsonl" "\$w/d2"
# as root every file is readable: drop to nobody with setpriv for this case
hcase unreadable-file 2 'a.jsonl: error: cannot open: Permission denied' "mkdir -p \$w/d3; chmod 755 \$w \$w/d3; $J '{\"id\":\"r\",\"text\":\"x\"}' > \$w/d3/a.jsonl; $J '{\"id\":\"s\",\"text\":\"y\"}' > \$w/d3/b.jsonl; chmod 000 \$w/d3/a.jsonl" "\$w/d3" 
hcase unreadable-file-rest 2 '"id":"s"' ":" "\$w/d3"
hcase missing-input 2 'cannot open: No such file' ":" "/nonexistent/in.jsonl"
hcase stdin-empty 0 '^END-OK$' ":" "- < /dev/null && echo END-OK"
echo "hostile: $pass passed, $fail failed ($n cases)"
[ "$fail" -eq 0 ]
