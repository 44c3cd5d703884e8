package io.piglix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piglix.cluster.CacheStatus;
import io.piglix.cluster.MemberStatus;
import io.piglix.cluster.PoolStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text and JSON renderings of a pool status. */
class StatusReportTest {

  private static final long MIB = 1L << 20;

  private static PoolStatus pool(List<String> unreachable, int withoutOwner,
      int missingBackups, boolean rebalancing) {
    CacheStatus ordersA = new CacheStatus("file:/etc/piglix.xml", "orders", 60, 100,
        2 * MIB, 30, 10, 100, 5, 0);
    CacheStatus ordersB = new CacheStatus("file:/etc/piglix.xml", "orders", 40, 100,
        2 * MIB, 0, 0, 0, 0, 0);
    MemberStatus a = new MemberStatus("host-1", "piglix-1 (host-1)", "storage", true,
        64 * MIB, 2 * MIB, 136, 135, 0, rebalancing, List.of(ordersA));
    MemberStatus b = new MemberStatus("host-2", "piglix-1 (host-2)", "storage", false,
        64 * MIB, 2 * MIB, 135, 136, 0, false, List.of(ordersB));
    MemberStatus client = new MemberStatus("host-3", "piglix-2 (host-3)", "client", false,
        0, 0, 0, 0, 0, false, List.of());
    return new PoolStatus("orders-pool", 7, 271, 1, List.of(a, b, client), unreachable,
        withoutOwner, missingBackups);
  }

  @Test
  void textShowsMembersCachesAndTotals() {
    String text = StatusReport.text(pool(List.of(), 0, 0, false));

    assertThat(text).startsWith("Cluster orders-pool: healthy\n");
    assertThat(text).contains("3 members (2 storage, 1 client), capacity 128.0 MiB,"
        + " used 4.0 MiB, 100 entries");
    assertThat(text).containsPattern("host-1 \\*\\s+storage\\s+64.0 MiB\\s+2.0 MiB\\s+60\\s+"
        + "100\\s+136\\s+135");
    assertThat(text).containsPattern("orders\\s+100\\s+4.0 MiB\\s+75.0%\\s+0\\s+"
        + "file:/etc/piglix.xml");
  }

  @Test
  void textListsProblems() {
    String text = StatusReport.text(pool(List.of("host-9"), 3, 5, true));

    assertThat(text).startsWith("Cluster orders-pool: NOT HEALTHY\n");
    assertThat(text).contains("  - member host-9 did not respond\n",
        "  - 3 of 271 partitions have no owner\n",
        "  - 5 of 271 partitions have fewer backups than configured\n",
        "  - partitions are moving between members\n");
  }

  @Test
  void jsonHasDocumentedFields() throws Exception {
    JsonNode json = new ObjectMapper().readTree(StatusReport.json(pool(List.of(), 0, 0,
        false)));

    assertThat(json.get("cluster").asText()).isEqualTo("orders-pool");
    assertThat(json.get("healthy").asBoolean()).isTrue();
    assertThat(json.get("problems")).isEmpty();
    assertThat(json.get("partitions").asInt()).isEqualTo(271);
    assertThat(json.get("backupCount").asInt()).isEqualTo(1);
    assertThat(json.get("tableVersion").asLong()).isEqualTo(7);
    assertThat(json.get("totals").get("members").asInt()).isEqualTo(3);
    assertThat(json.get("totals").get("storageMembers").asInt()).isEqualTo(2);
    assertThat(json.get("totals").get("clientMembers").asInt()).isEqualTo(1);
    assertThat(json.get("totals").get("capacityBytes").asLong()).isEqualTo(128 * MIB);
    assertThat(json.get("totals").get("usedBytes").asLong()).isEqualTo(4 * MIB);
    assertThat(json.get("totals").get("entries").asLong()).isEqualTo(100);
    JsonNode member = json.get("members").get(0);
    assertThat(member.get("address").asText()).isEqualTo("host-1");
    assertThat(member.get("role").asText()).isEqualTo("storage");
    assertThat(member.get("coordinator").asBoolean()).isTrue();
    assertThat(member.get("contributedBytes").asLong()).isEqualTo(64 * MIB);
    assertThat(member.get("entries").asLong()).isEqualTo(60);
    assertThat(member.get("storedEntries").asLong()).isEqualTo(100);
    assertThat(member.get("ownedPartitions").asInt()).isEqualTo(136);
    assertThat(member.get("backupPartitions").asInt()).isEqualTo(135);
    JsonNode cache = json.get("caches").get(0);
    assertThat(cache.get("manager").asText()).isEqualTo("file:/etc/piglix.xml");
    assertThat(cache.get("name").asText()).isEqualTo("orders");
    assertThat(cache.get("entries").asLong()).isEqualTo(100);
    assertThat(cache.get("hits").asLong()).isEqualTo(30);
    assertThat(cache.get("misses").asLong()).isEqualTo(10);
    assertThat(cache.get("hitRatio").asDouble()).isEqualTo(0.75);
    assertThat(cache.get("evictions").asLong()).isZero();
  }

  @Test
  void jsonListsProblems() throws Exception {
    JsonNode json = new ObjectMapper().readTree(StatusReport.json(pool(List.of("host-9"), 2,
        0, false)));

    assertThat(json.get("healthy").asBoolean()).isFalse();
    assertThat(json.get("unreachable").get(0).asText()).isEqualTo("host-9");
    assertThat(json.get("partitionsWithoutOwner").asInt()).isEqualTo(2);
    assertThat(json.get("problems")).hasSize(2);
  }

  @Test
  void jsonWriterEscapesStrings() throws Exception {
    String text = new JsonWriter().beginObject()
        .name("text").value("quote \" backslash \\ tab \t bell \u0007")
        .name("empty").beginArray().endArray()
        .name("nothing").value((String) null)
        .name("ratio").value(Double.NaN)
        .endObject().toString();

    JsonNode json = new ObjectMapper().readTree(text);

    assertThat(json.get("text").asText()).isEqualTo("quote \" backslash \\ tab \t bell \u0007");
    assertThat(json.get("empty")).isEmpty();
    assertThat(json.get("nothing").isNull()).isTrue();
    assertThat(json.get("ratio").isNull()).isTrue();
  }
}
