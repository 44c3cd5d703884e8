#!/usr/bin/env bash
# Builds piglix and the benchmarks and runs the whole comparison. It measures JMH throughput on
# one member of each provider and on 3-member pools, JMH sample-mode latency of remote calls
# next to the bare JGroups round trip, the memory footprint of each provider in a fresh JVM,
# the simulated hit ratio of piglix's pool-wide eviction next to other policies, and the share
# of a member's contribution that holds key and value bytes. Writes everything under
# $RESULTS_DIR/<mode>-<UTC time>/ with a Markdown report and PNG plots; a full run also writes
# them into docs/benchmarks.md and docs/img/.
#
# Usage: bench/run.sh [--smoke] [--no-build]
#   (no option)  100,000 keys; JMH on one member: 1 fork x (2 warm-up + 3 measurement
#                iterations of 1 s) per provider, workload and value size; pools: 1 x 1 s
#                warm-up and 3 x 1 s measurement per workload, in one JVM per provider and
#                driver; latency: 1 x 2 s warm-up and 3 x 2 s measurement; footprint with
#                1,000,000 entries; hit ratio on traces of 2,000,000 reads; usable data of a
#                256 MiB member. About 25 to 30 minutes on 2 cores.
#   --smoke      1,000 keys and 100-byte values, every benchmark in one JVM per phase for one
#                100 ms iteration, pools driven from a client member only, footprint with
#                10,000 entries, hit ratio on traces of 100,000 reads, usable data of a 32 MiB
#                member; the docs are left alone. About 3 minutes. Proves that the harness
#                works; the figures mean nothing.
#   --no-build   Uses bench/target/benchmarks.jar as it is (the root build's smoke run).
#
# Environment:
#   MVN_ARGS     adds arguments to every mvn command, for example
#                MVN_ARGS="-Dmaven.repo.local=/path/to/repository" bench/run.sh
#   RESULTS_DIR  where the result folders go; default bench/results.
set -euo pipefail

mode=full
build=yes
for option in "$@"; do
  case "$option" in
    --smoke) mode=smoke ;;
    --no-build) build=no ;;
    -h | --help)
      sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "run.sh: unknown option '$option'; use --smoke, --no-build or no option" >&2
      exit 2
      ;;
  esac
done

bench_dir=$(cd "$(dirname "$0")" && pwd)
root_dir=$(dirname "$bench_dir")
read -r -a mvn_args <<< "${MVN_ARGS:-}"
jar="$bench_dir/target/benchmarks.jar"

# The JVM options of the benchmark JVMs, as in @Fork of WorkloadBenchmark but without the
# heap size. Chronicle Map needs the --add-opens and --add-exports flags on Java 17.
jvm_flags=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  -Djava.net.preferIPv4Stack=true
  -Dchronicle.analytics.disable=true
  -Dhazelcast.jcache.provider.type=member
  -Dhazelcast.phone.home.enabled=false
  -Dorg.jboss.logging.provider=slf4j
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -Dorg.slf4j.simpleLogger.log.io.piglix.bench=info
)
single_providers=(piglix caffeine ehcache infinispan)
pool_providers=(piglix hazelcast infinispan)
footprint_providers=(piglix caffeine ehcache infinispan hazelcast)
# Every workload but the entry processor, which works on Long counters and runs with one
# value size only.
byte_workloads='(get|getMiss|put|getPut90x10|getAll|putAll)$'

if [[ $mode == full ]]; then
  key_count=100000
  single_jmh=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  single_jvm=(-Xms2g -Xmx2g)
  pool_jmh=(-f 0 -wi 1 -w 1s -i 3 -r 1s)
  latency_jmh=(-f 0 -wi 1 -w 2s -i 3 -r 2s)
  drivers=(storage client)
  sizes=(-p valueSize=100,2048)
  footprint_entries=1000000
  hit_ratio_options=()
  usable_mib=256
else
  key_count=1000
  single_jmh=(-f 0 -wi 0 -i 1 -r 100ms)
  single_jvm=(-Xms1g -Xmx1g)
  pool_jmh=(-f 0 -wi 0 -i 1 -r 100ms)
  latency_jmh=(-f 0 -wi 0 -i 1 -r 100ms)
  drivers=(client)
  sizes=(-p valueSize=100)
  footprint_entries=10000
  hit_ratio_options=(--smoke)
  usable_mib=32
