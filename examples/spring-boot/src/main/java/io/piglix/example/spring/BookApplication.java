package io.piglix.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** A Spring Boot application whose cache is piglix. */
@SpringBootApplication
@EnableCaching
public class BookApplication {

  /**
   * Starts the application and closes it once its runners are done, which closes the piglix
   * cache manager; a clustered member then leaves its pool.
   */
  public static void main(String[] args) {
    System.exit(SpringApplication.exit(SpringApplication.run(BookApplication.class, args)));
  }
}
