#!/usr/bin/env python3
"""bless.py BIN FILE.t... -- rewrite the expected output of transcripts
from what BIN prints now. Review `git diff` afterwards: blessing accepts
whatever the program does."""
import os, subprocess, sys, tempfile

def main(argv):
    binary = os.path.abspath(argv[0])
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    tmp = tempfile.mkdtemp()
    os.makedirs(os.path.join(tmp, "bin"))
    wrap = os.path.join(tmp, "bin", "tidings")
    with open(wrap, "w") as f:
        f.write(f'#!/bin/sh\nexec "{binary}" "$@"\n')
    os.chmod(wrap, 0o755)
    env = dict(os.environ, PATH=os.path.join(tmp, "bin") + ":" + os.environ["PATH"], TD_TMP=tmp)
    for path in argv[1:]:
        out, pending = [], []
        for line in open(path, encoding="utf-8").read().split("\n"):
            if line.startswith("$ "):
                out.append(line)
                r = subprocess.run(["sh", "-c", line[2:]], cwd=root, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                text = r.stdout.decode("utf-8", "replace").rstrip("\n")
                if text:
                    out.extend(text.split("\n"))
                if r.returncode:
                    out.append(f"[{r.returncode}]")
                out.append("")
            elif line.startswith("#"):
                out.append(line)
        while out and out[-1] == "":
            out.pop()
        # keep one blank line before each comment block
        res = []
        for line in out:
            if line.startswith("#") and res and res[-1] != "" and not res[-1].startswith("#"):
                res.append("")
            res.append(line)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(res) + "\n")

if __name__ == "__main__":
    main(sys.argv[1:])
