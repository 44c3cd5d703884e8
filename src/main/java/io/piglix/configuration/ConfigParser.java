package io.piglix.configuration;

import io.piglix.serialization.ClassAllowList;
import io.piglix.serialization.SerializationConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Turns a validated configuration DOM into a {@link PiglixConfig}. The schema has already
 * checked the element order, names, enumerations and number ranges; this class checks what the
 * schema cannot express, such as size limits, and merges {@code <cache-defaults>} into each
 * {@code <cache>}.
 */
final class ConfigParser {

  private static final long MIN_CONTRIBUTION = 16L << 20;
  private static final Duration MIN_OPERATION_TIMEOUT = Duration.ofMillis(100);

  private ConfigParser() {
  }

  /**
   * Builds the configuration of a validated document read from {@code source}.
   *
   * @param environment returns an environment variable, or null when it is not set; reads
   *     the shared secret that {@code <security secret-env>} names
   */
  static PiglixConfig parse(Document document, URI source, UnaryOperator<String> environment) {
    Element root = document.getDocumentElement();
    PiglixConfig.Builder builder = PiglixConfig.builder().source(source);
    Element cluster = child(root, "cluster");
    if (cluster != null) {
      builder.cluster(readCluster(cluster, source, environment));
      if (cluster.hasAttribute("partitions")) {
        builder.partitionCount(Integer.parseInt(cluster.getAttribute("partitions").trim()));
      }
    }
    Element serialization = child(root, "serialization");
    if (serialization != null) {
      builder.serialization(readSerialization(serialization));
    }
    Element defaults = child(root, "cache-defaults");
    for (Element cache : children(root, "cache")) {
      builder.cache(readCache(cache, defaults));
    }
    return builder.build();
  }

  private static ClusterConfig readCluster(Element element, URI source,
      UnaryOperator<String> environment) {
    ClusterConfig.Builder builder = ClusterConfig.builder();
    Element security = child(element, "security");
    if (security != null) {
      builder.secret(readSecret(security, source, environment));
    }
    if (element.hasAttribute("name")) {
      builder.name(element.getAttribute("name").trim());
    }
    if (element.hasAttribute("stack")) {
      builder.stack(URI.create(element.getAttribute("stack").trim()));
    }
    if (element.hasAttribute("role")) {
      String role = element.getAttribute("role").trim().toUpperCase(Locale.ROOT);
      builder.role(MemberRole.valueOf(role));
    }
    if (element.hasAttribute("contribute")) {
      long bytes = size(element, "contribute");
      if (bytes < MIN_CONTRIBUTION) {
        throw fail(element, "contribute=\"" + element.getAttribute("contribute") + "\" is"
            + " below the minimum of 16m; contribute at least 16m, or use role=\"client\" for"
            + " a member that stores nothing");
      }
      builder.contributedBytes(bytes);
    }
    if (element.hasAttribute("backup-count")) {
      builder.backupCount(Integer.parseInt(element.getAttribute("backup-count").trim()));
    }
    if (element.hasAttribute("bind-address")) {
      builder.bindAddress(element.getAttribute("bind-address").trim());
    }
    if (element.hasAttribute("port")) {
      builder.port(Integer.parseInt(element.getAttribute("port").trim()));
    }
    if (element.hasAttribute("members")) {
      List<String> members = new ArrayList<>();
      for (String member : element.getAttribute("members").split(",")) {
        members.add(member.trim());
      }
      builder.members(members);
    }
    if (element.hasAttribute("operation-timeout")) {
      Duration timeout = duration(element, "operation-timeout");
      if (timeout.compareTo(MIN_OPERATION_TIMEOUT) < 0) {
        throw fail(element, "operation-timeout=\"" + element.getAttribute("operation-timeout")
            + "\" is below the minimum of 100ms; use 100ms or more, such as 30s");
      }
      builder.operationTimeout(timeout);
    }
    if (element.hasAttribute("max-requests-in-flight")) {
      builder.maxRequestsInFlight(Integer.parseInt(element.getAttribute(
          "max-requests-in-flight").trim()));
    }
    if (element.hasAttribute("linger")) {
      builder.linger(duration(element, "linger"));
    }
    Element splitBrain = child(element, "split-brain");
    if (splitBrain != null) {
      readSplitBrain(splitBrain, builder);
    }
    return builder.build();
  }

  private static void readSplitBrain(Element element, ClusterConfig.Builder builder) {
    if (element.hasAttribute("min-members")) {
      builder.minMembers(Integer.parseInt(element.getAttribute("min-members").trim()));
    }
    if (element.hasAttribute("protect")) {
      builder.splitProtection(SplitProtection.valueOf(enumName(element, "protect")));
    }
    if (element.hasAttribute("merge-policy")) {
      builder.mergePolicy(MergePolicy.valueOf(enumName(element, "merge-policy")));
    }
  }

