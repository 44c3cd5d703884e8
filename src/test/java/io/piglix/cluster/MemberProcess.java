package io.piglix.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link MemberProcessMain} JVM started by a test, which ends it by PID. */
final class MemberProcess implements AutoCloseable {

  /** System property passed on to member JVMs: the log level of partition role changes. */
  static final String PARTITION_LOG_LEVEL = "piglix.partition.log.level";

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final String name;
  private String address;

  private MemberProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("EOF " + e);
      }
    }, "member-process-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a member JVM and waits until it has joined its pool. */
  static MemberProcess start(String name, Path logDirectory, String clusterName, int port,
      List<Integer> ports, int backupCount, int contributedMib) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-") || argument.startsWith("-Djava.net")
          || argument.startsWith("-Dchronicle")) {
        command.add(argument);
      }
    }
    String partitionLogLevel = System.getProperty(PARTITION_LOG_LEVEL);
    if (partitionLogLevel != null) {
      command.add("-D" + PARTITION_LOG_LEVEL + "=" + partitionLogLevel);
    }
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MemberProcessMain.class.getName());
    command.add(clusterName);
    command.add(Integer.toString(port));
    StringBuilder allPorts = new StringBuilder();
    for (int memberPort : ports) {
      allPorts.append(allPorts.length() == 0 ? "" : ",").append(memberPort);
    }
    command.add(allPorts.toString());
    command.add(Integer.toString(backupCount));
    command.add(Integer.toString(contributedMib));
    File log = logDirectory.resolve(name + ".log").toFile();
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log))
        .start();
    MemberProcess member = new MemberProcess(name, process);
    String ready = member.await("READY", 60);
    int open = ready.lastIndexOf('(');
    member.address = open < 0 ? null : ready.substring(open + 1, ready.length() - 1);
    return member;
  }

  /** Waits for an output line starting with the prefix and returns it. */
  String await(String prefix, int timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new IllegalStateException("member " + name + " printed no '" + prefix
            + "' within " + timeoutSeconds + " s (alive: " + process.isAlive() + ")");
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Sends a command line. */
  void send(String command) throws IOException {
    stdin.write(command + "\n");
    stdin.flush();
  }

  /** Kills the process with SIGKILL, as a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the process with SIGSTOP, as a long pause, or resumes it with SIGCONT. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .inheritIO().start();
    if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** The member's JGroups address as printed, such as {@code vm-1234}. */
  String address() {
    return address;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      try {
        stdin.close();
      } catch (IOException e) {
        // The process may already be gone; it is killed below either way.
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
