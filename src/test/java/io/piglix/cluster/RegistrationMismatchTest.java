package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.piglix.PiglixCacheManager;
import io.piglix.serialization.ClassAllowList;
import io.piglix.serialization.SerializationConfig;
import io.piglix.serialization.fixtures.Order;
import io.piglix.serialization.fixtures.Point;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A joiner whose Kryo registration table or allow list differs from the pool's is rejected,
 * and the message on both sides names the differing classes.
 */
class RegistrationMismatchTest {

  @Test
  void differingRegistrationsNamedOnBothSides() {
    Logger logger = (Logger) LoggerFactory.getLogger(ClusterNode.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (TestCluster cluster = new TestCluster(2, 1, 31)) {
      PiglixCacheManager pool = cluster.start(0, settings -> settings, serialization(
          List.of("io.piglix.serialization.fixtures"), Map.of(Point.class, 1000)));
      Cache<String, String> cache = pool.createCache("intact",
          new MutableConfiguration<String, String>());
      cache.put("before", "value");
      String poolName = TestCluster.node(pool).member().toString();

      assertThatThrownBy(() -> cluster.start(1, settings -> settings, serialization(
          List.of("io.piglix.serialization.fixtures", "com.example.extra"),
          Map.of(Order.class, 1000, Point.class, 1001))))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("was rejected by")
          .hasMessageContaining("serialization registrations differ")
          .hasMessageContaining("id 1000 is " + Point.class.getName() + " on " + poolName
              + " but " + Order.class.getName() + " on ")
          .hasMessageContaining("id 1001 is " + Point.class.getName() + " only on ")
          .hasMessageContaining("allow-list package com.example.extra only on ");

      assertThat(messages(logs)).anySatisfy(message -> assertThat(message)
          .contains("rejected member")
          .contains("id 1000 is " + Point.class.getName() + " on " + poolName)
          .contains("allow-list package com.example.extra only on "));
      assertThat(messages(logs)).anySatisfy(message -> assertThat(message)
          .contains("was rejected by")
          .contains("id 1000 is " + Point.class.getName() + " on " + poolName)
          .contains("allow-list package com.example.extra only on "));
      assertThat(cache.get("before")).isEqualTo("value");
      assertThat(TestCluster.node(pool).storageWeights(null)).hasSize(1);
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void equalRegistrationsJoin() {
    try (TestCluster cluster = new TestCluster(2, 1, 31)) {
      SerializationConfig shared = serialization(List.of("io.piglix.serialization.fixtures"),
          Map.of(Point.class, 1000));
      PiglixCacheManager first = cluster.start(0, settings -> settings, shared);
      cluster.start(1, settings -> settings, shared);

      assertThat(TestCluster.node(first).storageWeights(null)).hasSize(2);
      assertThat(TestCluster.node(first).view().size()).isEqualTo(2);
    }
  }

  private static SerializationConfig serialization(List<String> packages,
      Map<Class<?>, Integer> registrations) {
    Map<String, Integer> byName = new LinkedHashMap<>();
    registrations.forEach((type, id) -> byName.put(type.getName(), id));
    return new SerializationConfig(new ClassAllowList(packages, List.of()), byName,
        SerializationConfig.DEFAULT_MAX_OBJECT_SIZE, SerializationConfig.DEFAULT_MAX_DEPTH);
  }

  private static List<String> messages(ListAppender<ILoggingEvent> logs) {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
