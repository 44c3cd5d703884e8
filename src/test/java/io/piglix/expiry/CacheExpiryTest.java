package io.piglix.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks through the javax.cache API that expired entries are never returned. */
class CacheExpiryTest {

  private static final long TTL_MILLIS = 50;
  private static final javax.cache.expiry.Duration TTL =
      new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, TTL_MILLIS);

  /** Expired events, shared with the listener, which the cache creates from a factory. */
  static final List<CacheEntryEvent<?, ?>> EXPIRED = new CopyOnWriteArrayList<>();

  private CacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void createCache() {
    EXPIRED.clear();
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("piglix-cache-expiry-test"), getClass().getClassLoader());
    cache = manager.createCache("expiring", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(TTL)));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void get_afterExpiry_returnsNull() {
    cache.put("k", "v");
    assertThat(cache.get("k")).isEqualTo("v");

    awaitExpiry();

    assertThat(cache.get("k")).isNull();
  }

  @Test
  void getAll_afterExpiry_returnsOnlyLive() {
    cache.put("old", "v");
    awaitExpiry();
    cache.put("new", "w");

    Map<String, String> found = cache.getAll(Set.of("old", "new"));

    assertThat(found).containsExactly(Map.entry("new", "w"));
  }

  @Test
  void containsKey_afterExpiry_returnsFalse() {
    cache.put("k", "v");

    awaitExpiry();

    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void iterator_afterExpiry_skipsEntry() {
    cache.put("old", "v");
    awaitExpiry();
    cache.put("new", "w");

    List<String> keys = new ArrayList<>();
    for (Cache.Entry<String, String> entry : cache) {
      keys.add(entry.getKey());
    }

    assertThat(keys).containsExactly("new");
  }

  @Test
  void invoke_afterExpiry_seesAbsentEntry() {
    cache.put("k", "v");
    awaitExpiry();

    Object[] seen = cache.invoke("k", (entry, arguments) ->
        new Object[] {entry.exists(), entry.getValue()});

    assertThat(seen[0]).isEqualTo(false);
    assertThat(seen[1]).isNull();
  }

  @Test
  void expiredRead_deliversExpiredEvent() {
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(RecordingExpiredListener.class), null, true, true));
    cache.put("k", "v");
    awaitExpiry();

    assertThat(cache.get("k")).isNull();

    await().atMost(Duration.ofSeconds(5)).until(() -> !EXPIRED.isEmpty());
    CacheEntryEvent<?, ?> event = EXPIRED.get(0);
    assertThat(event.getEventType()).isEqualTo(EventType.EXPIRED);
    assertThat(event.getKey()).isEqualTo("k");
    assertThat(EXPIRED).hasSize(1);
  }

  @Test
  void touchedEntry_accessExtendsLife() {
    Cache<String, String> touched = manager.createCache("touched",
        new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(
                new javax.cache.expiry.Duration(TimeUnit.SECONDS, 30))));
    touched.put("k", "v");

    assertThat(touched.get("k")).isEqualTo("v");
    assertThat(touched.containsKey("k")).isTrue();
  }

  @Test
  void zeroCreationExpiry_entryNeverStored() {
    Cache<String, String> instant = manager.createCache("instant",
        new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                javax.cache.expiry.Duration.ZERO)));

    instant.put("k", "v");

    assertThat(instant.containsKey("k")).isFalse();
    assertThat(instant.get("k")).isNull();
  }

  /** Waits until an entry written before the call has passed its time to live. */
  private static void awaitExpiry() {
    long deadline = System.currentTimeMillis() + TTL_MILLIS + 5;
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
        .until(() -> System.currentTimeMillis() > deadline);
  }

  /** Records every expired event in {@link #EXPIRED}. */
  public static final class RecordingExpiredListener
      implements CacheEntryExpiredListener<String, String> {

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        EXPIRED.add(event);
      }
    }
  }
}
