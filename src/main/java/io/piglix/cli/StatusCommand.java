package io.piglix.cli;

import io.piglix.PiglixMember;
import io.piglix.cluster.PoolStatus;
import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.PiglixConfig;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code piglix status}: joins the pool as a client member, prints its status and leaves. The
 * client member stores nothing and takes no partitions, whatever role the file gives.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Joins the pool as a client member, prints its members, caches and totals,"
        + " and leaves.",
        "Exits with 0 when the pool is healthy, 3 when it is not, 4 when no member responded."})
final class StatusCommand implements Callable<Integer> {

  private static final Duration MIN_OPERATION_TIMEOUT = Duration.ofMillis(100);

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file of a member of the pool (default: the built-in"
          + " loopback pool on 127.0.0.1 ports 7800 to 7802).")
  private File config;

  @Option(names = "--json", description = "Print the status as JSON (see docs/operations.md).")
  private boolean json;

  /** Time left for leaving the pool and printing after the last status read. */
  private static final long LAST_READ_MARGIN_MILLIS = 500;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s",
      converter = Converters.DurationConverter.class,
      description = "Maximum time to join the pool and collect the status, with the unit ms,"
          + " s, m or h (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Option(names = "--verbose", description = "Log at INFO and print stack traces of failures.")
  private boolean verbose;

  @Override
  public Integer call() throws Exception {
    URI uri = MemberConfigs.uriOf(config);
    PiglixConfig fileConfig = MemberConfigs.load(uri);
    ClusterConfig cluster = MemberConfigs.requireCluster(fileConfig);
    Duration operationTimeout = timeout.dividedBy(2);
    if (operationTimeout.compareTo(cluster.operationTimeout()) > 0) {
      operationTimeout = cluster.operationTimeout();
    }
    if (operationTimeout.compareTo(MIN_OPERATION_TIMEOUT) < 0) {
      operationTimeout = MIN_OPERATION_TIMEOUT;
    }
    PiglixConfig clientConfig = MemberConfigs.asClient(fileConfig, operationTimeout);
    PoolStatus pool = collect(clientConfig, operationTimeout);
    spec.commandLine().getOut().print(json ? StatusReport.json(pool) : StatusReport.text(pool));
    spec.commandLine().getOut().flush();
    return pool.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
  }

  /**
   * Joins the pool, reads its status and leaves, all within the timeout. The last read waits
   * up to the operation timeout for members that do not reply, so reading stops early enough
   * for it to finish. A pool that has not settled is then reported as last seen, with such
   * members unreachable, rather than not at all.
   */
  private PoolStatus collect(PiglixConfig clientConfig, Duration operationTimeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos() - operationTimeout.toNanos()
        - TimeUnit.MILLISECONDS.toNanos(LAST_READ_MARGIN_MILLIS);
    ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "piglix-status");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Future<PoolStatus> result = executor.submit(() -> observe(clientConfig, deadline));
      try {
        return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        result.cancel(true);
        throw new CommandFailure(ExitCodes.UNREACHABLE, "no status from cluster '"
            + clientConfig.cluster().name() + "' within " + format(timeout) + " (members "
            + members(clientConfig) + "); check that its members run, or raise --timeout");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException) {
          throw (RuntimeException) e.getCause();
        }
        throw new CommandFailure(ExitCodes.FAILURE, "reading the pool status failed: "
            + e.getCause(), e.getCause());
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static PoolStatus observe(PiglixConfig clientConfig, long deadline)
      throws InterruptedException {
    PiglixMember member = new PiglixMember(clientConfig, StatusCommand.class.getClassLoader());
    try {
      PoolObserver observer = new PoolObserver(member);
      PoolStatus pool = observer.awaitStatus(status -> !status.rebalancing(), deadline);
      if (pool.members().isEmpty() && pool.unreachable().isEmpty()) {
        throw new CommandFailure(ExitCodes.UNREACHABLE, "no member of cluster '"
            + clientConfig.cluster().name() + "' found at " + members(clientConfig)
            + "; start one with 'piglix member' or check --config");
      }
      return pool;
    } finally {
      member.close();
    }
  }

  private static String members(PiglixConfig config) {
    return config.cluster().members().isEmpty() ? "the stack's initial hosts"
        : String.join(",", config.cluster().members());
  }

  private static String format(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }
}
