"""`python -m bench ...`: the scale and speed benchmarks of newsgraph (issue 7).

    python -m bench speed --docs 200 --processes 2      # per stage vs spaCy nlp.pipe
    python -m bench speed --corpus PATH --processes 2   # on your own articles
    python -m bench speed --docs 1000 --repeat 3        # + 2 more (build, spaCy) pairs
    python -m bench memory                              # peak memory by corpus size
    python -m bench incremental                         # 50 new into 5,000 vs fresh 50
    python -m bench dask                                # LocalCluster(2) vs one machine

Other areas have their own modules: python -m bench.extraction, bench.dedup, ...
"""

from __future__ import annotations

import argparse

from bench import harness


def _sizes(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workdir", help="keep corpora and stores here (default: a new temp folder)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("speed", help="documents/s, words/s, peak memory per stage vs spaCy")
    p.add_argument("--docs", type=int, default=200, help="generate this many articles")
    p.add_argument("--corpus", help="use these articles instead (file, folder or glob)")
    p.add_argument("--processes", "-j", type=int, default=1)
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure this many (whole build, spaCy) pairs and report the median ratio",
    )
    p = sub.add_parser("memory", help="peak memory of builds by corpus size")
    p.add_argument(
        "--sizes",
        type=_sizes,
        default=[500, 2000, 5000],
        help="whole builds (comma-separated article counts)",
    )
    p.add_argument(
        "--light-sizes",
        type=_sizes,
        default=[10_000, 30_000, 100_000],
        help="ingest + copy finding only",
    )
    p.add_argument("--processes", "-j", type=int, default=1)
    p = sub.add_parser("incremental", help="add articles to a built store vs a fresh build")
    p.add_argument("--base", type=int, default=5000)
    p.add_argument("--added", type=int, default=50)
    p.add_argument("--processes", "-j", type=int, default=1)
    p = sub.add_parser("dask", help="Dask LocalCluster vs one machine on the same articles")
    p.add_argument("--docs", type=int, default=2000)
    p.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    if args.command == "speed":
        harness.speed(args.docs, args.processes, args.corpus, args.workdir, args.repeat)
    elif args.command == "memory":
        harness.memory(args.sizes, args.light_sizes, args.processes, args.workdir)
    elif args.command == "incremental":
        harness.incremental(args.base, args.added, args.processes, args.workdir)
    else:
        harness.dask(args.docs, args.workers, args.workdir)


if __name__ == "__main__":
    main()
