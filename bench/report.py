#!/usr/bin/env python3
"""Write the Markdown report and the plot data of one bench/run.sh result folder.

Usage:
  report.py DIR                    print the report and write DIR/plots.tsv
  report.py --update-doc DOC DIR   replace the generated part of DOC with the report

DIR contains the JMH result files (single*.json, pool-*.json, latency-*.json), footprint.jsonl,
environment.txt and phases.tsv, as bench/run.sh writes them. The generated part of DOC lies
between the lines BEGIN_MARKER and END_MARKER; everything else in DOC is left as it is.
"""

import glob
import json
import math
import os
import sys

BEGIN_MARKER = "<!-- BEGIN GENERATED RESULTS: bench/run.sh replaces this part -->"
END_MARKER = "<!-- END GENERATED RESULTS -->"

SINGLE_PROVIDERS = ["piglix", "caffeine", "ehcache", "infinispan"]
POOL_ROWS = [
    ("piglix", "storage", "piglix, storage member"),
    ("hazelcast", "storage", "Hazelcast, member"),
    ("infinispan", "storage", "Infinispan, member"),
    ("piglix", "client", "piglix, client member"),
    ("hazelcast", "client", "Hazelcast, lite member"),
    ("infinispan", "client", "Infinispan, zero-capacity member"),
]
LATENCY_PROVIDERS = ["piglix", "hazelcast", "infinispan", "jgroups"]
FOOTPRINT_PROVIDERS = ["piglix", "caffeine", "ehcache", "infinispan", "hazelcast"]
WORKLOADS = [
    ("get", "get hit"),
    ("getMiss", "get miss"),
    ("put", "put"),
    ("getPut90x10", "90% get / 10% put"),
    ("invokeIncrement", "invoke"),
    ("getAll", "getAll (100)"),
    ("putAll", "putAll (100)"),
]
BATCH_WORKLOADS = {"getAll", "putAll"}
VALUE_SIZES = [100, 2048]
PERCENTILES = [("50.0", "p50"), ("99.0", "p99"), ("99.9", "p99.9")]
MIB = 1024 * 1024


def size_label(size):
    """Return a value size as the tables name it."""
    return "2 KB" if size == 2048 else f"{size} B"


def load_results(folder):
    """Return every JMH result of the folder's JSON files, keyed by what identifies it.

    The key is (class, method, provider, driver, valueSize); driver is None outside the pool
    benchmarks.
    """
    results = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path, encoding="utf-8") as result_file:
            for result in json.load(result_file):
                class_name, method = result["benchmark"].rsplit(".", 2)[-2:]
                params = result.get("params", {})
                key = (class_name, method, params.get("provider"), params.get("driver"),
                       int(params.get("valueSize", 0)))
                results[key] = result
    return results


def score(results, key):
    """Return (score, error) of a result's primary metric, or None when it did not run."""
    result = results.get(key)
    if result is None:
        return None
    metric = result["primaryMetric"]
    return metric["score"], float(metric["scoreError"])


def cpu_time(results, key):
    """Return (score, error) of the CPU time per operation, or None."""
    result = results.get(key)
    if result is None:
        return None
    metric = result.get("secondaryMetrics", {}).get("cpu.time.norm")
    if metric is None:
        return None
    return metric["score"], float(metric["scoreError"])


def format_count(value):
    """Format a rate: thousands with a k from 10,000 up, whole numbers below."""
    if value >= 10_000:
        return f"{value / 1e3:,.0f}k"
    return f"{value:,.0f}"


def format_score(pair):
    """Format a score with JMH's 99.9% error; JMH writes NaN for a single iteration."""
    if pair is None:
        return "not run"
    value, error = pair
    if math.isnan(error):
        return format_count(value)
    return f"{format_count(value)} ± {format_count(error)}"


def format_nanos(pair):
    """Format a time per operation in ns with its error."""
    if pair is None:
        return "not run"
    value, error = pair
    if math.isnan(error):
        return f"{value:,.0f}"
    return f"{value:,.0f} ± {error:,.0f}"


def workload_key(class_name, method, provider, driver, size):
    """Return the result key; the entry processor ran with 100-byte values only."""
    if method == "invokeIncrement":
        size = 100
    return class_name, method, provider, driver, size


