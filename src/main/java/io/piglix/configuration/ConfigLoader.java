package io.piglix.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads piglix configuration files, validated against {@code piglix-config-1.0.xsd}.
 *
 * <p>A configuration URI is {@code classpath:path/in/jar.xml}, a {@code file:} URI, or a
 * {@code jar:} URI of a file inside a jar (as Spring's {@code Resource.getURI()} returns for
 * classpath resources in a packaged application). Placeholders in attribute values are
 * resolved before validation. Errors name the file, line and column, and what to change.
 */
public final class ConfigLoader {

  /** The XML namespace of configuration files. */
  public static final String NAMESPACE = "urn:piglix:config:1.0";

  private static final Pattern SIZE = Pattern.compile("([0-9]+)([kmg]?)");
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private ConfigLoader() {
  }

  /** Returns whether a URI names a configuration file rather than only a cache manager. */
  public static boolean isConfigurationUri(URI uri) {
    String scheme = uri.getScheme();
    return "classpath".equals(scheme) || "file".equals(scheme) || "jar".equals(scheme);
  }

  /**
   * Reads the configuration a URI names and checks every class its caches name with
   * {@code classLoader}: each is loaded, and each named Factory class is instantiated.
   *
   * @throws ConfigurationException when the file is missing or invalid
   */
  public static PiglixConfig load(URI uri, ClassLoader classLoader) {
    PiglixConfig config = read(uri, classLoader);
    for (CacheDefinition cache : config.caches().values()) {
      cache.toConfiguration(classLoader);
    }
    return config;
  }

  private static PiglixConfig read(URI uri, ClassLoader classLoader) {
    String scheme = uri.getScheme();
    if ("classpath".equals(scheme)) {
      String path = uri.getSchemeSpecificPart();
      while (path.startsWith("/")) {
        path = path.substring(1);
      }
      URL resource = classLoader.getResource(path);
      if (resource == null) {
        throw new ConfigurationException("configuration " + uri + " not found on the"
            + " classpath: check the resource path");
      }
      try (InputStream in = resource.openStream()) {
        return parse(in, uri);
      } catch (IOException e) {
        throw new ConfigurationException("cannot read configuration " + uri + ": "
            + e.getMessage(), e);
      }
    }
    if ("file".equals(scheme)) {
      Path path = Path.of(uri);
      try (InputStream in = Files.newInputStream(path)) {
        return parse(in, uri);
      } catch (NoSuchFileException e) {
        throw new ConfigurationException("configuration file " + path + " not found: check"
            + " the path", e);
      } catch (IOException e) {
        throw new ConfigurationException("cannot read configuration file " + path + ": "
            + e.getMessage(), e);
      }
    }
    if ("jar".equals(scheme)) {
      try (InputStream in = uri.toURL().openStream()) {
        return parse(in, uri);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigurationException("cannot read configuration " + uri + ": " + e
            + "; check that the jar contains the file", e);
      }
    }
    throw new ConfigurationException("unsupported configuration URI " + uri + ": use"
        + " classpath:path/to/piglix.xml or file:/path/to/piglix.xml");
  }

  /**
   * Parses and validates a configuration document; {@code source} names it in errors. Classes
   * named by caches are not loaded here but by {@link CacheDefinition#toConfiguration}.
   *
   * @throws ConfigurationException when the document is invalid
   */
  public static PiglixConfig parse(InputStream in, URI source) {
    return parse(in, source, Placeholders.ofSystem());
  }

  /** Parses with the given placeholder values; tests use it to fake the environment. */
  static PiglixConfig parse(InputStream in, URI source, Placeholders placeholders) {
    return ConfigParser.parse(ConfigDocumentReader.read(in, source, placeholders), source,
        placeholders::environmentVariable);
  }

  /**
   * Parses a byte size such as {@code 512}, {@code 64k}, {@code 16m} or {@code 2g}; the
   * suffixes are binary (k = 1024).
   *
   * @throws NumberFormatException when the text is not a size
   * @throws ArithmeticException when the size does not fit in a long
   */
  public static long parseSize(String text) {
    Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new NumberFormatException("invalid size '" + text + "': use a whole number of"
          + " bytes with an optional k, m or g suffix, such as 256m");
    }
    long multiplier;
    switch (matcher.group(2)) {
      case "k":
        multiplier = 1L << 10;
        break;
      case "m":
        multiplier = 1L << 20;
        break;
      case "g":
        multiplier = 1L << 30;
        break;
      default:
        multiplier = 1;
    }
    return Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier);
  }

  /**
   * Parses a duration such as {@code 250ms}, {@code 30s}, {@code 10m} or {@code 2h}.
   *
   * @throws NumberFormatException when the text is not a duration
   * @throws ArithmeticException when the duration does not fit in a long of milliseconds
   */
  public static Duration parseDuration(String text) {
    Matcher matcher = DURATION.matcher(text.trim());
    if (!matcher.matches()) {
      throw new NumberFormatException("invalid duration '" + text + "': use a whole number"
          + " with the unit ms, s, m or h, such as 30s");
    }
    long amount = Long.parseLong(matcher.group(1));
    switch (matcher.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofMillis(Math.multiplyExact(amount, 1000L));
      case "m":
        return Duration.ofMillis(Math.multiplyExact(amount, 60_000L));
      default:
        return Duration.ofMillis(Math.multiplyExact(amount, 3_600_000L));
    }
  }
}
