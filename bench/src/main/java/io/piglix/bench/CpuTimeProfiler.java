package io.piglix.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time of the whole benchmark JVM per operation, as the
 * secondary metric {@code cpu.time.norm} in ns/op. It includes GC, JIT and the provider's
 * background threads. On a shared machine, other processes lower the throughput of a run, while
 * the CPU time per operation changes less, so it compares providers more reliably there.
 *
 * <p>Use it with {@code -prof io.piglix.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

  private final com.sun.management.OperatingSystemMXBean system =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuTimeBefore;

  @Override
  public String getDescription() {
    return "CPU time of the whole JVM per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuTimeBefore = system.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long cpuTime = system.getProcessCpuTime() - cpuTimeBefore;
    long operations = result.getMetadata().getAllOps();
    double perOperation = operations == 0 ? Double.NaN : (double) cpuTime / operations;
    return List.of(new ScalarResult("cpu.time.norm", perOperation, "ns/op",
        AggregationPolicy.AVG));
  }
}