fi
pool_jvm=(-Xms2g -Xmx2g)
# No -jvmArgsAppend here: on the command line it would replace the flags that @Fork adds.
# Forked JVMs load the default 100,000 keys; JVMs started here get -Dbench.keyCount.
common_jmh=(-foe true)

started=$(date +%s)
if [[ $build == yes ]]; then
  echo "building piglix and the benchmarks"
  mvn -B -q "${mvn_args[@]}" -f "$root_dir/pom.xml" -DskipTests -Dinvoker.skip=true install
  mvn -B -q "${mvn_args[@]}" -f "$bench_dir/pom.xml" package
fi
if [[ ! -f $jar ]]; then
  echo "run.sh: $jar is missing; run without --no-build, or build bench/ with mvn package" >&2
  exit 1
fi

out="${RESULTS_DIR:-$bench_dir/results}/$mode-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
{
  echo "command: bench/run.sh${*:+ $*}${MVN_ARGS:+ (MVN_ARGS=$MVN_ARGS)}"
  echo "mode: $mode"
  echo "started: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "$root_dir" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "cpus: $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "cpu model: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | sed 's/^/java: /'
  echo "keys: $key_count"
  echo "single-member jmh options: ${single_jmh[*]} (heap ${single_jvm[*]})"
  echo "pool jmh options: ${pool_jmh[*]} (heap ${pool_jvm[*]})"
  echo "latency jmh options: ${latency_jmh[*]}"
  echo "footprint entries: $footprint_entries"
} > "$out/environment.txt"
printf 'phase\twall_s\tcpu_s\tothers_cpu_s\tothers_percent\tload_start\tload_end\n' \
  > "$out/phases.tsv"

# Prints the busy and idle CPU ticks of the whole machine since boot, from /proc/stat.
cpu_ticks() {
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat
}

# Runs one phase, its output in $out/NAME.log, and appends to phases.tsv its wall time, the
# CPU time of the phase's processes, and the CPU time that other processes used meanwhile,
# which is how much they disturbed the figures. Exits if the phase fails.
run_phase() {
  local name=$1
  shift
  local busy_before idle_before busy_after idle_after load_start status=0
  load_start=$(cut -d' ' -f1 /proc/loadavg)
  read -r busy_before idle_before < <(cpu_ticks)
  local TIMEFORMAT='%R %U %S'
  { time "$@" > "$out/$name.log" 2>&1; } 2> "$out/$name.time" || status=$?
  read -r busy_after idle_after < <(cpu_ticks)
  if (( status != 0 )); then
    echo "run.sh: phase $name failed with status $status; the end of $out/$name.log:" >&2
    tail -40 "$out/$name.log" >&2
    exit 1
  fi
  local wall user system
  read -r wall user system < "$out/$name.time"
  rm -f "$out/$name.time"
  awk -v name="$name" -v busy=$(( busy_after - busy_before )) \
    -v idle=$(( idle_after - idle_before )) -v ticks="$(getconf CLK_TCK)" \
    -v wall="$wall" -v user="$user" -v sys_seconds="$system" -v load_start="$load_start" \
    -v load_end="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
      total = (busy + idle) / ticks
      others = busy / ticks - user - sys_seconds
      if (others < 0) others = 0
      percent = total > 0 ? 100 * others / total : 0
      printf "%s\t%.0f\t%.0f\t%.0f\t%.0f\t%s\t%s\n", name, wall, user + sys_seconds, others,
        percent, load_start, load_end
    }' >> "$out/phases.tsv"
  echo "  $name: $(tail -1 "$out/phases.tsv" | cut -f2) s"
}

profiler=(-prof io.piglix.bench.CpuTimeProfiler)

echo "single member (${single_jmh[*]}); output in $out"
single_selection=(-p "provider=$(IFS=,; echo "${single_providers[*]}")")
single_arguments=("SingleMemberBenchmark.$byte_workloads" "${single_selection[@]}" "${sizes[@]}"
  "${single_jmh[@]}" "${common_jmh[@]}" "${profiler[@]}" -rf json -rff "$out/single.json")
invoke_arguments=('SingleMemberBenchmark.invokeIncrement$' "${single_selection[@]}"
  -p valueSize=100 "${single_jmh[@]}" "${common_jmh[@]}" "${profiler[@]}"
  -rf json -rff "$out/single-invoke.json")
