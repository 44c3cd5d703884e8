package io.piglix.example.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.piglix.PiglixCacheManager;
import io.piglix.cdi.DefaultGeneratedCacheKey;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.GeneratedCacheKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JSR-107 annotations of {@link ProductCatalog} in Weld SE. Each test starts a container
 * and closes the caching provider afterwards, so every test starts with empty caches.
 */
class ProductCatalogTest {

  private static final Product APPLE = new Product("apple", "Apple", 45);

  private SeContainer container;
  private ProductCatalog catalog;

  @BeforeEach
  void start() {
    container = SeContainerInitializer.newInstance().initialize();
    catalog = container.select(ProductCatalog.class).get();
  }

  @AfterEach
  void stop() {
    container.close();
    Caching.getCachingProvider().close();
  }

  private static Cache<GeneratedCacheKey, Product> productsCache() {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    return manager.getCache("products", GeneratedCacheKey.class, Product.class);
  }

  @Test
  void cacheIsDeclaredPiglixCache() {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();

    assertThat(manager).isInstanceOf(PiglixCacheManager.class);
    assertThat(productsCache()).isNotNull();
  }

  @Test
  void hitSkipsMethodBody() {
    Product first = catalog.find("apple");
    Product second = catalog.find("apple");

    assertThat(first).isEqualTo(APPLE);
    assertThat(second).isEqualTo(APPLE);
    assertThat(catalog.lookups()).isEqualTo(1);
  }

  @Test
  void resultStoredUnderGeneratedKey() {
    catalog.find("apple");

    assertThat(productsCache().get(new DefaultGeneratedCacheKey("apple"))).isEqualTo(APPLE);
  }

  @Test
  void nullResultNotCached() {
    assertThat(catalog.find("plum")).isNull();
    assertThat(catalog.find("plum")).isNull();
    assertThat(catalog.lookups()).isEqualTo(2);
  }

  @Test
  void putStoresValue() {
    Product plum = new Product("plum", "Plum", 80);

    catalog.save("plum", plum);

    assertThat(catalog.find("plum")).isEqualTo(plum);
    assertThat(catalog.lookups()).isZero();
  }

  @Test
  void putReplacesCachedValue() {
    catalog.find("apple");
    Product cheaper = new Product("apple", "Apple", 30);

    catalog.save("apple", cheaper);

    assertThat(catalog.find("apple")).isEqualTo(cheaper);
    assertThat(catalog.lookups()).isEqualTo(1);
  }

  @Test
  void putUsesCacheKeyParameterOnly() {
    Product plum = new Product("plum", "Plum", 80);

    catalog.saveThenFail("plum", plum, false);

    assertThat(productsCache().get(new DefaultGeneratedCacheKey("plum"))).isEqualTo(plum);
  }

  @Test
  void putOnCacheForException() {
    Product plum = new Product("plum", "Plum", 80);

    assertThatThrownBy(() -> catalog.saveThenFail("plum", plum, true))
        .isInstanceOf(IllegalStateException.class);

    assertThat(catalog.find("plum")).isEqualTo(plum);
    assertThat(catalog.lookups()).isZero();
  }

  @Test
  void removeDropsEntry() {
    catalog.find("apple");

    catalog.remove("apple");

    assertThat(productsCache().containsKey(new DefaultGeneratedCacheKey("apple"))).isFalse();
    assertThat(catalog.find("apple")).isNull();
    assertThat(catalog.lookups()).isEqualTo(2);
  }

  @Test
  void removeAllDropsEveryEntry() {
    catalog.find("apple");
    catalog.find("pear");

    catalog.refreshAll();

    assertThat(productsCache().iterator().hasNext()).isFalse();
    catalog.find("apple");
    catalog.find("pear");
    assertThat(catalog.lookups()).isEqualTo(4);
  }
}
