package io.piglix.member;

import io.piglix.engine.CacheEngine;
import io.piglix.internal.Binary;
import io.piglix.store.Record;
import io.piglix.store.RecordStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired entries that nobody reads, so their expired events fire and their memory
 * returns to the pool.
 *
 * <p>Every {@link #INTERVAL_MILLIS} milliseconds it continues a scan of each cache that has
 * an expiry policy, reading at most {@link #ENTRIES_PER_TICK} records of each cache, and
 * expires the due entries of partitions this member owns, as a read would: the removal is
 * replicated and an expired event delivered. An entry's expired event therefore fires at most
 * one scan pass after it expired: one second for a cache of up to 65,536 entries on this
 * member, one more second for each further 65,536.
 */
public final class ExpirySweeper {

  /** Time between two steps of the scan, in milliseconds. */
  public static final long INTERVAL_MILLIS = 1000;

  /** Records read per cache and step. */
  public static final int ENTRIES_PER_TICK = 65_536;

  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);

  /** Lets the sweeper work on a partition only while this member owns it. */
  public interface PartitionGuard {

    /** Returns whether this member owns the partition, and if so holds it until exit. */
    boolean enter(int partition);

    /** Releases a partition entered with {@link #enter}. */
    void exit(int partition);
  }

  /** A guard for a standalone member, which owns every partition. */
  public static final PartitionGuard ALL_OWNED = new PartitionGuard() {
    @Override
    public boolean enter(int partition) {
      return true;
    }

    @Override
    public void exit(int partition) {
    }
  };

  private final Supplier<List<CacheRuntime>> caches;
  private final Supplier<PartitionGuard> guard;
  private final Map<CacheId, Long> cursors = new HashMap<>();

  /**
   * Creates a sweeper.
   *
   * @param caches the member's caches
   * @param guard the ownership guard, read on each step because a member may join a pool
   */
  public ExpirySweeper(Supplier<List<CacheRuntime>> caches, Supplier<PartitionGuard> guard) {
    this.caches = caches;
    this.guard = guard;
  }

  /** Runs the sweep on a scheduler until the scheduler shuts down. */
  public void start(ScheduledExecutorService scheduler) {
    scheduler.scheduleWithFixedDelay(this::step, INTERVAL_MILLIS, INTERVAL_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** Runs one step over every cache; returns the number of entries expired. */
  public synchronized long step() {
    long expired = 0;
    for (CacheRuntime runtime : caches.get()) {
      CacheEngine engine = runtime.engine();
      if (engine == null || runtime.isClosed() || !engine.mayExpire()) {
        continue;
      }
      try {
        expired += sweep(runtime, engine);
      } catch (RuntimeException e) {
        if (!runtime.isClosed()) {
          LOG.warn("sweeping expired entries of cache '{}' failed", runtime.id(), e);
        }
        cursors.remove(runtime.id());
      }
    }
    cursors.keySet().removeIf(id -> caches.get().stream().noneMatch(r -> r.id().equals(id)));
    return expired;
  }

  private long sweep(CacheRuntime runtime, CacheEngine engine) {
    RecordStore store = runtime.store();
    long cursor = cursors.getOrDefault(runtime.id(), 0L);
    long expired = 0;
    int read = 0;
    long now = System.currentTimeMillis();
    PartitionGuard owned = guard.get();
    try (RecordStore.Scan scan = store.scanFrom(cursor)) {
      while (scan.hasMore() && read < ENTRIES_PER_TICK) {
        for (byte[][] entry : scan.nextBatch()) {
          read++;
          if (!Record.isExpiredAt(entry[1], now)) {
            continue;
          }
          int partition = Record.partition(entry[1]);
          if (!owned.enter(partition)) {
            continue;
          }
          try {
            if (engine.expireIfDue(Binary.ofBytes(entry[0]), now)) {
              expired++;
            }
          } catch (RuntimeException e) {
            LOG.warn("expiring an entry of cache '{}' failed", runtime.id(), e);
          } finally {
            owned.exit(partition);
          }
        }
      }
      cursors.put(runtime.id(), scan.hasMore() ? scan.cursor() : 0L);
    }
    return expired;
  }
}
