package io.piglix.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** A Spring Boot application whose cache is piglix. */
@SpringBootApplication
@EnableCaching
public class BookApplication {

  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(BookApplication.class, args);
  }
}
