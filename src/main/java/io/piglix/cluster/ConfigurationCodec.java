package io.piglix.cluster;

import io.piglix.serialization.KryoCodec;
import javax.cache.configuration.MutableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes cache configurations for {@link Messages.CacheCreate}. The key and value types
 * travel as class names, outside the allow list, because naming a type instantiates nothing;
 * a member that cannot load a type uses {@code Object}, which only affects the type its
 * management bean reports. Factories travel as objects and must be allowed.
 */
final class ConfigurationCodec {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationCodec.class);

  private ConfigurationCodec() {
  }

  static byte[] encode(KryoCodec codec, MutableConfiguration<Object, Object> configuration) {
    MutableConfiguration<Object, Object> untyped = new MutableConfiguration<>(configuration);
    untyped.setTypes(Object.class, Object.class);
    return codec.serialize(new Object[] {configuration.getKeyType().getName(),
        configuration.getValueType().getName(), untyped});
  }

  @SuppressWarnings("unchecked")
  static MutableConfiguration<Object, Object> decode(KryoCodec codec, byte[] bytes,
      ClassLoader classLoader) {
    Object[] parts = (Object[]) codec.deserialize(bytes);
    MutableConfiguration<Object, Object> configuration =
        (MutableConfiguration<Object, Object>) parts[2];
    configuration.setTypes((Class<Object>) type((String) parts[0], classLoader),
        (Class<Object>) type((String) parts[1], classLoader));
    return configuration;
  }

  private static Class<?> type(String name, ClassLoader classLoader) {
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.debug("type {} of a cache is not on this member's classpath; using Object", name);
      return Object.class;
    }
  }
}
