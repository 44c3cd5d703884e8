package io.piglix.configuration;

import java.net.URI;
import java.util.Objects;

/**
 * A position in a configuration file, used in error messages as {@code source:line:column}.
 *
 * @param source the configuration URI
 * @param line the line, from 1, or -1 when unknown
 * @param column the column, from 1, or -1 when unknown
 */
public record ConfigLocation(URI source, int line, int column) {

  /** Validates the source. */
  public ConfigLocation {
    Objects.requireNonNull(source, "source");
  }

  /** Returns {@code message} prefixed with this location, as every configuration error is. */
  public String format(String message) {
    return this + ": " + message;
  }

  /** Returns {@code message} prefixed with the location, or unchanged when it is null. */
  static String format(ConfigLocation location, String message) {
    return location == null ? message : location.format(message);
  }

  @Override
  public String toString() {
    return line < 0 ? source.toString() : source + ":" + line + ":" + column;
  }
}
