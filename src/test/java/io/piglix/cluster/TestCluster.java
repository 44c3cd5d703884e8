package io.piglix.cluster;

import io.piglix.PiglixCacheManager;
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
    return start(index, 64L << 20, MemberRole.STORAGE, partitionCount, Duration.ofSeconds(10),
        List.of(), adjust);
  }

  private PiglixCacheManager start(int index, long contributedBytes, MemberRole role,
      int memberPartitions, Duration operationTimeout, List<CacheDefinition> caches) {
    return start(index, contributedBytes, role, memberPartitions, operationTimeout, caches,
        UnaryOperator.identity());
  }

  private PiglixCacheManager start(int index, long contributedBytes, MemberRole role,
      int memberPartitions, Duration operationTimeout, List<CacheDefinition> caches,
      UnaryOperator<ClusterConfig.Builder> adjust) {
    List<String> members = new ArrayList<>();
    for (int port : ports) {
      members.add("127.0.0.1[" + port + "]");
    }
    ClusterConfig cluster = adjust.apply(ClusterConfig.builder()
        .name(clusterName)
        .role(role)
        .contributedBytes(contributedBytes)
        .backupCount(backupCount)
        .operationTimeout(operationTimeout)
        .bindAddress("127.0.0.1")
        .port(ports.get(index))
        .members(members))
        .build();
    PiglixConfig.Builder builder = PiglixConfig.builder();
    caches.forEach(builder::cache);
    PiglixConfig config = builder
        .partitionCount(memberPartitions)
        .cluster(cluster)
        .serialization(new SerializationConfig(
            new ClassAllowList(List.of("io.piglix"), List.of()), Map.of(),
            SerializationConfig.DEFAULT_MAX_OBJECT_SIZE, SerializationConfig.DEFAULT_MAX_DEPTH))
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

  List<PiglixCacheManager> managers() {
    return managers;
  }

  /** Returns the cluster node of a started member. */
  static ClusterNode node(PiglixCacheManager manager) {
    return manager.member().cluster();
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
