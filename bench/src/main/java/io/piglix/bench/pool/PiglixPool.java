package io.piglix.bench.pool;

import io.piglix.PiglixCacheManager;
import io.piglix.bench.processor.Increment;
import io.piglix.cluster.PoolStatus;
import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.MemberRole;
import io.piglix.configuration.PiglixConfig;
import io.piglix.serialization.ClassAllowList;
import io.piglix.serialization.SerializationConfig;
import io.piglix.spi.PiglixCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.cache.CacheManager;

/**
 * A piglix pool: three storage members and, for a client driver, a client member, each with
 * its own {@link PiglixCachingProvider}, on 127.0.0.1 with ports chosen at start and the
 * default TCP stack. Every member opens the same manager URI, so they share caches.
 */
final class PiglixPool implements Pool {

  private static final URI MANAGER_URI = URI.create("piglix:bench-pool");

  /** Memory each storage member reports to the pool; piglix 0.1.0 does not enforce it. */
  private static final long CONTRIBUTED_BYTES = 1L << 30;

  private final Driver driver;
  private final List<PiglixCachingProvider> providers = new ArrayList<>();
  private PiglixCacheManager driverManager;

  private PiglixPool(Driver driver) {
    this.driver = driver;
  }

  static PiglixPool start(Driver driver) {
    PiglixPool pool = new PiglixPool(driver);
    try {
      pool.startMembers();
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  private void startMembers() {
    int memberCount = driver.memberCount();
    List<Integer> ports = LoopbackPorts.free(memberCount);
    List<String> members = new ArrayList<>();
    for (int port : ports) {
      members.add(LoopbackPorts.ADDRESS + "[" + port + "]");
    }
    String clusterName = "bench-" + Long.toHexString(System.nanoTime());
    PiglixCacheManager first = null;
    for (int i = 0; i < memberCount; i++) {
      MemberRole role = i < STORAGE_MEMBERS ? MemberRole.STORAGE : MemberRole.CLIENT;
      ClusterConfig cluster = ClusterConfig.builder()
          .name(clusterName)
          .role(role)
          .contributedBytes(CONTRIBUTED_BYTES)
          .backupCount(BACKUPS)
          .bindAddress(LoopbackPorts.ADDRESS)
          .port(ports.get(i))
          .members(members)
          .build();
      PiglixConfig config = PiglixConfig.builder()
          .cluster(cluster)
          .serialization(new SerializationConfig(
              new ClassAllowList(List.of(Increment.class.getPackageName()), List.of()),
              Map.of(), SerializationConfig.DEFAULT_MAX_OBJECT_SIZE,
              SerializationConfig.DEFAULT_MAX_DEPTH))
          .build();
      PiglixCachingProvider provider = new PiglixCachingProvider();
      providers.add(provider);
      PiglixCacheManager manager = (PiglixCacheManager) provider.getCacheManager(MANAGER_URI,
          PiglixPool.class.getClassLoader(), config);
      if (first == null) {
        first = manager;
      }
      driverManager = manager;
    }
    if (driver == Driver.STORAGE) {
      driverManager = first;
    }
    PiglixCacheManager observer = driverManager;
    Pools.awaitCondition("the piglix pool of " + memberCount + " members is healthy", () -> {
      PoolStatus status = observer.member().cluster().poolStatus();
      return status.members().size() == memberCount && status.healthy();
    });
  }

  @Override
  public CacheManager manager() {
    return driverManager;
  }

  @Override
  public Driver driver() {
    return driver;
  }

  @Override
  public void close() {
    for (int i = providers.size() - 1; i >= 0; i--) {
      providers.get(i).close();
    }
    providers.clear();
  }
}
