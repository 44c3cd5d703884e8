#!/usr/bin/env bash
# Builds piglix and the benchmarks, runs the JMH suite on every provider, measures the memory
# footprint of each provider in a fresh JVM, and writes the results and a Markdown summary
# under bench/results/<mode>-<UTC time>/.
#
# Usage: bench/run.sh [--smoke]
#   (no option)  JMH: 2 forks x (3 warm-up + 5 measurement iterations of 2 s) per provider and
#                workload; footprint with 1,000,000 entries. About 12 minutes on 2 cores.
#   --smoke      JMH: 1 fork x 1 measurement iteration of 1 s, no warm-up; footprint with
#                10,000 entries. Proves that the harness works; the figures mean nothing.
#
# Environment: MVN_ARGS adds arguments to every mvn command, for example
#   MVN_ARGS="-Dmaven.repo.local=/path/to/repository" bench/run.sh
set -euo pipefail

mode=full
case "${1:-}" in
  "") ;;
  --smoke) mode=smoke ;;
  -h | --help)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "run.sh: unknown option '$1'; use --smoke or no option" >&2
    exit 2
    ;;
esac

bench_dir=$(cd "$(dirname "$0")" && pwd)
root_dir=$(dirname "$bench_dir")
read -r -a mvn_args <<< "${MVN_ARGS:-}"

if [[ $mode == full ]]; then
  jmh_options=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
  footprint_entries=1000000
else
  jmh_options=(-f 1 -wi 0 -i 1 -r 1s)
  footprint_entries=10000
fi

# The JVM options of the JMH forks (see @Fork in CacheBenchmark) without the fixed heap size,
# so the footprint JVM commits only the heap it needs and RSS shows it.
footprint_jvm_options=(
  -Xmx2g
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
  -Dorg.jboss.logging.provider=slf4j
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
)
providers=(piglix caffeine ehcache infinispan)

started=$(date +%s)
echo "building piglix and the benchmarks"
mvn -B -q "${mvn_args[@]}" -f "$root_dir/pom.xml" -DskipTests -Dinvoker.skip=true install
mvn -B -q "${mvn_args[@]}" -f "$bench_dir/pom.xml" package
jar="$bench_dir/target/benchmarks.jar"

out="$bench_dir/results/$mode-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
{
  echo "command: bench/run.sh${1:+ $1}"
  echo "started: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "$root_dir" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpus: $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "cpu model: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | sed 's/^/java: /'
  echo "jmh options: ${jmh_options[*]}"
  echo "footprint entries: $footprint_entries"
} > "$out/environment.txt"

echo "running JMH (${jmh_options[*]}); output in $out/jmh.log"
java -jar "$jar" CacheBenchmark "${jmh_options[@]}" -foe true \
  -rf json -rff "$out/jmh.json" > "$out/jmh.log" 2>&1 || {
  echo "JMH failed; the end of $out/jmh.log:" >&2
  tail -40 "$out/jmh.log" >&2
  exit 1
}

for provider in "${providers[@]}"; do
  echo "measuring the footprint of $provider with $footprint_entries entries"
  java "${footprint_jvm_options[@]}" -cp "$jar" io.piglix.bench.Footprint \
    "$provider" "$footprint_entries" >> "$out/footprint.jsonl" 2>> "$out/footprint.log"
done

python3 "$bench_dir/report.py" "$out/jmh.json" "$out/footprint.jsonl" > "$out/tables.md"
{
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "finished in $(( $(date +%s) - started )) s"
} | tee -a "$out/environment.txt"
echo
cat "$out/tables.md"
