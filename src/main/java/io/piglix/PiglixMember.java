package io.piglix;

import io.piglix.configuration.PiglixConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a piglix pool: the threads and storage behind every cache manager that uses one
 * configuration in this JVM. Cache managers acquire the member and release it when they close;
 * the last release stops it.
 */
public final class PiglixMember implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PiglixMember.class);
  private static final AtomicInteger MEMBER_NUMBERS = new AtomicInteger();

  private final PiglixConfig config;
  private final String memberName;
  private final ExecutorService maintenance;
  private final ExecutorService listenerExecutor;
  private final ExecutorService loadExecutor;
  private int references;
  private boolean closed;

  /** Starts a member for a configuration. */
  public PiglixMember(PiglixConfig config) {
    JvmFlags.requireChronicleFlags();
    this.config = config;
    this.memberName = "piglix-" + MEMBER_NUMBERS.incrementAndGet();
    this.maintenance = Executors.newSingleThreadExecutor(daemonThreads(memberName
        + "-maintenance"));
    this.listenerExecutor = Executors.newCachedThreadPool(daemonThreads(memberName
        + "-listener"));
    this.loadExecutor = Executors.newCachedThreadPool(daemonThreads(memberName + "-loader"));
    LOG.debug("member {} started with configuration {}", memberName,
        config.source() == null ? "(built in code)" : config.source());
  }

  /** The configuration of this member. */
  public PiglixConfig config() {
    return config;
  }

  /** Runs background store work such as moving entries into a grown map. */
  ExecutorService maintenance() {
    return maintenance;
  }

  /** Runs asynchronous listeners. */
  ExecutorService listenerExecutor() {
    return listenerExecutor;
  }

  /** Runs {@code loadAll} calls. */
  ExecutorService loadExecutor() {
    return loadExecutor;
  }

  /** Adds a reference; every reference must be released once. */
  public synchronized void acquire() {
    if (closed) {
      throw new IllegalStateException("member " + memberName + " is closed");
    }
    references++;
  }

  /** Releases one reference and returns whether that closed the member. */
  public synchronized boolean release() {
    references--;
    if (references <= 0) {
      close();
      return true;
    }
    return false;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    maintenance.shutdown();
    listenerExecutor.shutdown();
    loadExecutor.shutdown();
    try {
      if (!maintenance.awaitTermination(5, TimeUnit.SECONDS)) {
        maintenance.shutdownNow();
      }
    } catch (InterruptedException e) {
      maintenance.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.debug("member {} stopped", memberName);
  }

  @Override
  public String toString() {
    return memberName;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
