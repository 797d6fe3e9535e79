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
        # pair similarity: each pair estimated by a model fitted without it
        # (5-fold cross-validation; models/pair.tsv is fitted on all pairs)
        "$BIN" train --pairs "$dir/pairs.jsonl" --folds 5 --cv-out "$out/$set_name.sim" \
            --out /dev/null "$dir/articles.jsonl" 2> "$out/$set_name.train"
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
    # Pearson r per language pair (10 pairs or more), in name order
    awk -F': ' '/^n_/ { n[substr($1, 3)] = $2 } /^pearson_/ && $1 != "pearson_all" { r[substr($1, 9)] = $2 }
        END { for (l in r) if (n[l] >= 10) printf "%s %s (%d)\n", l, r[l], n[l] }' \
        "$out/$set_name.txt" | sort | awk '{ line = line " " $0 } END { if (line != "")
            printf "%-18s pearson by language:%s\n", "", line }'
done
# Cross-language recall by language: of the pairs of one gold story in two
# languages, the share clustered together, per language
for t in ntrex128 wmt_docs; do
    [ -f "$out/$t.pred" ] || continue
    python3 -c 'import collections, json, sys
gold = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
pred = {}
for l in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(l)
    pred[r["id"]] = r["story"]
by = collections.defaultdict(list)
for a in gold:
    by[a["story"]].append(a)
hit, all_ = collections.Counter(), collections.Counter()
for arts in by.values():
    for i, a in enumerate(arts):
        for b in arts[i + 1:]:
            if a["lang"] == b["lang"]:
                continue
            same = pred.get(a["id"]) == pred.get(b["id"]) and a["id"] in pred
            for l in (a["lang"], b["lang"]):
                all_[l] += 1
                hit[l] += same
            k = "-".join(sorted((a["lang"], b["lang"])))
            all_[k] += 1
            hit[k] += same
langs = sorted(l for l in all_ if "-" not in l)
pairs = sorted(l for l in all_ if "-" in l)
print("%-18s cross-language recall by language:%s" % ("", "".join(
    " %s %.2f" % (l, hit[l] / all_[l]) for l in langs)))
for i in range(0, len(pairs), 10):
    print("%-18s   by pair:%s" % ("", "".join(
        " %s %.2f" % (l, hit[l] / all_[l]) for l in pairs[i:i + 10])))' "$data/$t/articles.jsonl" "$out/$t.pred" \
        | sed "s/^ \{18\}/$(printf '%-18s' "$t")/"
done
# Order sensitivity: the sets without dates are clustered in file order;
# the same articles in five seeded shuffles show how much of a figure is
# the order's (the mean is the fairer figure; the floors check file order).
echo
echo "order sensitivity: BCubed F1 in file order and in 5 shuffled orders"
printf '%-18s %8s %8s %8s %8s\n' set file mean min max
for t in ecbplus ntrex128 wmt_docs; do
    [ -f "$data/$t/articles.jsonl" ] || continue
    for seed in 1 2 3 4 5; do
        python3 -c 'import random, sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
random.Random(int(sys.argv[2])).shuffle(lines)
sys.stdout.write("".join(lines))' "$data/$t/articles.jsonl" "$seed" > "$out/$t-shuffled.jsonl"
        "$BIN" eval "$out/$t-shuffled.jsonl" 2>/dev/null | awk -F': ' '$1 == "bcubed_f1" { print $2 }'
    done | awk -v s="$t" -v f="$(awk -F': ' '$1 == "bcubed_f1" { print $2 }' "$out/$t.txt")" '
        { x = $1 + 0; sum += x; if (NR == 1 || x < lo) lo = x; if (NR == 1 || x > hi) hi = x }
        END { if (NR) printf "%-18s %8s %8.4f %8.4f %8.4f\n", s, f, sum / NR, lo, hi }'
