package io.piglix.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  private static final String PROPERTY = "piglix.test.cluster-name";
  private static final String MISSING_VARIABLE = "PIGLIX_TEST_VARIABLE_THAT_IS_NEVER_SET";

  @AfterEach
  void clearProperty() {
    System.clearProperty(PROPERTY);
  }

  private static PiglixConfig parseCluster(String attributes) {
    String xml = "<piglix xmlns=\"urn:piglix:config:1.0\">\n  <cluster " + attributes
        + "/>\n</piglix>\n";
    return ConfigLoader.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
        URI.create("classpath:test.xml"));
  }

  @Test
  void systemPropertyResolved() {
    System.setProperty(PROPERTY, "from-property");

    assertThat(parseCluster("name=\"${sys:" + PROPERTY + "}\"").cluster().name())
        .isEqualTo("from-property");
  }

  @Test
  void systemPropertyWinsOverDefault() {
    System.setProperty(PROPERTY, "from-property");

    assertThat(parseCluster("name=\"${sys:" + PROPERTY + ":-fallback}\"").cluster().name())
        .isEqualTo("from-property");
  }

  @Test
  void missingSystemPropertyTakesDefault() {
    assertThat(parseCluster("name=\"${sys:" + PROPERTY + ":-fallback}\"").cluster().name())
        .isEqualTo("fallback");
  }

  @Test
  void environmentVariableResolved() {
    String path = System.getenv("PATH");

    assertThat(path).isNotNull();
    assertThat(parseCluster("name=\"${env:PATH}\"").cluster().name()).isEqualTo(path);
  }

  @Test
  void environmentVariableWinsOverDefault() {
    assertThat(parseCluster("name=\"${env:PATH:-fallback}\"").cluster().name())
        .isEqualTo(System.getenv("PATH"));
  }

  @Test
  void missingEnvironmentVariableTakesDefault() {
    assertThat(System.getenv(MISSING_VARIABLE)).isNull();
    assertThat(parseCluster("name=\"${env:" + MISSING_VARIABLE + ":-fallback}\"").cluster()
        .name()).isEqualTo("fallback");
  }

  @Test
  void placeholdersAmongTextResolved() {
    System.setProperty(PROPERTY, "orders");

    assertThat(parseCluster("name=\"pool-${sys:" + PROPERTY + "}-${env:" + MISSING_VARIABLE
        + ":-eu}\"").cluster().name()).isEqualTo("pool-orders-eu");
  }

  @Test
  void resolvedValueIsValidated() {
    System.setProperty(PROPERTY, "5s");

    assertThat(parseCluster("operation-timeout=\"${sys:" + PROPERTY + "}\"").cluster()
        .operationTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void invalidResolvedValueRejected() {
    System.setProperty(PROPERTY, "twelve");

    assertThatThrownBy(() -> parseCluster("partitions=\"${sys:" + PROPERTY + "}\""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:2:58:", "'twelve' is not a valid value",
            "attribute 'partitions' on element 'cluster'");
  }

  @Test
  void missingSystemPropertyRejected() {
    assertThatThrownBy(() -> parseCluster("name=\"${sys:" + PROPERTY + "}\""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:2:52:",
            "placeholder '${sys:" + PROPERTY + "}' in attribute name of <cluster> is not set",
            "set the system property " + PROPERTY + " (-D" + PROPERTY + "=...)",
            "or give a default as in ${sys:" + PROPERTY + ":-value}");
  }

  @Test
  void missingEnvironmentVariableRejected() {
    assertThatThrownBy(() -> parseCluster("name=\"${env:" + MISSING_VARIABLE + "}\""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:2:",
            "placeholder '${env:" + MISSING_VARIABLE + "}' in attribute name of <cluster>"
                + " is not set",
            "set the environment variable " + MISSING_VARIABLE);
  }

  @Test
  void unknownPlaceholderKindRejected() {
    assertThatThrownBy(() -> parseCluster("name=\"${property:x}\""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:2:",
            "unsupported placeholder '${property:x}'", "use ${sys:name}");
  }

  @Test
  void unterminatedPlaceholderRejected() {
    assertThatThrownBy(() -> parseCluster("name=\"${sys:x\""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:2:", "unterminated placeholder '${sys:x'");
  }

  @Test
  void fakeEnvironmentUsedByResolver() {
    Placeholders placeholders = new Placeholders(name -> null,
        name -> name.equals("ROLE") ? "client" : null);
    String xml = "<piglix xmlns=\"urn:piglix:config:1.0\"><cluster role=\"${env:ROLE}\"/>"
        + "</piglix>";

    PiglixConfig config = ConfigLoader.parse(new ByteArrayInputStream(
        xml.getBytes(StandardCharsets.UTF_8)), URI.create("classpath:test.xml"), placeholders);

    assertThat(config.cluster().role()).isEqualTo(MemberRole.CLIENT);
  }
}
