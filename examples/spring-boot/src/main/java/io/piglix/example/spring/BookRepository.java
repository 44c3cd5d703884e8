package io.piglix.example.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Repository;

/** The slow backing store the cache saves calls to; it counts how often it is read. */
@Repository
public class BookRepository {

  private final Map<String, Book> books = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();

  /** Creates a repository with two books. */
  public BookRepository() {
    save(new Book("978-0134685991", "Effective Java"));
    save(new Book("978-0321349606", "Java Concurrency in Practice"));
  }

  /** Returns the book with this ISBN, or null, and counts the read. */
  public Book findByIsbn(String isbn) {
    reads.incrementAndGet();
    return books.get(isbn);
  }

  /** Stores a book. */
  public void save(Book book) {
    books.put(book.isbn(), book);
  }

  /** Deletes a book. */
  public void delete(String isbn) {
    books.remove(isbn);
  }

  /** Returns how many times {@link #findByIsbn} ran. */
  public int reads() {
    return reads.get();
  }
}
