package io.piglix.example.hibernate;

import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.ConfigSettings;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;

/** Builds session factories whose second-level cache is piglix. */
public final class BookStore {

  private BookStore() {
  }

  /**
   * Builds a session factory on an H2 database.
   *
   * @param jdbcUrl the database, such as {@code jdbc:h2:mem:books;DB_CLOSE_DELAY=-1}
   * @param createSchema whether to create the tables, which only the first factory on a
   *     database does
   */
  public static SessionFactory sessionFactory(String jdbcUrl, boolean createSchema) {
    return new Configuration()
        .addAnnotatedClass(Book.class)
        .setProperty(AvailableSettings.JAKARTA_JDBC_URL, jdbcUrl)
        .setProperty(AvailableSettings.HBM2DDL_AUTO, createSchema ? "create" : "none")
        .setProperty(AvailableSettings.GENERATE_STATISTICS, "true")
        // The second-level cache: JCache, provided by piglix, configured by piglix.xml. The
        // cache is on by default once a region factory is set.
        .setProperty(AvailableSettings.CACHE_REGION_FACTORY, "jcache")
        .setProperty(ConfigSettings.PROVIDER, "io.piglix.spi.PiglixCachingProvider")
        .setProperty(ConfigSettings.CONFIG_URI, "piglix.xml")
        .setProperty(ConfigSettings.MISSING_CACHE_STRATEGY, "fail")
        .buildSessionFactory();
  }
}
