package io.piglix.bench.pool;

import io.piglix.bench.Workload;
import io.piglix.bench.processor.Increment;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.infinispan.AdvancedCache;
import org.infinispan.commons.marshall.JavaSerializationMarshaller;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.distribution.DistributionManager;
import org.infinispan.jcache.embedded.JCacheManager;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;

/**
 * An Infinispan pool: three embedded members and, for a client driver, a zero-capacity member
 * (a member that stores no data), each with its own JCache manager. Caches are distributed with
 * two owners, so one backup, and keep keys and values as ProtoStream bytes. The transport is
 * piglix's default JGroups stack on 127.0.0.1 (see {@link LoopbackStack}): TCP with TCPPING,
 * no multicast, no diagnostics.
 *
 * <p>Infinispan sends an entry processor to the key's owner with the user marshaller, and its
 * default, ProtoStream, cannot marshal a plain Serializable class, so the user marshaller is
 * Java serialization, allowed for the benchmark's processor package only.
 */
final class InfinispanPool implements Pool {

  private static final String PROVIDER = "org.infinispan.jcache.embedded.JCachingProvider";

  private final Driver driver;
  private final List<CacheManager> managers = new ArrayList<>();

  private InfinispanPool(Driver driver) {
    this.driver = driver;
  }

  static InfinispanPool start(Driver driver) {
    InfinispanPool pool = new InfinispanPool(driver);
    try {
      pool.startMembers();
    } catch (Exception e) {
      pool.close();
      throw new IllegalStateException("starting the Infinispan pool failed: " + e, e);
    } catch (Error e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  private void startMembers() throws Exception {
    int memberCount = driver.memberCount();
    List<Integer> ports = LoopbackPorts.free(memberCount);
    String clusterName = "bench-" + Long.toHexString(System.nanoTime());
    CachingProvider provider = Caching.getCachingProvider(PROVIDER,
        InfinispanPool.class.getClassLoader());
    Configuration distributed = distributedCache();
    for (int i = 0; i < memberCount; i++) {
      GlobalConfigurationBuilder global = new GlobalConfigurationBuilder();
      global.transport()
          .clusterName(clusterName)
          .nodeName("member-" + i)
          .transport(new JGroupsTransport(LoopbackStack.channel(ports.get(i), ports)));
      global.zeroCapacityNode(i >= STORAGE_MEMBERS);
      global.serialization()
          .marshaller(new JavaSerializationMarshaller())
          .allowList().addRegexp(Increment.class.getPackageName().replace(".", "\\.")
              + "\\..*");
      Properties properties = new Properties();
      properties.put(GlobalConfigurationBuilder.class.getName(), global);
      properties.put(JCacheManager.CACHE_CONFIGURATION_FUNCTION,
          (Function<String, Configuration>) name -> distributed);
      // The provider keeps one manager per URI, so each member needs its own URI. No file has
      // that name, and Infinispan 16.0.7 then uses the properties alone.
      URI uri = URI.create(clusterName + "-member-" + i);
      managers.add(provider.getCacheManager(uri, InfinispanPool.class.getClassLoader(),
          properties));
    }
  }

  private static Configuration distributedCache() {
    ConfigurationBuilder builder = new ConfigurationBuilder();
    builder.clustering().cacheMode(CacheMode.DIST_SYNC).hash().numOwners(1 + BACKUPS);
    builder.encoding().mediaType("application/x-protostream");
    builder.statistics().enabled(false);
    return builder.build();
  }

  @Override
  public Cache<String, byte[]> openCache(String name) {
    return openOnEveryMember(name, manager -> Workload.openCache(manager, name));
  }

  @Override
  public Cache<String, Long> openCounters() {
    return openOnEveryMember(Workload.COUNTER_CACHE, Workload::openCounters);
  }

  /**
   * Creates the cache on every member, storage members first, and waits until it has started
   * on all of them with no rebalance in progress. Infinispan places a cache's data only on the
   * members where the cache has started.
   */
  private <V> Cache<String, V> openOnEveryMember(String name,
      Function<CacheManager, Cache<String, V>> open) {
    Cache<String, V> driverCache = null;
    for (int i = 0; i < managers.size(); i++) {
      Cache<String, V> cache = open.apply(managers.get(i));
      if (managers.get(i) == manager()) {
        driverCache = cache;
      }
    }
    AdvancedCache<?, ?> advanced = driverCache.unwrap(org.infinispan.Cache.class)
        .getAdvancedCache();
    DistributionManager distribution = advanced.getDistributionManager();
    int memberCount = driver.memberCount();
    Pools.awaitCondition("Infinispan cache " + name + " is spread over the members", () ->
        distribution.getCacheTopology().getMembers().size() == memberCount
            && !distribution.isRehashInProgress());
    return driverCache;
  }

  @Override
  public CacheManager manager() {
    return managers.get(driver == Driver.CLIENT ? managers.size() - 1 : 0);
  }

  @Override
  public Driver driver() {
    return driver;
  }

  /**
   * Stops every member at once. Stopped one after another, each member would leave before the
   * others finished moving its data, and Infinispan logs an error for every cache that lost
   * both owners of some segments.
   */
  @Override
  public void close() {
    List<Thread> stopping = new ArrayList<>();
    for (CacheManager manager : managers) {
      Thread thread = new Thread(manager::close, "stop-" + manager.getURI());
      thread.start();
      stopping.add(thread);
    }
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    managers.clear();
  }
}
