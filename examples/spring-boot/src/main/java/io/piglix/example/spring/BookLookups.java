package io.piglix.example.spring;

import org.springframework.boot.CommandLineRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Looks up each book twice when the application runs with the "cluster" profile, so the pool
 * of `piglix member` processes stores the books afterwards and `piglix status` shows the cache.
 */
@Component
@Profile("cluster")
public class BookLookups implements CommandLineRunner {

  private static final String[] ISBNS = {"978-0134685991", "978-0321349606"};

  private final BookService service;
  private final BookRepository repository;

  /** Creates the runner over the service and its repository. */
  public BookLookups(BookService service, BookRepository repository) {
    this.service = service;
    this.repository = repository;
  }

  @Override
  public void run(String... args) {
    for (int round = 1; round <= 2; round++) {
      for (String isbn : ISBNS) {
        Book book = service.find(isbn);
        System.out.printf("round %d: %s -> %s (repository reads so far: %d)%n", round, isbn,
            book == null ? "not found" : book.title(), repository.reads());
      }
    }
  }
}
