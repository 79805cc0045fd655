#!/usr/bin/env python3
"""Writes the adversarial texts of issue 23 (one paragraph each, or many for `paras`) at several
sizes, for `herald bench`: the worst-case time of every stage must grow linearly with the text.

    scripts/adversarial.py OUT_DIR [--sizes 125,250,500,1000] [--families mr,us,...]
    for f in OUT_DIR/*.txt; do herald bench "$f" --repeat 3 --json; done

Families (the same as crates/nlp/tests/linear_time.rs, which checks them at 128 and 256 KB):
mr (`Mr. ` repeated, then a name), us (`U.S. `), inc (`Inc. `), titles (runs of titled names),
yes (`"Yes," said Smith0.` …), named (quotations with named speakers and `He said`), commas
(names and commas), nested and unbalanced quotation marks, sentences (one paragraph of
attributions), paras (many short paragraphs), scripts (non-Latin scripts), longtok (5,000-byte
tokens).
"""

import argparse
import os
import random

FIRST = ["Li", "Ali", "John", "Mary", "Ana", "Omar", "Wei", "Sara", "Ivan", "Kofi"]
LAST = ["Smith", "Khan", "Jones", "Wang", "Lopez", "Said", "Chen", "Berg", "Petrov", "Mensah"]
TITLES = ["Gov.", "President", "Senator", "Dr.", "Sen.", "Mr.", "Mrs.", "Gen."]
SCRIPTS = ["Москва сказал ", "北京表示 ", "القاهرة قال ", "Αθήνα είπε ", "東京は述べた ", "서울 말했다 ", "דובר אמר ", "नई दिल्ली ने कहा "]


def piece(family, i, rnd):
    name = lambda: f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
    return {
        "mr": lambda: "Mr. ",
        "us": lambda: "U.S. ",
        "inc": lambda: "Inc. ",
        "titles": lambda: f"{rnd.choice(TITLES)} {name()} ",
        "yes": lambda: f'"Yes," said Smith{i}. ',
        "named": lambda: f'"Yes," said {name()}. He said "no." ',
        "commas": lambda: f"{name()}, ",
        "nested": lambda: "“He said ‘she said “no” " if i % 2 else "yes’ said Ann, ",
        "unbalanced": lambda: "“" if i % 5 == 0 else "Smith said it ",
        "sentences": lambda: f"{rnd.choice(TITLES)} {name()} said the {rnd.choice(['president', 'senator', 'minister'])} would go. ",
        "paras": lambda: f"{name()} said: “We will win.”\n\n",
        "scripts": lambda: rnd.choice(SCRIPTS),
        "longtok": lambda: "x" * 5000 + " ",
    }[family]()


FAMILIES = ["mr", "us", "inc", "titles", "yes", "named", "commas", "nested", "unbalanced", "sentences", "paras", "scripts", "longtok"]


def text(family, size):
    rnd = random.Random(1)
    out, n, i = [], 0, 0
    while n < size:
        p = piece(family, i, rnd)
        out.append(p)
        n += len(p.encode())
        i += 1
    return "Title\n\n" + "".join(out) + ("Smith spoke." if family == "mr" else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--sizes", default="125,250,500,1000", help="kilobytes")
    parser.add_argument("--families", default=",".join(FAMILIES))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for family in args.families.split(","):
        for kb in args.sizes.split(","):
            with open(os.path.join(args.out, f"{family}_{int(kb):05d}k.txt"), "w") as f:
                f.write(text(family, int(kb) * 1000))


if __name__ == "__main__":
    main()
