#!/usr/bin/env bash
# Builds piglix and the benchmarks, runs the JMH suite on every provider with the CPU time
# profiler, measures the memory footprint of each provider in a fresh JVM, and writes the
# results and a Markdown summary under bench/results/<mode>-<UTC time>/.
#
# Usage: bench/run.sh [--smoke]
#   (no option)  JMH: 2 forks x (3 warm-up + 5 measurement iterations of 2 s) per provider and
#                workload; footprint with 1,000,000 entries. About 10 minutes on 2 cores.
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
  echo "git: $(git -C "$root_dir" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "cpus: $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "cpu model: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | sed 's/^/java: /'
  echo "jmh options: ${jmh_options[*]}"
  echo "footprint entries: $footprint_entries"
} > "$out/environment.txt"

# Prints the busy and idle CPU ticks of the whole machine since boot, from /proc/stat.
cpu_ticks() {
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat
}

echo "running JMH (${jmh_options[*]}); output in $out/jmh.log"
read -r busy_before idle_before < <(cpu_ticks)
jmh_status=0
TIMEFORMAT='%R %U %S'
{ time java -jar "$jar" CacheBenchmark "${jmh_options[@]}" -foe true \
  -prof io.piglix.bench.CpuTimeProfiler \
  -rf json -rff "$out/jmh.json" > "$out/jmh.log" 2>&1; } 2> "$out/jmh-time.txt" \
  || jmh_status=$?
read -r busy_after idle_after < <(cpu_ticks)
if (( jmh_status != 0 )); then
  echo "JMH failed with status $jmh_status; the end of $out/jmh.log:" >&2
  tail -40 "$out/jmh.log" >&2
  exit 1
fi

# The machine's busy CPU time during the JMH run, minus the CPU time of the JMH process and
# its forks, is what other processes used: a measure of how much they disturbed the figures.
read -r jmh_wall jmh_user jmh_system < "$out/jmh-time.txt"
awk -v busy=$(( busy_after - busy_before )) -v idle=$(( idle_after - idle_before )) \
  -v ticks="$(getconf CLK_TCK)" -v wall="$jmh_wall" -v user="$jmh_user" \
  -v sys_seconds="$jmh_system" 'BEGIN {
    total = (busy + idle) / ticks
    others = busy / ticks - user - sys_seconds
    if (others < 0) others = 0
    printf "JMH run: %.0f s wall, %.0f s CPU; ", wall, user + sys_seconds
    printf "other processes used %.0f s CPU, %.0f%% of all cores\n", others, 100 * others / total
  }' | tee -a "$out/environment.txt"

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
