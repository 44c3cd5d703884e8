package io.piglix.tck;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Starts the other members of the pool the TCK runs against, as separate JVMs on 127.0.0.1,
 * before the first test, and stops them after the last.
 *
 * <p>Active when the system property {@code piglix.tck.pool.members} is a positive number.
 * It chooses free ports for the TCK JVM and the members, publishes them as the system
 * properties {@code piglix.tck.port} and {@code piglix.tck.members} that the configuration
 * {@code piglix-cluster.xml} reads, and starts each member with the piglix command on the
 * TCK's own classpath, so members can load the TCK's loaders, writers and entry processors.
 * Members stop when this JVM exits, even if it is killed.
 */
public class PoolMembers extends RunListener {

  private final List<Process> members = new ArrayList<>();

  @Override
  public void testRunStarted(Description description) throws Exception {
    int count = Integer.getInteger("piglix.tck.pool.members", 0);
    if (count <= 0) {
      return;
    }
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i <= count; i++) {
      ports.add(freePort());
    }
    StringBuilder hosts = new StringBuilder();
    for (int port : ports) {
      hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1[").append(port)
          .append(']');
    }
    System.setProperty("piglix.tck.port", Integer.toString(ports.get(0)));
    System.setProperty("piglix.tck.members", hosts.toString());
    Path logs = Files.createDirectories(Path.of("target", "pool-members"));
    Path config = Path.of("target", "test-classes", "piglix-cluster-member.xml");
    for (int i = 1; i <= count; i++) {
      Path log = logs.resolve("member-" + i + ".log");
      Files.deleteIfExists(log);
      members.add(startMember(ports.get(i), hosts.toString(), config, log));
      awaitRunning(members.get(members.size() - 1), log);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopMembers, "pool-members-stop"));
  }

  @Override
  public void testRunFinished(Result result) {
    stopMembers();
  }

  private Process startMember(int port, String hosts, Path config, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-") || argument.startsWith("-Djava.net")) {
        command.add(argument);
      }
    }
    command.add("-Xmx512m");
    command.add("-Dpiglix.tck.port=" + port);
    command.add("-Dpiglix.tck.members=" + hosts);
    command.add("-Dorg.jsr107.tck.support.server.address=127.0.0.1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.piglix.cli.PiglixCommand");
    command.add("member");
    command.add("--config");
    command.add(config.toAbsolutePath().toString());
    command.add("--stop-with-pid");
    command.add(Long.toString(ProcessHandle.current().pid()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static void awaitRunning(Process member, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!member.isAlive()) {
        throw new IllegalStateException("pool member exited with " + member.exitValue()
            + "; see " + log.toAbsolutePath());
      }
      File file = log.toFile();
      if (file.exists() && Files.readString(log, StandardCharsets.UTF_8).contains(" running with configuration")) {
        return;
      }
      member.waitFor(200, TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException("pool member did not start within 90 s; see "
        + log.toAbsolutePath());
  }

  private synchronized void stopMembers() {
    for (Process member : members) {
      member.destroy();
    }
    for (Process member : members) {
      try {
        if (!member.waitFor(60, TimeUnit.SECONDS)) {
          member.destroyForcibly();
        }
      } catch (InterruptedException e) {
        member.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    members.clear();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
