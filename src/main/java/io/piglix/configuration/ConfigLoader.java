package io.piglix.configuration;

import io.piglix.serialization.ClassAllowList;
import io.piglix.serialization.SerializationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads piglix configuration files, validated against {@code piglix-config-1.0.xsd}.
 *
 * <p>A configuration URI is {@code classpath:path/in/jar.xml} or a {@code file:} URI. Errors
 * name the file, line and column, and what to change.
 */
public final class ConfigLoader {

  /** The XML namespace of configuration files. */
  public static final String NAMESPACE = "urn:piglix:config:1.0";

  private static final String SCHEMA_RESOURCE = "/io/piglix/piglix-config-1.0.xsd";

  private static volatile Schema schema;

  private ConfigLoader() {
  }

  /** Returns whether a URI names a configuration file rather than only a cache manager. */
  public static boolean isConfigurationUri(URI uri) {
    String scheme = uri.getScheme();
    return "classpath".equals(scheme) || "file".equals(scheme);
  }

  /**
   * Reads the configuration a URI names.
   *
   * @throws ConfigurationException when the file is missing or invalid
   */
  public static PiglixConfig load(URI uri, ClassLoader classLoader) {
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
    throw new ConfigurationException("unsupported configuration URI " + uri + ": use"
        + " classpath:path/to/piglix.xml or file:/path/to/piglix.xml");
  }

  /** Parses and validates a configuration document; {@code source} names it in errors. */
  public static PiglixConfig parse(InputStream in, URI source) {
    Document document = readDocument(in, source);
    Element root = document.getDocumentElement();
    PiglixConfig.Builder builder = PiglixConfig.builder().source(source);
    Element partitions = child(root, "partitions");
    if (partitions != null) {
      builder.partitionCount(Integer.parseInt(partitions.getAttribute("count")));
    }
    Element serialization = child(root, "serialization");
    if (serialization != null) {
      builder.serialization(readSerialization(serialization, source));
    }
    return builder.build();
  }

  private static SerializationConfig readSerialization(Element element, URI source) {
    List<String> packages = new ArrayList<>();
    for (Element allow : children(element, "allow-package")) {
      packages.add(allow.getAttribute("name"));
    }
    List<String> classes = new ArrayList<>();
    for (Element allow : children(element, "allow-class")) {
      classes.add(allow.getAttribute("name"));
    }
    Map<String, Integer> registrations = new LinkedHashMap<>();
    Map<Integer, String> byId = new LinkedHashMap<>();
    for (Element register : children(element, "register")) {
      String className = register.getAttribute("class");
      int id = Integer.parseInt(register.getAttribute("id"));
      String previous = byId.put(id, className);
      if (previous != null) {
        throw new ConfigurationException(source + ": id " + id + " is registered for both "
            + previous + " and " + className + "; give each class its own id");
      }
      registrations.put(className, id);
    }
    long maxObjectSize = parseSize(element.getAttribute("max-object-size"));
    if (maxObjectSize > Integer.MAX_VALUE - 64 || maxObjectSize < 1024) {
      throw new ConfigurationException(source + ": max-object-size must be 1k to 2047m: "
          + element.getAttribute("max-object-size"));
    }
    int maxDepth = Integer.parseInt(element.getAttribute("max-depth"));
    return new SerializationConfig(new ClassAllowList(packages, classes), registrations,
        (int) maxObjectSize, maxDepth);
  }

  /** Parses a byte size such as {@code 512}, {@code 64k}, {@code 16m} or {@code 2g}. */
  public static long parseSize(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    long multiplier = 1;
    char last = value.charAt(value.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      multiplier = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      value = value.substring(0, value.length() - 1);
    }
    return Math.multiplyExact(Long.parseLong(value), multiplier);
  }

  private static Document readDocument(InputStream in, URI source) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setSchema(schema());
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new FailingErrorHandler(source));
      Document document = builder.parse(in, source.toString());
      Element root = document.getDocumentElement();
      if (!NAMESPACE.equals(root.getNamespaceURI())) {
        throw new ConfigurationException(source + ": the root element must be <piglix"
            + " xmlns=\"" + NAMESPACE + "\">");
      }
      return document;
    } catch (SAXParseException e) {
      throw new ConfigurationException(describe(source, e), e);
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw new ConfigurationException(source + ": invalid configuration: " + e.getMessage(),
          e);
    }
  }

  private static Schema schema() throws SAXException {
    Schema loaded = schema;
    if (loaded == null) {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      loaded = factory.newSchema(ConfigLoader.class.getResource(SCHEMA_RESOURCE));
      schema = loaded;
    }
    return loaded;
  }

  static String describe(URI source, SAXParseException e) {
    return source + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": "
        + e.getMessage();
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

  /** Turns every validation warning and error into a failure. */
  private static final class FailingErrorHandler implements ErrorHandler {

    private final URI source;

    FailingErrorHandler(URI source) {
      this.source = source;
    }

    @Override
    public void warning(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  }
}
