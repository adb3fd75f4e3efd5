"""Kill-and-resume, the long version of tests/test_resume.py: SIGKILL a real ``sitroom run`` at random points
many times on hundreds of articles, restart it each time, and compare the store with one clean run.

    python bench/kill_bench.py [--articles 200] [--kills 20]

Prints the kills that landed on a live run, the time each phase took, and whether the killed store equals the
clean one (articles, mention ids, events, SQLite integrity). Exit 1 when they differ.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.test_resume import environment, kill_repeatedly, run_to_completion, store_state, write_articles  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--window", type=float, nargs=2, default=(2.0, 25.0), help="seconds before each kill")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, env = Path(tmp) / "articles", environment()
        write_articles(folder, args.articles)
        clean, killed = Path(tmp) / "clean.db", Path(tmp) / "killed.db"
        start = time.perf_counter()
        run_to_completion(folder, clean, env)
        clean_seconds = time.perf_counter() - start
        start = time.perf_counter()
        hit = kill_repeatedly(folder, killed, env, kills=args.kills, window=tuple(args.window))
        run_to_completion(folder, killed, env)
        killed_seconds = time.perf_counter() - start
        expected, got = store_state(clean), store_state(killed)
    same = got.integrity == "ok" and (got.articles, got.mention_ids, got.events) == (
        expected.articles,
        expected.mention_ids,
        expected.events,
    )
    print(f"articles {args.articles}, kills tried {args.kills}, kills on a live run {hit}")
    print(f"clean run (baseline): {clean_seconds:.1f} s; killed runs + final run: {killed_seconds:.1f} s")
    print(
        f"clean:  {expected.articles} articles, {len(expected.mention_ids)} mentions, {expected.events} events\n"
        f"killed: {got.articles} articles, {len(got.mention_ids)} mentions, {got.events} events, "
        f"integrity {got.integrity}"
    )
    print("EQUAL" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