done
# The learned join decision against the rule, on each set with a model
# trained on the others (leave one set out; see tools/train-models.sh).
sem="$data/semeval2022_task8"
join_fit="--rule-prior 200 --l2 3000" # as tools/train-models.sh fits models/join.tsv
echo
echo "join decision: rule vs learned model trained without the set (tools/train-models.sh)"
printf '%-18s %-14s %8s %8s\n' set figure rule model
for t in ecbplus semeval2022_task8 ntrex128 wmt_docs; do
    [ -f "$data/$t/articles.jsonl" ] || continue
    train=""
    for s in ecbplus ntrex128 wmt_docs; do
        [ "$s" = "$t" ] || [ ! -f "$data/$s/articles.jsonl" ] || train="$train $data/$s/articles.jsonl"
    done
    withpairs=""
    [ "$t" = semeval2022_task8 ] || [ ! -f "$sem/pairs.jsonl" ] ||
        withpairs="--pairs $sem/pairs.jsonl --pairs-articles $sem/articles.jsonl"
    # shellcheck disable=SC2086
    "$BIN" train --join $join_fit $withpairs --out "$out/join-$t.tsv" $train \
        "$root/demo/articles.jsonl" 2> "$out/join-$t.train" || { echo "eval: join training failed"; cat "$out/join-$t.train"; exit 1; }
    pairs=""
    fig=bcubed_f1
    if [ -f "$data/$t/pairs.jsonl" ]; then pairs="--pairs $data/$t/pairs.jsonl"; fig=samestory_f1; fi
    # shellcheck disable=SC2086
    "$BIN" eval "$data/$t/articles.jsonl" $pairs --join "$out/join-$t.tsv" > "$out/$t.join" 2>/dev/null
    rule=$(awk -F': ' -v f="$fig" '$1 == f { print $2 }' "$out/$t.txt")
    model=$(awk -F': ' -v f="$fig" '$1 == f { print $2 }' "$out/$t.join")
    printf '%-18s %-14s %8s %8s\n' "$t" "$fig" "$rule" "$model"
done
# The same comparison within ECB+, cross-validated by topic (the number
# before "_" in the gold story; each topic holds two events): three folds
# of every third topic, each clustered alone by the rule and by a model
# trained on the other two folds, ntrex128, wmt_docs, demo/ and the SemEval
# pairs; BCubed F1 over the three folds' stories together.
ecb="$data/ecbplus/articles.jsonl"
if [ -f "$ecb" ] && [ -f "$data/ntrex128/articles.jsonl" ] && [ -f "$data/wmt_docs/articles.jsonl" ] &&
    [ -f "$sem/pairs.jsonl" ]; then
    python3 -c 'import json, sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
topic = [json.loads(l)["story"].split("_")[0] for l in lines]
order = sorted(set(topic), key=lambda t: (len(t), t))
for f in range(3):
    with open("%s/ecb-test%d.jsonl" % (sys.argv[2], f), "w", encoding="utf-8") as te, \
         open("%s/ecb-train%d.jsonl" % (sys.argv[2], f), "w", encoding="utf-8") as tr:
        for l, t in zip(lines, topic):
            (te if order.index(t) % 3 == f else tr).write(l)' "$ecb" "$out"
    for f in 0 1 2; do
        # shellcheck disable=SC2086
        "$BIN" train --join $join_fit --pairs "$sem/pairs.jsonl" \
            --pairs-articles "$sem/articles.jsonl" --out "$out/ecb-join$f.tsv" "$out/ecb-train$f.jsonl" \
            "$data/ntrex128/articles.jsonl" "$data/wmt_docs/articles.jsonl" "$root/demo/articles.jsonl" \
            2> "$out/ecb-train$f.err" || { echo "eval: join training failed"; cat "$out/ecb-train$f.err"; exit 1; }
        "$BIN" eval "$out/ecb-test$f.jsonl" --write-pred "$out/ecb-r$f.pred" > /dev/null 2>&1
        "$BIN" eval "$out/ecb-test$f.jsonl" --join "$out/ecb-join$f.tsv" \
            --write-pred "$out/ecb-m$f.pred" > /dev/null 2>&1
    done
    # story numbers restart in each fold: each fold's become its own
    python3 -c 'import json, sys
for k in ("r", "m"):
    with open("%s/ecb-%s.pred" % (sys.argv[1], "rule" if k == "r" else "model"), "w") as out:
        for f in range(3):
            for l in open("%s/ecb-%s%d.pred" % (sys.argv[1], k, f), encoding="utf-8"):
                r = json.loads(l)
                r["story"] = "%d-%s" % (f, r["story"])
                out.write(json.dumps(r) + "\n")' "$out"
    rule=$("$BIN" eval "$ecb" "$out/ecb-rule.pred" 2>/dev/null | awk -F': ' '$1 == "bcubed_f1" { print $2 }')
    model=$("$BIN" eval "$ecb" "$out/ecb-model.pred" 2>/dev/null | awk -F': ' '$1 == "bcubed_f1" { print $2 }')
    printf '%-18s %-14s %8s %8s\n' "ecbplus by topic" bcubed_f1 "$rule" "$model"
fi
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
