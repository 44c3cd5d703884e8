package io.piglix.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheDefinitionTest {

  private static final ClassLoader LOADER = CacheDefinitionTest.class.getClassLoader();
  private static final String CLASSES = ConfigTestClasses.class.getName();

  private static CacheDefinition declare(String cacheXml) {
    String xml = "<piglix xmlns=\"urn:piglix:config:1.0\">\n" + cacheXml + "\n</piglix>\n";
    PiglixConfig config = ConfigLoader.parse(new ByteArrayInputStream(
        xml.getBytes(StandardCharsets.UTF_8)), URI.create("classpath:test.xml"));
    return config.caches().values().iterator().next();
  }

  private static MutableConfiguration<Object, Object> fullOrders() {
    PiglixConfig config = ConfigLoader.load(
        URI.create("classpath:io/piglix/configuration/full.xml"), LOADER);
    return config.caches().get("orders").toConfiguration(LOADER);
  }

  @Test
  void typesAndFlagsCopied() {
    MutableConfiguration<Object, Object> configuration = fullOrders();

    assertThat(configuration.getKeyType()).isEqualTo(String.class);
    assertThat(configuration.getValueType()).isEqualTo(String.class);
    assertThat(configuration.isStatisticsEnabled()).isFalse();
    assertThat(configuration.isManagementEnabled()).isTrue();
    assertThat(configuration.isStoreByValue()).isTrue();
  }

  @Test
  void loaderAndWriterFactoriesUsed() {
    MutableConfiguration<Object, Object> configuration = fullOrders();

    assertThat(configuration.isReadThrough()).isTrue();
    assertThat(configuration.isWriteThrough()).isTrue();
    assertThat(configuration.getCacheLoaderFactory().create())
        .isInstanceOf(ConfigTestClasses.Loader.class);
    assertThat(configuration.getCacheLoaderFactory().create().load("k")).isEqualTo("loaded:k");
    assertThat(configuration.getCacheWriterFactory().create())
        .isInstanceOf(ConfigTestClasses.Writer.class);
  }

  @Test
  void loaderClassWithoutFactoryUsed() {
    MutableConfiguration<Object, Object> configuration = declare("<cache name=\"c\">"
        + "<read-through loader=\"" + CLASSES + "$Loader\"/></cache>").toConfiguration(LOADER);

    assertThat(configuration.getCacheLoaderFactory().create().load(7)).isEqualTo("loaded:7");
  }

  @Test
  void listenerConfigurationsCopied() {
    List<CacheEntryListenerConfiguration<Object, Object>> listeners = new ArrayList<>();
    fullOrders().getCacheEntryListenerConfigurations().forEach(listeners::add);
    // MutableConfiguration keeps listener configurations in a set, so find each by a flag.
    CacheEntryListenerConfiguration<Object, Object> synchronous = listeners.stream()
        .filter(CacheEntryListenerConfiguration::isSynchronous).findFirst().orElseThrow();
    CacheEntryListenerConfiguration<Object, Object> asynchronous = listeners.stream()
        .filter(listener -> !listener.isSynchronous()).findFirst().orElseThrow();

    assertThat(listeners).hasSize(2);
    assertThat(synchronous.getCacheEntryListenerFactory().create())
        .isInstanceOf(ConfigTestClasses.Listener.class);
    assertThat(synchronous.getCacheEntryEventFilterFactory().create())
        .isInstanceOf(ConfigTestClasses.Filter.class);
    assertThat(synchronous.isOldValueRequired()).isTrue();
    assertThat(asynchronous.getCacheEntryListenerFactory().create())
        .isInstanceOf(ConfigTestClasses.Listener.class);
    assertThat(asynchronous.getCacheEntryEventFilterFactory().create())
        .isInstanceOf(ConfigTestClasses.Filter.class);
    assertThat(asynchronous.isOldValueRequired()).isFalse();
  }

  @Test
  void listenerWithoutFilterHasNoFilterFactory() {
    CacheEntryListenerConfiguration<Object, Object> listener = declare("<cache name=\"c\">"
        + "<listener class=\"" + CLASSES + "$Listener\"/></cache>").toConfiguration(LOADER)
        .getCacheEntryListenerConfigurations().iterator().next();

    assertThat(listener.getCacheEntryEventFilterFactory()).isNull();
  }

  static Stream<Arguments> expiryPolicies() {
    return Stream.of(
        Arguments.of("created", CreatedExpiryPolicy.class),
        Arguments.of("accessed", AccessedExpiryPolicy.class),
        Arguments.of("modified", ModifiedExpiryPolicy.class),
        Arguments.of("touched", TouchedExpiryPolicy.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expiryPolicies")
  void expiryPolicyCreated(String policy, Class<? extends ExpiryPolicy> type) {
    ExpiryPolicy expiry = declare("<cache name=\"c\"><expiry policy=\"" + policy
        + "\" duration=\"90s\"/></cache>").toConfiguration(LOADER).getExpiryPolicyFactory()
        .create();

    assertThat(expiry).isInstanceOf(type);
    Duration expected = new Duration(TimeUnit.MILLISECONDS, 90_000);
    if (policy.equals("accessed")) {
      assertThat(expiry.getExpiryForAccess()).isEqualTo(expected);
    } else if (policy.equals("modified")) {
      assertThat(expiry.getExpiryForUpdate()).isEqualTo(expected);
    } else {
      assertThat(expiry.getExpiryForCreation()).isEqualTo(expected);
    }
  }

  @Test
  void eternalExpiryByDefault() {
    ExpiryPolicy expiry = declare("<cache name=\"c\"/>").toConfiguration(LOADER)
        .getExpiryPolicyFactory().create();

    assertThat(expiry).isInstanceOf(EternalExpiryPolicy.class);
  }

  @Test
  void missingKeyTypeRejected() {
    CacheDefinition cache = declare("<cache name=\"orders\" key-type=\"com.example.Missing\"/>");

    assertThatThrownBy(() -> cache.toConfiguration(LOADER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:2:54:", "cache 'orders'",
            "<cache name=\"orders\" key-type=\"com.example.Missing\">",
            "cannot load", "check the name and that the class is on the application's"
                + " classpath");
  }

  @Test
  void missingLoaderRejected() {
    CacheDefinition cache = declare("<cache name=\"orders\">\n"
        + "  <read-through loader=\"com.example.MissingLoader\"/>\n</cache>");

    assertThatThrownBy(() -> cache.toConfiguration(LOADER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:3:53:",
            "<read-through loader=\"com.example.MissingLoader\">", "cannot load");
  }

  @Test
  void writerOfWrongKindRejected() {
    CacheDefinition cache = declare("<cache name=\"orders\">\n"
        + "  <write-through writer=\"" + CLASSES + "$Loader\"/>\n</cache>");

    assertThatThrownBy(() -> cache.toConfiguration(LOADER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:3:", "cache 'orders'",
            "which is neither a javax.cache.configuration.Factory nor a"
                + " javax.cache.integration.CacheWriter");
  }

  @Test
  void listenerOfWrongKindRejected() {
    CacheDefinition cache = declare("<cache name=\"orders\">\n"
        + "  <listener class=\"java.lang.String\"/>\n</cache>");

    assertThatThrownBy(() -> cache.toConfiguration(LOADER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:3:39:",
            "<listener class=\"java.lang.String\">",
            "nor a javax.cache.event.CacheEntryListener");
  }

  @Test
  void filterOfWrongKindRejected() {
    CacheDefinition cache = declare("<cache name=\"orders\">\n"
        + "  <listener class=\"" + CLASSES + "$Listener\" filter=\"" + CLASSES
        + "$Writer\"/>\n</cache>");

    assertThatThrownBy(() -> cache.toConfiguration(LOADER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:3:", "filter=",
            "nor a javax.cache.event.CacheEntryEventFilter");
  }

  @Test
  void loaderWithoutNoArgConstructorRejected() {
    CacheDefinition cache = declare("<cache name=\"orders\">\n"
        + "  <read-through loader=\"" + CLASSES + "$LoaderWithArgument\"/>\n</cache>");

    assertThatThrownBy(() -> cache.toConfiguration(LOADER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:3:", "has no public no-arg constructor");
  }

  @Test
  void abstractLoaderRejected() {
    CacheDefinition cache = declare("<cache name=\"orders\">\n"
        + "  <read-through loader=\"javax.cache.integration.CacheLoader\"/>\n</cache>");

    assertThatThrownBy(() -> cache.toConfiguration(LOADER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:3:", "which is abstract");
  }

  @Test
  void loaderClassBecomesClassFactory() {
    MutableConfiguration<Object, Object> configuration = declare("<cache name=\"orders\">"
        + "<read-through loader=\"" + CLASSES + "$Loader\"/></cache>").toConfiguration(LOADER);

    assertThat(configuration.getCacheLoaderFactory())
        .isEqualTo(FactoryBuilder.factoryOf(ConfigTestClasses.Loader.class));
  }

  @Test
  void factoryClassInstantiated() {
    MutableConfiguration<Object, Object> configuration = declare("<cache name=\"orders\">"
        + "<read-through loader=\"" + CLASSES + "$LoaderFactory\"/></cache>")
        .toConfiguration(LOADER);

    assertThat(configuration.getCacheLoaderFactory())
        .isInstanceOf(ConfigTestClasses.LoaderFactory.class);
  }

  @Test
  void failingFactoryConstructorRejected() {
    CacheDefinition cache = declare("<cache name=\"orders\">\n"
        + "  <read-through loader=\"" + CLASSES + "$FailingFactory\"/>\n</cache>");

    assertThatThrownBy(() -> cache.toConfiguration(LOADER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:test.xml:3:", "whose constructor failed",
            "no database configured");
  }

  @Test
  void loadRejectsFileNamingMissingClass() {
    assertThatThrownBy(() -> ConfigLoader.load(
        URI.create("classpath:io/piglix/configuration/missing-loader.xml"), LOADER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll("classpath:io/piglix/configuration/missing-loader.xml:4:",
            "com.example.NoSuchLoader");
  }
}
