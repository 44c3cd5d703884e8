package io.piglix.cluster;

import io.piglix.PiglixCacheManager;
import io.piglix.partition.KeyHash;
import io.piglix.configuration.BoundsDefinition;
import io.piglix.configuration.CacheDefinition;
import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.MemberRole;
import io.piglix.configuration.PiglixConfig;
import io.piglix.serialization.ClassAllowList;
import io.piglix.serialization.SerializationConfig;
import io.piglix.spi.PiglixCachingProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Members of one pool in this JVM, each with its own provider, on 127.0.0.1 with ports chosen
 * free at creation. Every member's cache manager uses the same URI, so they share caches.
 */
final class TestCluster implements AutoCloseable {

  static final URI MANAGER_URI = URI.create("piglix:test-pool");

  private final String clusterName;
  private final List<Integer> ports = new ArrayList<>();
  private final List<PiglixCachingProvider> providers = new ArrayList<>();
  private final List<PiglixCacheManager> managers = new ArrayList<>();
  private final int backupCount;
  private final int partitionCount;

  TestCluster(int capacity, int backupCount, int partitionCount) {
    this.clusterName = "test-" + Long.toHexString(System.nanoTime());
    this.backupCount = backupCount;
    this.partitionCount = partitionCount;
    for (int i = 0; i < capacity; i++) {
      ports.add(freePort());
    }
  }

  /** Starts the member with the given index, contributing the given bytes. */
  PiglixCacheManager start(int index, long contributedBytes, MemberRole role) {
    return start(index, contributedBytes, role, partitionCount, Duration.ofSeconds(10));
  }

  /** Starts a member with its own partition count and operation timeout. */
  PiglixCacheManager start(int index, long contributedBytes, MemberRole role,
      int memberPartitions, Duration operationTimeout) {
    return start(index, contributedBytes, role, memberPartitions, operationTimeout, List.of());
  }

  /**
   * Starts a storage member contributing 64 MiB whose configuration declares a cache of
   * {@code Integer} keys and {@code String} values bounded to {@code maxEntries}.
   */
  PiglixCacheManager startWithCache(int index, String cacheName, long maxEntries,
      BoundsDefinition.Eviction eviction) {
    CacheDefinition cache = CacheDefinition.builder(cacheName)
        .keyType(Integer.class.getName())
        .valueType(String.class.getName())
        .statisticsEnabled(true)
        .maxEntries(maxEntries)
        .eviction(eviction)
        .build();
    return start(index, 64L << 20, MemberRole.STORAGE, partitionCount, Duration.ofSeconds(10),
        List.of(cache));
  }

  /** Starts a storage member contributing 64 MiB with cluster settings the test adjusts. */
  PiglixCacheManager start(int index, UnaryOperator<ClusterConfig.Builder> adjust) {
    return start(index, adjust, defaultSerialization());
  }

  /**
   * Starts a storage member contributing 64 MiB with the pool's cluster settings adjusted by
   * {@code clusterSettings} and its own serialization settings.
   */
  PiglixCacheManager start(int index, UnaryOperator<ClusterConfig.Builder> clusterSettings,
      SerializationConfig serialization) {
    return start(index, 64L << 20, MemberRole.STORAGE, partitionCount, Duration.ofSeconds(10),
        List.of(), clusterSettings, serialization);
  }

  /** The serialization settings of every member unless a test sets its own. */
  static SerializationConfig defaultSerialization() {
    return new SerializationConfig(new ClassAllowList(List.of("io.piglix"), List.of()),
        Map.of(), SerializationConfig.DEFAULT_MAX_OBJECT_SIZE,
        SerializationConfig.DEFAULT_MAX_DEPTH);
  }

  private PiglixCacheManager start(int index, long contributedBytes, MemberRole role,
      int memberPartitions, Duration operationTimeout, List<CacheDefinition> caches) {
    return start(index, contributedBytes, role, memberPartitions, operationTimeout, caches,
        UnaryOperator.identity(), defaultSerialization());
  }

  private PiglixCacheManager start(int index, long contributedBytes, MemberRole role,
      int memberPartitions, Duration operationTimeout, List<CacheDefinition> caches,
      UnaryOperator<ClusterConfig.Builder> clusterSettings, SerializationConfig serialization) {
    List<String> members = new ArrayList<>();
    for (int port : ports) {
      members.add("127.0.0.1[" + port + "]");
    }
    ClusterConfig.Builder clusterBuilder = ClusterConfig.builder()
        .name(clusterName)
        .role(role)
        .contributedBytes(contributedBytes)
        .backupCount(backupCount)
        .operationTimeout(operationTimeout)
        .bindAddress("127.0.0.1")
        .port(ports.get(index))
        .members(members);
    ClusterConfig cluster = clusterSettings.apply(clusterBuilder).build();
    PiglixConfig.Builder builder = PiglixConfig.builder();
    caches.forEach(builder::cache);
    PiglixConfig config = builder
        .partitionCount(memberPartitions)
        .cluster(cluster)
        .serialization(serialization)
        .build();
    PiglixCachingProvider provider = new PiglixCachingProvider();
    PiglixCacheManager manager = (PiglixCacheManager) provider.getCacheManager(MANAGER_URI,
        TestCluster.class.getClassLoader(), config);
    providers.add(provider);
    managers.add(manager);
    return manager;
  }

  PiglixCacheManager start(int index) {
    return start(index, 64L << 20, MemberRole.STORAGE);
  }

  /** The cluster name every member of this pool uses. */
  String clusterName() {
    return clusterName;
  }

  /** The TCP ports of the members, by index. */
  List<Integer> ports() {
    return ports;
  }

  List<PiglixCacheManager> managers() {
    return managers;
  }

  /** Returns the cluster node of a started member. */
  static ClusterNode node(PiglixCacheManager manager) {
    return manager.member().cluster();
  }

  /** Returns the partition of a key, serialized with the node's codec. */
  static int partitionOf(ClusterNode node, Object key) {
    return KeyHash.partition(KeyHash.of(node.codec().serialize(key)), node.partitionCount());
  }

  @Override
  public void close() {
    for (int i = providers.size() - 1; i >= 0; i--) {
      try {
        providers.get(i).close();
      } catch (RuntimeException e) {
        // Members closed by the test itself throw nothing here; others are best effort.
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
