package io.piglix.member;

import io.piglix.configuration.BoundsDefinition;
import io.piglix.engine.CacheEngine;
import io.piglix.engine.PartitionVersions;
import io.piglix.eviction.AccessTracker;
import io.piglix.eviction.EvictionPolicy;
import io.piglix.expiry.ExpiryCalculator;
import io.piglix.serialization.KryoCodec;
import io.piglix.store.RecordStore;
import io.piglix.store.StoreSizing;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache as this member holds it: its configuration, and on a storage member the engine,
 * store, loader, writer and expiry policy that serve the partitions this member holds. Cache
 * views ({@link io.piglix.PiglixCache}) of any cache manager on this member share it.
 */
public final class CacheRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(CacheRuntime.class);

  private final CacheId id;
  private final MutableConfiguration<Object, Object> configuration;
  private final KryoCodec codec;
  private final CacheEngine engine;
  private final RecordStore store;
  private final CacheResources resources;
  private final LocalListeners listeners = new LocalListeners();
  private final CopyOnWriteArrayList<Runnable> destroyCallbacks = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<io.piglix.management.CacheStatistics> viewStatistics =
      new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.LongAdder evictions =
      new java.util.concurrent.atomic.LongAdder();
  private final BoundsDefinition bounds;
  private final AccessTracker accessTracker;
  private volatile boolean closed;

  /**
   * Creates the runtime of a cache.
   *
   * @param id the cache identity
   * @param configuration the cache configuration without listener configurations
   * @param codec encodes the cache's keys and values
   * @param storing whether this member stores entries (false for a client member)
   * @param sizing initial sizing of the store
   * @param versions the partition version counters of the member
   * @param maintenance runs background store work
   * @param budget the off-heap memory the cache's store may allocate on this member
   * @param bounds the cache's capacity bounds and eviction policy
   */
  @SuppressWarnings("unchecked")
  public CacheRuntime(CacheId id, MutableConfiguration<Object, Object> configuration,
      KryoCodec codec, boolean storing, StoreSizing sizing, PartitionVersions versions,
      Executor maintenance, io.piglix.store.MemoryBudget budget, BoundsDefinition bounds) {
    this.id = id;
    this.configuration = configuration;
    this.codec = codec;
    this.bounds = bounds;
    this.accessTracker = storing ? new AccessTracker(EvictionPolicy.of(bounds.eviction().name()))
        : AccessTracker.NONE;
    if (!storing) {
      this.engine = null;
      this.store = null;
      this.resources = new CacheResources(id.name());
      return;
    }
    CacheLoader<Object, Object> loader =
        (CacheLoader<Object, Object>) create(configuration.getCacheLoaderFactory());
    CacheWriter<Object, Object> writer =
        (CacheWriter<Object, Object>) create(configuration.getCacheWriterFactory());
    ExpiryPolicy expiryPolicy = create(configuration.getExpiryPolicyFactory());
    if (expiryPolicy == null) {
      throw new IllegalArgumentException("the expiry policy factory of cache '" + id.name()
          + "' created null");
    }
    this.resources = new CacheResources(id.name(), loader, writer, expiryPolicy);
    this.store = new RecordStore(id.toString(), sizing, maintenance,
        versions.partitionCount(), budget);
    try {
      this.engine = new CacheEngine(id.name(), store, codec, new ExpiryCalculator(expiryPolicy),
          loader, configuration.isReadThrough(), configuration.isWriteThrough() ? writer : null,
          id.toString(), versions);
      engine.setEventSink(listeners);
      engine.setAccessTracker(accessTracker);
    } catch (RuntimeException | Error e) {
      store.close();
      resources.close();
      throw e;
    }
  }

  /** The cache's capacity bounds and eviction policy. */
  public BoundsDefinition bounds() {
    return bounds;
  }

  /** Records accesses for the cache's eviction policy. */
  public AccessTracker accessTracker() {
    return accessTracker;
  }

  /** The cache identity. */
  public CacheId id() {
    return id;
  }

  /** A copy of the configuration, without listener configurations. */
  public MutableConfiguration<Object, Object> configuration() {
    return new MutableConfiguration<>(configuration);
  }

  /** The codec of the cache's keys and values on this member. */
  public KryoCodec codec() {
    return codec;
  }

  /** The engine, or null on a member that stores nothing. */
  public CacheEngine engine() {
    return engine;
  }

  /** The store, or null on a member that stores nothing. */
  public RecordStore store() {
    return store;
  }

  /** The dispatchers of the local views' listeners. */
  public LocalListeners listeners() {
    return listeners;
  }

  /** Adds the statistics of a local view, so the member can report the cache's totals. */
  public void addViewStatistics(io.piglix.management.CacheStatistics statistics) {
    viewStatistics.addIfAbsent(statistics);
  }

  /** Removes the statistics of a closed view. */
  public void removeViewStatistics(io.piglix.management.CacheStatistics statistics) {
    viewStatistics.remove(statistics);
  }

  /** The statistics of the local views of the cache. */
  public java.util.List<io.piglix.management.CacheStatistics> viewStatistics() {
    return viewStatistics;
  }

  /** Counts entries of this cache evicted on this member for capacity. */
  public void recordEvictions(long count) {
    evictions.add(count);
    for (io.piglix.management.CacheStatistics statistics : viewStatistics) {
      statistics.evictions(count);
    }
  }

  /** Returns the entries of this cache evicted on this member for capacity. */
  public long evictions() {
    return evictions.sum();
  }

  /** Returns whether the cache was destroyed or its member closed. */
  public boolean isClosed() {
    return closed;
  }

  /** Runs a callback when the cache is destroyed or the member closes. */
  public void onClose(Runnable callback) {
    destroyCallbacks.add(callback);
  }

  /** Stops calling a callback registered with {@link #onClose}. */
  public void removeOnClose(Runnable callback) {
    destroyCallbacks.remove(callback);
  }

  /** Closes the views, then releases the store and the loader, writer and expiry policy. */
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (Runnable callback : destroyCallbacks) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        LOG.warn("closing a view of cache '{}' failed", id, e);
      }
    }
    destroyCallbacks.clear();
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      resources.close();
    }
  }

  private static <T> T create(Factory<T> factory) {
    return factory == null ? null : factory.create();
  }

  @Override
  public String toString() {
    return "CacheRuntime{" + id + "}";
  }
}
