#!/usr/bin/env python3
"""Print Markdown tables from a JMH JSON result file and a footprint JSON-lines file.

Usage: report.py JMH_JSON [FOOTPRINT_JSONL]

The throughput table has one row per provider and one column per workload, each cell the
JMH score in operations per second with its 99.9% confidence half-width. When the run used
io.piglix.bench.CpuTimeProfiler, a second table gives the CPU time per operation. The
footprint table has one row per line of FOOTPRINT_JSONL, as written by
io.piglix.bench.Footprint.
"""

import json
import math
import sys

PROVIDER_ORDER = ["piglix", "caffeine", "ehcache", "infinispan"]
WORKLOADS = [
    ("get", "get (hits)"),
    ("put", "put (overwrite)"),
    ("getPut90x10", "90% get / 10% put"),
]
MIB = 1024 * 1024


def ordered(names):
    """Return provider names in the usual order, unknown names last."""
    known = [name for name in PROVIDER_ORDER if name in names]
    return known + sorted(name for name in names if name not in PROVIDER_ORDER)


def format_ops(score, error):
    """Format a score and its error, rounded to thousands of operations per second.

    JMH writes the error as the string "NaN" when a run has a single iteration.
    """
    error = float(error)
    if math.isnan(error):
        return f"{score / 1e3:,.0f}k"
    return f"{score / 1e3:,.0f}k ± {error / 1e3:,.0f}k"


def format_nanos(score, error):
    """Format a time per operation in nanoseconds with its error."""
    error = float(error)
    if math.isnan(error):
        return f"{score:,.0f}"
    return f"{score:,.0f} ± {error:,.0f}"


def workload_table(scores, formatter):
    """Return a table of (provider, method) -> (score, error), one row per provider."""
    lines = ["| provider | " + " | ".join(title for _, title in WORKLOADS) + " |",
             "|---|" + "---:|" * len(WORKLOADS)]
    for provider in ordered({provider for provider, _ in scores}):
        cells = []
        for method, _ in WORKLOADS:
            score = scores.get((provider, method))
            cells.append("not run" if score is None else formatter(*score))
        lines.append(f"| {provider} | " + " | ".join(cells) + " |")
    return lines


def throughput_tables(results):
    scores = {}
    cpu_times = {}
    for result in results:
        method = result["benchmark"].rsplit(".", 1)[1]
        provider = result["params"]["provider"]
        metric = result["primaryMetric"]
        if metric["scoreUnit"] != "ops/s":
            raise SystemExit(f"unexpected unit {metric['scoreUnit']} in {result['benchmark']}")
        scores[(provider, method)] = (metric["score"], metric["scoreError"])
        cpu = result.get("secondaryMetrics", {}).get("cpu.time.norm")
        if cpu is not None:
            cpu_times[(provider, method)] = (cpu["score"], cpu["scoreError"])

    lines = workload_table(scores, format_ops)
    first = results[0]
    lines.append("")
    lines.append(
        f"ops/s, higher is better; ± is JMH's 99.9% confidence half-width. "
        f"JMH {first['jmhVersion']}, {first['vmName']} {first['vmVersion']}, "
        f"{first['threads']} threads, {first['forks']} forks x "
        f"({first['warmupIterations']} warm-up x {first['warmupTime']} + "
        f"{first['measurementIterations']} measurement x {first['measurementTime']}). "
        f"Fork JVM options: `{' '.join(first['jvmArgs'])}`.")
    if cpu_times:
        lines += ["", "CPU time per operation, ns/op, lower is better: CPU time of the whole "
                  "benchmark JVM (both worker threads, GC, JIT and the provider's own threads) "
                  "divided by the operations, ± as above.", ""]
        lines += workload_table(cpu_times, format_nanos)
    return lines


def footprint_table(rows):
    lines = ["| provider | entries | heap after full GC, empty | heap after full GC, loaded "
             "| heap per entry | RSS, empty | RSS, loaded | RSS growth per entry |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    by_provider = {row["provider"]: row for row in rows}
    for provider in ordered(by_provider):
        row = by_provider[provider]
        entries = row["entries"]
        heap_per_entry = (row["heapAfterBytes"] - row["heapBeforeBytes"]) / entries
        rss_per_entry = (row["rssAfterBytes"] - row["rssBeforeBytes"]) / entries
        lines.append(
            f"| {provider} | {entries:,} "
            f"| {row['heapBeforeBytes'] / MIB:,.1f} MiB | {row['heapAfterBytes'] / MIB:,.1f} MiB "
            f"| {heap_per_entry:,.0f} B "
            f"| {row['rssBeforeBytes'] / MIB:,.0f} MiB | {row['rssAfterBytes'] / MIB:,.0f} MiB "
            f"| {rss_per_entry:,.0f} B |")
    return lines


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as jmh_file:
        results = json.load(jmh_file)
    if not results:
        print(f"no benchmark results in {argv[1]}", file=sys.stderr)
        return 1
    output = ["### Throughput", ""] + throughput_tables(results)
    if len(argv) == 3:
        with open(argv[2], encoding="utf-8") as footprint_file:
            rows = [json.loads(line) for line in footprint_file if line.strip()]
        output += ["", "### Memory", ""] + footprint_table(rows)
    print("\n".join(output))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
