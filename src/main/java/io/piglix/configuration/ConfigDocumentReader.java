package io.piglix.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.AttributesImpl;
import org.xml.sax.helpers.DefaultHandler;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Reads a configuration file into a DOM in one SAX pass: placeholders in attribute values are
 * resolved first, then the schema validates the resolved values, then the DOM is built with
 * the {@link ConfigLocation} of each element as user data under {@link #LOCATION}.
 */
final class ConfigDocumentReader {

  /** The DOM user data key of an element's {@link ConfigLocation}. */
  static final String LOCATION = "piglix.location";

  private static final String SCHEMA_RESOURCE = "/io/piglix/piglix-config-1.0.xsd";
  private static final int MAX_REPORTED_ERRORS = 20;

  private static volatile Schema schema;

  private ConfigDocumentReader() {
  }

  /**
   * Reads and validates a document.
   *
   * @throws ConfigurationException naming the file, line and column of every problem found
   */
  static Document read(InputStream in, URI source, Placeholders placeholders) {
    try {
      Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .newDocument();
      ErrorCollector errors = new ErrorCollector(source);
      ValidatorHandler validator = schema().newValidatorHandler();
      validator.setErrorHandler(errors);
      ResolvingFilter filter = new ResolvingFilter(source, placeholders);
      filter.setContentHandler(validator);
      validator.setContentHandler(new DomBuilder(document, filter));
      XMLReader reader = newSecureReader();
      reader.setContentHandler(filter);
      reader.setErrorHandler(errors);
      InputSource input = new InputSource(in);
      input.setSystemId(source.toString());
      reader.parse(input);
      errors.throwIfAny();
      return document;
    } catch (SAXParseException e) {
      throw new ConfigurationException(ErrorCollector.describe(source, e)
          + ErrorCollector.SCHEMA_HINT, e);
    } catch (SAXException | ParserConfigurationException e) {
      throw new ConfigurationException(source + ": invalid configuration: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read configuration " + source + ": "
          + e.getMessage(), e);
    }
  }

  private static XMLReader newSecureReader() throws ParserConfigurationException, SAXException {
    SAXParserFactory factory = SAXParserFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setXIncludeAware(false);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    return factory.newSAXParser().getXMLReader();
  }

  private static Schema schema() throws SAXException {
    Schema loaded = schema;
    if (loaded == null) {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      loaded = factory.newSchema(ConfigDocumentReader.class.getResource(SCHEMA_RESOURCE));
      schema = loaded;
    }
    return loaded;
  }

  /** Returns the location stored on an element by {@link #read}. */
  static ConfigLocation locationOf(Node element) {
    return (ConfigLocation) element.getUserData(LOCATION);
  }

  /** Checks the root element and resolves placeholders before the validator gets the values. */
  private static final class ResolvingFilter extends XMLFilterImpl {

    private final URI source;
    private final Placeholders placeholders;
    private Locator locator;
    private boolean rootSeen;

    ResolvingFilter(URI source, Placeholders placeholders) {
      this.source = source;
      this.placeholders = placeholders;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
      super.setDocumentLocator(locator);
    }

    ConfigLocation location() {
      return locator == null ? new ConfigLocation(source, -1, -1)
          : new ConfigLocation(source, locator.getLineNumber(), locator.getColumnNumber());
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes)
        throws SAXException {
      if (!rootSeen) {
        rootSeen = true;
        if (!ConfigLoader.NAMESPACE.equals(uri) || !"piglix".equals(localName)) {
          throw new ConfigurationException(location().format("the root element is <" + qName
              + ">" + (uri.isEmpty() ? " in no namespace" : " in namespace " + uri)
              + "; a piglix configuration starts with <piglix xmlns=\""
              + ConfigLoader.NAMESPACE + "\">"));
        }
      }
      AttributesImpl resolved = new AttributesImpl(attributes);
      for (int i = 0; i < resolved.getLength(); i++) {
        String where = "attribute " + resolved.getQName(i) + " of <" + localName + ">";
        resolved.setValue(i, placeholders.resolve(resolved.getValue(i), where, location()));
      }
      super.startElement(uri, localName, qName, resolved);
    }
  }

  /** Builds the DOM from the validated events, recording each element's location. */
  private static final class DomBuilder extends DefaultHandler {

    private final Document document;
    private final ResolvingFilter positions;
    private final Deque<Node> open = new ArrayDeque<>();

    DomBuilder(Document document, ResolvingFilter positions) {
      this.document = document;
      this.positions = positions;
      open.push(document);
    }

    @Override
    public void startElement(String uri, String localName, String qName,
        Attributes attributes) {
      Element element = document.createElementNS(uri.isEmpty() ? null : uri, qName);
      for (int i = 0; i < attributes.getLength(); i++) {
        String attributeUri = attributes.getURI(i);
        element.setAttributeNS(attributeUri.isEmpty() ? null : attributeUri,
            attributes.getQName(i), attributes.getValue(i));
      }
      element.setUserData(LOCATION, positions.location(), null);
      open.peek().appendChild(element);
      open.push(element);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      open.pop();
    }
  }

  /**
   * Collects validation errors so one message lists them all, one a line; a malformed
   * document stops the parse at once.
   */
  private static final class ErrorCollector implements ErrorHandler {

    static final String SCHEMA_HINT = System.lineSeparator() + "The schema"
        + " io/piglix/piglix-config-1.0.xsd in the piglix jar documents every element and"
        + " attribute.";

    private final URI source;
    private final List<String> lines = new ArrayList<>();
    private int count;

    ErrorCollector(URI source) {
      this.source = source;
    }

    @Override
    public void warning(SAXParseException e) {
      add(e);
    }

    @Override
    public void error(SAXParseException e) {
      add(e);
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }

    private void add(SAXParseException e) {
      count++;
      if (count <= MAX_REPORTED_ERRORS) {
        lines.add(describe(source, e));
      }
    }

    void throwIfAny() {
      if (count == 0) {
        return;
      }
      StringBuilder message = new StringBuilder("invalid configuration " + source + ":");
      for (String line : lines) {
        message.append(System.lineSeparator()).append(line);
      }
      if (count > MAX_REPORTED_ERRORS) {
        message.append(System.lineSeparator()).append("and ").append(count - MAX_REPORTED_ERRORS)
            .append(" more errors");
      }
      message.append(SCHEMA_HINT);
      throw new ConfigurationException(message.toString());
    }

    static String describe(URI source, SAXParseException e) {
      return source + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": "
          + clean(e.getMessage());
    }

    /** Drops the XML Schema rule id and the namespace from a Xerces message. */
    private static String clean(String message) {
      return message.replaceFirst("^cvc-[A-Za-z0-9.-]+: ", "")
          .replace("\"" + ConfigLoader.NAMESPACE + "\":", "");
    }
  }
}
