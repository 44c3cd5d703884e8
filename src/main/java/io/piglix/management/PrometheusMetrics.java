package io.piglix.management;

import io.piglix.PiglixMember;
import io.piglix.cluster.CacheStatus;
import io.piglix.cluster.MemberStatus;
import io.piglix.cluster.PoolStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a member's metrics in the Prometheus text exposition format, version 0.0.4.
 *
 * <p>Per-cache counters are the JSR-107 statistics of the cache views in this JVM, so each
 * member counts the calls its own callers made. A storage member that only stores for others
 * counts none. Per-cache and member gauges describe what this member stores. Pool gauges come
 * from {@link io.piglix.cluster.ClusterNode#poolStatus()}, which requests every member's
 * status, so they are the same on every member of a healthy pool. A standalone member has no
 * pool gauges.
 */
public final class PrometheusMetrics {

  /** The content type of the format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Map<String, Family> families = new LinkedHashMap<>();

  private PrometheusMetrics() {
  }

  /** Returns the metrics of a member. A clustered member requests the status of every member. */
  public static String render(PiglixMember member) {
    PrometheusMetrics metrics = new PrometheusMetrics();
    metrics.addMember(member.status());
    if (member.cluster() != null) {
      metrics.addPool(member.cluster().poolStatus());
    }
    return metrics.text();
  }

  private void addMember(MemberStatus status) {
    for (CacheStatus cache : status.caches()) {
      String[] labels = {"manager", cache.namespace(), "cache", cache.name()};
      counter("piglix_cache_hits_total", "Reads that found an entry, by this JVM's callers.")
          .add(labels, cache.hits());
      counter("piglix_cache_misses_total",
          "Reads that found no entry, by this JVM's callers.").add(labels, cache.misses());
      counter("piglix_cache_puts_total", "Entries stored by this JVM's callers.")
          .add(labels, cache.puts());
      counter("piglix_cache_removals_total", "Entries removed by this JVM's callers.")
          .add(labels, cache.removals());
      counter("piglix_cache_evictions_total", "Entries evicted for capacity on this member.")
          .add(labels, cache.evictions());
      gauge("piglix_cache_entries", "Entries in partitions this member owns.")
          .add(labels, cache.ownedEntries());
      gauge("piglix_cache_stored_entries",
          "Entries this member stores, owned and backup copies.")
          .add(labels, cache.storedEntries());
      gauge("piglix_cache_stored_bytes", "Off-heap bytes of the cache's store on this member.")
          .add(labels, cache.storedBytes());
    }
    gauge("piglix_member_info", "This member; the value is always 1.")
        .add(new String[] {"address", status.address(), "role", status.role()}, 1);
    gauge("piglix_member_contributed_bytes", "Off-heap bytes this member contributes.")
        .add(new String[0], status.contributedBytes());
    gauge("piglix_member_used_bytes", "Off-heap bytes this member's stores use.")
        .add(new String[0], status.usedBytes());
    gauge("piglix_member_partitions_owned", "Partitions this member owns.")
        .add(new String[0], status.ownedPartitions());
    gauge("piglix_member_partitions_backup", "Partitions this member holds a backup copy of.")
        .add(new String[0], status.backupPartitions());
  }

  private void addPool(PoolStatus pool) {
    String[] labels = {"cluster", pool.clusterName()};
    gauge("piglix_pool_members", "Members that responded the status request, this one included.")
        .add(labels, pool.members().size());
    gauge("piglix_pool_unreachable_members", "Members in the view that did not respond in time.")
        .add(labels, pool.unreachable().size());
    gauge("piglix_pool_capacity_bytes", "Sum of the storage members' contributions in bytes.")
        .add(labels, pool.capacityBytes());
    gauge("piglix_pool_used_bytes", "Off-heap bytes the members' stores use.")
        .add(labels, pool.usedBytes());
    gauge("piglix_pool_entries", "Entries in the pool, each counted once.")
        .add(labels, pool.entries());
    gauge("piglix_pool_partitions", "Partitions of the pool.")
        .add(labels, pool.partitionCount());
    gauge("piglix_pool_partitions_without_owner", "Partitions without a live owner.")
        .add(labels, pool.partitionsWithoutOwner());
    gauge("piglix_pool_partitions_missing_backups",
        "Partitions with fewer live backups than configured.")
        .add(labels, pool.partitionsMissingBackups());
    gauge("piglix_pool_rebalancing", "1 while the coordinator moves partitions, else 0.")
        .add(labels, pool.rebalancing() ? 1 : 0);
    gauge("piglix_pool_healthy",
        "1 when every member responded and every partition has its owner and backups.")
        .add(labels, pool.healthy() ? 1 : 0);
    for (CacheStatus cache : pool.caches()) {
      gauge("piglix_pool_cache_entries", "Entries of the cache in the pool, each counted once.")
          .add(new String[] {"cluster", pool.clusterName(), "manager", cache.namespace(),
              "cache", cache.name()}, cache.ownedEntries());
    }
  }

  private Family counter(String name, String help) {
    return families.computeIfAbsent(name, key -> new Family(name, "counter", help));
  }

  private Family gauge(String name, String help) {
    return families.computeIfAbsent(name, key -> new Family(name, "gauge", help));
  }

  private String text() {
    StringBuilder out = new StringBuilder();
    for (Family family : families.values()) {
      family.appendTo(out);
    }
    return out.toString();
  }

  /** One metric family: its HELP and TYPE lines and its samples. */
  private static final class Family {
    private final String name;
    private final String type;
    private final String help;
    private final List<String> samples = new ArrayList<>();

    Family(String name, String type, String help) {
      this.name = name;
      this.type = type;
      this.help = help;
    }

    /** Adds a sample; {@code labels} alternates label names and values. */
    Family add(String[] labels, long value) {
      StringBuilder sample = new StringBuilder(name);
      if (labels.length > 0) {
        sample.append('{');
        for (int i = 0; i < labels.length; i += 2) {
          if (i > 0) {
            sample.append(',');
          }
          sample.append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1]))
              .append('"');
        }
        sample.append('}');
      }
      sample.append(' ').append(value);
      samples.add(sample.toString());
      return this;
    }

    void appendTo(StringBuilder out) {
      out.append("# HELP ").append(name).append(' ').append(help).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
      for (String sample : samples) {
        out.append(sample).append('\n');
      }
    }
  }

  /** Escapes a label value: backslash, double quote and line feed, as the format requires. */
  static String escapeLabel(String value) {
    StringBuilder escaped = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        escaped.append("\\\\");
      } else if (c == '"') {
        escaped.append("\\\"");
      } else if (c == '\n') {
        escaped.append("\\n");
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
