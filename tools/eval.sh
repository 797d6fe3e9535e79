#!/bin/sh
# eval.sh BIN -- `tidings eval` on every set in ../shared/data, one table,
# checked against eval/floors.txt. Skips (exit 0) when the data is absent.
set -u
BIN=$1
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/../shared/data"
if [ ! -d "$data" ]; then
    echo "eval: $data not found; skipped"
    exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-18s %8s %8s %8s %8s %8s %8s %7s %7s\n' set pair_f1 b3_p b3_r b3_f1 xl_r xl_f1 stories gold
for dir in "$data"/*/; do
    set_name=$(basename "$dir")
    [ -f "$dir/articles.jsonl" ] || continue
    pairs=""
    [ -f "$dir/pairs.jsonl" ] && pairs="--pairs $dir/pairs.jsonl"
    # shellcheck disable=SC2086
    "$BIN" eval "$dir/articles.jsonl" $pairs --write-pred "$out/$set_name.pred" \
        > "$out/$set_name.txt" 2> "$out/$set_name.err"
    if [ -n "$pairs" ]; then
        "$BIN" compare --pairs "$dir/pairs.jsonl" "$dir/articles.jsonl" > "$out/$set_name.sim" 2>/dev/null
        "$BIN" eval-pairs "$dir/pairs.jsonl" "$out/$set_name.sim" >> "$out/$set_name.txt" 2>/dev/null
    fi
    awk -v s="$set_name" -F': ' '
        { v[$1] = $2 }
        END {
            printf "%-18s %8s %8s %8s %8s %8s %8s %7s %7s\n", s,
                (v["pairwise_f1"] != "" ? v["pairwise_f1"] : "-"),
                (v["bcubed_p"] != "" ? v["bcubed_p"] : "-"),
                (v["bcubed_r"] != "" ? v["bcubed_r"] : "-"),
                (v["bcubed_f1"] != "" ? v["bcubed_f1"] : "-"),
                (v["xling_pairwise_r"] != "" ? v["xling_pairwise_r"] : "-"),
                (v["xling_pairwise_f1"] != "" ? v["xling_pairwise_f1"] : "-"),
                (v["stories_pred"] != "" ? v["stories_pred"] : "-"),
                (v["stories_gold"] != "" ? v["stories_gold"] : "-")
            if (v["samestory_f1"] != "")
                printf "%-18s samestory p %s r %s f1 %s; pearson %s\n", "", v["samestory_p"],
                    v["samestory_r"], v["samestory_f1"], v["pearson_all"]
        }' "$out/$set_name.txt"
done
fail=0
while read -r set_name fig floor; do
    case "$set_name" in ''|'#'*) continue ;; esac
    [ -f "$out/$set_name.txt" ] || continue
    val=$(awk -F': ' -v f="$fig" '$1 == f { print $2 }' "$out/$set_name.txt")
    if [ -z "$val" ] || awk -v a="$val" -v b="$floor" 'BEGIN { exit !(a < b) }'; then
        echo "eval: FAIL $set_name $fig = ${val:-missing} < floor $floor"
        fail=1
    fi
done < "$root/eval/floors.txt"
[ $fail -eq 0 ] && echo "eval: all figures at or above their floors"
exit $fail
