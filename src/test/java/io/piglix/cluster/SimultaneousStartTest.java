package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts three member JVMs at the same moment, ten times. JGroups can form two groups when
 * members start together; MERGE3 in the shipped stack finds them within seconds, and the
 * merge makes one pool. Every run must end with one view of three members that hold the same
 * partition table within {@link #POOL_FORMED}.
 */
@Tag("processes")
class SimultaneousStartTest {

  private static final int RUNS = 10;

  /** How long after the members printed READY the run may take to show one pool. */
  private static final Duration POOL_FORMED = Duration.ofSeconds(30);

  @Test
  @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
  void threeMembersStartedTogetherFormOnePool() throws Exception {
    List<Long> formedMillis = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      try (ProcessCluster cluster = new ProcessCluster(3, 1)) {
        List<MemberProcess> members = cluster.startMembersAtOnce(3);
        long ready = System.nanoTime();
        await().atMost(POOL_FORMED).pollInterval(Duration.ofMillis(250))
            .untilAsserted(() -> assertOnePool(members));
        formedMillis.add((System.nanoTime() - ready) / 1_000_000);
        for (MemberProcess member : members) {
          member.kill();
        }
      }
    }
    System.err.println("pool formed after READY, ms per run: " + formedMillis);
    assertThat(formedMillis).hasSize(RUNS);
  }

  private static void assertOnePool(List<MemberProcess> members) throws Exception {
    List<String> reports = new ArrayList<>();
    for (MemberProcess member : members) {
      member.send("POOL");
      reports.add(member.await("POOL", 10));
    }
    for (String report : reports) {
      String[] fields = report.split(" ");
      assertThat(fields[1]).as("view size in %s", report).isEqualTo("3");
      assertThat(fields[4]).as("settled in %s", report).isEqualTo("true");
    }
    String table = reports.get(0).substring(reports.get(0).indexOf(' ', 7));
    for (String report : reports) {
      assertThat(report.substring(report.indexOf(' ', 7))).as("table in %s", report)
          .isEqualTo(table);
    }
  }
}
