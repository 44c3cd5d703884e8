package io.piglix.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The files under config/: valid, and the schema copy equal to the one in the jar. */
class ConfigFilesTest {

  private static final Path CONFIG = Path.of("config");

  @Test
  void schemaCopyMatchesJar() throws IOException {
    byte[] shipped;
    try (InputStream in = ConfigFilesTest.class.getResourceAsStream(
        "/io/piglix/piglix-config-1.0.xsd")) {
      shipped = in.readAllBytes();
    }

    assertThat(Files.readAllBytes(CONFIG.resolve("piglix-config-1.0.xsd")))
        .as("config/piglix-config-1.0.xsd must be a copy of"
            + " src/main/resources/io/piglix/piglix-config-1.0.xsd")
        .isEqualTo(shipped);
  }

  @Test
  void defaultFileIsStandalone() {
    PiglixConfig config = ConfigLoader.load(CONFIG.resolve("piglix.xml").toUri(),
        ConfigFilesTest.class.getClassLoader());

    assertThat(config.cluster()).isNull();
    assertThat(config.caches()).isEmpty();
    assertThat(config.partitionCount()).isEqualTo(PiglixConfig.DEFAULT_PARTITION_COUNT);
  }

  @Test
  void loopbackMemberFileJoinsPool() {
    PiglixConfig config = ConfigLoader.load(
        CONFIG.resolve("piglix-loopback-member.xml").toUri(),
        ConfigFilesTest.class.getClassLoader());

    assertThat(config.cluster()).isNotNull();
    assertThat(config.cluster().name()).isEqualTo("piglix-loopback");
    assertThat(config.cluster().stack()).isEqualTo(ClusterConfig.DEFAULT_STACK);
    assertThat(config.cluster().role()).isEqualTo(MemberRole.STORAGE);
    assertThat(config.cluster().contributedBytes()).isEqualTo(256L << 20);
  }
}