  /** Turns a schema enumeration value such as {@code reads-and-writes} into a constant name. */
  private static String enumName(Element element, String attribute) {
    return element.getAttribute(attribute).trim().replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * Reads the shared secret from the file or environment variable {@code <security>} names.
   * Trailing whitespace, such as the newline an editor adds, is not part of the secret.
   */
  private static SharedSecret readSecret(Element element, URI source,
      UnaryOperator<String> environment) {
    boolean hasFile = element.hasAttribute("secret-file");
    boolean hasVariable = element.hasAttribute("secret-env");
    if (hasFile == hasVariable) {
      throw fail(element, "set exactly one of secret-file and secret-env, for example"
          + " <security secret-file=\"/etc/piglix/pool.secret\"/>");
    }
    String text;
    String origin;
    if (hasFile) {
      String name = element.getAttribute("secret-file").trim();
      Path file = secretPath(element, name, source);
      origin = "file " + file;
      if (!Files.isRegularFile(file)) {
        throw fail(element, "secret-file=\"" + name + "\": " + file + " does not exist or is"
            + " not a regular file; create it with a secret of at least "
            + SharedSecret.MIN_BYTES + " bytes, for example: openssl rand -base64 32 > "
            + file);
      }
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw fail(element, "secret-file=\"" + name + "\": cannot read " + file + " ("
            + e.getClass().getSimpleName() + "); make it readable by the user running the"
            + " member");
      }
    } else {
      String name = element.getAttribute("secret-env").trim();
      origin = "environment variable " + name;
      text = environment.apply(name);
      if (text == null) {
        throw fail(element, "secret-env=\"" + name + "\": the environment variable " + name
            + " is not set; set it to a secret of at least " + SharedSecret.MIN_BYTES
            + " bytes before starting the member");
      }
    }
    byte[] bytes = text.stripTrailing().getBytes(StandardCharsets.UTF_8);
    if (bytes.length < SharedSecret.MIN_BYTES) {
      throw fail(element, "the shared secret from " + origin + " has " + bytes.length
          + " bytes; use at least " + SharedSecret.MIN_BYTES + " bytes, for example the"
          + " output of: openssl rand -base64 32");
    }
    return new SharedSecret(bytes, origin);
  }

  /**
   * Resolves a secret file name. A relative name is relative to the configuration file's
   * directory when the configuration is a file, and to the working directory otherwise.
   */
  private static Path secretPath(Element element, String name, URI source) {
    try {
      Path path = Path.of(name);
      if (!path.isAbsolute() && "file".equals(source.getScheme())) {
        Path parent = Path.of(source).getParent();
        if (parent != null) {
          path = parent.resolve(path);
        }
      }
      return path.toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) {
      throw fail(element, "secret-file=\"" + name + "\" is not a valid path: "
          + e.getMessage());
    }
  }

  private static SerializationConfig readSerialization(Element element) {
    List<String> packages = new ArrayList<>();
    for (Element allow : children(element, "allow-package")) {
      packages.add(allow.getAttribute("name").trim());
    }
    List<String> classes = new ArrayList<>();
    for (Element allow : children(element, "allow-class")) {
      classes.add(allow.getAttribute("name").trim());
    }
    Map<String, Integer> registrations = new LinkedHashMap<>();
    for (Element register : children(element, "register")) {
      registrations.put(register.getAttribute("class").trim(),
          Integer.parseInt(register.getAttribute("id").trim()));
    }
    int maxObjectSize = SerializationConfig.DEFAULT_MAX_OBJECT_SIZE;
    if (element.hasAttribute("max-object-size")) {
      long size = size(element, "max-object-size");
      if (size < 1024 || size > Integer.MAX_VALUE - 64) {
        throw fail(element, "max-object-size=\"" + element.getAttribute("max-object-size")
            + "\" is out of range; use a size from 1k to 2047m");
      }
      maxObjectSize = (int) size;
    }
    int maxDepth = SerializationConfig.DEFAULT_MAX_DEPTH;
    if (element.hasAttribute("max-depth")) {
      maxDepth = Integer.parseInt(element.getAttribute("max-depth").trim());
    }
    return new SerializationConfig(new ClassAllowList(packages, classes), registrations,
        maxObjectSize, maxDepth);
  }

  /** Reads a cache with the settings of {@code defaults} (may be null) applied first. */
  private static CacheDefinition readCache(Element element, Element defaults) {
    CacheDefinition.Builder builder = CacheDefinition.builder(element.getAttribute("name")
        .trim()).location(ConfigDocumentReader.locationOf(element));
    if (element.hasAttribute("key-type")) {
      builder.keyType(element.getAttribute("key-type").trim());
    }
    if (element.hasAttribute("value-type")) {
      builder.valueType(element.getAttribute("value-type").trim());
    }
    if (defaults != null) {
      applyCacheSettings(defaults, builder);
    }
    applyCacheSettings(element, builder);
    return builder.build();
  }

