"""Score `extract` on the bundled example corpus against its gold statements (src/stancemap/examples/EXPECTED.json).

    python bench/extract_examples.py [--out bench/results/extract_examples.json]

Runs the CLI's path (clean -> extract) over `examples/corpus/`, matches statements by content overlap
(`stancemap.attribution.evaluate.score_statements`) and prints found / exact / speaker / kind / date counts.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from stancemap.examples.gold import score_examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    result = score_examples().to_json()
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
