package io.piglix.example.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.piglix.PiglixCacheManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.hibernate.SessionFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hibernate's second-level cache on piglix. Every test uses its own H2 database. Session
 * factories in one JVM that name the same piglix.xml share one JCache CacheManager, and
 * closing a factory closes that manager, so each test closes its factories together.
 */
class SecondLevelCacheTest {

  private static final String REGION = Book.class.getName();

  private final String jdbcUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private final List<SessionFactory> factories = new ArrayList<>();

  @AfterEach
  void closeFactories() {
    Collections.reverse(factories);
    factories.forEach(SessionFactory::close);
  }

  private SessionFactory open(boolean createSchema) {
    SessionFactory factory = BookStore.sessionFactory(jdbcUrl, createSchema);
    factories.add(factory);
    return factory;
  }

  private static void insert(SessionFactory factory, long id, String title) {
    factory.inTransaction(session -> session.persist(new Book(id, title)));
  }

  private static String readTitle(SessionFactory factory, long id) {
    return factory.fromSession(session -> session.find(Book.class, id).getTitle());
  }

  @Test
  void readAfterInsertHitsCache() {
    SessionFactory factory = open(true);
    insert(factory, 1, "Dune");
    Statistics statistics = factory.getStatistics();
    statistics.clear();

    String title = readTitle(factory, 1);

    assertThat(title).isEqualTo("Dune");
    assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getSecondLevelCacheMissCount()).isZero();
    assertThat(statistics.getPrepareStatementCount()).isZero();
    CacheRegionStatistics region = statistics.getDomainDataRegionStatistics(REGION);
    assertThat(region.getHitCount()).isEqualTo(1);
  }

  @Test
  void missLoadsThenHits() {
    SessionFactory factory = open(true);
    insert(factory, 1, "Dune");
    factory.getCache().evictAllRegions();
    Statistics statistics = factory.getStatistics();
    statistics.clear();

    String first = readTitle(factory, 1);
    String second = readTitle(factory, 1);

    assertThat(first).isEqualTo("Dune");
    assertThat(second).isEqualTo("Dune");
    assertThat(statistics.getSecondLevelCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getSecondLevelCachePutCount()).isEqualTo(1);
    assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isEqualTo(1);
  }

  @Test
  void entriesStoredInPiglix() throws URISyntaxException {
    SessionFactory factory = open(true);
    insert(factory, 1, "Dune");
    insert(factory, 2, "Hyperion");
    CachingProvider provider = Caching.getCachingProvider(
        "io.piglix.spi.PiglixCachingProvider");
    URI configuration = BookStore.class.getResource("/piglix.xml").toURI();

    CacheManager manager = provider.getCacheManager(configuration,
        provider.getDefaultClassLoader());
    int entries = 0;
    for (Cache.Entry<Object, Object> entry : manager.getCache(REGION)) {
      assertThat(entry.getValue()).isNotNull();
      entries++;
    }

    assertThat(manager).isInstanceOf(PiglixCacheManager.class);
    assertThat(entries).isEqualTo(2);
  }

  @Test
  void otherFactorySharesEntries() {
    SessionFactory writer = open(true);
    SessionFactory reader = open(false);
    insert(writer, 1, "Dune");
    reader.getStatistics().clear();

    String title = readTitle(reader, 1);

    assertThat(title).isEqualTo("Dune");
    assertThat(reader.getStatistics().getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(reader.getStatistics().getPrepareStatementCount()).isZero();
  }

  @Test
  void updateReplacesEntryForOtherFactory() {
    SessionFactory writer = open(true);
    SessionFactory reader = open(false);
    insert(writer, 1, "Dune");
    assertThat(readTitle(reader, 1)).isEqualTo("Dune");

    writer.inTransaction(session -> session.find(Book.class, 1L).setTitle("Dune Messiah"));
    reader.getStatistics().clear();
    String title = readTitle(reader, 1);

    assertThat(title).isEqualTo("Dune Messiah");
    assertThat(reader.getStatistics().getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(reader.getStatistics().getPrepareStatementCount()).isZero();
  }

  @Test
  void evictionInvalidatesEntryForOtherFactory() {
    SessionFactory writer = open(true);
    SessionFactory reader = open(false);
    insert(writer, 1, "Dune");
    assertThat(reader.getCache().containsEntity(Book.class, 1L)).isTrue();

    writer.getCache().evictEntityData(Book.class, 1L);
    reader.getStatistics().clear();

    assertThat(reader.getCache().containsEntity(Book.class, 1L)).isFalse();
    assertThat(readTitle(reader, 1)).isEqualTo("Dune");
    assertThat(reader.getStatistics().getSecondLevelCacheMissCount()).isEqualTo(1);
    assertThat(reader.getStatistics().getPrepareStatementCount()).isEqualTo(1);
  }
}
