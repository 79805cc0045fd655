#!/usr/bin/env python3
"""Derive the cue-word lexicon (crates/nlp/data/lexicon/cue_words.tsv) from PolNeAR train.

A word (lower-cased) is listed when at least 5 of its occurrences in the training texts are
inside an annotated cue and at least 30% of all its occurrences are. Words already in
speech_verbs.tsv are left out. Only the train split is read (never dev or test).

Usage: python3 scripts/derive_cue_words.py ../shared/data/polnear crates/nlp/data/lexicon/cue_words.tsv
Deterministic: sorted by word.
"""
import collections
import os
import re
import sys

T_RE = re.compile(r"^(T\d+)\t(\S+) ([0-9 ;]+)\t")
WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")


def main(data, out):
    adir = os.path.join(data, "train", "attributions")
    tdir = os.path.join(data, "train", "text")
    chosen = {}
    for fn in sorted(os.listdir(adir)):
        chosen.setdefault(re.sub(r"_[0-9a-f]{4}\.ann$", "", fn), fn)
    here = os.path.dirname(os.path.abspath(out))
    verbs = set()
    with open(os.path.join(here, "speech_verbs.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                verbs.update(line.split())
    in_cue, total = collections.Counter(), collections.Counter()
    for stem, fn in chosen.items():
        text = open(os.path.join(tdir, stem + ".txt"), encoding="utf-8").read()
        for m in WORD.finditer(text):
            total[m.group().lower()] += 1
        for line in open(os.path.join(adir, fn), encoding="utf-8"):
            m = T_RE.match(line)
            if m and m.group(2) == "Cue":
                for part in m.group(3).split(";"):
                    a, b = map(int, part.split())
                    for w in WORD.finditer(text[a:b]):
                        in_cue[w.group().lower()] += 1
    rows = sorted((w, c, total[w]) for w, c in in_cue.items() if c >= 5 and c / max(total[w], 1) >= 0.3 and w not in verbs)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# word<TAB>times inside a cue<TAB>times in all (PolNeAR train; scripts/derive_cue_words.py)\n")
        for w, c, t in rows:
            f.write(f"{w}\t{c}\t{t}\n")
    print(f"{len(rows)} words -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
