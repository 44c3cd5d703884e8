package io.piglix.example.spring;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Reads and writes books through the piglix cache "books", declared in piglix.xml. */
@Service
public class BookService {

  private final BookRepository repository;

  /** Creates the service over its repository. */
  public BookService(BookRepository repository) {
    this.repository = repository;
  }

  /** Returns a book, from the cache when it is there, else from the repository. */
  @Cacheable("books")
  public Book find(String isbn) {
    return repository.findByIsbn(isbn);
  }

  /** Saves a book and puts it in the cache. */
  @CachePut(cacheNames = "books", key = "#book.isbn")
  public Book save(Book book) {
    repository.save(book);
    return book;
  }

  /** Deletes a book and removes it from the cache. */
  @CacheEvict("books")
  public void delete(String isbn) {
    repository.delete(isbn);
  }
}
