package io.piglix.cli;

import io.piglix.JvmFlags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@code piglix member} process started by the demo: the same command in its own JVM, with
 * its output copied to a log file. It stops with the demo's process if the demo dies.
 */
final class DemoMember {

  /** The line a member logs once it has joined the pool and has its partitions. */
  static final String RUNNING_MARK = " is running with configuration ";

  private final int number;
  private final Process process;
  private final Path log;
  private final CountDownLatch running = new CountDownLatch(1);

  private DemoMember(int number, Process process, Path log) {
    this.number = number;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts a member process on a configuration file; {@link #awaitRunning} waits for it to
   * join.
   *
   * @param heap the maximum heap of the member JVM, such as {@code 256m}
   */
  static DemoMember start(int number, Path config, Path log, String heap) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(JvmFlags.ALL_FLAGS.split(" ")));
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("-Dchronicle.analytics.disable=true");
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PiglixCommand.class.getName());
    command.add("member");
    command.add("--config");
    command.add(config.toString());
    command.add("--stop-with-pid");
    command.add(Long.toString(ProcessHandle.current().pid()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    DemoMember member = new DemoMember(number, process, log);
    Thread copier = new Thread(member::copyOutput, "piglix-demo-member-" + number);
    copier.setDaemon(true);
    copier.start();
    return member;
  }

  private void copyOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
        if (line.contains(RUNNING_MARK)) {
          running.countDown();
        }
      }
    } catch (IOException e) {
      // The log is incomplete; the member itself is unaffected and is stopped by PID.
      running.countDown();
    }
  }

  /**
   * Waits until the member has joined its pool.
   *
   * @throws CommandFailure when the process exits first or the deadline passes
   */
  void awaitRunning(long deadlineNanos) throws InterruptedException {
    while (!running.await(100, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive()) {
        throw new CommandFailure(ExitCodes.FAILURE, "member " + number + " exited with status "
            + process.exitValue() + " before it joined the pool; see " + log);
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new CommandFailure(ExitCodes.FAILURE, "member " + number + " did not join the"
            + " pool within the time limit; see " + log);
      }
    }
    if (!process.isAlive()) {
      throw new CommandFailure(ExitCodes.FAILURE, "member " + number + " exited; see " + log);
    }
  }

  /** Ends the process with SIGKILL, as a crash, and waits up to 30 s for it to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Sends SIGTERM so the member hands off its partitions and leaves. */
  void requestStop() {
    process.destroy();
  }

  /** Waits for the process to end, killing it when it outlives the timeout. */
  void awaitStop(long timeoutMillis) throws InterruptedException {
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int number() {
    return number;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }
}
