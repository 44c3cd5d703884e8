package io.piglix.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.piglix.serialization.SerializationConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static final String LISTENER = ConfigTestClasses.Listener.class.getName();

  private static PiglixConfig loadFull() {
    return ConfigLoader.load(URI.create("classpath:io/piglix/configuration/full.xml"),
        ConfigLoaderTest.class.getClassLoader());
  }

  static PiglixConfig parse(String xml) {
    return ConfigLoader.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
        URI.create("classpath:test.xml"));
  }

  @Test
  void clusterAttributesParsed() {
    PiglixConfig config = loadFull();
    ClusterConfig cluster = config.cluster();

    assertThat(config.source()).isEqualTo(
        URI.create("classpath:io/piglix/configuration/full.xml"));
    assertThat(cluster.name()).isEqualTo("orders-pool");
    assertThat(cluster.stack()).isEqualTo(URI.create("file:/etc/piglix/jgroups.xml"));
    assertThat(cluster.role()).isEqualTo(MemberRole.STORAGE);
    assertThat(cluster.contributedBytes()).isEqualTo(1L << 30);
    assertThat(cluster.backupCount()).isEqualTo(2);
    assertThat(cluster.operationTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(cluster.maxRequestsInFlight()).isEqualTo(64);
    assertThat(cluster.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(cluster.port()).isEqualTo(7900);
    assertThat(cluster.members()).containsExactly("127.0.0.1[7900]", "localhost:7901");
    assertThat(config.partitionCount()).isEqualTo(1021);
  }

  @Test
  void serializationParsed() {
    SerializationConfig serialization = loadFull().serialization();

    assertThat(serialization.maxObjectSize()).isEqualTo(2 << 20);
    assertThat(serialization.maxDepth()).isEqualTo(64);
    assertThat(serialization.allowList().packages()).containsExactly("com.example.shop");
    assertThat(serialization.allowList().classNames())
        .containsExactly("com.example.billing.Invoice");
    assertThat(serialization.registrations()).containsExactly(
        Map.entry("com.example.shop.Order", 1000), Map.entry("com.example.shop.Line", 1001));
  }

  @Test
  void cacheAttributesAndChildrenParsed() {
    CacheDefinition orders = loadFull().caches().get("orders");

    assertThat(orders.name()).isEqualTo("orders");
    assertThat(orders.keyType()).isEqualTo("java.lang.String");
    assertThat(orders.valueType()).isEqualTo("java.lang.String");
    assertThat(orders.isStatisticsEnabled()).isFalse();
    assertThat(orders.isManagementEnabled()).isTrue();
    assertThat(orders.backupCount()).isEqualTo(OptionalInt.of(3));
    assertThat(orders.expiry().policy()).isEqualTo(ExpiryDefinition.Policy.TOUCHED);
    assertThat(orders.expiry().duration()).isEqualTo(Duration.ofHours(2));
    assertThat(orders.loader().className())
        .isEqualTo(ConfigTestClasses.LoaderFactory.class.getName());
    assertThat(orders.writer().className())
        .isEqualTo(ConfigTestClasses.WriterFactory.class.getName());
    assertThat(orders.location().line()).isEqualTo(21);
  }

  @Test
  void cacheListenersParsed() {
    List<ListenerDefinition> listeners = loadFull().caches().get("orders").listeners();

    assertThat(listeners).hasSize(2);
    ListenerDefinition first = listeners.get(0);
    assertThat(first.listener().className())
        .isEqualTo(ConfigTestClasses.ListenerFactory.class.getName());
    assertThat(first.filter().className()).isEqualTo(ConfigTestClasses.Filter.class.getName());
    assertThat(first.oldValueRequired()).isTrue();
    assertThat(first.synchronous()).isTrue();
    ListenerDefinition second = listeners.get(1);
    assertThat(second.listener().className()).isEqualTo(LISTENER);
    assertThat(second.filter().className())
        .isEqualTo(ConfigTestClasses.FilterFactory.class.getName());
    assertThat(second.oldValueRequired()).isFalse();
    assertThat(second.synchronous()).isFalse();
  }

  @Test
  void cacheBoundsMergedPerAttribute() {
    BoundsDefinition bounds = loadFull().caches().get("orders").bounds();

    assertThat(bounds.maxEntries()).isEqualTo(OptionalLong.of(50));
    assertThat(bounds.maxBytes()).isEqualTo(OptionalLong.of(64L << 20));
    assertThat(bounds.weight()).isEqualTo(2);
    assertThat(bounds.eviction()).isEqualTo(BoundsDefinition.Eviction.FREQUENCY);
  }

  @Test
  void cacheDefaultsApplyToPlainCache() {
    CacheDefinition inherits = loadFull().caches().get("inherits");

    assertThat(inherits.keyType()).isEqualTo("java.lang.Object");
    assertThat(inherits.valueType()).isEqualTo("java.lang.Object");
    assertThat(inherits.isStatisticsEnabled()).isTrue();
    assertThat(inherits.isManagementEnabled()).isFalse();
    assertThat(inherits.backupCount()).isEqualTo(OptionalInt.of(0));
    assertThat(inherits.expiry().policy()).isEqualTo(ExpiryDefinition.Policy.CREATED);
    assertThat(inherits.expiry().duration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(inherits.loader().className())
        .isEqualTo(ConfigTestClasses.Loader.class.getName());
    assertThat(inherits.writer().className())
        .isEqualTo(ConfigTestClasses.Writer.class.getName());
    assertThat(inherits.listeners()).extracting(l -> l.listener().className())
        .containsExactly(LISTENER);
    assertThat(inherits.bounds()).isEqualTo(new BoundsDefinition(OptionalLong.of(1000),
        OptionalLong.of(64L << 20), 2, BoundsDefinition.Eviction.LFU));
  }

  @Test
  void cachesKeepDeclarationOrder() {
    assertThat(loadFull().caches().keySet()).containsExactly("orders", "inherits");
  }

  @Test
  void emptyFileIsStandaloneWithDefaults() {
    PiglixConfig config = parse("<piglix xmlns=\"urn:piglix:config:1.0\"/>");

    assertThat(config.cluster()).isNull();
    assertThat(config.partitionCount()).isEqualTo(PiglixConfig.DEFAULT_PARTITION_COUNT);
    assertThat(config.serialization()).isEqualTo(SerializationConfig.defaults());
    assertThat(config.caches()).isEmpty();
  }

  @Test
  void emptyClusterHasDefaults() {
    ClusterConfig cluster = parse("""
        <piglix xmlns="urn:piglix:config:1.0"><cluster/></piglix>
        """).cluster();

    assertThat(cluster.name()).isEqualTo("piglix");
    assertThat(cluster.stack()).isEqualTo(ClusterConfig.DEFAULT_STACK);
    assertThat(cluster.role()).isEqualTo(MemberRole.STORAGE);
    assertThat(cluster.contributedBytes()).isEqualTo(256L << 20);
    assertThat(cluster.backupCount()).isEqualTo(ClusterConfig.DEFAULT_BACKUP_COUNT);
    assertThat(cluster.operationTimeout()).isEqualTo(ClusterConfig.DEFAULT_OPERATION_TIMEOUT);
    assertThat(cluster.maxRequestsInFlight())
        .isEqualTo(ClusterConfig.DEFAULT_MAX_REQUESTS_IN_FLIGHT);
    assertThat(cluster.bindAddress()).isNull();
    assertThat(cluster.port()).isZero();
    assertThat(cluster.members()).isEmpty();
    assertThat(cluster.minMembers()).isEqualTo(1);
    assertThat(cluster.splitProtection()).isEqualTo(SplitProtection.WRITES);
    assertThat(cluster.mergePolicy()).isEqualTo(MergePolicy.HIGHER_VERSION);
  }

  @Test
  void maxRequestsInFlightParsed() {
    ClusterConfig cluster = parse("""
        <piglix xmlns="urn:piglix:config:1.0"><cluster max-requests-in-flight=" 8 "/></piglix>
        """).cluster();

    assertThat(cluster.maxRequestsInFlight()).isEqualTo(8);
  }

  @Test
  void maxRequestsInFlightOutOfRangeRejected() {
    for (int invalid : new int[] {0, -1, ClusterConfig.MAX_REQUESTS_IN_FLIGHT_LIMIT + 1}) {
      assertThatThrownBy(() -> ClusterConfig.builder().maxRequestsInFlight(invalid))
          .as("max requests in flight %d", invalid)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("max requests in flight must be 1 to 100000, such as 256: " + invalid);
    }
  }

  @Test
  void splitBrainParsed() {
    ClusterConfig cluster = parse("""
        <piglix xmlns="urn:piglix:config:1.0">
          <cluster name="orders">
            <split-brain min-members="3" protect="reads-and-writes"
                merge-policy="latest-update"/>
          </cluster>
        </piglix>
        """).cluster();

    assertThat(cluster.name()).isEqualTo("orders");
    assertThat(cluster.minMembers()).isEqualTo(3);
    assertThat(cluster.splitProtection()).isEqualTo(SplitProtection.READS_AND_WRITES);
    assertThat(cluster.mergePolicy()).isEqualTo(MergePolicy.LATEST_UPDATE);
  }

  @Test
  void splitBrainAttributesHaveDefaults() {
    ClusterConfig cluster = parse("""
        <piglix xmlns="urn:piglix:config:1.0">
          <cluster><split-brain merge-policy="larger-side"/></cluster>
        </piglix>
        """).cluster();

    assertThat(cluster.minMembers()).isEqualTo(1);
    assertThat(cluster.splitProtection()).isEqualTo(SplitProtection.WRITES);
    assertThat(cluster.mergePolicy()).isEqualTo(MergePolicy.LARGER_SIDE);
  }

  @Test
  void clientMemberContributesNothing() {
    ClusterConfig cluster = parse("""
        <piglix xmlns="urn:piglix:config:1.0"><cluster role="client" contribute="1g"/></piglix>
        """).cluster();

    assertThat(cluster.role()).isEqualTo(MemberRole.CLIENT);
    assertThat(cluster.contributedBytes()).isZero();
  }

  @Test
  void emptyCacheHasJcacheDefaults() {
    CacheDefinition cache = parse("""
        <piglix xmlns="urn:piglix:config:1.0"><cache name="plain"/></piglix>
        """).caches().get("plain");

    assertThat(cache.keyType()).isEqualTo("java.lang.Object");
    assertThat(cache.isStatisticsEnabled()).isFalse();
    assertThat(cache.isManagementEnabled()).isFalse();
    assertThat(cache.backupCount()).isEmpty();
    assertThat(cache.expiry()).isEqualTo(ExpiryDefinition.ETERNAL);
    assertThat(cache.loader()).isNull();
    assertThat(cache.writer()).isNull();
    assertThat(cache.listeners()).isEmpty();
    assertThat(cache.bounds()).isEqualTo(BoundsDefinition.UNBOUNDED);
  }

  @Test
  void cacheExpiryReplacesDefaultExpiry() {
    CacheDefinition cache = parse("""
        <piglix xmlns="urn:piglix:config:1.0">
          <cache-defaults><expiry policy="accessed" duration="5s"/></cache-defaults>
          <cache name="forever"><expiry policy="eternal"/></cache>
        </piglix>
        """).caches().get("forever");

    assertThat(cache.expiry().policy()).isEqualTo(ExpiryDefinition.Policy.ETERNAL);
    assertThat(cache.expiry().duration()).isNull();
  }

  @Test
  void sizeSuffixesAreBinary() {
    assertThat(ConfigLoader.parseSize("512")).isEqualTo(512);
    assertThat(ConfigLoader.parseSize("64k")).isEqualTo(64 * 1024);
    assertThat(ConfigLoader.parseSize("16M")).isEqualTo(16L << 20);
    assertThat(ConfigLoader.parseSize("2g")).isEqualTo(2L << 30);
  }

  @Test
  void durationUnitsParsed() {
    assertThat(ConfigLoader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ConfigLoader.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ConfigLoader.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(ConfigLoader.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void builtInConfigurationIsStandalone() {
    PiglixConfig config = ConfigLoader.load(URI.create("classpath:io/piglix/piglix-default.xml"),
        ConfigLoaderTest.class.getClassLoader());

    assertThat(config.cluster()).isNull();
    assertThat(config.caches()).isEmpty();
    assertThat(config.serialization().allowList().packages()).isEqualTo(Set.of());
  }
}
