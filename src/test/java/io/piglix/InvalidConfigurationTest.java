package io.piglix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.piglix.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opens cache managers on invalid configuration files through the javax.cache API. */
class InvalidConfigurationTest {

  @TempDir
  Path directory;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content);
  }

  private static void open(Path file) {
    CacheManager manager = Caching.getCachingProvider().getCacheManager(file.toUri(),
        InvalidConfigurationTest.class.getClassLoader());
    manager.close();
  }

  @Test
  void unknownElement_rejectedWithFileLineColumn() throws IOException {
    Path file = write("unknown-element.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <piglix xmlns="urn:piglix:config:1.0">
          <serialisation/>
        </piglix>
        """);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file.toUri() + ":3:")
        .hasMessageContaining("serialisation");
  }

  @Test
  void invalidAttributeValue_rejectedWithFileLineColumn() throws IOException {
    Path file = write("bad-count.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <piglix xmlns="urn:piglix:config:1.0">

          <cluster partitions="0"/>
        </piglix>
        """);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageMatching("(?s).*" + file.toUri() + ":4:\\d+: .*")
        .hasMessageContaining("0");
  }

  @Test
  void malformedXml_rejectedWithFileLineColumn() throws IOException {
    Path file = write("malformed.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <piglix xmlns="urn:piglix:config:1.0">
          <partitions count="7">
        </piglix>
        """);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageMatching("(?s).*" + file.toUri() + ":\\d+:\\d+: .*");
  }

  @Test
  void wrongNamespace_rejectedNamingFile() throws IOException {
    Path file = write("namespace.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <piglix xmlns="urn:other"/>
        """);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file.toUri().toString());
  }

  @Test
  void missingFile_rejectedNamingPath() {
    Path file = directory.resolve("absent.xml");

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not found");
  }

  @Test
  void duplicateRegistrationId_rejectedWithLineAndId() throws IOException {
    Path file = write("duplicate-id.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <piglix xmlns="urn:piglix:config:1.0">
          <serialization>
            <register class="com.example.A" id="1000"/>
            <register class="com.example.B" id="1000"/>
          </serialization>
        </piglix>
        """);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageMatching("(?s).*" + file.toUri() + ":5:\\d+: .*")
        .hasMessageContaining("[1000]");
  }

  @Test
  void tooSmallObjectSize_rejectedNamingValue() throws IOException {
    Path file = write("small-size.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <piglix xmlns="urn:piglix:config:1.0">
          <serialization max-object-size="10"/>
        </piglix>
        """);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("max-object-size")
        .hasMessageContaining("10");
  }

  @Test
  void hugeObjectSize_rejectedAsConfigurationError() throws IOException {
    Path file = write("huge-size.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <piglix xmlns="urn:piglix:config:1.0">
          <serialization max-object-size="99999999999999999999"/>
        </piglix>
        """);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("max-object-size");
  }

  @Test
  void overflowingSizeSuffix_rejectedAsConfigurationError() throws IOException {
    Path file = write("overflow-size.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <piglix xmlns="urn:piglix:config:1.0">
          <serialization max-object-size="9999999999g"/>
        </piglix>
        """);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("max-object-size");
  }

  @Test
  void validFile_opensManager() throws IOException {
    Path file = write("valid.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <piglix xmlns="urn:piglix:config:1.0">
          <serialization>
            <allow-package name="com.example"/>
          </serialization>
        </piglix>
        """);
    CacheManager manager = Caching.getCachingProvider().getCacheManager(file.toUri(),
        getClass().getClassLoader());

    assertThat(manager.isClosed()).isFalse();
    manager.close();
  }
}
