package io.piglix.eviction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what the pool evicts, from the usage its storage members report. The coordinator
 * runs it a few times a second; a standalone member runs it on its own report.
 *
 * <p>Two things make a cache evict. A cache over its own bound (entries or bytes across the
 * pool) is cut back to {@link #BOUND_TARGET} of the bound, its coldest entries first. When a
 * member's fill passes {@link #HIGH_WATERMARK}, the pool evicts enough for the fullest
 * member to fall to {@link #LOW_WATERMARK}: one heat cut across all caches, so the pool's
 * coldest entries go wherever they are. Weights protect caches: each cache is guaranteed
 * its weight's share of the pool's data, and the cut never takes a cache below that share,
 * so one busy cache cannot wipe out a small one.
 *
 * <p>The plan keeps the two kinds of cut apart, because members treat them differently. Every
 * member carries out a bound cut, since a bounded cache must stay within its bound across the
 * pool. A member below {@link #LOW_WATERMARK} skips the pressure cuts: each member has only
 * its own memory, so evicting there frees no room on the member that ran out, and it costs
 * that member's keys their place. The pressure cuts are therefore computed from the reports
 * of the members at or above the low watermark only.
 */
public final class EvictionPlanner {

  /** Fill at which a member starts evicting. */
  public static final double HIGH_WATERMARK = 0.96;

  /** Fill the pressure cuts bring the fullest member down to. */
  public static final double LOW_WATERMARK = 0.93;

  /** Share of its bound a cache over its bound is cut back to. */
  public static final double BOUND_TARGET = 0.97;

  /**
   * One cache's usage on one member.
   *
   * @param cache the cache's id
   * @param policy how the cache ranks its entries
   * @param maxEntries the cache's bound in entries across the pool, or 0
   * @param maxBytes the cache's bound in bytes across the pool, or 0
   * @param weight the cache's weight
   * @param entries entries of the cache the member owns
   * @param bytes record bytes of those entries
   * @param heat the owned entries by heat
   */
  public record CacheUsage(String cache, EvictionPolicy policy, long maxEntries, long maxBytes,
      int weight, long entries, long bytes, HeatHistogram heat) {
  }

  /**
   * A storage member's usage.
   *
   * @param member the member's name
   * @param contributedBytes the memory it contributes, 0 for no limit
   * @param fill the share of its memory in use, 0 to 1 and above when over
   * @param evicting whether it is still carrying out the previous cuts
   * @param caches its caches that hold entries
   */
  public record MemberUsage(String member, long contributedBytes, double fill,
      boolean evicting, List<CacheUsage> caches) {
  }

  /**
   * The cuts of one planning round, by cache id; a cache left out of a map has no cut of that
   * kind.
   *
   * @param boundCuts cuts of caches over their own bound, which every member carries out
   * @param pressureCuts cuts that make room in the members' memory, which members below the
   *     low watermark skip
   */
  public record Plan(Map<String, Cut> boundCuts, Map<String, Cut> pressureCuts) {

    /** Evicts nothing. */
    public static final Plan NONE = new Plan(Map.of(), Map.of());

    /** Copies the maps, which must not contain empty cuts. */
    public Plan {
      boundCuts = Map.copyOf(boundCuts);
      pressureCuts = Map.copyOf(pressureCuts);
    }

    /** Returns whether the plan evicts nothing. */
    public boolean isEmpty() {
      return boundCuts.isEmpty() && pressureCuts.isEmpty();
    }

    /**
     * Returns the cuts a member of the given fill carries out: every bound cut, and the
     * pressure cuts only if the fill is at or above {@link #LOW_WATERMARK}. Where a cache has
     * both, the deeper cut wins.
     */
    public Map<String, Cut> cutsFor(double fill) {
      Map<String, Cut> cuts = new LinkedHashMap<>(boundCuts);
      if (fill >= LOW_WATERMARK) {
        pressureCuts.forEach((cache, cut) -> cuts.merge(cache, cut, EvictionPlanner::deeper));
      }
      return cuts;
    }
  }

  private EvictionPlanner() {
  }

  /**
   * Returns the cuts of each cache that must evict. While a member is still evicting, its
   * report is out of date, so the plan is empty.
   */
  public static Plan plan(List<MemberUsage> members) {
    for (MemberUsage member : members) {
      if (member.evicting()) {
        return Plan.NONE;
      }
    }
    Map<String, Cut> boundCuts = new LinkedHashMap<>();
    for (Merged cache : merge(members).values()) {
      Cut bound = cache.boundCut();
      if (!bound.isEmpty()) {
        boundCuts.put(cache.id, bound);
      }
    }
    double fullest = 0;
    List<MemberUsage> pressed = new ArrayList<>();
    for (MemberUsage member : members) {
      fullest = Math.max(fullest, member.fill());
      if (member.fill() >= LOW_WATERMARK) {
        pressed.add(member);
      }
    }
    Map<String, Cut> pressureCuts = fullest >= HIGH_WATERMARK
        ? poolCuts(merge(pressed), fullest) : Map.of();
    return new Plan(boundCuts, pressureCuts);
  }

  private static Cut deeper(Cut a, Cut b) {
    return a.position() >= b.position() ? a : b;
  }

  /**
   * Returns the cuts that evict the share of the given caches' data the fullest member is
   * over the low watermark, taking no cache below its guaranteed share.
   */
  static Map<String, Cut> poolCuts(Map<String, Merged> caches, double fullest) {
    double share = (fullest - LOW_WATERMARK) / fullest;
    double total = 0;
    double weights = 0;
    for (Merged cache : caches.values()) {
      total += cache.heat.totalBytes();
      weights += cache.weight;
    }
    double wanted = share * total;
    List<Merged> eligible = new ArrayList<>();
    for (Merged cache : caches.values()) {
      double guaranteed = (1 - share) * total * cache.weight / weights;
      cache.excess = Math.max(0, cache.heat.totalBytes() - guaranteed);
      if (cache.excess > 0) {
        eligible.add(cache);
      }
    }
    double low = 0;
    double high = HeatHistogram.HEATS;
    if (evicted(eligible, high) > wanted) {
      for (int i = 0; i < 40; i++) {
        double middle = (low + high) / 2;
        if (evicted(eligible, middle) >= wanted) {
          high = middle;
        } else {
          low = middle;
        }
      }
    }
    Map<String, Cut> cuts = new LinkedHashMap<>();
    Cut pool = Cut.at(high);
    for (Merged cache : eligible) {
      Cut cut = cache.heat.below(pool, true) <= cache.excess ? pool
          : cache.heat.cutFor(cache.excess, true);
      if (!cut.isEmpty()) {
        cuts.put(cache.id, cut);
      }
    }
    return cuts;
  }

  private static double evicted(List<Merged> eligible, double position) {
    Cut cut = Cut.at(position);
    double sum = 0;
    for (Merged cache : eligible) {
      sum += Math.min(cache.excess, cache.heat.below(cut, true));
    }
    return sum;
  }

  private static Map<String, Merged> merge(List<MemberUsage> members) {
    Map<String, Merged> caches = new LinkedHashMap<>();
    for (MemberUsage member : members) {
      for (CacheUsage usage : member.caches()) {
        caches.computeIfAbsent(usage.cache(), Merged::new).add(usage);
      }
    }
    return caches;
  }

  /** A cache's usage across the pool. */
  static final class Merged {

    final String id;
    final HeatHistogram heat = HeatHistogram.empty();
    long maxEntries;
    long maxBytes;
    int weight = 1;
    long entries;
    long bytes;
    double excess;

    Merged(String id) {
      this.id = id;
    }

    void add(CacheUsage usage) {
      heat.addAll(usage.heat());
      entries += usage.entries();
      bytes += usage.bytes();
      maxEntries = tighter(maxEntries, usage.maxEntries());
      maxBytes = tighter(maxBytes, usage.maxBytes());
      weight = Math.max(weight, usage.weight());
    }

    /** Returns the cut that brings the cache back under its bounds. */
    Cut boundCut() {
      Cut cut = Cut.NONE;
      if (maxEntries > 0 && entries > maxEntries) {
        double over = entries - maxEntries * BOUND_TARGET;
        cut = heat.cutFor(over * heat.totalEntries() / (double) entries, false);
      }
      if (maxBytes > 0 && bytes > maxBytes) {
        double over = bytes - maxBytes * BOUND_TARGET;
        Cut byBytes = heat.cutFor(over * heat.totalBytes() / (double) bytes, true);
        cut = byBytes.position() > cut.position() ? byBytes : cut;
      }
      return cut;
    }

    private static long tighter(long a, long b) {
      if (a <= 0) {
        return b;
      }
      return b <= 0 ? a : Math.min(a, b);
    }
  }
}
