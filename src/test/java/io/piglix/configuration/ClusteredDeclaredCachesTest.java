package io.piglix.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import io.piglix.spi.PiglixCachingProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Members of one pool in this JVM, each with its own provider, started from configuration
 * files. System properties give each member its port as it loads the file.
 */
class ClusteredDeclaredCachesTest {

  private static final URI CLUSTERED = URI.create(
      "classpath:io/piglix/configuration/clustered-caches.xml");
  private static final ClassLoader LOADER = ClusteredDeclaredCachesTest.class.getClassLoader();

  private final List<PiglixCachingProvider> providers = new ArrayList<>();

  @AfterEach
  void closeMembers() {
    for (int i = providers.size() - 1; i >= 0; i--) {
      providers.get(i).close();
    }
    System.clearProperty("piglix.test.cluster");
    System.clearProperty("piglix.test.port");
    System.clearProperty("piglix.test.members");
    System.clearProperty("piglix.cluster.name");
  }

  private CacheManager startMember(URI configuration) {
    PiglixCachingProvider provider = new PiglixCachingProvider();
    providers.add(provider);
    return provider.getCacheManager(configuration, LOADER);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void declaredCacheSharedByPool() throws IOException {
    int[] ports = {freePort(), freePort(), freePort()};
    System.setProperty("piglix.test.cluster", "declared-" + System.nanoTime());
    System.setProperty("piglix.test.members", "127.0.0.1[" + ports[0] + "],127.0.0.1["
        + ports[1] + "],127.0.0.1[" + ports[2] + "]");
    List<CacheManager> managers = new ArrayList<>();
    for (int port : ports) {
      System.setProperty("piglix.test.port", Integer.toString(port));
      managers.add(startMember(CLUSTERED));
    }

    Cache<String, String> first = managers.get(0).getCache("greetings", String.class,
        String.class);
    first.put("en", "hello");

    for (CacheManager manager : managers) {
      Cache<String, String> greetings = manager.getCache("greetings", String.class,
          String.class);
      assertThat(greetings).isNotNull();
      assertThat(greetings.get("en")).isEqualTo("hello");
      assertThat(greetings.get("fr")).isEqualTo("loaded:fr");
    }
  }

  @Test
  void loopbackMemberFilesFormOnePool() {
    System.setProperty("piglix.cluster.name", "loopback-" + System.nanoTime());
    URI loopback = Path.of("config", "piglix-loopback-member.xml").toAbsolutePath().toUri();
    List<CacheManager> managers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      managers.add(startMember(loopback));
    }

    Cache<String, String> cache = managers.get(0).createCache("shared",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    for (int i = 0; i < 100; i++) {
      cache.put("key-" + i, "value-" + i);
    }

    for (CacheManager manager : managers) {
      Cache<String, String> shared = manager.getCache("shared", String.class, String.class);
      assertThat(shared).isNotNull();
      for (int i = 0; i < 100; i++) {
        assertThat(shared.get("key-" + i)).isEqualTo("value-" + i);
      }
    }
  }
}