if [[ $mode == full ]]; then
  # JMH forks one JVM per benchmark, with the flags of @Fork.
  run_phase single java -jar "$jar" "${single_arguments[@]}"
  run_phase single-invoke java -jar "$jar" "${invoke_arguments[@]}"
else
  run_phase single java "${jvm_flags[@]}" "${single_jvm[@]}" "-Dbench.keyCount=$key_count" \
    -cp "$jar" io.piglix.bench.SuiteMain "${single_arguments[@]}" -- "${invoke_arguments[@]}"
fi

for provider in "${pool_providers[@]}"; do
  for driver in "${drivers[@]}"; do
    echo "3-member $provider pool driven from a $driver member (${pool_jmh[*]})"
    selection=(-p "provider=$provider" -p "driver=$driver")
    arguments=(
      "ClusterBenchmark.$byte_workloads" "${selection[@]}" "${sizes[@]}" "${pool_jmh[@]}"
      "${common_jmh[@]}" "${profiler[@]}" -rf json -rff "$out/pool-$provider-$driver.json"
      -- 'ClusterBenchmark.invokeIncrement$' "${selection[@]}" -p valueSize=100
      "${pool_jmh[@]}" "${common_jmh[@]}" "${profiler[@]}"
      -rf json -rff "$out/pool-$provider-$driver-invoke.json"
    )
    if [[ $driver == client ]]; then
      # The latency benchmark drives the same pool from its client member.
      arguments+=(-- RemoteLatencyBenchmark -p "provider=$provider" "${sizes[@]}"
        "${latency_jmh[@]}" "${common_jmh[@]}" -rf json -rff "$out/latency-$provider.json")
    fi
    run_phase "pool-$provider-$driver" java "${jvm_flags[@]}" "${pool_jvm[@]}" \
      "-Dbench.keyCount=$key_count" -cp "$jar" io.piglix.bench.SuiteMain "${arguments[@]}"
  done
done

echo "bare JGroups round trip (${latency_jmh[*]})"
run_phase latency-jgroups java "${jvm_flags[@]}" "${pool_jvm[@]}" -cp "$jar" \
  io.piglix.bench.SuiteMain RemoteLatencyBenchmark -p provider=jgroups "${sizes[@]}" \
  "${latency_jmh[@]}" "${common_jmh[@]}" -rf json -rff "$out/latency-jgroups.json"

# Measures one provider's footprint in a fresh JVM and appends its JSON line. The JVM gets no
# fixed heap size, so it commits only the heap it needs and RSS shows it.
measure_footprint() {
  java "${jvm_flags[@]}" -Xmx2g -cp "$jar" io.piglix.bench.Footprint "$1" \
    "$footprint_entries" >> "$out/footprint.jsonl"
}

: > "$out/footprint.jsonl"
for provider in "${footprint_providers[@]}"; do
  echo "footprint of $provider with $footprint_entries entries"
  run_phase "footprint-$provider" measure_footprint "$provider"
done

# The simulator writes hit-ratio.md, hit-ratio.tsv and img/hit-ratio.png into the results
# folder, so the copy of the plots below takes its PNG too. Its figures depend on the traces,
# not on the machine.
echo "hit ratio of pool-wide eviction, simulated${hit_ratio_options[*]:+ (${hit_ratio_options[*]})}"
run_phase hit-ratio java -Xmx2g -Djava.awt.headless=true -cp "$jar" \
  io.piglix.bench.hitratio.HitRatioSimulator "${hit_ratio_options[@]}" "$out"

echo "usable data of one member contributing $usable_mib MiB"
run_phase usable-data java "${jvm_flags[@]}" -Xmx1g -cp "$jar" io.piglix.bench.UsableData \
  "$usable_mib"

{
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "finished: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "duration: $(( $(date +%s) - started )) s"
} >> "$out/environment.txt"

echo "writing the report and plots"
mkdir -p "$out/img"
python3 "$bench_dir/report.py" "$out" > "$out/report.md"
java -Djava.awt.headless=true -cp "$jar" io.piglix.bench.report.Plots "$out/plots.tsv" \
  "$out/img"

if [[ $mode == full ]]; then
  mkdir -p "$root_dir/docs/img"
  cp "$out"/img/*.png "$root_dir/docs/img/"
  python3 "$bench_dir/report.py" --update-doc "$root_dir/docs/benchmarks.md" "$out"
  echo "updated docs/benchmarks.md and docs/img/"
fi
echo "finished in $(( $(date +%s) - started )) s; report: $out/report.md"
