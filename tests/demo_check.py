#!/usr/bin/env python3
"""demo_check.py [--cross] -- tidings reproduces the demo corpus's gold stories.

Clusters demo/articles.jsonl with `tidings` (on PATH) and compares the
stories with the gold `story` field. By default only the same-language part
is checked: within each language, articles must be grouped exactly as in
the gold. With --cross the whole partition must match."""
import collections, json, os, subprocess, sys

root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
corpus = os.path.join(root, "demo", "articles.jsonl")
gold = {}
lang = {}
for line in open(corpus, encoding="utf-8"):
    r = json.loads(line)
    gold[r["id"]] = r["story"]
    lang[r["id"]] = r["lang"]
out = subprocess.run(["tidings", "cluster", corpus], capture_output=True, text=True, check=True)
pred = {r["id"]: r["story"] for r in map(json.loads, out.stdout.splitlines())}

def partition(ids, label):
    groups = collections.defaultdict(set)
    for i in ids:
        groups[label[i]].add(i)
    return sorted(sorted(g) for g in groups.values())

scopes = [("all", list(gold))] if "--cross" in sys.argv else \
    [(l, [i for i in gold if lang[i] == l]) for l in sorted(set(lang.values()))]
bad = 0
for name, ids in scopes:
    g, p = partition(ids, gold), partition(ids, pred)
    if g != p:
        bad += 1
        print(f"demo {name}: stories differ\n  gold: {g}\n  got:  {p}")
kind = "all stories" if "--cross" in sys.argv else "same-language stories"
print(f"demo: {kind} match gold" if not bad else f"demo: {bad} scope(s) differ")
sys.exit(1 if bad else 0)
