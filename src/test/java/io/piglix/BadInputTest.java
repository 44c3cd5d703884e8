package io.piglix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.piglix.serialization.fixtures.Holder;
import io.piglix.serialization.fixtures.Point;
import io.piglix.serialization.fixtures.Unserializable;
import io.piglix.serialization.forbidden.Secret;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feeds bad keys, values and calls to a cache through the javax.cache API. */
class BadInputTest {

  private static final int MAX_OBJECT_SIZE = 64 * 1024;

  private CacheManager manager;
  private Cache<String, Object> cache;

  @BeforeEach
  void createCache() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("classpath:io/piglix/bad-input.xml"), getClass().getClassLoader());
    cache = manager.createCache("bad-input", new MutableConfiguration<String, Object>()
        .setTypes(String.class, Object.class));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void nullKey_everyOperation_throwsNpe() {
    assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.put(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.containsKey(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.remove(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.getAndPut(null, "v"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.invoke(null, (entry, arguments) -> null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void nullValue_everyWrite_throwsNpe() {
    assertThatThrownBy(() -> cache.put("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.putIfAbsent("k", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.replace("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.replace("k", "v", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.remove("k", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void nullInCollections_throwsNpe() {
    Map<String, Object> withNullValue = new HashMap<>();
    withNullValue.put("k", null);
    Set<String> withNullKey = new HashSet<>(Collections.singleton(null));

    assertThatThrownBy(() -> cache.putAll(withNullValue))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.getAll(withNullKey))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.getAll(null)).isInstanceOf(NullPointerException.class);
    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void disallowedValue_put_failsNamingClass() {
    cache.put("k", "old");

    assertThatThrownBy(() -> cache.put("k", new Secret()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(Secret.class.getName());
    assertThat(cache.get("k")).isEqualTo("old");
  }

  @Test
  void nestedDisallowedValue_put_keepsPrevious() {
    cache.put("k", "old");

    assertThatThrownBy(() -> cache.put("k", new Holder(new Secret())))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(Secret.class.getName());
    assertThat(cache.get("k")).isEqualTo("old");
  }

  @Test
  void throwingSerialization_put_keepsPrevious() {
    cache.put("k", "old");

    assertThatThrownBy(() -> cache.put("k", new Unserializable()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(Unserializable.class.getName());
    assertThat(cache.get("k")).isEqualTo("old");
  }

  @Test
  void cache_afterRejectedValues_keepsWorking() {
    assertThatThrownBy(() -> cache.put("a", new Secret())).isInstanceOf(CacheException.class);
    assertThatThrownBy(() -> cache.put("b", new Unserializable()))
        .isInstanceOf(CacheException.class);

    cache.put("c", new Point(1, 2, "ok"));

    assertThat(cache.get("c")).isEqualTo(new Point(1, 2, "ok"));
    assertThat(cache.containsKey("a")).isFalse();
    assertThat(cache.containsKey("b")).isFalse();
  }

  @Test
  void disallowedValue_putAll_storesNothing() {
    Map<String, Object> entries = new HashMap<>();
    entries.put("good", "v");
    entries.put("bad", new Secret());

    assertThatThrownBy(() -> cache.putAll(entries)).isInstanceOf(CacheException.class);
    assertThat(cache.containsKey("good")).isFalse();
  }

  @Test
  void oversizedValue_put_failsWithLimit() {
    cache.put("k", "old");

    assertThatThrownBy(() -> cache.put("k", new byte[MAX_OBJECT_SIZE + 1]))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("[B")
        .hasMessageContaining(String.valueOf(MAX_OBJECT_SIZE));
    assertThat(cache.get("k")).isEqualTo("old");
  }

  @Test
  void oversizedKey_put_failsWithSizeAndLimit() {
    String key = "k".repeat(20_000);

    assertThatThrownBy(() -> cache.put(key, "v"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("16384")
        .hasMessageContaining("of 20005 bytes");
    assertThat(cache.iterator().hasNext()).isFalse();
  }

  @Test
  void closedCache_operations_throwIllegalState() {
    cache.put("k", "v");
    cache.close();

    assertThat(cache.isClosed()).isTrue();
    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.put("k", "w")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.containsKey("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.iterator()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.clear()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.invoke("k", (entry, arguments) -> null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closedManager_cacheOperations_throwIllegalState() {
    manager.close();

    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> manager.getCache("bad-input"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void storeByReference_createCache_unsupported() {
    MutableConfiguration<String, String> byReference = new MutableConfiguration<String, String>()
        .setStoreByValue(false);

    assertThatThrownBy(() -> manager.createCache("by-reference", byReference))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("by-reference")
        .hasMessageContaining("setStoreByValue(true)");
    assertThat(manager.getCache("by-reference")).isNull();
  }

  @Test
  void wrongValueType_put_throwsClassCast() {
    Cache<String, String> typed = manager.createCache("typed",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    @SuppressWarnings({"unchecked", "rawtypes"})
    Cache<Object, Object> raw = (Cache) typed;

    assertThatThrownBy(() -> raw.put("k", 42))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining("java.lang.Integer");
    assertThat(typed.containsKey("k")).isFalse();
  }
}
