package io.piglix;

import io.piglix.cluster.ClusterNode;
import io.piglix.configuration.PiglixConfig;
import io.piglix.engine.CacheBackend;
import io.piglix.engine.LocalBackend;
import io.piglix.engine.PartitionVersions;
import io.piglix.member.CacheId;
import io.piglix.member.CacheRuntime;
import io.piglix.member.ExpirySweeper;
import io.piglix.serialization.KryoCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a piglix pool: the caches, storage and threads behind every cache manager that
 * uses one configuration in this JVM.
 *
 * <p>A standalone member (no {@code <cluster>} in its configuration) holds every entry itself.
 * A clustered member joins a pool through a {@link ClusterNode}: caches then exist on every
 * member, and each entry lives on the member owning its partition and on its backups.
 *
 * <p>Cache managers acquire the member and release it when they close; the last release stops
 * it, after handing its partitions to the other members when clustered.
 */
public final class PiglixMember implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PiglixMember.class);
  private static final AtomicInteger MEMBER_NUMBERS = new AtomicInteger();

  /** Milliseconds between two rounds of the capacity manager. */
  public static final long CAPACITY_INTERVAL_MILLIS = 500;

  private final PiglixConfig config;
  private final String memberName;
  private final KryoCodec codec;
  private final ClassLoader classLoader;
  private final PartitionVersions versions;
  private final ExecutorService maintenance;
  private final ExecutorService listenerExecutor;
  private final ExecutorService loadExecutor;
  private final ConcurrentMap<CacheId, CacheRuntime> caches = new ConcurrentHashMap<>();
  private final ClusterNode cluster;
  private final io.piglix.store.MemoryBudget memoryBudget;
  private final io.piglix.member.CapacityAgent capacity;
  private final java.util.concurrent.ScheduledExecutorService capacityExecutor;
  private int references;
  private long releases;
  private boolean closed;
  private java.util.concurrent.ScheduledExecutorService timer;
  private Thread shutdownHook;
  private javax.management.ObjectName poolBeanName;

  /**
   * Starts a member for a configuration; a clustered member joins its pool before this
   * returns.
   *
   * @param config the member configuration
   * @param classLoader resolves classes of caches created by other members
   */
  public PiglixMember(PiglixConfig config, ClassLoader classLoader) {
    JvmFlags.requireChronicleFlags();
    if (config.cluster() == null
        || config.cluster().role() != io.piglix.configuration.MemberRole.CLIENT) {
      io.piglix.store.RecordStore.warmUp();
    }
    this.config = config;
    this.memberName = "piglix-" + MEMBER_NUMBERS.incrementAndGet();
    this.classLoader = classLoader;
    this.codec = new KryoCodec(config.serialization(), classLoader);
    this.versions = new PartitionVersions(config.partitionCount());
    this.maintenance = Executors.newSingleThreadExecutor(daemonThreads(memberName
        + "-maintenance"));
    this.listenerExecutor = Executors.newCachedThreadPool(daemonThreads(memberName
        + "-listener"));
    this.loadExecutor = Executors.newCachedThreadPool(daemonThreads(memberName + "-loader"));
    this.memoryBudget = config.cluster() == null ? io.piglix.store.MemoryBudget.UNLIMITED
        : new ContributionBudget(config.cluster().contributedBytes(), this::caches);
    this.capacityExecutor = Executors.newSingleThreadScheduledExecutor(daemonThreads(
        memberName + "-capacity"));
    this.capacity = new io.piglix.member.CapacityAgent(memberName, this::caches, memoryBudget,
        this::ownedPartitions, this::ownershipGuard, capacityExecutor);
    if (config.cluster() == null) {
      this.cluster = null;
      LOG.debug("member {} started standalone with configuration {}", memberName,
          config.source() == null ? "(built in code)" : config.source());
    } else {
      warnAboutCacheBackupCounts(config);
      ClusterNode node = new ClusterNode(this, config, codec, versions);
      // Joining installs the pool's caches on this member. Each cache needs the node to
      // replicate the changes of its owned partitions and to send events, so the node is set
      // first.
      this.cluster = node;
      try {
        node.start();
      } catch (RuntimeException e) {
        shutdownExecutors();
        throw e;
      }
      this.shutdownHook = new Thread(this::close, memberName + "-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      try {
        this.poolBeanName = io.piglix.management.PoolStatusBean.register(this);
      } catch (CacheException e) {
        LOG.warn("member {} runs without its pool MXBean: {}", this, e.getMessage());
      }
    }
    new ExpirySweeper(this::caches, this::ownershipGuard).start(maintenanceTimer());
    capacityExecutor.scheduleWithFixedDelay(this::manageCapacity, CAPACITY_INTERVAL_MILLIS,
        CAPACITY_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Logs each declared cache whose backup count differs from the cluster's, which wins. */
  private void warnAboutCacheBackupCounts(PiglixConfig config) {
    int clusterBackups = config.cluster().backupCount();
    config.caches().forEach((name, definition) -> definition.backupCount().ifPresent(count -> {
      if (count != clusterBackups) {
        LOG.warn("member {}: cache '{}' sets backup-count=\"{}\", but every cache uses the"
            + " cluster's backup-count of {}; per-cache backup counts are not supported yet",
            memberName, name, count, clusterBackups);
      }
    }));
  }

  private ExpirySweeper.PartitionGuard ownershipGuard() {
    ClusterNode node = cluster;
    return node == null ? ExpirySweeper.ALL_OWNED : node.ownershipGuard();
  }

  private java.util.function.IntPredicate ownedPartitions() {
    ClusterNode node = cluster;
    return node == null ? partition -> true : node::ownsPartition;
  }

  /**
   * Runs one round of the capacity manager: a standalone member plans for itself; in a pool
   * the coordinator plans for all storage members.
   */
  private void manageCapacity() {
    try {
      ClusterNode node = cluster;
      if (node == null) {
        capacity.apply(io.piglix.eviction.EvictionPlanner.plan(List.of(capacity.report())));
      } else {
        node.sendAccessUpdates();
        node.manageCapacity(capacity);
      }
    } catch (RuntimeException e) {
      if (!isClosed()) {
        LOG.warn("{} could not run the capacity manager", this, e);
      }
    }
  }

  /** The member's part of the capacity manager. */
  public io.piglix.member.CapacityAgent capacity() {
    return capacity;
  }

  /** Runs the capacity manager's rounds and the evictions it orders. */
  public java.util.concurrent.ScheduledExecutorService capacityExecutor() {
    return capacityExecutor;
  }

  /** The member's name in this JVM, the prefix of its thread names. */
  public String name() {
    return memberName;
  }

  /** The configuration of this member. */
  public PiglixConfig config() {
    return config;
  }

  /** The class loader the member was started with. */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** The member's codec for caches created by other members. */
  public KryoCodec codec() {
    return codec;
  }

  /** The cluster node, or null for a standalone member. */
  public ClusterNode cluster() {
    return cluster;
  }

  /** Returns whether this member stores entries. */
  public boolean isStoring() {
    return cluster == null || cluster.isStorageMember();
  }

  /** Runs background store work such as moving entries into a grown map. */
  public ExecutorService maintenance() {
    return maintenance;
  }

  /** Runs asynchronous listeners. */
  public ExecutorService listenerExecutor() {
    return listenerExecutor;
  }

  /** Runs {@code loadAll} calls. */
  public ExecutorService loadExecutor() {
    return loadExecutor;
  }

  /**
   * Creates a cache on this member, and on every member of the pool when clustered.
   *
   * @param configuration the configuration without listener configurations
   * @param cacheCodec encodes the cache's keys and values on this member
   * @throws CacheException when a cache with this identity exists
   */
  public CacheRuntime createCache(CacheId id, MutableConfiguration<Object, Object> configuration,
      KryoCodec cacheCodec) {
    requireOpen();
    if (cluster != null) {
      return cluster.createCache(id, configuration, cacheCodec);
    }
    synchronized (caches) {
      if (caches.containsKey(id)) {
        throw new CacheException("a cache named '" + id.name() + "' already exists in cache"
            + " manager " + id.namespace());
      }
      CacheRuntime runtime = newRuntime(id, configuration, cacheCodec);
      caches.put(id, runtime);
      return runtime;
    }
  }

  /**
   * Creates the local runtime of a cache whose creation the pool agreed on, unless it exists.
   * Called by the cluster node on every member.
   */
  public CacheRuntime installCache(CacheId id, MutableConfiguration<Object, Object> configuration,
      KryoCodec cacheCodec) {
    synchronized (caches) {
      CacheRuntime existing = caches.get(id);
      if (existing != null) {
        return existing;
      }
      CacheRuntime runtime = newRuntime(id, configuration, cacheCodec);
      caches.put(id, runtime);
      return runtime;
    }
  }

  /** Returns the runtime of a cache, or null when no such cache exists. */
  public CacheRuntime findCache(CacheId id) {
    return caches.get(id);
  }

  /** Returns every cache runtime of this member. */
  public List<CacheRuntime> caches() {
    return new ArrayList<>(caches.values());
  }

  /** Returns the names of the caches in a namespace, sorted. */
  public Set<String> cacheNames(String namespace) {
    Set<String> names = new TreeSet<>();
    for (CacheId id : caches.keySet()) {
      if (id.namespace().equals(namespace)) {
        names.add(id.name());
      }
    }
    return names;
  }

  /** Destroys a cache on this member, and on every member of the pool when clustered. */
  public void destroyCache(CacheId id) {
    requireOpen();
    if (cluster != null) {
      cluster.destroyCache(id);
    } else {
      uninstallCache(id);
    }
  }

  /** Closes and forgets the local runtime of a cache. Called on every member on destroy. */
  public void uninstallCache(CacheId id) {
    CacheRuntime runtime;
    synchronized (caches) {
      runtime = caches.remove(id);
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  /**
   * Returns this member's status. A standalone member owns every partition and contributes
   * nothing, since it has no pool to contribute to.
   */
  public io.piglix.cluster.MemberStatus status() {
    if (cluster != null) {
      return cluster.localStatus();
    }
    int[] all = new int[config.partitionCount()];
    for (int p = 0; p < all.length; p++) {
      all[p] = p;
    }
    List<io.piglix.cluster.CacheStatus> statuses = new ArrayList<>();
    long used = 0;
    for (CacheRuntime runtime : caches()) {
      io.piglix.cluster.CacheStatus cache = io.piglix.cluster.ClusterNode.cacheStatus(runtime,
          all);
      used += cache.storedBytes();
      statuses.add(cache);
    }
    return new io.piglix.cluster.MemberStatus(memberName, memberName, "standalone", true, 0,
        used, all.length, 0, 0, false, statuses);
  }

  /** Returns the backend a cache view sends its operations to. */
  public CacheBackend backendFor(CacheRuntime runtime) {
    if (cluster != null) {
      return cluster.backendFor(runtime);
    }
    return new LocalBackend(runtime.engine(), () -> { });
  }

  /** Adds a reference; every reference must be released once. */
  public synchronized void acquire() {
    requireOpen();
    references++;
  }

  /**
   * Releases one reference and returns whether that closed the member. A clustered member
   * with a linger time stays in the pool that long after its last reference and closes then,
   * unless it is acquired again.
   */
  public boolean release() {
    long lingerMillis = cluster == null ? 0 : config.cluster().linger().toMillis();
    synchronized (this) {
      references--;
      if (references > 0) {
        return false;
      }
      if (lingerMillis > 0) {
        long releasedAt = ++releases;
        maintenanceTimer().schedule(() -> closeIfIdle(releasedAt), lingerMillis,
            TimeUnit.MILLISECONDS);
        return false;
      }
    }
    close();
    return true;
  }

  private void closeIfIdle(long releasedAt) {
    synchronized (this) {
      if (references > 0 || releases != releasedAt || closed) {
        return;
      }
    }
    LOG.info("member {} has had no cache manager for {}, leaving the pool", this,
        config.cluster().linger());
    close();
  }

  private synchronized java.util.concurrent.ScheduledExecutorService maintenanceTimer() {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(daemonThreads(memberName + "-timer"));
    }
    return timer;
  }

  /** Returns whether the member is closed. */
  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (poolBeanName != null) {
      try {
        io.piglix.management.MBeans.unregister(poolBeanName);
      } catch (CacheException e) {
        LOG.warn("member {} could not unregister its pool MXBean: {}", memberName,
            e.getMessage());
      }
    }
    if (cluster != null) {
      try {
        cluster.leave();
      } catch (RuntimeException e) {
        LOG.warn("member {} failed to leave its pool cleanly", memberName, e);
      }
    }
    List<CacheRuntime> runtimes;
    synchronized (caches) {
      runtimes = new ArrayList<>(caches.values());
      caches.clear();
    }
    for (CacheRuntime runtime : runtimes) {
      try {
        runtime.close();
      } catch (RuntimeException e) {
        LOG.warn("closing cache '{}' on member {} failed", runtime.id(), memberName, e);
      }
    }
    shutdownExecutors();
    LOG.debug("member {} stopped", memberName);
  }

  private CacheRuntime newRuntime(CacheId id, MutableConfiguration<Object, Object> configuration,
      KryoCodec cacheCodec) {
    CacheRuntime runtime = new CacheRuntime(id, configuration, cacheCodec, isStoring(),
        config.storeSizing(), versions, maintenance, memoryBudget, boundsOf(id.name()));
    capacity.attach(runtime);
    if (cluster != null) {
      cluster.attach(runtime);
    }
    return runtime;
  }

  /**
   * Returns the bounds the configuration declares for a cache name, or those of a cache that
   * declares none.
   */
  private io.piglix.configuration.BoundsDefinition boundsOf(String cacheName) {
    io.piglix.configuration.CacheDefinition definition = config.caches().get(cacheName);
    return definition == null ? io.piglix.configuration.BoundsDefinition.UNBOUNDED
        : definition.bounds();
  }

  private void shutdownExecutors() {
    Thread hook = shutdownHook;
    if (hook != null && hook != Thread.currentThread()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        LOG.debug("the JVM is shutting down; member {} is closing in its hook", memberName);
      }
    }
    synchronized (this) {
      if (timer != null) {
        timer.shutdownNow();
      }
    }
    capacityExecutor.shutdownNow();
    maintenance.shutdown();
    listenerExecutor.shutdown();
    loadExecutor.shutdown();
    try {
      if (!maintenance.awaitTermination(5, TimeUnit.SECONDS)) {
        maintenance.shutdownNow();
      }
    } catch (InterruptedException e) {
      maintenance.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void requireOpen() {
    if (closed) {
      throw new IllegalStateException("member " + memberName + " is closed");
    }
  }

  @Override
  public String toString() {
    return cluster == null ? memberName : memberName + " (" + cluster.localAddress() + ")";
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
