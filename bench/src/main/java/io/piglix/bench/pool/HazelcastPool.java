package io.piglix.bench.pool;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;

/**
 * A Hazelcast pool: three embedded members and, for a client driver, a lite member (a member
 * that owns no partitions), on 127.0.0.1 with TCP-IP join. Multicast, auto-detection and the
 * phone-home call are off, and members bind only to 127.0.0.1.
 */
public final class HazelcastPool implements Pool {

  /** System property that makes Hazelcast's JCache provider a member, not a client. */
  public static final String PROVIDER_TYPE_PROPERTY = "hazelcast.jcache.provider.type";

  private final Driver driver;
  private final List<HazelcastInstance> members = new ArrayList<>();
  private HazelcastMemberCachingProvider cachingProvider;
  private CacheManager driverManager;

  private HazelcastPool(Driver driver) {
    this.driver = driver;
  }

  static HazelcastPool start(Driver driver) {
    HazelcastPool pool = new HazelcastPool(driver);
    try {
      pool.startMembers();
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  /**
   * Starts a single member that forms a cluster of its own, for measurements of one member.
   */
  public static HazelcastPool startStandalone() {
    HazelcastPool pool = new HazelcastPool(Driver.STORAGE);
    try {
      pool.startMembers(1);
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  private void startMembers() {
    startMembers(driver.memberCount());
  }

  private void startMembers(int memberCount) {
    List<Integer> ports = LoopbackPorts.free(memberCount);
    String clusterName = "bench-" + Long.toHexString(System.nanoTime());
    for (int i = 0; i < memberCount; i++) {
      boolean lite = i >= STORAGE_MEMBERS;
      members.add(Hazelcast.newHazelcastInstance(memberConfig(clusterName, ports.get(i), ports,
          lite)));
    }
    HazelcastInstance driverMember = members.get(driver == Driver.CLIENT ? memberCount - 1 : 0);
    Pools.awaitCondition("the Hazelcast pool of " + memberCount + " members is safe", () ->
        driverMember.getCluster().getMembers().size() == memberCount
            && driverMember.getPartitionService().isClusterSafe());
    cachingProvider = new HazelcastMemberCachingProvider();
    driverManager = openCacheManager(cachingProvider, driverMember);
  }

  /**
   * Returns the configuration of one member: TCP-IP join with the listed ports on 127.0.0.1
   * only, no multicast, no auto-detection, no phone-home, Jet off.
   */
  public static Config memberConfig(String clusterName, int port, List<Integer> ports,
      boolean lite) {
    System.setProperty(PROVIDER_TYPE_PROPERTY, "member");
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setInstanceName(clusterName + "-" + port);
    config.setLiteMember(lite);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.health.monitoring.level", "OFF");
    // A member waits 5 s by default before it joins, to collect the others' join requests.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.getJetConfig().setEnabled(false);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(LoopbackPorts.ADDRESS);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (int member : ports) {
      join.getTcpIpConfig().addMember(LoopbackPorts.ADDRESS + ":" + member);
    }
    return config;
  }

  /** Opens a JCache manager on an existing member, through Hazelcast's member provider. */
  public static CacheManager openCacheManager(HazelcastMemberCachingProvider provider,
      HazelcastInstance member) {
    return provider.getCacheManager(provider.getDefaultURI(),
        HazelcastPool.class.getClassLoader(),
        HazelcastCachingProvider.propertiesByInstanceItself(member));
  }

  /** Returns whether a cache manager belongs to Hazelcast. */
  public static boolean isHazelcast(CacheManager manager) {
    return manager.getClass().getName().startsWith("com.hazelcast.");
  }

  /**
   * Returns a Hazelcast cache configuration with the standard settings of {@code standard}, one
   * synchronous backup and an entry limit of {@code Integer.MAX_VALUE}, so nothing is evicted.
   * Hazelcast 5.7.0 rejects the eviction policy NONE for a cache, so the policy is LRU.
   */
  public static <K, V> CacheConfig<K, V> unboundedCacheConfig(
      CompleteConfiguration<K, V> standard) {
    CacheConfig<K, V> config = new CacheConfig<>(standard);
    config.setBackupCount(BACKUPS);
    config.setEvictionConfig(new EvictionConfig()
        .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
        .setSize(Integer.MAX_VALUE)
        .setEvictionPolicy(EvictionPolicy.LRU));
    return config;
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
    if (driverManager != null) {
      driverManager.close();
    }
    if (cachingProvider != null) {
      cachingProvider.close();
    }
    for (int i = members.size() - 1; i >= 0; i--) {
      members.get(i).getLifecycleService().terminate();
    }
    members.clear();
  }
}
