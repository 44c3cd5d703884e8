package io.piglix.example.spring;

/**
 * A book, cached by value in piglix.
 *
 * @param isbn the key
 * @param title the title
 */
public record Book(String isbn, String title) {
}
