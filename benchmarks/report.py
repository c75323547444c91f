"""Print benchmark results as ratios against the baseline of each group.

usage: python benchmarks/report.py BENCH.json

Each benchmark tags itself with extra_info["role"] ("subject", "baseline", "floor", or a
free label) and, where it makes sense, extra_info["bytes"] or ["items"]. For every group the
report prints each benchmark's mean time, its throughput, and its speed relative to the
group's baseline (>1 = faster than the baseline).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict


def main(path: str) -> None:
    """Print the ratio table of one pytest-benchmark JSON file."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for b in data["benchmarks"]:
        groups[b["group"] or b["name"]].append(b)
    print(
        f"machine: {data['machine_info'].get('cpu', {}).get('brand_raw', '?')}; "
        f"python {data['machine_info'].get('python_version')}"
    )
    for group, rows in groups.items():
        base = next((r for r in rows if r["extra_info"].get("role") == "baseline"), None)
        print(f"\n## {group}")
        for r in rows:
            mean = r["stats"]["mean"]
            info = r["extra_info"]
            rate = ""
            if "bytes" in info:
                rate = f"{info['bytes'] / mean / 1e6:8.2f} MB/s"
            elif "items" in info:
                rate = f"{info['items'] / mean:12,.0f} items/s"
            ratio = f"x{base['stats']['mean'] / mean:7.3f} of baseline" if base else ""
            mem = f" peak {info['peak_mb']:.0f} MB" if "peak_mb" in info else ""
            print(
                f"- {r['name']:45s} {info.get('role', ''):9s} {mean * 1e3:10.1f} ms {rate} {ratio}{mem}"
            )


if __name__ == "__main__":
    main(sys.argv[1])