  /**
   * Applies the settings {@code <cache>} and {@code <cache-defaults>} share. Attributes and
   * bounds attributes override one by one; expiry, read-through and write-through replace the
   * earlier element; declared listeners replace the earlier list.
   */
  private static void applyCacheSettings(Element element, CacheDefinition.Builder builder) {
    if (element.hasAttribute("statistics")) {
      builder.statisticsEnabled(bool(element, "statistics"));
    }
    if (element.hasAttribute("management")) {
      builder.managementEnabled(bool(element, "management"));
    }
    if (element.hasAttribute("backup-count")) {
      builder.backupCount(Integer.parseInt(element.getAttribute("backup-count").trim()));
    }

    Element expiry = child(element, "expiry");
    if (expiry != null) {
      builder.expiry(new ExpiryDefinition(
          ExpiryDefinition.Policy.ofAttribute(expiry.getAttribute("policy")),
          expiry.hasAttribute("duration") ? duration(expiry, "duration") : null,
          ConfigDocumentReader.locationOf(expiry)));
    }

    Element readThrough = child(element, "read-through");
    if (readThrough != null) {
      builder.loader(classReference(readThrough, "loader"));
    }
    Element writeThrough = child(element, "write-through");
    if (writeThrough != null) {
      builder.writer(classReference(writeThrough, "writer"));
    }

    List<Element> listenerElements = children(element, "listener");
    if (!listenerElements.isEmpty()) {
      List<ListenerDefinition> listeners = new ArrayList<>();
      for (Element listener : listenerElements) {
        listeners.add(new ListenerDefinition(classReference(listener, "class"),
            listener.hasAttribute("filter") ? classReference(listener, "filter") : null,
            listener.hasAttribute("old-value-required")
                && bool(listener, "old-value-required"),
            listener.hasAttribute("synchronous") && bool(listener, "synchronous")));
      }
      builder.listeners(listeners);
    }

    Element bounds = child(element, "bounds");
    if (bounds != null) {
      applyBounds(bounds, builder);
    }
  }

  private static void applyBounds(Element bounds, CacheDefinition.Builder builder) {
    if (bounds.hasAttribute("max-entries")) {
      String value = bounds.getAttribute("max-entries").trim();
      try {
        builder.maxEntries(Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw fail(bounds, "max-entries=\"" + value + "\" is too large; use at most "
            + Long.MAX_VALUE);
      }
    }
    if (bounds.hasAttribute("max-bytes")) {
      long bytes = size(bounds, "max-bytes");
      if (bytes < 1024) {
        throw fail(bounds, "max-bytes=\"" + bounds.getAttribute("max-bytes") + "\" is below"
            + " the minimum of 1k; use 1k or more");
      }
      builder.maxBytes(bytes);
    }
    if (bounds.hasAttribute("weight")) {
      builder.weight(Integer.parseInt(bounds.getAttribute("weight").trim()));
    }
    if (bounds.hasAttribute("eviction")) {
      builder.eviction(BoundsDefinition.Eviction.ofAttribute(bounds.getAttribute("eviction")));
    }
  }

  private static ClassReference classReference(Element element, String attribute) {
    return new ClassReference(element.getAttribute(attribute).trim(), element.getLocalName(),
        attribute, ConfigDocumentReader.locationOf(element));
  }

  private static boolean bool(Element element, String attribute) {
    String value = element.getAttribute(attribute).trim();
    return value.equals("true") || value.equals("1");
  }

  private static long size(Element element, String attribute) {
    String value = element.getAttribute(attribute);
    try {
      return ConfigLoader.parseSize(value);
    } catch (ArithmeticException | NumberFormatException e) {
      throw fail(element, attribute + "=\"" + value + "\" is too large; use a smaller size");
    }
  }

  private static Duration duration(Element element, String attribute) {
    String value = element.getAttribute(attribute);
    try {
      return ConfigLoader.parseDuration(value);
    } catch (ArithmeticException | NumberFormatException e) {
      throw fail(element, attribute + "=\"" + value + "\" is too large; use a smaller"
          + " number or a larger unit");
    }
  }

  private static ConfigurationException fail(Element element, String problem) {
    return new ConfigurationException(ConfigLocation.format(
        ConfigDocumentReader.locationOf(element), "<" + element.getLocalName() + ">: "
        + problem));
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element && name.equals(node.getLocalName())) {
        found.add((Element) node);
      }
    }
    return found;
  }
}
