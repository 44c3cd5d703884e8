package io.piglix.configuration;

import javax.cache.CacheException;
import javax.cache.configuration.Factory;

/**
 * A factory named in a configuration, wrapped so that an object of the wrong kind fails with a
 * message naming the declaration instead of a later {@link ClassCastException}.
 */
final class CheckedFactory<T> implements Factory<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> kind;
  private final Factory<?> factory;
  private final String declaration;

  CheckedFactory(Class<T> kind, Factory<?> factory, String declaration) {
    this.kind = kind;
    this.factory = factory;
    this.declaration = declaration;
  }

  @Override
  public T create() {
    Object created = factory.create();
    if (!kind.isInstance(created)) {
      throw new CacheException("the factory " + factory.getClass().getName() + " named by "
          + declaration + " created " + (created == null ? "null" : "a "
          + created.getClass().getName()) + ", not a " + kind.getName() + ": return a "
          + kind.getName() + " from its create()");
    }
    return kind.cast(created);
  }

  @Override
  public String toString() {
    return "CheckedFactory{" + factory + "}";
  }
}
