package io.piglix.cli;

import io.piglix.cluster.CacheStatus;
import io.piglix.cluster.MemberStatus;
import io.piglix.cluster.PoolStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a pool status as a text report or as the JSON document of {@code status --json}. */
final class StatusReport {

  private StatusReport() {
  }

  /** Returns the health problems of a pool, one sentence each; empty when it is healthy. */
  static List<String> problems(PoolStatus pool) {
    List<String> problems = new ArrayList<>();
    for (String address : pool.unreachable()) {
      problems.add("member " + address + " did not respond");
    }
    if (pool.partitionsWithoutOwner() > 0) {
      problems.add(pool.partitionsWithoutOwner() + " of " + pool.partitionCount()
          + " partitions have no owner");
    }
    if (pool.partitionsMissingBackups() > 0) {
      problems.add(pool.partitionsMissingBackups() + " of " + pool.partitionCount()
          + " partitions have fewer backups than configured");
    }
    if (pool.rebalancing()) {
      problems.add("partitions are moving between members");
    }
    return problems;
  }

  /** Returns the number of members of a pool status with the given role. */
  static long countRole(PoolStatus pool, String role) {
    return pool.members().stream().filter(member -> member.role().equals(role)).count();
  }

  /** Returns the text report: health, totals, a table of members and a table of caches. */
  static String text(PoolStatus pool) {
    StringBuilder out = new StringBuilder();
    List<String> problems = problems(pool);
    out.append("Cluster ").append(pool.clusterName()).append(": ")
        .append(problems.isEmpty() ? "healthy" : "NOT HEALTHY").append('\n');
    for (String problem : problems) {
      out.append("  - ").append(problem).append('\n');
    }
    int memberCount = pool.members().size();
    out.append(String.format(Locale.ROOT,
        "  %d member%s (%d storage, %d client), capacity %s, used %s, %d entries%n",
        memberCount, memberCount == 1 ? "" : "s", countRole(pool, "storage"),
        countRole(pool, "client"), MemberConfigs.bytes(pool.capacityBytes()),
        MemberConfigs.bytes(pool.usedBytes()), pool.entries()));
    out.append(String.format(Locale.ROOT,
        "  %d partitions, %d backup(s) each, partition table version %d%n%n",
        pool.partitionCount(), pool.backupCount(), pool.tableVersion()));
    Table members = new Table("MEMBER", "ROLE", "CONTRIBUTED", "USED", "ENTRIES", "STORED",
        "OWNED", "BACKUP");
    for (MemberStatus member : pool.members()) {
      members.row(member.address() + (member.coordinator() ? " *" : ""), member.role(),
          MemberConfigs.bytes(member.contributedBytes()), MemberConfigs.bytes(member.usedBytes()),
          Long.toString(member.ownedEntries()), Long.toString(member.storedEntries()),
          Integer.toString(member.ownedPartitions()),
          Integer.toString(member.backupPartitions()));
    }
    out.append(members);
    out.append("  * coordinator; ENTRIES counts entries in owned partitions, STORED adds backup"
        + " copies\n");
    List<CacheStatus> caches = pool.caches();
    if (caches.isEmpty()) {
      out.append("\nNo caches.\n");
    } else {
      Table table = new Table("CACHE", "ENTRIES", "BYTES", "HIT RATIO", "EVICTIONS", "MANAGER");
      for (CacheStatus cache : caches) {
        long reads = cache.hits() + cache.misses();
        table.row(cache.name(), Long.toString(cache.ownedEntries()),
            MemberConfigs.bytes(cache.storedBytes()),
            reads == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", cache.hitRatio() * 100),
            Long.toString(cache.evictions()), cache.namespace());
      }
      out.append('\n').append(table);
    }
    return out.toString();
  }

  /** Returns the JSON document described in docs/operations.md. */
  static String json(PoolStatus pool) {
    JsonWriter json = new JsonWriter().beginObject();
    json.name("cluster").value(pool.clusterName());
    json.name("healthy").value(pool.healthy());
    json.name("problems").beginArray();
    for (String problem : problems(pool)) {
      json.value(problem);
    }
    json.endArray();
    json.name("partitions").value(pool.partitionCount());
    json.name("backupCount").value(pool.backupCount());
    json.name("tableVersion").value(pool.tableVersion());
    json.name("partitionsWithoutOwner").value(pool.partitionsWithoutOwner());
    json.name("partitionsMissingBackups").value(pool.partitionsMissingBackups());
    json.name("rebalancing").value(pool.rebalancing());
    json.name("unreachable").beginArray();
    for (String address : pool.unreachable()) {
      json.value(address);
    }
    json.endArray();
    json.name("totals").beginObject()
        .name("members").value(pool.members().size())
        .name("storageMembers").value(countRole(pool, "storage"))
        .name("clientMembers").value(countRole(pool, "client"))
        .name("capacityBytes").value(pool.capacityBytes())
        .name("usedBytes").value(pool.usedBytes())
        .name("entries").value(pool.entries())
        .endObject();
    json.name("members").beginArray();
    for (MemberStatus member : pool.members()) {
      json.beginObject()
          .name("address").value(member.address())
          .name("name").value(member.name())
          .name("role").value(member.role())
          .name("coordinator").value(member.coordinator())
          .name("contributedBytes").value(member.contributedBytes())
          .name("usedBytes").value(member.usedBytes())
          .name("entries").value(member.ownedEntries())
          .name("storedEntries").value(member.storedEntries())
          .name("ownedPartitions").value(member.ownedPartitions())
          .name("backupPartitions").value(member.backupPartitions())
          .name("unreplicatedPartitions").value(member.unreplicatedPartitions())
          .endObject();
    }
    json.endArray();
    json.name("caches").beginArray();
    for (CacheStatus cache : pool.caches()) {
      json.beginObject()
          .name("manager").value(cache.namespace())
          .name("name").value(cache.name())
          .name("entries").value(cache.ownedEntries())
          .name("storedEntries").value(cache.storedEntries())
          .name("storedBytes").value(cache.storedBytes())
          .name("hits").value(cache.hits())
          .name("misses").value(cache.misses())
          .name("hitRatio").value(cache.hitRatio())
          .name("puts").value(cache.puts())
          .name("removals").value(cache.removals())
          .name("evictions").value(cache.evictions())
          .endObject();
    }
    json.endArray();
    return json.endObject().toString() + "\n";
  }

  /** A text table whose columns are as wide as their widest cell. */
  private static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header);
    }

    void row(String... cells) {
      rows.add(cells);
    }

    @Override
    public String toString() {
      int[] widths = new int[rows.get(0).length];
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      StringBuilder out = new StringBuilder();
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
          line.append(row[i]);
          if (i < row.length - 1) {
            line.append(" ".repeat(widths[i] - row[i].length() + 2));
          }
        }
        out.append(line.toString().stripTrailing()).append('\n');
      }
      return out.toString();
    }
  }
}
