package io.piglix.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules the interceptors share: exception matching, default names and default keys. */
class InterceptorRulesTest {

  @SuppressWarnings("unchecked")
  private static Class<? extends Throwable>[] types(Class<?>... types) {
    return (Class<? extends Throwable>[]) types;
  }

  @Test
  void bothListsEmptyGiveDefault() {
    RuntimeException failure = new IllegalStateException();

    assertThat(Exceptions.matches(failure, types(), types(), true)).isTrue();
    assertThat(Exceptions.matches(failure, types(), types(), false)).isFalse();
  }

  @Test
  void includeMatchesSubclasses() {
    RuntimeException failure = new IllegalStateException();

    assertThat(Exceptions.matches(failure, types(RuntimeException.class), types(), false))
        .isTrue();
    assertThat(Exceptions.matches(failure, types(java.io.IOException.class), types(), false))
        .isFalse();
  }

  @Test
  void excludeWinsOverInclude() {
    RuntimeException failure = new IllegalStateException();

    assertThat(Exceptions.matches(failure, types(RuntimeException.class),
        types(IllegalStateException.class), false)).isFalse();
  }

  @Test
  void onlyExcludeMatchesEverythingElse() {
    assertThat(Exceptions.matches(new IllegalArgumentException(), types(),
        types(IllegalStateException.class), false)).isTrue();
    assertThat(Exceptions.matches(new IllegalStateException(), types(),
        types(IllegalStateException.class), false)).isFalse();
  }

  @Test
  void defaultCacheNameListsParameterTypes() throws NoSuchMethodException {
    Method method = List.class.getMethod("subList", int.class, int.class);

    assertThat(CacheMethod.defaultCacheName(method)).isEqualTo("java.util.List.subList(int,int)");
  }

  @Test
  void generatedKeysCompareByValues() {
    DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey("a", 1, new int[] {2, 3});
    DefaultGeneratedCacheKey same = new DefaultGeneratedCacheKey("a", 1, new int[] {2, 3});
    DefaultGeneratedCacheKey other = new DefaultGeneratedCacheKey("a", 2, new int[] {2, 3});

    assertThat(key).isEqualTo(same);
    assertThat(key.hashCode()).isEqualTo(same.hashCode());
    assertThat(key).isNotEqualTo(other);
  }
}
