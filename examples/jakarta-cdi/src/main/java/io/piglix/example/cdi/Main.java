package io.piglix.example.cdi;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import javax.cache.Caching;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Weld SE, reads a product twice and logs how often the catalog was consulted. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  /** Runs the example. */
  public static void main(String[] args) {
    try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
      ProductCatalog catalog = container.select(ProductCatalog.class).get();
      catalog.find("apple");
      Product product = catalog.find("apple");
      LOG.info("found {} with {} catalog lookup(s)", product, catalog.lookups());
    } finally {
      Caching.getCachingProvider().close();
    }
  }
}
