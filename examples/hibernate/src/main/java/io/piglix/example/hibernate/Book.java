package io.piglix.example.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A book whose rows Hibernate caches in the piglix cache named after this class. */
@Entity
@Table(name = "books")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Book {

  @Id
  private Long id;

  private String title;

  /** Creates an empty book for Hibernate. */
  protected Book() {
  }

  /** Creates a book. */
  public Book(Long id, String title) {
    this.id = id;
    this.title = title;
  }

  /** Returns the id. */
  public Long getId() {
    return id;
  }

  /** Returns the title. */
  public String getTitle() {
    return title;
  }

  /** Sets the title. */
  public void setTitle(String title) {
    this.title = title;
  }
}
