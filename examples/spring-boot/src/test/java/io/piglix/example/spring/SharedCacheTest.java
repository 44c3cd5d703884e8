package io.piglix.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Two application contexts in one JVM, both on classpath:piglix.xml, share entries. */
class SharedCacheTest {

  private static final String ISBN = "978-0321349606";

  @Test
  void entryCachedByOneContextHitsInOther() {
    try (ConfigurableApplicationContext first = BookServiceTest.startContext();
        ConfigurableApplicationContext second = BookServiceTest.startContext()) {
      BookRepository secondRepository = second.getBean(BookRepository.class);

      Book cached = first.getBean(BookService.class).find(ISBN);
      Book fromSecond = second.getBean(BookService.class).find(ISBN);

      assertThat(first.getBean(BookRepository.class).reads()).isEqualTo(1);
      assertThat(secondRepository).isNotSameAs(first.getBean(BookRepository.class));
      assertThat(secondRepository.reads()).isZero();
      assertThat(fromSecond).isEqualTo(cached);
    }
  }

  @Test
  void updateInOneContextSeenByOther() {
    try (ConfigurableApplicationContext first = BookServiceTest.startContext();
        ConfigurableApplicationContext second = BookServiceTest.startContext()) {
      first.getBean(BookService.class).find(ISBN);

      second.getBean(BookService.class).save(new Book(ISBN, "JCiP"));

      assertThat(first.getBean(BookService.class).find(ISBN).title()).isEqualTo("JCiP");
      assertThat(first.getBean(BookRepository.class).reads()).isEqualTo(1);
    }
  }
}
