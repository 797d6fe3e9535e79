#!/usr/bin/env python3
"""tune.py -- grid search over the clustering parameter table.

Runs `tidings eval` on the development sets for every combination of the
values given, and prints one row per combination with the figures that the
floors in eval/floors.txt guard. The chosen values go into the table in
src/cluster.c by hand, with the command line that found them.

  tools/tune.py BIN DATA_DIR name=v1,v2,... [name=v1,v2 ...]
"""
import itertools, subprocess, sys

SETS = {
    "ecbplus": ("bcubed_f1", "stories_pred"),
    "semeval2022_task8": ("samestory_f1",),
    "seeds": ("bcubed_f1",),
    "ntrex128": ("bcubed_f1", "xling_pairwise_r"),
    "wmt_docs": ("bcubed_f1",),
}

def figures(binary, data, name, params):
    cmd = [binary, "eval", f"{data}/{name}/articles.jsonl", "--param", params]
    if name == "semeval2022_task8":
        cmd += ["--pairs", f"{data}/{name}/pairs.jsonl"]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    vals = {}
    for line in out.splitlines():
        if ": " in line:
            k, v = line.split(": ", 1)
            vals[k] = v
    return vals

def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    binary, data, specs = argv[0], argv[1], argv[2:]
    names = [s.split("=", 1)[0] for s in specs]
    values = [s.split("=", 1)[1].split(",") for s in specs]
    print(" ".join(names), "|", " ".join(f"{s}:{f}" for s, fs in SETS.items() for f in fs))
    for combo in itertools.product(*values):
        params = ",".join(f"{n}={v}" for n, v in zip(names, combo))
        row = []
        for s, fs in SETS.items():
            vals = figures(binary, data, s, params)
            row += [vals.get(f, "?") for f in fs]
        print(" ".join(combo), "|", " ".join(row), flush=True)

if __name__ == "__main__":
    main(sys.argv[1:])
