package io.piglix.example.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * A product catalog whose reads go through the piglix cache "products", declared in
 * piglix.xml. It counts how often each method body runs, so a cache hit is visible.
 */
@ApplicationScoped
@CacheDefaults(cacheName = "products")
public class ProductCatalog {

  private final Map<String, Product> products = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();

  /** Creates a catalog with two products. */
  public ProductCatalog() {
    products.put("apple", new Product("apple", "Apple", 45));
    products.put("pear", new Product("pear", "Pear", 60));
  }

  /** Returns a product, from the cache when it is there; null results are not cached. */
  @CacheResult
  public Product find(String sku) {
    lookups.incrementAndGet();
    return products.get(sku);
  }

  /** Stores a product and puts it in the cache under its SKU. */
  @CachePut
  public void save(String sku, @CacheValue Product product) {
    products.put(sku, product);
  }

  /**
   * Stores a product, then fails when {@code fail} is true. Because {@code cacheFor} names
   * {@link IllegalStateException}, the cache is updated even when the method fails with it.
   */
  @CachePut(cacheFor = IllegalStateException.class)
  public void saveThenFail(@CacheKey String sku, @CacheValue Product product, boolean fail) {
    products.put(sku, product);
    if (fail) {
      throw new IllegalStateException("saved " + sku + " but failed to notify the warehouse");
    }
  }

  /** Deletes a product and removes it from the cache. */
  @CacheRemove
  public void remove(String sku) {
    products.remove(sku);
  }

  /** Empties the cache; the catalog keeps its products. */
  @CacheRemoveAll
  public void refreshAll() {
  }

  /** Returns how many times the body of {@link #find} ran. */
  public int lookups() {
    return lookups.get();
  }
}
