package io.piglix.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.piglix.PiglixCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cache annotations of {@link BookService} on piglix. Each test starts its own context:
 * contexts in one JVM that name the same piglix.xml share one JCache CacheManager, and closing
 * a context closes that manager.
 */
class BookServiceTest {

  private static final String ISBN = "978-0134685991";

  private ConfigurableApplicationContext context;
  private BookService service;
  private BookRepository repository;

  static ConfigurableApplicationContext startContext() {
    return new SpringApplicationBuilder(BookApplication.class)
        .web(WebApplicationType.NONE)
        .run();
  }

  @BeforeEach
  void start() {
    context = startContext();
    service = context.getBean(BookService.class);
    repository = context.getBean(BookRepository.class);
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void cacheManagerIsPiglix() {
    CacheManager cacheManager = context.getBean(CacheManager.class);

    assertThat(cacheManager).isInstanceOf(JCacheCacheManager.class);
    javax.cache.CacheManager jcache = ((JCacheCacheManager) cacheManager).getCacheManager();
    assertThat(jcache).isInstanceOf(PiglixCacheManager.class);
    assertThat(jcache.getURI().toString()).endsWith("piglix.xml");
    assertThat(cacheManager.getCacheNames()).containsExactly("books");
  }

  @Test
  void hitSkipsRepository() {
    Book first = service.find(ISBN);
    Book second = service.find(ISBN);

    assertThat(first.title()).isEqualTo("Effective Java");
    assertThat(second).isEqualTo(first);
    assertThat(repository.reads()).isEqualTo(1);
  }

  @Test
  void putReplacesCachedBook() {
    service.find(ISBN);
    service.save(new Book(ISBN, "Effective Java, Third Edition"));

    assertThat(service.find(ISBN).title()).isEqualTo("Effective Java, Third Edition");
    assertThat(repository.reads()).isEqualTo(1);
  }

  @Test
  void putCachesNewBook() {
    service.save(new Book("978-1617294945", "Spring in Action"));

    assertThat(service.find("978-1617294945").title()).isEqualTo("Spring in Action");
    assertThat(repository.reads()).isZero();
  }

  @Test
  void evictRemovesCachedBook() {
    service.find(ISBN);
    service.delete(ISBN);

    assertThat(service.find(ISBN)).isNull();
    assertThat(repository.reads()).isEqualTo(2);
  }

  @Test
  void nullResultIsCached() {
    assertThat(service.find("no-such-isbn")).isNull();
    assertThat(service.find("no-such-isbn")).isNull();
    assertThat(repository.reads()).isEqualTo(1);
  }
}
