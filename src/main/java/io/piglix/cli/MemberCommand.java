package io.piglix.cli;

import io.piglix.PiglixCacheManager;
import io.piglix.PiglixMember;
import io.piglix.cluster.MemberStatus;
import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.PiglixConfig;
import io.piglix.management.MetricsEndpoint;
import io.piglix.spi.PiglixCachingProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code piglix member}: starts a member and runs it until the process is stopped. */
@Command(name = "member", mixinStandardHelpOptions = true,
    description = {"Starts a member of the pool and runs it until SIGTERM or SIGINT, then hands"
        + " its partitions to the other members and leaves.",
        "Without --config it is a storage member of the pool on 127.0.0.1 ports 7800 to 7802"
        + " (cluster piglix-loopback, 256 MiB contributed)."})
final class MemberCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(MemberCommand.class);

  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file (default: the built-in loopback storage member).")
  private File config;

  @Option(names = "--client",
      description = "Join as a client member, which stores nothing, whatever role the"
          + " configuration file sets.")
  private boolean client;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (default: off).")
  private Integer metricsPort;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  private boolean verbose;

  @Option(names = "--stop-with-pid", paramLabel = "PID",
      description = "Leave the pool and exit when the process with this id exits, for"
          + " members started by a test or a supervisor.")
  private Long stopWithPid;

  @Override
  public Integer call() throws Exception {
    if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
      throw new CommandFailure(ExitCodes.USAGE, "invalid --metrics-port " + metricsPort
          + ": give a TCP port from 1 to 65535");
    }

    ProcessHandle parent = null;
    if (stopWithPid != null) {
      parent = ProcessHandle.of(stopWithPid).orElseThrow(() -> new CommandFailure(
          ExitCodes.FAILURE, "no process with id " + stopWithPid + " to stop with"));
    }
    URI uri = MemberConfigs.uriOf(config);
    PiglixConfig memberConfig = MemberConfigs.load(uri);
    if (client) {
      memberConfig = MemberConfigs.asClient(memberConfig, null);
    }

    MetricsEndpoint metrics = metricsPort == null ? null : bindMetrics(metricsPort);
    PiglixCacheManager manager;
    try {
      PiglixCachingProvider provider = new PiglixCachingProvider();
      manager = (PiglixCacheManager) provider.getCacheManager(uri,
          MemberCommand.class.getClassLoader(), memberConfig);
    } catch (RuntimeException | Error e) {
      if (metrics != null) {
        metrics.close();
      }
      throw e;
    }

    PiglixMember member = manager.member();
    ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "piglix-partition-log");
      thread.setDaemon(true);
      return thread;
    });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("member {} stopping", member);
      watcher.shutdownNow();
      if (metrics != null) {
        metrics.close();
      }
      manager.close();
      stopped.countDown();
    }, "piglix-shutdown"));

    if (metrics != null) {
      metrics.serve(member);
    }
    logStart(member, uri);
    if (member.cluster() != null) {
      watcher.scheduleWithFixedDelay(new PartitionLog(member), 1, 1, TimeUnit.SECONDS);
    }
    if (parent != null) {
      parent.onExit().thenRun(() -> {
        LOG.info("process {} exited, so member {} stops", stopWithPid, member);
        System.exit(0);
      });
    }
    stopped.await();
    return ExitCodes.OK;
  }

  private static MetricsEndpoint bindMetrics(int port) {
    try {
      return MetricsEndpoint.bind(port);
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.FAILURE, "cannot serve metrics on 127.0.0.1:" + port
          + ": " + e.getMessage() + "; choose a free port for --metrics-port", e);
    }
  }

  private static void logStart(PiglixMember member, URI uri) {
    ClusterConfig cluster = member.config().cluster();
    if (cluster == null) {
      LOG.info("member {} is running with configuration {}, standalone", member, uri);
      return;
    }
    MemberStatus status = member.status();
    LOG.info("member {} is running with configuration {}: cluster '{}', address {}, role {},"
        + " contributing {}, owning {} and backing up {} partitions", member, uri,
        cluster.name(), status.address(), status.role(),
        MemberConfigs.bytes(status.contributedBytes()), status.ownedPartitions(),
        status.backupPartitions());
  }

  /** Logs the member's partition counts each time the pool moves partitions to or from it. */
  private static final class PartitionLog implements Runnable {
    private final PiglixMember member;
    private int owned = -1;
    private int backups = -1;

    PartitionLog(PiglixMember member) {
      this.member = member;
      MemberStatus status = member.status();
      this.owned = status.ownedPartitions();
      this.backups = status.backupPartitions();
    }

    @Override
    public void run() {
      if (member.isClosed()) {
        return;
      }
      try {
        MemberStatus status = member.status();
        if (status.ownedPartitions() != owned || status.backupPartitions() != backups) {
          owned = status.ownedPartitions();
          backups = status.backupPartitions();
          LOG.info("member {} now owns {} and backs up {} partitions, using {}", member, owned,
              backups, MemberConfigs.bytes(status.usedBytes()));
        }
      } catch (RuntimeException e) {
        LOG.debug("reading the status of member {} failed", member, e);
      }
    }
  }
}
