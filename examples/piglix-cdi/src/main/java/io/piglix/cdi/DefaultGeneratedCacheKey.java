package io.piglix.cdi;

import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The key the default key generator makes: the values of the key parameters, compared with
 * {@link Arrays#deepEquals}. Providers that store by value must be able to serialize it;
 * piglix needs {@code <allow-class name="io.piglix.cdi.DefaultGeneratedCacheKey"/>}.
 */
public final class DefaultGeneratedCacheKey implements GeneratedCacheKey {

  private static final long serialVersionUID = 1L;

  private final Object[] parameters;

  /** Creates a key from parameter values, copied. */
  public DefaultGeneratedCacheKey(Object... parameters) {
    this.parameters = parameters.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DefaultGeneratedCacheKey
        && Arrays.deepEquals(parameters, ((DefaultGeneratedCacheKey) other).parameters);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(parameters);
  }

  @Override
  public String toString() {
    return "DefaultGeneratedCacheKey" + Arrays.deepToString(parameters);
  }
}
