package io.piglix.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on threads of a shared executor. Used for
 * asynchronous listeners, whose events must arrive in the order they were produced.
 */
public final class SerialExecutor implements Executor {

  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor executor;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;
  private int pending;

  /** Creates a serial executor over a shared executor. */
  public SerialExecutor(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (tasks) {
      tasks.add(task);
      pending++;
      if (running) {
        return;
      }
      running = true;
    }
    executor.execute(this::drain);
  }

  /** Waits up to {@code timeoutMillis} until every submitted task has run. */
  public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (tasks) {
      while (pending > 0) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        tasks.wait(left);
      }
      return true;
    }
  }

  private void drain() {
    while (true) {
      Runnable task;
      synchronized (tasks) {
        task = tasks.poll();
        if (task == null) {
          running = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.warn("asynchronous task failed", e);
      } finally {
        synchronized (tasks) {
          pending--;
          tasks.notifyAll();
        }
      }
    }
  }
}
