package io.piglix.bench.hitratio;

import io.piglix.bench.report.Plots;
import io.piglix.eviction.EvictionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Replays the same key traces through piglix's pool-wide eviction on three simulated members
 * and through other policies of the same total capacity, and reports the hit ratios.
 *
 * <p>Usage: {@code HitRatioSimulator [--smoke] [--reads-per-round N] OUTPUT_FOLDER}. Writes
 * {@code hit-ratio.md} (a Markdown table), {@code hit-ratio.tsv}, {@code hit-ratio-plots.tsv}
 * and {@code img/hit-ratio.png}. {@code --smoke} runs short traces on a small cache and checks
 * only that every cache keeps to its capacity.
 */
public final class HitRatioSimulator {

  private static final int MEMBERS = 3;

  /**
   * Segments of each member's Chronicle Map: Chronicle Map 2026.1 makes 8 segments for the
   * 11,112 entries piglix sizes a map for when it may hold 10,000 (90% fill), and 1 for 1,111.
   */
  private static final int FULL_SEGMENTS = 8;
  private static final int SMOKE_SEGMENTS = 1;

  /**
   * Default reads per 500 ms planning round. With 40% to 65% misses, 1.3% to 2.2% of the
   * capacity arrives between rounds, less than the 3% between the watermarks, so planned cuts
   * rather than full writes do the evicting, as in a pool that keeps up.
   */
  private static final int DEFAULT_READS_PER_ROUND = 1_000;

  private HitRatioSimulator() {
  }

  /** Runs every trace through every policy and writes the results. */
  public static void main(String[] args) throws IOException {
    boolean smoke = false;
    int readsPerRound = DEFAULT_READS_PER_ROUND;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--smoke")) {
        smoke = true;
      } else if (args[i].equals("--reads-per-round") && i + 1 < args.length) {
        readsPerRound = parsePositive(args[++i]);
      } else if (!args[i].startsWith("--") && out == null) {
        out = Path.of(args[i]);
      } else {
        usage("invalid argument '" + args[i] + "'");
      }
    }
    if (out == null) {
      usage("the output folder is missing");
    }

    int capacity = smoke ? 3_000 : 30_000;
    int segments = smoke ? SMOKE_SEGMENTS : FULL_SEGMENTS;
    int length = smoke ? 100_000 : 2_000_000;
    int keySpace = smoke ? 100_000 : 1_000_000;
    List<Trace> traces = List.of(
        Trace.zipf("zipf-0.9", keySpace, 0.9, length, 1),
        Trace.zipf("zipf-0.99", keySpace, 0.99, length, 2),
        Trace.zipfWithScans("zipf-0.9+scans", keySpace, 0.9, length, capacity * 5,
            capacity, 3),
        Trace.loop("loop", capacity * 3 / 2, length));

    Map<String, Function<KeySpace, SimulatedCache>> policies = new LinkedHashMap<>();
    for (EvictionPolicy policy : List.of(EvictionPolicy.FREQUENCY, EvictionPolicy.LRU,
        EvictionPolicy.LFU)) {
      int roundReads = readsPerRound;
      policies.put("piglix " + policy.name().toLowerCase(Locale.ROOT), keys ->
          new PiglixPoolSimulation(keys, policy, MEMBERS, capacity, segments, roundReads));
    }
    policies.put("LRU per member", keys -> new PartitionedLru(keys, MEMBERS, capacity));
    policies.put("global LRU", keys -> new LruCache(capacity));
    policies.put("Caffeine", keys -> new CaffeineCache(capacity));

    System.out.printf(Locale.ROOT, "capacity %,d entries (%d members of %,d for piglix and"
        + " per-member LRU), %,d reads per trace, %,d reads per planning round%n", capacity,
        MEMBERS, capacity / MEMBERS, length, readsPerRound);
    Map<String, Map<String, Double>> ratios = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (Trace trace : traces) {
      KeySpace keys = new KeySpace(trace.keySpace(), MEMBERS);
      System.out.println(trace.name() + ": " + trace.description());
      for (Map.Entry<String, Function<KeySpace, SimulatedCache>> policy : policies.entrySet()) {
        long started = System.nanoTime();
        SimulatedCache cache = policy.getValue().apply(keys);
        long hits = 0;
        for (int key : trace.keys()) {
          if (cache.read(key)) {
            hits++;
          }
        }
        double ratio = hits / (double) trace.keys().length;
        ratios.computeIfAbsent(trace.name(), name -> new LinkedHashMap<>())
            .put(policy.getKey(), ratio);
        System.out.printf(Locale.ROOT, "  %-16s %6.2f%%  %,d entries at the end  %.1f s%s%n",
            policy.getKey(), 100 * ratio, cache.size(), (System.nanoTime() - started) / 1e9,
            cache instanceof PiglixPoolSimulation pool ? "  " + pool.summary() : "");
        if (cache.size() > capacity) {
          failures.add(policy.getKey() + " holds " + cache.size() + " entries after trace "
              + trace.name() + ", more than its capacity of " + capacity);
        }
      }
    }

    write(out, ratios, new ArrayList<>(policies.keySet()));
    if (!failures.isEmpty()) {
      failures.forEach(System.err::println);
      System.exit(1);
    }
  }

  private static void write(Path out, Map<String, Map<String, Double>> ratios,
      List<String> policies) throws IOException {
    Files.createDirectories(out);
    StringBuilder table = new StringBuilder("| trace |");
    StringBuilder tsv = new StringBuilder("trace");
    for (String policy : policies) {
      table.append(' ').append(policy).append(" |");
      tsv.append('\t').append(policy);
    }
    table.append("\n|---|").append("---:|".repeat(policies.size())).append('\n');
    tsv.append('\n');
    StringBuilder plots = new StringBuilder(
        "chart\thit-ratio\tHit ratio by trace and policy\thit ratio (%)\tlinear\n");
    for (Map.Entry<String, Map<String, Double>> trace : ratios.entrySet()) {
      table.append("| ").append(trace.getKey()).append(" |");
      tsv.append(trace.getKey());
      for (String policy : policies) {
        double percent = 100 * trace.getValue().get(policy);
        table.append(String.format(Locale.ROOT, " %.2f |", percent));
        tsv.append(String.format(Locale.ROOT, "\t%.4f", percent));
        plots.append(String.format(Locale.ROOT, "bar\thit-ratio\t%s\t%s\t%.4f%n", policy,
            trace.getKey(), percent));
      }
      table.append('\n');
      tsv.append('\n');
    }
    Files.writeString(out.resolve("hit-ratio.md"), table.toString());
    Files.writeString(out.resolve("hit-ratio.tsv"), tsv.toString());
    Path plotFile = out.resolve("hit-ratio-plots.tsv");
    Files.writeString(plotFile, plots.toString());
    Plots.main(new String[] {plotFile.toString(), out.resolve("img").toString()});
    System.out.print(table);
  }

  private static int parsePositive(String value) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    usage("--reads-per-round must be a positive whole number, not '" + value + "'");
    return 0;
  }

  private static void usage(String problem) {
    System.err.println("HitRatioSimulator: " + problem + "; usage: HitRatioSimulator [--smoke]"
        + " [--reads-per-round N] OUTPUT_FOLDER");
    System.exit(2);
  }
}
