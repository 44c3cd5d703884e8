package io.piglix.cli;

import io.piglix.PiglixCacheManager;
import io.piglix.cluster.PoolStatus;
import io.piglix.configuration.PiglixConfig;
import io.piglix.spi.PiglixCachingProvider;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code piglix demo}: starts a pool of member processes on 127.0.0.1, loads more data than
 * one member contributes, kills a member with SIGKILL and reads every acknowledged entry back.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Starts a pool of member processes on free ports of 127.0.0.1, loads more"
        + " data than one member contributes, kills one member with SIGKILL, waits for the"
        + " pool to settle and reads every acknowledged entry back. Stops the members it"
        + " started. Exits with 0 when every entry was read back intact."})
final class DemoCommand implements Callable<Integer> {

  private static final String CACHE_NAME = "demo";
  private static final long MIN_VALUE_SIZE = 1L << 10;
  private static final long MAX_VALUE_SIZE = 1L << 20;
  private static final long MAX_DATA = 1L << 30;
  private static final long STOP_MILLIS = 60_000;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--members", paramLabel = "COUNT", defaultValue = "3",
      description = "Storage member processes to start, 2 to 5 (default: ${DEFAULT-VALUE}).")
  private int memberCount;

  @Option(names = "--contribute", paramLabel = "SIZE", defaultValue = "64m",
      converter = Converters.SizeConverter.class,
      description = "Off-heap memory each member contributes, at least 16m"
          + " (default: ${DEFAULT-VALUE}).")
  private long contribution;

  @Option(names = "--data", paramLabel = "SIZE", defaultValue = "34m",
      converter = Converters.SizeConverter.class,
      description = "Bytes of values to load, at most 1g (default: ${DEFAULT-VALUE}).")
  private long dataBytes;

  @Option(names = "--value-size", paramLabel = "SIZE", defaultValue = "4k",
      converter = Converters.SizeConverter.class,
      description = "Size of each value, 1k to 1m (default: ${DEFAULT-VALUE}).")
  private long valueSize;

  @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "3m",
      converter = Converters.DurationConverter.class,
      description = "Maximum run time, with the unit ms, s, m or h; the demo stops its members"
          + " and fails when it runs out (default: ${DEFAULT-VALUE}).")
  private Duration timeLimit;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Directory for the members' configuration files and logs (default: a new"
          + " temporary directory).")
  private File workDir;

  @Option(names = "--verbose", description = "Log at INFO and print stack traces of failures.")
  private boolean verbose;

  private final List<DemoMember> members = new ArrayList<>();
  private PrintWriter out;
  private long started;
  private long deadline;

  @Override
  public Integer call() throws Exception {
    validate();
    out = spec.commandLine().getOut();
    started = System.nanoTime();
    deadline = started + timeLimit.toNanos();
    Path directory = workDir == null ? Files.createTempDirectory("piglix-demo")
        : Files.createDirectories(workDir.toPath());
    String clusterName = "piglix-demo-" + ProcessHandle.current().pid();
    List<Integer> ports = freePorts(memberCount + 1);
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < memberCount; i++) {
      addresses.add("127.0.0.1[" + ports.get(i) + "]");
    }
    PiglixCachingProvider provider = new PiglixCachingProvider();
    try {
      List<Path> configs = new ArrayList<>();
      for (int i = 0; i < memberCount; i++) {
        Path config = directory.resolve("member-" + (i + 1) + ".xml");
        Files.writeString(config, memberXml(clusterName, ports.get(i), addresses),
            StandardCharsets.UTF_8);
        configs.add(config);
      }
      step("Starting %d members of cluster %s on 127.0.0.1 ports %s, each contributing %s;"
          + " logs in %s", memberCount, clusterName, ports.subList(0, memberCount),
          MemberConfigs.bytes(contribution), directory);
      for (int i = 0; i < memberCount; i++) {
        DemoMember member = DemoMember.start(i + 1, configs.get(i),
            directory.resolve("member-" + (i + 1) + ".log"), "256m");
        members.add(member);
        member.awaitRunning(deadline);
        step("  member %d is running (pid %d)", member.number(), member.pid());
      }
      PiglixConfig clientConfig = clientConfig(configs.get(0), ports.get(memberCount));
      PiglixCacheManager manager = (PiglixCacheManager) provider.getCacheManager(
          URI.create("piglix:demo"), DemoCommand.class.getClassLoader(), clientConfig);
      PoolObserver observer = new PoolObserver(manager.member());
      Cache<String, byte[]> cache = manager.createCache(CACHE_NAME,
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class)
              .setStatisticsEnabled(true));
      int acknowledged = load(cache);
      PoolStatus loaded = observer.awaitStatus(PoolStatus::healthy, deadline);
      out.println();
      out.print(StatusReport.text(loaded));
      out.println();
      DemoMember victim = members.get(0);
      step("Killing member %d (pid %d, the first started and the coordinator) with SIGKILL",
          victim.number(), victim.pid());
      victim.kill();
      long killed = System.nanoTime();
      int survivors = memberCount - 1;
      PoolStatus settled = observer.awaitStatus(pool -> pool.healthy()
          && StatusReport.countRole(pool, "storage") == survivors, deadline);
      if (!settled.healthy() || StatusReport.countRole(settled, "storage") != survivors) {
        throw new CommandFailure(ExitCodes.FAILURE, "the pool did not settle within the time"
            + " limit of " + timeLimit.toSeconds() + " s: " + StatusReport.problems(settled));
      }
      step("The pool settled %.1f s after the kill", seconds(System.nanoTime() - killed));
      int intact = verify(cache, acknowledged);
      out.println();
      out.print(StatusReport.text(observer.status()));
      out.println();
      step("Summary: loaded %d entries of %s (%s of values) into %d members contributing %s"
          + " each, killed one with SIGKILL, and read back %d of %d acknowledged entries"
          + " intact in %.1f s", acknowledged, MemberConfigs.bytes(valueSize),
          MemberConfigs.bytes(acknowledged * valueSize), memberCount,
          MemberConfigs.bytes(contribution), intact, acknowledged,
          seconds(System.nanoTime() - started));
      if (intact != acknowledged) {
        throw new CommandFailure(ExitCodes.FAILURE, (acknowledged - intact) + " of "
            + acknowledged + " acknowledged entries were missing or changed after the kill");
      }
      return ExitCodes.OK;
    } finally {
      provider.close();
      stopMembers(directory);
    }
  }

  private void validate() {
    if (memberCount < 2 || memberCount > 5) {
      throw new CommandFailure(ExitCodes.USAGE, "invalid --members " + memberCount
          + ": start 2 to 5 members");
    }
    if (contribution < (16L << 20)) {
      throw new CommandFailure(ExitCodes.USAGE, "invalid --contribute "
          + MemberConfigs.bytes(contribution) + ": each member contributes at least 16m");
    }
    if (valueSize < MIN_VALUE_SIZE || valueSize > MAX_VALUE_SIZE) {
      throw new CommandFailure(ExitCodes.USAGE, "invalid --value-size "
          + MemberConfigs.bytes(valueSize) + ": give 1k to 1m");
    }
    if (dataBytes < valueSize || dataBytes > MAX_DATA) {
      throw new CommandFailure(ExitCodes.USAGE, "invalid --data "
          + MemberConfigs.bytes(dataBytes) + ": give at least one value and at most 1g");
    }
  }

  /** Puts the entries and returns how many puts returned normally, which are acknowledged. */
  private int load(Cache<String, byte[]> cache) {
    int count = (int) (dataBytes / valueSize);
    step("Loading %d entries of %s, %s of values, into cache '%s'. With one backup the pool"
        + " stores them twice, %s in all, more than one member's %s. Data that does not fit"
        + " in the members left after the kill would be evicted and reported missing.", count,
        MemberConfigs.bytes(valueSize), MemberConfigs.bytes(count * valueSize), CACHE_NAME,
        MemberConfigs.bytes(2 * count * valueSize), MemberConfigs.bytes(contribution));
    long loadStarted = System.nanoTime();
    int acknowledged = 0;
    for (int i = 0; i < count; i++) {
      requireTimeLeft("loading entries");
      cache.put(key(i), value(i, (int) valueSize));
      acknowledged++;
    }
    double elapsed = seconds(System.nanoTime() - loadStarted);
    step("Loaded %d entries in %.1f s (%.1f MiB/s)", acknowledged, elapsed,
        acknowledged * valueSize / (1024.0 * 1024.0) / Math.max(elapsed, 0.001));
    return acknowledged;
  }

  /** Reads every acknowledged entry and returns how many came back with their exact value. */
  private int verify(Cache<String, byte[]> cache, int acknowledged) {
    step("Reading back the %d acknowledged entries", acknowledged);
    int intact = 0;
    int missing = 0;
    int changed = 0;
    for (int i = 0; i < acknowledged; i++) {
      requireTimeLeft("reading entries back");
      byte[] read = cache.get(key(i));
      if (read == null) {
        missing++;
      } else if (Arrays.equals(read, value(i, (int) valueSize))) {
        intact++;
      } else {
        changed++;
      }
    }
    step("Read %d entries intact, %d missing, %d changed", intact, missing, changed);
    return intact;
  }

  private void stopMembers(Path directory) throws InterruptedException {
    List<DemoMember> running = new ArrayList<>();
    for (DemoMember member : members) {
      if (member.isAlive()) {
        member.requestStop();
        running.add(member);
      }
    }
    for (DemoMember member : running) {
      member.awaitStop(STOP_MILLIS);
    }
    if (out != null && !members.isEmpty()) {
      step("Stopped the %d running members with SIGTERM; their logs are in %s",
          running.size(), directory);
    }
  }

  private PiglixConfig clientConfig(Path memberConfig, int port) {
    PiglixConfig config = MemberConfigs.asClient(MemberConfigs.load(memberConfig.toUri()),
        null);
    return config.toBuilder().cluster(config.cluster().toBuilder().port(port).build()).build();
  }

  private String memberXml(String clusterName, int port, List<String> addresses) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<!-- A member of the pool started by piglix demo. -->\n"
        + "<piglix xmlns=\"urn:piglix:config:1.0\">\n"
        + "  <cluster name=\"" + clusterName + "\" stack=\"classpath:io/piglix/jgroups-tcp.xml\""
        + " role=\"storage\" contribute=\"" + (contribution >> 10) + "k\" backup-count=\"1\""
        + " operation-timeout=\"30s\" bind-address=\"127.0.0.1\" port=\"" + port + "\""
        + " members=\"" + String.join(",", addresses) + "\"/>\n"
        + "</piglix>\n";
  }

  private void requireTimeLeft(String phase) {
    if (System.nanoTime() > deadline) {
      throw new CommandFailure(ExitCodes.FAILURE, "the demo ran out of its time limit of "
          + timeLimit.toSeconds() + " s while " + phase + "; raise --time-limit or lower"
          + " --data");
    }
  }

  private void step(String format, Object... arguments) {
    out.printf(Locale.ROOT, "[%5.1f s] %s%n", seconds(System.nanoTime() - started),
        String.format(Locale.ROOT, format, arguments));
    out.flush();
  }

  private static String key(int index) {
    return String.format(Locale.ROOT, "entry-%07d", index);
  }

  /** Returns the value of an entry: bytes from a generator seeded with the index. */
  private static byte[] value(int index, int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(index).nextBytes(bytes);
    return bytes;
  }

  private static double seconds(long nanos) {
    return nanos / (double) TimeUnit.SECONDS.toNanos(1);
  }

  /** Returns distinct free ports on 127.0.0.1, held open together so none repeats. */
  private static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        sockets.add(socket);
        ports.add(socket.getLocalPort());
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
