package io.piglix.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code piglix} command in its own JVM on the test classpath, as {@code bin/piglix} runs it
 * from the jar. Standard output and error go to files; the test ends the process by PID.
 */
final class CommandProcess implements AutoCloseable {

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private CommandProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code piglix ARGS}; output goes to {@code NAME.out} and {@code NAME.err} in the
   * directory.
   */
  static CommandProcess start(Path directory, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-") || argument.startsWith("-Djava.net")
          || argument.startsWith("-Dchronicle")) {
        command.add(argument);
      }
    }
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PiglixCommand.class.getName());
    command.addAll(Arrays.asList(args));
    Path out = directory.resolve(name + ".out");
    Path err = directory.resolve(name + ".err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    return new CommandProcess(process, out, err);
  }

  /** Runs {@code piglix ARGS} to its end, killing it after the timeout. */
  static CommandProcess run(Path directory, String name, int timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    CommandProcess command = start(directory, name, args);
    command.awaitExit(timeoutSeconds);
    return command;
  }

  /**
   * Waits for the process to exit and returns its status.
   *
   * @throws IllegalStateException when it is still running after the timeout; it is killed
   */
  int awaitExit(int timeoutSeconds) throws InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      throw new IllegalStateException("piglix command " + process.pid() + " still ran after "
          + timeoutSeconds + " s and was killed; stderr: " + stderr());
    }
    return process.exitValue();
  }

  int exitValue() {
    return process.exitValue();
  }

  String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  /** Returns what the process wrote to standard error so far. */
  String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Sends SIGTERM. */
  void terminate() {
    process.destroy();
  }

  /** Sends SIGKILL and waits up to 30 s for the process to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
