package io.piglix.configuration;

import java.util.function.UnaryOperator;

/**
 * Resolves {@code ${sys:name}}, {@code ${env:NAME}}, {@code ${sys:name:-default}} and
 * {@code ${env:NAME:-default}} in configuration attribute values. A value may contain several
 * placeholders among other text. A default is taken literally, so it cannot contain one.
 */
final class Placeholders {

  private static final String START = "${";
  private static final String DEFAULT_SEPARATOR = ":-";

  private final UnaryOperator<String> systemProperties;
  private final UnaryOperator<String> environment;

  /**
   * Creates a resolver.
   *
   * @param systemProperties returns a system property, or null when it is not set
   * @param environment returns an environment variable, or null when it is not set
   */
  Placeholders(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  /** Returns an environment variable, or null when it is not set. */
  String environmentVariable(String name) {
    return environment.apply(name);
  }

  /** Returns a resolver reading this JVM's system properties and environment. */
  static Placeholders ofSystem() {
    return new Placeholders(System::getProperty, System::getenv);
  }

  /**
   * Returns {@code value} with every placeholder replaced.
   *
   * @param value the attribute value as written
   * @param where the attribute and element, such as {@code attribute partitions of <cluster>}
   * @param location where the element is
   * @throws ConfigurationException when a placeholder is malformed, or unset without default
   */
  String resolve(String value, String where, ConfigLocation location) {
    int start = value.indexOf(START);
    if (start < 0) {
      return value;
    }
    StringBuilder resolved = new StringBuilder(value.length());
    int from = 0;
    while (start >= 0) {
      resolved.append(value, from, start);
      int end = value.indexOf('}', start);
      if (end < 0) {
        throw new ConfigurationException(location.format("unterminated placeholder '"
            + value.substring(start) + "' in " + where + ": close it with '}', as in"
            + " ${sys:name} or ${env:NAME:-default}"));
      }
      resolved.append(lookUp(value.substring(start, end + 1), where, location));
      from = end + 1;
      start = value.indexOf(START, from);
    }
    resolved.append(value, from, value.length());
    return resolved.toString();
  }

  private String lookUp(String placeholder, String where, ConfigLocation location) {
    String body = placeholder.substring(START.length(), placeholder.length() - 1);

    int colon = body.indexOf(':');
    String kind = colon < 0 ? "" : body.substring(0, colon);
    if (!kind.equals("sys") && !kind.equals("env")) {
      throw new ConfigurationException(location.format("unsupported placeholder '"
          + placeholder + "' in " + where + ": use ${sys:name} for a system property or"
          + " ${env:NAME} for an environment variable, optionally with a default as in"
          + " ${sys:name:-default}"));
    }

    String rest = body.substring(colon + 1);
    int separator = rest.indexOf(DEFAULT_SEPARATOR);
    String name = separator < 0 ? rest : rest.substring(0, separator);
    String fallback = separator < 0 ? null : rest.substring(separator + DEFAULT_SEPARATOR.length());
    if (name.isBlank()) {
      throw new ConfigurationException(location.format("placeholder '" + placeholder + "' in "
          + where + " names no " + (kind.equals("sys") ? "system property" : "environment"
          + " variable") + ": write ${" + kind + ":NAME}"));
    }

    String found = kind.equals("sys") ? systemProperties.apply(name) : environment.apply(name);
    if (found != null) {
      return found;
    }
    if (fallback != null) {
      return fallback;
    }

    String fix = kind.equals("sys")
        ? "set the system property " + name + " (-D" + name + "=...)"
        : "set the environment variable " + name;
    throw new ConfigurationException(location.format("placeholder '" + placeholder + "' in "
        + where + " is not set: " + fix + ", or give a default as in ${" + kind + ":" + name
        + ":-value}"));
  }
}
