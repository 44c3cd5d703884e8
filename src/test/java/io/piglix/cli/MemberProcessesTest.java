package io.piglix.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piglix.PiglixCacheManager;
import io.piglix.spi.PiglixCachingProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Storage members started as processes through {@code piglix member}, observed with
 * {@code piglix status} processes and their Prometheus endpoint, and one stopped with SIGTERM.
 * A client member in the test JVM writes and reads the entries.
 */
class MemberProcessesTest {

  private static final int ENTRIES = 200;
  private static final int REMOVED = 20;
  private static final long CONTRIBUTION = 64L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void statusMetricsAndGracefulStop() throws Exception {
    Path directory = Files.createDirectories(Path.of("target", "cli-logs",
        "member-processes-" + System.nanoTime()));
    String cluster = TestPools.clusterName("cli");
    List<Integer> ports = TestPools.freePorts(5);
    List<Integer> memberPorts = ports.subList(0, 2);
    Path configA = TestPools.writeMember(directory.resolve("a.xml"), cluster, ports.get(0),
        memberPorts);
    Path configB = TestPools.writeMember(directory.resolve("b.xml"), cluster, ports.get(1),
        memberPorts);
    Path observer = TestPools.writeMember(directory.resolve("observer.xml"), cluster,
        ports.get(2), memberPorts);
    int metricsPort = ports.get(4);
    String testPid = Long.toString(ProcessHandle.current().pid());
    PiglixCachingProvider provider = new PiglixCachingProvider();
    try (CommandProcess memberA = CommandProcess.start(directory, "member-a", "member",
            "--config", configA.toString(), "--metrics-port", Integer.toString(metricsPort),
            "--stop-with-pid", testPid);
        CommandProcess memberB = startWhenRunning(memberA, directory, configB, testPid)) {
      awaitRunning(memberB);
      PiglixCacheManager client = (PiglixCacheManager) provider.getCacheManager(
          URI.create("piglix:cli-test"), getClass().getClassLoader(),
          TestPools.client(cluster, ports.get(3), memberPorts));
      Cache<String, String> orders = client.createCache("orders",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setStatisticsEnabled(true));
      for (int i = 0; i < ENTRIES; i++) {
        orders.put("order-" + i, "value-" + i);
      }
      for (int i = 0; i < REMOVED; i++) {
        orders.remove("order-" + i);
      }
      int live = ENTRIES - REMOVED;

      JsonNode status = statusJson(directory, "status-1", observer, 0);
      assertThat(status.get("cluster").asText()).isEqualTo(cluster);
      assertThat(status.get("healthy").asBoolean()).isTrue();
      assertThat(status.get("totals").get("members").asInt()).isEqualTo(3);
      assertThat(status.get("totals").get("storageMembers").asInt()).isEqualTo(2);
      assertThat(status.get("totals").get("clientMembers").asInt()).isEqualTo(1);
      assertThat(status.get("totals").get("capacityBytes").asLong())
          .isEqualTo(2 * CONTRIBUTION);
      assertThat(status.get("totals").get("entries").asLong()).isEqualTo(live);
      assertThat(ownedPartitions(status)).isEqualTo(271);
      JsonNode ordersStatus = cacheNamed(status, "orders");
      assertThat(ordersStatus.get("entries").asLong()).isEqualTo(live);
      assertThat(ordersStatus.get("puts").asLong()).isEqualTo(ENTRIES);
      assertThat(ordersStatus.get("removals").asLong()).isEqualTo(REMOVED);

      CommandProcess text = CommandProcess.run(directory, "status-text", 120, "status",
          "--config", observer.toString(), "--timeout", "60s");
      assertThat(text.exitValue()).as(text.stderr()).isZero();
      assertThat(text.stdout()).contains("Cluster " + cluster + ": healthy", "orders",
          "128.0 MiB");

      String metricsUrl = "http://127.0.0.1:" + metricsPort + "/metrics";
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(sample(scrape(metricsUrl), "piglix_pool_members")).isEqualTo(3));
      String metrics = scrape(metricsUrl);
      assertThat(sample(metrics, "piglix_pool_capacity_bytes")).isEqualTo(2 * CONTRIBUTION);
      assertThat(sample(metrics, "piglix_pool_entries")).isEqualTo(live);
      assertThat(sample(metrics, "piglix_pool_healthy")).isEqualTo(1);
      assertThat(sample(metrics, "piglix_pool_rebalancing")).isZero();
      assertThat(sample(metrics, "piglix_member_contributed_bytes")).isEqualTo(CONTRIBUTION);
      assertThat(sample(metrics, "piglix_member_partitions_owned")).isBetween(1L, 270L);
      assertThat(sample(metrics, "piglix_cache_hits_total")).isZero();
      assertThat(sample(metrics, "piglix_cache_evictions_total")).isZero();
      assertThat(sample(metrics, "piglix_cache_entries")).isBetween(0L, (long) live);

      memberB.terminate();
      assertThat(memberB.awaitExit(90)).isEqualTo(143);
      assertThat(memberB.stderr()).contains("is leaving: handing off",
          "handed off its partitions in", "left cluster '" + cluster + "'");
      assertThat(memberB.stderr()).doesNotContain("failed to hand off");

      JsonNode after = statusJson(directory, "status-2", observer, 0);
      assertThat(after.get("healthy").asBoolean()).isTrue();
      assertThat(after.get("totals").get("storageMembers").asInt()).isEqualTo(1);
      assertThat(after.get("totals").get("entries").asLong()).isEqualTo(live);
      assertThat(ownedPartitions(after)).isEqualTo(271);
      List<String> lost = new ArrayList<>();
      for (int i = REMOVED; i < ENTRIES; i++) {
        if (!("value-" + i).equals(orders.get("order-" + i))) {
          lost.add("order-" + i);
        }
      }
      assertThat(lost).isEmpty();
    } finally {
      provider.close();
    }
  }

  private static CommandProcess startWhenRunning(CommandProcess first, Path directory,
      Path config, String testPid) throws Exception {
    awaitRunning(first);
    return CommandProcess.start(directory, "member-b", "member", "--config",
        config.toString(), "--stop-with-pid", testPid);
  }

  private static void awaitRunning(CommandProcess member) {
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      if (!member.isAlive()) {
        throw new AssertionError("member exited with " + member.exitValue() + ": "
            + member.stderr());
      }
      return member.stderr().contains(" is running with configuration ");
    });
  }

  private static JsonNode statusJson(Path directory, String name, Path config,
      int expectedExit) throws Exception {
    CommandProcess status = CommandProcess.run(directory, name, 120, "status", "--config",
        config.toString(), "--json", "--timeout", "60s");
    assertThat(status.exitValue()).as(status.stderr()).isEqualTo(expectedExit);
    return JSON.readTree(status.stdout());
  }

  private static int ownedPartitions(JsonNode status) {
    int owned = 0;
    for (JsonNode member : status.get("members")) {
      owned += member.get("ownedPartitions").asInt();
    }
    return owned;
  }

  private static JsonNode cacheNamed(JsonNode status, String name) {
    for (JsonNode cache : status.get("caches")) {
      if (cache.get("name").asText().equals(name)) {
        return cache;
      }
    }
    throw new AssertionError("no cache " + name + " in " + status);
  }

  static String scrape(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    return response.body();
  }

  /** Returns the value of the only sample of a metric, whatever its labels. */
  static long sample(String metrics, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
    assertThat(matcher.find()).as("sample of %s in%n%s", name, metrics).isTrue();
    long value = Long.parseLong(matcher.group(2));
    assertThat(matcher.find()).as("second sample of %s", name).isFalse();
    return value;
  }
}
