package io.piglix.configuration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed files: each fails with the file, line and column and names the problem. Every file
 * starts with the root element on line 1, so the expected lines can be read off the text.
 */
class InvalidConfigTest {

  private static final String ROOT = "<piglix xmlns=\"urn:piglix:config:1.0\">\n";

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        Arguments.of("unknown element", ROOT + """
              <caches/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:12:",
                "Invalid content was found starting with element '{caches}'",
                "One of '{cluster, serialization, cache-defaults, cache}' is expected"}),
        Arguments.of("unknown attribute", ROOT + """
              <cluster colour="red"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:26:",
                "Attribute 'colour' is not allowed to appear in element 'cluster'"}),
        Arguments.of("role outside its values", ROOT + """
              <cluster role="primary"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:28:",
                "Value 'primary' is not facet-valid with respect to enumeration"
                    + " '[storage, client]'",
                "attribute 'role' on element 'cluster'"}),
        Arguments.of("elements out of order", ROOT + """
              <serialization/>
              <cluster/>
            </piglix>
            """, new String[] {"classpath:test.xml:3:13:",
                "Invalid content was found starting with element '{cluster}'"}),
        Arguments.of("partitions out of range", ROOT + """
              <cluster partitions="70000"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:32:",
                "Value '70000' is not facet-valid with respect to maxInclusive '65535'",
                "attribute 'partitions' on element 'cluster'"}),
        Arguments.of("size without a number", ROOT + """
              <cluster contribute="lots"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:31:", "Value 'lots'",
                "attribute 'contribute' on element 'cluster'"}),
        Arguments.of("member without a port", ROOT + """
              <cluster members="127.0.0.1[7800],10.0.0.2"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:48:", "Value '127.0.0.1[7800],10.0.0.2'",
                "attribute 'members' on element 'cluster'"}),
        Arguments.of("port out of range", ROOT + """
              <cluster port="70000"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:26:",
                "Value '70000' is not facet-valid with respect to maxInclusive '65535'"}),
        Arguments.of("minimum members below 1", ROOT + """
              <cluster><split-brain min-members="0"/></cluster>
            </piglix>
            """, new String[] {"classpath:test.xml:2:42:",
                "Value '0' is not facet-valid with respect to minInclusive '1'",
                "attribute 'min-members' on element 'split-brain'"}),
        Arguments.of("merge policy outside its values", ROOT + """
              <cluster><split-brain merge-policy="newest"/></cluster>
            </piglix>
            """, new String[] {"classpath:test.xml:2:48:",
                "Value 'newest' is not facet-valid with respect to enumeration"
                    + " '[higher-version, latest-update, larger-side]'",
                "attribute 'merge-policy' on element 'split-brain'"}),
        Arguments.of("split-brain twice", ROOT + """
              <cluster><split-brain/><split-brain/></cluster>
            </piglix>
            """, new String[] {"classpath:test.xml:2:40:",
                "Invalid content was found starting with element '{split-brain}'",
                "One of '{security}' is expected"}),
        Arguments.of("contribution below the minimum", ROOT + """
              <cluster contribute="1m"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:29:",
                "<cluster>: contribute=\"1m\" is below the minimum of 16m"}),
        Arguments.of("duration without a unit", ROOT + """
              <cluster operation-timeout="30"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:36:", "Value '30'",
                "attribute 'operation-timeout' on element 'cluster'"}),
        Arguments.of("operation timeout below the minimum", ROOT + """
              <cluster operation-timeout="50ms"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:38:",
                "operation-timeout=\"50ms\" is below the minimum of 100ms"}),
        Arguments.of("max requests in flight below 1", ROOT + """
              <cluster max-requests-in-flight="0"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:40:",
                "Value '0' is not facet-valid with respect to minInclusive '1'",
                "attribute 'max-requests-in-flight' on element 'cluster'"}),
        Arguments.of("max requests in flight not a number", ROOT + """
              <cluster max-requests-in-flight="many"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:43:",
                "'many' is not a valid value for 'integer'",
                "attribute 'max-requests-in-flight' on element 'cluster'"}),
        Arguments.of("expiry without a duration", ROOT + """
              <cache name="orders">
                <expiry policy="created"/>
              </cache>
            </piglix>
            """, new String[] {"classpath:test.xml:3:31:",
                "<expiry policy=\"created\"> needs a positive duration, such as"
                    + " duration=\"10m\""}),
        Arguments.of("eternal expiry with a duration", ROOT + """
              <cache name="orders">
                <expiry policy="eternal" duration="1h"/>
              </cache>
            </piglix>
            """, new String[] {"classpath:test.xml:3:45:",
                "an eternal policy takes no duration"}),
        Arguments.of("expiry policy outside its values", ROOT + """
              <cache name="orders">
                <expiry policy="sometimes" duration="1h"/>
              </cache>
            </piglix>
            """, new String[] {"classpath:test.xml:3:47:", "Value 'sometimes'",
                "'[eternal, created, accessed, modified, touched]'"}),
        Arguments.of("eviction outside its values", ROOT + """
              <cache name="orders">
                <bounds eviction="fifo"/>
              </cache>
            </piglix>
            """, new String[] {"classpath:test.xml:3:30:", "Value 'fifo'",
                "'[lru, lfu, frequency]'"}),
        Arguments.of("cache without a name", ROOT + """
              <cache key-type="java.lang.String"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:39:",
                "Attribute 'name' must appear on element 'cache'"}),
        Arguments.of("duplicate cache name", ROOT + """
              <cache name="orders"/>
              <cache name="orders"/>
            </piglix>
            """, new String[] {"classpath:test.xml:3:25:",
                "Duplicate unique value [orders]"}),
        Arguments.of("duplicate registration id", ROOT + """
              <serialization>
                <register class="com.example.A" id="1000"/>
                <register class="com.example.B" id="1000"/>
              </serialization>
            </piglix>
            """, new String[] {"classpath:test.xml:4:48:",
                "Duplicate unique value [1000]"}),
        Arguments.of("registration id below 1000", ROOT + """
              <serialization>
                <register class="com.example.A" id="7"/>
              </serialization>
            </piglix>
            """, new String[] {"classpath:test.xml:3:45:", "Value '7'",
                "minInclusive '1000'"}),
        Arguments.of("cache-defaults with a name", ROOT + """
              <cache-defaults name="all"/>
            </piglix>
            """, new String[] {"classpath:test.xml:2:31:",
                "Attribute 'name' is not allowed to appear in element 'cache-defaults'"}),
        Arguments.of("malformed XML", ROOT + """
              <cluster name="a">
            </piglix>
            """, new String[] {"classpath:test.xml:3:3:", "cluster"}),
        Arguments.of("wrong root namespace", """
            <piglix xmlns="urn:piglix:config:2.0">
            </piglix>
            """, new String[] {"classpath:test.xml:1:39:",
                "the root element is <piglix> in namespace urn:piglix:config:2.0",
                "starts with <piglix xmlns=\"urn:piglix:config:1.0\">"}),
        Arguments.of("text inside an element", ROOT + """
              <cluster>pool</cluster>
            </piglix>
            """, new String[] {"classpath:test.xml:2:26:",
                "Element 'cluster' cannot have character [children]"}),
        Arguments.of("unknown child of cluster", ROOT + """
              <cluster>
                <secret file="/etc/piglix/pool.secret"/>
              </cluster>
            </piglix>
            """, new String[] {"classpath:test.xml:3:45:",
                "Invalid content was found starting with element '{secret}'",
                "One of '{split-brain, security}' is expected"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void invalidFileRejected(String name, String xml, String[] expectedParts) {
    assertThatThrownBy(() -> ConfigLoaderTest.parse(xml))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll(expectedParts);
  }
}
