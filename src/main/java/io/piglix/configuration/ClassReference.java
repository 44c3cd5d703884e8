package io.piglix.configuration;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;

/**
 * A class named by an attribute of a cache declaration, such as {@code loader} of
 * {@code <read-through>}. The class is either a {@link Factory} of the expected kind or a class
 * of that kind, and has a public no-arg constructor.
 *
 * @param className the binary class name
 * @param element the element name, such as {@code read-through}
 * @param attribute the attribute name, such as {@code loader}
 * @param location where the element is, or null when built in code
 */
public record ClassReference(String className, String element, String attribute,
    ConfigLocation location) {

  /** Validates the names. */
  public ClassReference {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(attribute, "attribute");
  }

  /** Returns a reference built in code, with no location in the file. */
  public static ClassReference of(String className, String element, String attribute) {
    return new ClassReference(className, element, attribute, null);
  }

  /**
   * Resolves the class and returns a factory of {@code kind}: an instance of the class when it
   * is a {@link Factory}, else a {@link FactoryBuilder.ClassFactory} of the class. Both kinds
   * can travel to the other members of a pool; an application Factory class must then be
   * allowed in the serialization settings.
   *
   * <p>NOTE: a named Factory is used as it is, so nothing here checks what it creates; a Factory
   * that creates an object of the wrong kind shows up only when the cache uses it.
   *
   * @throws ConfigurationException when the class is missing, of another kind, abstract, or
   *     without a public no-arg constructor, or when the Factory's constructor fails
   */
  @SuppressWarnings("unchecked")
  public <T> Factory<T> toFactory(Class<T> kind, ClassLoader classLoader, String cacheName) {
    Class<?> type = load(classLoader, cacheName);
    if (Factory.class.isAssignableFrom(type)) {
      requireInstantiable(type, cacheName);
      return (Factory<T>) instantiate(type, cacheName);
    }
    if (kind.isAssignableFrom(type)) {
      requireInstantiable(type, cacheName);
      return FactoryBuilder.factoryOf(type.getName());
    }
    throw fail(cacheName, "names " + type.getName() + ", which is neither a "
        + Factory.class.getName() + " nor a " + kind.getName() + ": name a class that"
        + " implements one of them");
  }

  /**
   * Loads the class.
   *
   * @throws ConfigurationException when the class loader cannot find it
   */
  Class<?> load(ClassLoader classLoader, String cacheName) {
    try {
      return Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      ConfigurationException failure = fail(cacheName, "names class " + className
          + ", which the cache manager's class loader cannot load (" + e + "): check the"
          + " name and that the class is on the application's classpath");
      failure.initCause(e);
      throw failure;
    }
  }

  /** Returns the element and attribute as written in the file, for messages. */
  public String describe() {
    return "<" + element + " " + attribute + "=\"" + className + "\">";
  }

  private void requireInstantiable(Class<?> type, String cacheName) {
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw fail(cacheName, "names " + type.getName() + ", which is abstract: name a"
          + " concrete class");
    }
    try {
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw fail(cacheName, "names " + type.getName() + ", which has no public no-arg"
          + " constructor: add one, or name a Factory class that has one");
    }
  }

  private Object instantiate(Class<?> type, String cacheName) {
    try {
      return type.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      ConfigurationException failure = fail(cacheName, "names " + type.getName() + ", whose"
          + " constructor failed: " + e.getCause());
      failure.initCause(e.getCause());
      throw failure;
    } catch (ReflectiveOperationException e) {
      ConfigurationException failure = fail(cacheName, "names " + type.getName() + ", which"
          + " cannot be instantiated (" + e + "): make the class and its no-arg constructor"
          + " public");
      failure.initCause(e);
      throw failure;
    }
  }

  private ConfigurationException fail(String cacheName, String problem) {
    return new ConfigurationException(ConfigLocation.format(location, "cache '" + cacheName
        + "': " + describe() + " " + problem));
  }
}
