package io.piglix.configuration;

import java.lang.reflect.InvocationTargetException;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;

/** A factory that calls the public no-arg constructor of a class named in a configuration. */
final class InstanceFactory<T> implements Factory<T> {

  private static final long serialVersionUID = 1L;

  private final Class<? extends T> type;
  private final String declaration;

  /**
   * Creates a factory.
   *
   * @param type the class to instantiate
   * @param declaration the element and attribute that named it, for messages
   */
  InstanceFactory(Class<? extends T> type, String declaration) {
    this.type = type;
    this.declaration = declaration;
  }

  @Override
  public T create() {
    return type.cast(instantiate(type, declaration));
  }

  /**
   * Calls the public no-arg constructor of {@code type}.
   *
   * @throws CacheException when the constructor fails
   */
  static Object instantiate(Class<?> type, String declaration) {
    try {
      return type.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new CacheException("the constructor of " + type.getName() + " named by "
          + declaration + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new CacheException("cannot instantiate " + type.getName() + " named by "
          + declaration + ": " + e + "; give it a public no-arg constructor", e);
    }
  }

  @Override
  public String toString() {
    return "InstanceFactory{" + type.getName() + "}";
  }
}
