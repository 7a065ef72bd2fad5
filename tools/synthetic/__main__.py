"""python -m tools.synthetic [--scale 1] [--seed 2022] [--out sources]."""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

from . import generate_sources


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m tools.synthetic",
        description="Write the SYNTHETIC sample sources (deterministic for scale, seed).",
    )
    p.add_argument(
        "--scale", type=float, default=1.0, help="survey size: 1 ~ 10k rows, 100 ~ 1M rows"
    )
    p.add_argument("--seed", type=int, default=2022)
    p.add_argument("--out", type=pathlib.Path, default=pathlib.Path("sources"))
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    written = generate_sources(a.out, scale=a.scale, seed=a.seed, progress=not a.quiet)
    width = max(len(k) for k in written)
    for k, n in written.items():
        print(f"{k:<{width}}  {n:>10,}")
    rows = sum(n for k, n in written.items() if k.startswith("enterprise_survey"))
    elapsed = time.perf_counter() - t0
    print(f"{'total survey rows':<{width}}  {rows:>10,}   ({elapsed:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