def workload_table(rows, results, class_name, size, formatter, getter):
    """Return a Markdown table with one row per (label, provider, driver) and workload."""
    workloads = [(method, title) for method, title in WORKLOADS
                 if method != "invokeIncrement" or size == 100]
    lines = ["| | " + " | ".join(title for _, title in workloads) + " |",
             "|---|" + "---:|" * len(workloads)]
    for label, provider, driver in rows:
        cells = [formatter(getter(results, workload_key(class_name, method, provider, driver,
                                                       size)))
                 for method, _ in workloads]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def sizes_run(results, class_name):
    """Return the value sizes with at least one result of the benchmark class."""
    return [size for size in VALUE_SIZES
            if any(key[0] == class_name and key[4] == size for key in results)]


def single_rows():
    return [(provider, provider, None) for provider in SINGLE_PROVIDERS]


def pool_rows(results):
    """Return the pool rows that have at least one result."""
    rows = []
    for provider, driver, label in POOL_ROWS:
        if any(key[0] == "ClusterBenchmark" and key[2] == provider and key[3] == driver
               for key in results):
            rows.append((label, provider, driver))
    return rows


def latency_table(results, size):
    """Return the latency percentiles of remote get and put, and their ratio to JGroups."""
    lines = ["| operation | provider | p50 µs | p99 µs | p99.9 µs | samples | p50 / JGroups p50 |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for method in ("get", "put"):
        floor = percentile(results, ("RemoteLatencyBenchmark", method, "jgroups", None, size),
                           "50.0")
        for provider in LATENCY_PROVIDERS:
            result = results.get(("RemoteLatencyBenchmark", method, provider, None, size))
            if result is None:
                continue
            metric = result["primaryMetric"]
            cells = [f"{metric['scorePercentiles'][p]:,.0f}" for p, _ in PERCENTILES]
            # rawDataHistogram lists forks, each a list of iterations, each a list of
            # [value, count] pairs.
            samples = sum(count for fork in metric["rawDataHistogram"]
                          for iteration in fork for _, count in iteration)
            p50 = metric["scorePercentiles"]["50.0"]
            ratio = f"{p50 / floor:.2f}x" if floor else "n/a"
            name = "bare JGroups round trip" if provider == "jgroups" else provider
            lines.append(f"| {method} | {name} | " + " | ".join(cells)
                         + f" | {samples:,} | {ratio} |")
    return lines


def percentile(results, key, which):
    result = results.get(key)
    if result is None:
        return None
    return result["primaryMetric"]["scorePercentiles"][which]


def load_footprint(folder):
    path = os.path.join(folder, "footprint.jsonl")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as footprint_file:
        rows = [json.loads(line) for line in footprint_file if line.strip()]
    return {row["provider"]: row for row in rows}


def footprint_table(footprint):
    lines = ["| provider | entries | heap after full GC, empty | heap after full GC, loaded "
             "| heap per entry | RSS, empty | RSS, loaded | RSS growth per entry | load time |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for provider in FOOTPRINT_PROVIDERS:
        row = footprint.get(provider)
        if row is None:
            continue
        entries = row["entries"]
        heap_per_entry = (row["heapAfterBytes"] - row["heapBeforeBytes"]) / entries
        rss_per_entry = (row["rssAfterBytes"] - row["rssBeforeBytes"]) / entries
        lines.append(
            f"| {provider} | {entries:,} "
            f"| {row['heapBeforeBytes'] / MIB:,.1f} MiB | {row['heapAfterBytes'] / MIB:,.1f} MiB "
            f"| {heap_per_entry:,.0f} B "
            f"| {row['rssBeforeBytes'] / MIB:,.0f} MiB | {row['rssAfterBytes'] / MIB:,.0f} MiB "
            f"| {rss_per_entry:,.0f} B | {row['loadSeconds']:.1f} s |")
    return lines


def ratio_row(target, numerator, denominator, minimum, what):
    """Return a targets row for numerator / denominator >= minimum."""
    if numerator is None or denominator is None:
        return f"| {target} | {what}: not measured | not measured |"
    ratio = numerator[0] / denominator[0]
    status = "met" if ratio >= minimum else f"missed (needs ≥ {minimum}x)"
    return (f"| {target} | {what}: {format_count(numerator[0])} / "
            f"{format_count(denominator[0])} ops/s = {ratio:.2f}x | {status} |")


def target_rows(results, footprint):
    """Return the Markdown table of piglix's targets against the measured figures."""
    lines = ["| target | measured | result |", "|---|---|---|"]
    for size in VALUE_SIZES:
        label = size_label(size)
        for method, factor, peer in (("get", 1.5, "infinispan"), ("get", 5, "ehcache"),
                                     ("put", 1.5, "infinispan"), ("put", 1.5, "ehcache")):
            lines.append(ratio_row(
                f"one member, {label}: {method} ≥ {factor}x {peer}",
                score(results, ("SingleMemberBenchmark", method, "piglix", None, size)),
                score(results, ("SingleMemberBenchmark", method, peer, None, size)),
                factor, f"{method} piglix / {peer}"))
    for size in VALUE_SIZES:
        label = size_label(size)
        for method in ("get", "put"):
            for peer in ("hazelcast", "infinispan"):
                lines.append(ratio_row(
                    f"3 members, 1 backup, {label}: {method} ≥ 2x {peer}",
                    score(results, ("ClusterBenchmark", method, "piglix", "storage", size)),
                    score(results, ("ClusterBenchmark", method, peer, "storage", size)),
                    2, f"{method} from a storage member, piglix / {peer}"))
    for size in VALUE_SIZES:
        piglix = percentile(results, ("RemoteLatencyBenchmark", "get", "piglix", None, size),
                            "50.0")
        floor = percentile(results, ("RemoteLatencyBenchmark", "get", "jgroups", None, size),
                           "50.0")
        target = f"remote get p50 ≤ 1.3x the JGroups round trip, {size_label(size)}"
        if piglix is None or floor is None:
            lines.append(f"| {target} | not measured | not measured |")
        else:
            ratio = piglix / floor
            status = "met" if ratio <= 1.3 else "missed (needs ≤ 1.3x)"
            lines.append(f"| {target} | {piglix:,.0f} µs / {floor:,.0f} µs = {ratio:.2f}x "
                         f"| {status} |")
    piglix = footprint.get("piglix")
    if piglix is None:
        lines.append("| heap ≤ 30 B per entry | not measured | not measured |")
    else:
        per_entry = (piglix["heapAfterBytes"] - piglix["heapBeforeBytes"]) / piglix["entries"]
        status = "met" if per_entry <= 30 else "missed (needs ≤ 30 B)"
        lines.append(f"| heap ≤ 30 B per entry, {piglix['entries']:,} entries "
                     f"| {per_entry:,.1f} B | {status} |")
    hazelcast = footprint.get("hazelcast")
    if piglix is None or hazelcast is None:
        lines.append("| RSS ≤ 0.6x Hazelcast's | not measured | not measured |")
    else:
        ratio = piglix["rssAfterBytes"] / hazelcast["rssAfterBytes"]
        status = "met" if ratio <= 0.6 else "missed (needs ≤ 0.6x)"
        lines.append(f"| RSS with {piglix['entries']:,} entries ≤ 0.6x Hazelcast's "
                     f"| {piglix['rssAfterBytes'] / MIB:,.0f} MiB / "
                     f"{hazelcast['rssAfterBytes'] / MIB:,.0f} MiB = {ratio:.2f}x | {status} |")
    return lines


def run_section(folder, results):
    """Return the lines that describe how, when and where the run was made."""
    environment = {}
    with open(os.path.join(folder, "environment.txt"), encoding="utf-8") as env_file:
        for line in env_file:
            name, _, value = line.rstrip("\n").partition(": ")
            environment.setdefault(name, value)
    lines = [
        f"- Command: `{environment.get('command', 'unknown')}`, git revision "
        f"`{environment.get('git', 'unknown')}`, mode {environment.get('mode', 'unknown')}.",
        f"- Started {environment.get('started', 'unknown')}, finished "
        f"{environment.get('finished', 'unknown')} ({environment.get('duration', 'unknown')}).",
        f"- Machine: {environment.get('cpus', '?')} CPUs "
        f"({environment.get('cpu model', 'unknown')}), {environment.get('memory', '?')}; "
        f"load average {environment.get('load average at the start', '?')} at the start and "
        f"{environment.get('load average at the end', '?')} at the end.",
        f"- JDK: {environment.get('java', 'unknown')}.",
    ]
    if results:
        first = next(iter(results.values()))
        lines.append(f"- JMH {first['jmhVersion']}, {first['vmName']} {first['vmVersion']}.")
    lines.append(
        f"- {environment.get('keys', '?')} preloaded keys. One member: "
        f"`{environment.get('single-member jmh options', '?')}`. Pools: "
        f"`{environment.get('pool jmh options', '?')}`. Latency: "
        f"`{environment.get('latency jmh options', '?')}`. Footprint: "
        f"{environment.get('footprint entries', '?')} entries.")
    lines += ["", "Time and machine load of each phase. \"Other processes\" is the CPU time "
              "that processes outside the run used meanwhile, from `/proc/stat`, as a share "
              "of both cores.", "",
              "| phase | wall | CPU of the run | other processes | load average at start, end |",
              "|---|---:|---:|---:|---|"]
    with open(os.path.join(folder, "phases.tsv"), encoding="utf-8") as phases_file:
        next(phases_file)
        for line in phases_file:
            name, wall, cpu, others, percent, load_start, load_end = line.split("\t")
            lines.append(f"| {name} | {wall} s | {cpu} s | {others} s ({percent}%) "
                         f"| {load_start}, {load_end.strip()} |")
    return lines


def plot_data(results, footprint):
    """Return the lines of plots.tsv, which io.piglix.bench.report.Plots draws."""
    lines = []
    axis_title = "entries per second, log scale"
    for size in VALUE_SIZES:
        chart = f"single-{size}"
        lines.append(f"chart\t{chart}\tOne member, {size_label(size)} values, 2 threads "
                     f"(getAll and putAll: 100 entries per call)\t{axis_title}\tlog")
        for provider in SINGLE_PROVIDERS:
            lines += bars(chart, provider, results, "SingleMemberBenchmark", provider, None,
                          size)
    for size in VALUE_SIZES:
        chart = f"pool-{size}"
        lines.append(f"chart\t{chart}\t3 members, 1 backup, {size_label(size)} values, "
                     f"2 threads (getAll and putAll: 100 entries per call)\t{axis_title}\tlog")
        for label, provider, driver in pool_rows(results):
            lines += bars(chart, label, results, "ClusterBenchmark", provider, driver, size)
    for method in ("get", "put"):
        chart = f"latency-{method}"
        lines.append(f"chart\t{chart}\tRemote {method} from a member without data, 100 B "
                     f"values, 1 thread\tmicroseconds, log scale\tlog")
        for provider in LATENCY_PROVIDERS:
            result = results.get(("RemoteLatencyBenchmark", method, provider, None, 100))
            if result is None:
                continue
            name = "bare JGroups round trip" if provider == "jgroups" else provider
            for which, title in PERCENTILES:
                value = result["primaryMetric"]["scorePercentiles"][which]
                lines.append(f"bar\t{chart}\t{name}\t{title}\t{value}")
    if footprint:
        chart = "footprint"
        entries = next(iter(footprint.values()))["entries"]
        lines.append(f"chart\t{chart}\tMemory with {entries:,} entries of 100 B\tMiB\tlinear")
        for provider in FOOTPRINT_PROVIDERS:
            row = footprint.get(provider)
            if row is None:
                continue
            lines.append(f"bar\t{chart}\theap after full GC\t{provider}"
                         f"\t{row['heapAfterBytes'] / MIB}")
            lines.append(f"bar\t{chart}\tRSS\t{provider}\t{row['rssAfterBytes'] / MIB}")
    return lines


def bars(chart, series, results, class_name, provider, driver, size):
    lines = []
    for method, title in WORKLOADS:
        if method == "invokeIncrement" and size != 100:
            continue
        pair = score(results, workload_key(class_name, method, provider, driver, size))
        if pair is None:
            continue
        value = pair[0] * (100 if method in BATCH_WORKLOADS else 1)
        lines.append(f"bar\t{chart}\t{series}\t{title}\t{value}")
    return lines


def report(folder):
    """Return the report of a result folder as Markdown lines."""
    results = load_results(folder)
    footprint = load_footprint(folder)
    plots = plot_data(results, footprint)
    drawn = {line.split("\t")[1] for line in plots if line.startswith("bar\t")}

    def image(chart, title):
        """Return the Markdown image of a chart, or nothing when it has no bars."""
        return [f"![{title}](img/{chart}.png)", ""] if chart in drawn else []

    rate_note = ("Operations per second with 2 threads, higher is better; ± is JMH's 99.9% "
                 "confidence half-width, absent when a benchmark ran one iteration. getAll "
                 "and putAll count calls of 100 keys each. The entry processor works on Long "
                 "counters and ran once, in the 100 B runs.")
    cpu_note = ("CPU time of the whole JVM per operation, ns, lower is better: worker threads, "
                "GC, JIT and the provider's own threads; for a pool, all its members.")
    lines = ["### Run", ""] + run_section(folder, results)
    lines += ["", "### Targets", ""] + target_rows(results, footprint)
    lines += ["", "### One member", "", rate_note, ""]
    for size in sizes_run(results, "SingleMemberBenchmark"):
        lines += [f"{size_label(size)} values:", ""]
        lines += workload_table(single_rows(), results, "SingleMemberBenchmark", size,
                                format_score, score)
        lines.append("")
    lines += [cpu_note, ""]
    lines += workload_table(single_rows(), results, "SingleMemberBenchmark", 100,
                            format_nanos, cpu_time)
    lines.append("")
    lines += image("single-100", "One member, 100 B values")
    lines += image("single-2048", "One member, 2 KB values")
    rows = pool_rows(results)
    lines += ["### Three members, one backup", "", rate_note + " A storage member owns about "
              "a third of the keys; a member without data (piglix client, Hazelcast lite "
              "member, Infinispan zero-capacity member) sends every operation to another "
              "member.", ""]
    for size in sizes_run(results, "ClusterBenchmark"):
        lines += [f"{size_label(size)} values:", ""]
        lines += workload_table(rows, results, "ClusterBenchmark", size, format_score, score)
        lines.append("")
    lines += [cpu_note, ""]
    lines += workload_table(rows, results, "ClusterBenchmark", 100, format_nanos, cpu_time)
    lines.append("")
    lines += image("pool-100", "3 members, 100 B values")
    lines += image("pool-2048", "3 members, 2 KB values")
    lines += ["### Latency of remote operations", "",
              "JMH sample mode, one thread on a member without data, so every operation goes "
              "to another member; µs, lower is better. The bare JGroups round trip uses "
              "piglix's stack between two channels: for get a 16-byte request and a reply of "
              "the value's size, for put a request of key and value and a 4-byte reply.", ""]
    for size in sizes_run(results, "RemoteLatencyBenchmark"):
        lines += [f"{size_label(size)} values:", ""] + latency_table(results, size) + [""]
    lines += image("latency-get", "Remote get") + image("latency-put", "Remote put")
    lines += ["### Memory footprint", "",
              "One fresh JVM per provider with `-Xmx2g` and no minimum heap: heap used after "
              "full GCs and the process's resident set size, before and after loading the "
              "entries (16-character keys, 100-byte values) with putAll in batches of 1,000. "
              "Hazelcast runs one member.", ""]
    lines += footprint_table(footprint) + [""] + image("footprint", "Memory")
    return lines, plots


def update_doc(doc_path, folder):
    """Replace the generated part of the document with the folder's report."""
    with open(doc_path, encoding="utf-8") as doc_file:
        text = doc_file.read()
    begin = text.find(BEGIN_MARKER)
    end = text.find(END_MARKER)
    if begin < 0 or end < begin:
        raise SystemExit(f"{doc_path} has no generated part: add the lines {BEGIN_MARKER} "
                         f"and {END_MARKER} where the results go")
    lines, _ = report(folder)
    generated = BEGIN_MARKER + "\n\n" + "\n".join(lines) + "\n\n"
    with open(doc_path, "w", encoding="utf-8") as doc_file:
        doc_file.write(text[:begin] + generated + text[end:])


def main(argv):
    if len(argv) == 4 and argv[1] == "--update-doc":
        update_doc(argv[2], argv[3])
        return 0
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    folder = argv[1]
    lines, plots = report(folder)
    with open(os.path.join(folder, "plots.tsv"), "w", encoding="utf-8") as plots_file:
        plots_file.write("\n".join(plots) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
