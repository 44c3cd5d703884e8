package io.piglix.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code <security>} element: where the shared secret comes from and its errors. */
class SecurityConfigTest {

  private static final String SECRET = "0123456789abcdef-pool-secret";

  @TempDir
  Path directory;

  @Test
  void secretFileReadWithoutTrailingNewline() throws IOException {
    Path file = directory.resolve("pool.secret");
    Files.writeString(file, SECRET + "\n");

    ClusterConfig cluster = parseFile("<cluster name=\"shop\">\n"
        + "    <security secret-file=\"" + file + "\"/>\n  </cluster>").cluster();

    assertThat(cluster.secret().bytes()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(cluster.secret().origin()).isEqualTo("file " + file);
    assertThat(cluster.stack()).isEqualTo(ClusterConfig.DEFAULT_SECURE_STACK);
  }

  @Test
  void relativeSecretFileResolvedNextToConfig() throws IOException {
    Files.writeString(directory.resolve("pool.secret"), SECRET);

    ClusterConfig cluster = parseFile("<cluster>\n"
        + "    <security secret-file=\"pool.secret\"/>\n  </cluster>").cluster();

    assertThat(cluster.secret().bytes()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void secretEnvironmentVariableRead() {
    ClusterConfig cluster = parseWithEnvironment("<cluster>\n"
        + "    <security secret-env=\"POOL_SECRET\"/>\n  </cluster>",
        Map.of("POOL_SECRET", SECRET)).cluster();

    assertThat(cluster.secret().bytes()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(cluster.secret().origin()).isEqualTo("environment variable POOL_SECRET");
  }

  @Test
  void explicitStackKeptWithSecret() {
    ClusterConfig cluster = parseWithEnvironment("<cluster stack=\"file:/etc/piglix/s.xml\">\n"
        + "    <security secret-env=\"POOL_SECRET\"/>\n  </cluster>",
        Map.of("POOL_SECRET", SECRET)).cluster();

    assertThat(cluster.stack()).isEqualTo(URI.create("file:/etc/piglix/s.xml"));
  }

  @Test
  void noSecurityKeepsPlainStack() {
    ClusterConfig cluster = parseWithEnvironment("<cluster/>", Map.of()).cluster();

    assertThat(cluster.secret()).isNull();
    assertThat(cluster.stack()).isEqualTo(ClusterConfig.DEFAULT_STACK);
  }

  @Test
  void secretNeverInToString() {
    ClusterConfig cluster = parseWithEnvironment("<cluster>\n"
        + "    <security secret-env=\"POOL_SECRET\"/>\n  </cluster>",
        Map.of("POOL_SECRET", SECRET)).cluster();

    assertThat(cluster.secret().toString())
        .isEqualTo("SharedSecret[from environment variable POOL_SECRET]")
        .doesNotContain(SECRET);
  }

  @Test
  void missingSecretFileFailsWithLocation() {
    Path file = directory.resolve("absent.secret");

    assertThatThrownBy(() -> parseFile("<cluster>\n"
        + "    <security secret-file=\"" + file + "\"/>\n  </cluster>"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(directory.resolve("piglix.xml").toUri() + ":3:")
        .hasMessageContaining(file + " does not exist or is not a regular file")
        .hasMessageContaining("openssl rand -base64 32");
  }

  @Test
  void unreadableSecretFileFailsWithLocation() throws IOException {
    Path file = directory.resolve("locked.secret");
    Files.writeString(file, SECRET);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file),
        "the test user can read files without permission, as root can");

    assertThatThrownBy(() -> parseFile("<cluster>\n"
        + "    <security secret-file=\"" + file + "\"/>\n  </cluster>"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(":3:")
        .hasMessageContaining("cannot read " + file);
  }

  @Test
  void directoryAsSecretFileFails() {
    assertThatThrownBy(() -> parseFile("<cluster>\n"
        + "    <security secret-file=\"" + directory + "\"/>\n  </cluster>"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(":3:")
        .hasMessageContaining("is not a regular file");
  }

  @Test
  void unsetVariableFailsWithLocation() {
    assertThatThrownBy(() -> parseWithEnvironment("<cluster>\n"
        + "    <security secret-env=\"POOL_SECRET\"/>\n  </cluster>", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("classpath:test.xml:3:")
        .hasMessageContaining("the environment variable POOL_SECRET is not set");
  }

  @Test
  void shortSecretFails() {
    assertThatThrownBy(() -> parseWithEnvironment("<cluster>\n"
        + "    <security secret-env=\"POOL_SECRET\"/>\n  </cluster>",
        Map.of("POOL_SECRET", "short\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("classpath:test.xml:3:")
        .hasMessageContaining("has 5 bytes; use at least 16 bytes")
        .hasMessageNotContaining("short\n");
  }

  @Test
  void bothSourcesFail() {
    assertThatThrownBy(() -> parseWithEnvironment("<cluster>\n"
        + "    <security secret-env=\"POOL_SECRET\" secret-file=\"/etc/s\"/>\n  </cluster>",
        Map.of("POOL_SECRET", SECRET)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("classpath:test.xml:3:")
        .hasMessageContaining("set exactly one of secret-file and secret-env");
  }

  @Test
  void noSourceFails() {
    assertThatThrownBy(() -> parseWithEnvironment("<cluster>\n"
        + "    <security/>\n  </cluster>", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("classpath:test.xml:3:")
        .hasMessageContaining("set exactly one of secret-file and secret-env");
  }

  @Test
  void invalidVariableNameRejectedBySchema() {
    assertThatThrownBy(() -> parseWithEnvironment("<cluster>\n"
        + "    <security secret-env=\"POOL-SECRET\"/>\n  </cluster>", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("classpath:test.xml:3:")
        .hasMessageContaining("attribute 'secret-env' on element 'security'");
  }

  @Test
  void shippedExampleEnablesSecurity() throws IOException {
    Path example = Path.of("config", "piglix-secure-member.xml");
    Path copy = directory.resolve("piglix-secure-member.xml");
    Files.copy(example, copy);
    Files.writeString(directory.resolve("pool.secret"), SECRET + "\n");

    PiglixConfig config = ConfigLoader.load(copy.toUri(),
        SecurityConfigTest.class.getClassLoader());

    assertThat(config.cluster().secret().bytes())
        .isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(config.cluster().stack()).isEqualTo(ClusterConfig.DEFAULT_SECURE_STACK);
  }

  @Test
  void secureStackCopyMatchesJar() throws IOException {
    byte[] shipped;
    try (var in = SecurityConfigTest.class.getResourceAsStream(
        "/io/piglix/jgroups-tcp-secure.xml")) {
      shipped = in.readAllBytes();
    }

    assertThat(Files.readAllBytes(Path.of("config", "jgroups-tcp-secure.xml")))
        .as("config/jgroups-tcp-secure.xml must be a copy of the one in the jar")
        .isEqualTo(shipped);
  }

  /** Parses a file in the temporary directory whose cluster element starts on line 2. */
  private PiglixConfig parseFile(String cluster) throws IOException {
    Path file = directory.resolve("piglix.xml");
    Files.writeString(file, "<piglix xmlns=\"urn:piglix:config:1.0\">\n  " + cluster
        + "\n</piglix>\n");
    return ConfigLoader.load(file.toUri(), SecurityConfigTest.class.getClassLoader());
  }

  private static PiglixConfig parseWithEnvironment(String cluster,
      Map<String, String> environment) {
    String xml = "<piglix xmlns=\"urn:piglix:config:1.0\">\n  " + cluster + "\n</piglix>\n";
    Placeholders placeholders = new Placeholders(name -> null, environment::get);
    return ConfigLoader.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
        URI.create("classpath:test.xml"), placeholders);
  }
}
