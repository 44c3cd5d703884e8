package io.piglix.cluster;

import io.piglix.PiglixCacheManager;
import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.MemberRole;
import io.piglix.configuration.PiglixConfig;
import io.piglix.serialization.ClassAllowList;
import io.piglix.serialization.SerializationConfig;
import io.piglix.spi.PiglixCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;

/**
 * A storage member in its own JVM, driven by a test through standard input.
 *
 * <p>Arguments: cluster name, own port, comma-separated ports of all members, backup count,
 * contributed MiB. Prints {@code READY} once joined. Commands, one per line: {@code VERIFY
 * cache file} reads every tab-separated key and value of the file through this member and
 * prints {@code VERIFIED checked mismatches first-mismatch}; {@code POOL} prints {@code POOL
 * view-size table-version table-hash settled}, where the hash is that of the table's replica
 * lists as text, equal on members holding the same table; {@code LEAVE} leaves gracefully
 * and exits. The process exits when standard input closes, so it never outlives its test.
 */
public final class MemberProcessMain {

  private MemberProcessMain() {
  }

  /** Runs the member. */
  public static void main(String[] args) throws Exception {
    String clusterName = args[0];
    int port = Integer.parseInt(args[1]);
    List<String> members = new ArrayList<>();
    for (String memberPort : args[2].split(",")) {
      members.add("127.0.0.1[" + memberPort + "]");
    }
    int backupCount = Integer.parseInt(args[3]);
    long contributed = Long.parseLong(args[4]) << 20;
    PiglixCachingProvider provider = new PiglixCachingProvider();
    PiglixCacheManager manager = (PiglixCacheManager) provider.getCacheManager(
        TestCluster.MANAGER_URI, MemberProcessMain.class.getClassLoader(),
        config(clusterName, port, members, backupCount, contributed, MemberRole.STORAGE));
    System.out.println("READY " + manager.member());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] command = line.trim().split(" ");
      if (command[0].equals("VERIFY")) {
        verify(manager, command[1], Path.of(command[2]));
      } else if (command[0].equals("POOL")) {
        ClusterNode node = manager.member().cluster();
        PartitionTable table = node.table();
        System.out.println("POOL " + node.view().size() + " " + table.version() + " "
            + table.assignment().toString().hashCode() + " " + node.isSettled());
        System.out.flush();
      } else if (command[0].equals("LEAVE")) {
        manager.close();
        System.out.println("LEFT");
        System.out.flush();
        System.exit(0);
      }
    }
    System.exit(0);
  }

  static PiglixConfig config(String clusterName, int port, List<String> members,
      int backupCount, long contributed, MemberRole role) {
    ClusterConfig cluster = ClusterConfig.builder()
        .name(clusterName)
        .role(role)
        .contributedBytes(contributed)
        .backupCount(backupCount)
        .operationTimeout(Duration.ofSeconds(15))
        .bindAddress("127.0.0.1")
        .port(port)
        .members(members)
        .build();
    return PiglixConfig.builder()
        .cluster(cluster)
        .serialization(new SerializationConfig(
            new ClassAllowList(List.of("io.piglix"), List.of()), Map.of(),
            SerializationConfig.DEFAULT_MAX_OBJECT_SIZE, SerializationConfig.DEFAULT_MAX_DEPTH))
        .build();
  }

  private static void verify(PiglixCacheManager manager, String cacheName, Path file)
      throws Exception {
    Cache<String, String> cache = manager.getCache(cacheName);
    long checked = 0;
    long mismatches = 0;
    String first = "-";
    Map<String, String> batch = new java.util.LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String entry = lines.get(i);
      int tab = entry.indexOf('\t');
      batch.put(entry.substring(0, tab), entry.substring(tab + 1));
      if (batch.size() < 500 && i < lines.size() - 1) {
        continue;
      }
      Map<String, String> actual = cache.getAll(batch.keySet());
      for (Map.Entry<String, String> expected : batch.entrySet()) {
        checked++;
        String value = actual.get(expected.getKey());
        if (!expected.getValue().equals(value)) {
          mismatches++;
          if (first.equals("-")) {
            first = expected.getKey() + "=" + value + "(expected:" + expected.getValue() + ")";
          }
        }
      }
      batch.clear();
    }
    System.out.println("VERIFIED " + checked + " " + mismatches + " " + first);
    System.out.flush();
  }
}
