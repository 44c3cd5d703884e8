package io.piglix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.piglix.PiglixCacheManager;
import io.piglix.configuration.PiglixConfig;
import io.piglix.management.MetricsEndpoint;
import io.piglix.spi.PiglixCachingProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint of a standalone member after a known series of operations. */
class MetricsEndpointTest {

  private static final String MANAGER = "piglix:metrics-endpoint-test";

  private PiglixCachingProvider provider;
  private PiglixCacheManager manager;
  private MetricsEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    provider = new PiglixCachingProvider();
    manager = (PiglixCacheManager) provider.getCacheManager(URI.create(MANAGER),
        getClass().getClassLoader(), PiglixConfig.defaults());
    endpoint = MetricsEndpoint.start(manager.member(), 0);
  }

  @AfterEach
  void stop() {
    endpoint.close();
    provider.close();
  }

  @Test
  void cacheCountersMatchOperations() throws Exception {
    Cache<String, Integer> prices = manager.createCache("prices",
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class)
            .setStatisticsEnabled(true));
    for (int i = 0; i < 5; i++) {
      prices.put("item-" + i, i);
    }
    for (int i = 0; i < 3; i++) {
      prices.get("item-" + i);
    }
    prices.get("absent-1");
    prices.get("absent-2");
    prices.remove("item-4");

    String metrics = MemberProcessesTest.scrape(url("/metrics"));

    String labels = "{manager=\"" + MANAGER + "\",cache=\"prices\"}";
    assertThat(value(metrics, "piglix_cache_hits_total" + labels)).isEqualTo(3);
    assertThat(value(metrics, "piglix_cache_misses_total" + labels)).isEqualTo(2);
    assertThat(value(metrics, "piglix_cache_puts_total" + labels)).isEqualTo(5);
    assertThat(value(metrics, "piglix_cache_removals_total" + labels)).isEqualTo(1);
    assertThat(value(metrics, "piglix_cache_evictions_total" + labels)).isZero();
    assertThat(value(metrics, "piglix_cache_entries" + labels)).isEqualTo(4);
    assertThat(metrics).contains("# TYPE piglix_cache_hits_total counter",
        "# TYPE piglix_cache_entries gauge");
    assertThat(metrics).doesNotContain("piglix_pool_");
  }

  @Test
  void labelValuesAreEscaped() throws Exception {
    manager.createCache("quote\"back\\slash", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));

    String metrics = MemberProcessesTest.scrape(url("/metrics"));

    assertThat(metrics).contains("cache=\"quote\\\"back\\\\slash\"");
  }

  @Test
  void otherPathIsNotFound() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/"))));

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void postIsNotAllowed() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/metrics")))
        .POST(HttpRequest.BodyPublishers.ofString("x")));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void boundEndpointAnswersUnavailableUntilServed() throws Exception {
    try (MetricsEndpoint bound = MetricsEndpoint.bind(0)) {
      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + bound.port() + "/metrics")));

      assertThat(response.statusCode()).isEqualTo(503);
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + endpoint.port() + path;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long value(String metrics, String series) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
        .matcher(metrics);
    assertThat(matcher.find()).as("%s in%n%s", series, metrics).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
