package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.piglix.PiglixCacheManager;
import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.SharedSecret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.jgroups.JChannel;
import org.jgroups.protocols.ASYM_ENCRYPT;
import org.jgroups.protocols.AUTH;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Members with the pool's shared secret form a pool. A member with another secret or none is
 * rejected when it joins and both sides log why. The rejected member never gets a cache
 * manager that could read the pool's entries.
 */
class MemberSecurityTest {

  private static final SharedSecret POOL_SECRET = secret("pool-secret-7f3a9c2e41d8b605");
  private static final SharedSecret WRONG_SECRET = secret("another-secret-0d9e8c7b6a5f4e3d");

  private final List<Logger> loggers = List.of(
      (Logger) LoggerFactory.getLogger(ClusterNode.class),
      (Logger) LoggerFactory.getLogger(SharedSecretAuthToken.class),
      (Logger) LoggerFactory.getLogger(REQUIRE_AUTH.class));
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    loggers.forEach(logger -> logger.addAppender(logs));
  }

  @AfterEach
  void releaseLogs() {
    loggers.forEach(logger -> logger.detachAppender(logs));
  }

  @Test
  void poolWithSecretEncryptsAndServes() {
    try (TestCluster cluster = new TestCluster(2, 1, 31)) {
      PiglixCacheManager first = startWith(cluster, 0, POOL_SECRET);
      PiglixCacheManager second = startWith(cluster, 1, POOL_SECRET);
      Cache<String, String> written = first.createCache("guarded",
          new MutableConfiguration<String, String>());
      for (int i = 0; i < 50; i++) {
        written.put("key-" + i, "value-" + i);
      }

      Cache<String, String> read = second.getCache("guarded");
      for (int i = 0; i < 50; i++) {
        assertThat(read.get("key-" + i)).isEqualTo("value-" + i);
      }
      JChannel channel = channelOf(second);
      assertThat(channel.getView().size()).isEqualTo(2);
      AUTH auth = channel.getProtocolStack().findProtocol(AUTH.class);
      assertThat(auth.getAuthToken()).isInstanceOf(SharedSecretAuthToken.class);
      ASYM_ENCRYPT encryption = channel.getProtocolStack().findProtocol(ASYM_ENCRYPT.class);
      assertThat(encryption).isNotNull();
      assertThat(encryption.secretKey()).as("group key from the coordinator").isNotNull();
      assertThat(messages()).noneSatisfy(message -> assertThat(message)
          .contains("pool-secret"));
    }
  }

  @Test
  void wrongSecretRejectedOnBothSides() {
    try (TestCluster cluster = new TestCluster(3, 1, 31)) {
      PiglixCacheManager first = startWith(cluster, 0, POOL_SECRET);
      startWith(cluster, 1, POOL_SECRET);
      Cache<String, String> cache = first.createCache("guarded",
          new MutableConfiguration<String, String>());
      cache.put("written", "by the pool");

      assertThatThrownBy(() -> startWith(cluster, 2, WRONG_SECRET))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("member was rejected by cluster")
          .hasMessageContaining("authentication failed");

      assertThat(messages()).anySatisfy(message -> assertThat(message)
          .contains("rejected the join request").contains("does not match this pool's"));
      assertThat(messages()).anySatisfy(message -> assertThat(message)
          .contains("member was rejected by cluster").contains("authentication failed"));
      assertThat(messages()).noneSatisfy(message -> assertThat(message)
          .containsAnyOf("pool-secret", "another-secret"));
      assertPoolIntact(first, cache);
    }
  }

  @Test
  void memberWithoutSecretRejectedOnBothSides() {
    try (TestCluster cluster = new TestCluster(3, 1, 31)) {
      PiglixCacheManager first = startWith(cluster, 0, POOL_SECRET);
      startWith(cluster, 1, POOL_SECRET);
      Cache<String, String> cache = first.createCache("guarded",
          new MutableConfiguration<String, String>());
      cache.put("written", "by the pool");

      assertThatThrownBy(() -> startWith(cluster, 2, null))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("member was rejected by cluster")
          .hasMessageContaining("requires the shared secret");

      assertThat(messages()).anySatisfy(message -> assertThat(message)
          .contains("rejected the join request").contains("carries no shared-secret proof"));
      assertThat(messages()).anySatisfy(message -> assertThat(message)
          .contains("member was rejected by cluster").contains("requires the shared secret"));
      assertPoolIntact(first, cache);
    }
  }

  @Test
  void secretWithPlainStackFailsClearly() {
    try (TestCluster cluster = new TestCluster(1, 1, 31)) {
      assertThatThrownBy(() -> cluster.start(0, settings -> settings.secret(POOL_SECRET)
          .stack(ClusterConfig.DEFAULT_STACK), TestCluster.defaultSerialization()))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("has no AUTH protocol with auth_class=\""
              + SharedSecretAuthToken.class.getName() + "\"")
          .hasMessageContaining(ClusterConfig.DEFAULT_SECURE_STACK.toString());
    }
  }

  @Test
  void secureStackWithoutSecretFailsClearly() {
    try (TestCluster cluster = new TestCluster(1, 1, 31)) {
      assertThatThrownBy(() -> cluster.start(0, settings -> settings
          .stack(ClusterConfig.DEFAULT_SECURE_STACK), TestCluster.defaultSerialization()))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("no shared secret was set")
          .hasMessageContaining("<security>");
    }
  }

  /**
   * Checks that the rejected member left no trace: the pool still has its two members and
   * serves the entry written before the attempt.
   */
  private static void assertPoolIntact(PiglixCacheManager first, Cache<String, String> cache) {
    assertThat(channelOf(first).getView().size()).isEqualTo(2);
    assertThat(TestCluster.node(first).storageWeights(null)).hasSize(2);
    assertThat(cache.get("written")).isEqualTo("by the pool");
  }

  private static PiglixCacheManager startWith(TestCluster cluster, int index,
      SharedSecret secret) {
    return cluster.start(index, settings -> settings.secret(secret),
        TestCluster.defaultSerialization());
  }

  private static JChannel channelOf(PiglixCacheManager manager) {
    return TestCluster.node(manager).channel();
  }

  private List<String> messages() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static SharedSecret secret(String text) {
    return new SharedSecret(text.getBytes(StandardCharsets.UTF_8), "test");
  }
}
