package io.piglix.cluster;

import io.piglix.PiglixCacheManager;
import io.piglix.configuration.MemberRole;
import io.piglix.spi.PiglixCachingProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A pool of storage members in separate JVMs plus a client member in the test JVM, all on
 * 127.0.0.1. The client sends every operation to the owners, so killing a storage member never
 * kills the caller.
 */
final class ProcessCluster implements AutoCloseable {

  private final String clusterName = "proc-" + Long.toHexString(System.nanoTime());
  private final int backupCount;
  private final List<Integer> ports = new ArrayList<>();
  private final List<MemberProcess> processes = new ArrayList<>();
  private final Path logDirectory;
  private PiglixCachingProvider clientProvider;
  private PiglixCacheManager client;

  ProcessCluster(int capacity, int backupCount) throws IOException {
    this.backupCount = backupCount;
    for (int i = 0; i < capacity + 1; i++) {
      ports.add(freePort());
    }
    this.logDirectory = Files.createDirectories(Path.of("target", "member-logs"));
  }

  /** Starts the storage member with the given index, 0 to capacity - 1. */
  MemberProcess startMember(int index) throws Exception {
    MemberProcess process = MemberProcess.start(clusterName + "-" + index, logDirectory,
        clusterName, ports.get(index + 1), ports, backupCount, 64);
    processes.add(process);
    return process;
  }

  /**
   * Starts the storage members with indexes 0 to {@code count - 1} at the same moment, each
   * from its own thread, and returns them once all have joined a pool.
   */
  List<MemberProcess> startMembersAtOnce(int count) throws Exception {
    ExecutorService starters = Executors.newFixedThreadPool(count);
    try {
      List<Future<MemberProcess>> started = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        started.add(starters.submit(() -> MemberProcess.start(clusterName + "-" + index,
            logDirectory, clusterName, ports.get(index + 1), ports, backupCount, 64)));
      }
      List<MemberProcess> members = new ArrayList<>();
      Exception failure = null;
      for (Future<MemberProcess> future : started) {
        try {
          members.add(future.get());
        } catch (ExecutionException e) {
          failure = failure == null ? e : failure;
        }
      }
      processes.addAll(members);
      if (failure != null) {
        throw failure;
      }
      return members;
    } finally {
      starters.shutdown();
    }
  }

  /** Starts the client member in this JVM. */
  PiglixCacheManager startClient() {
    List<String> members = new ArrayList<>();
    for (int port : ports) {
      members.add("127.0.0.1[" + port + "]");
    }
    clientProvider = new PiglixCachingProvider();
    client = (PiglixCacheManager) clientProvider.getCacheManager(TestCluster.MANAGER_URI,
        ProcessCluster.class.getClassLoader(), MemberProcessMain.config(clusterName,
            ports.get(0), members, backupCount, 16L << 20, MemberRole.CLIENT));
    return client;
  }

  PiglixCacheManager client() {
    return client;
  }

  Path logDirectory() {
    return logDirectory;
  }

  @Override
  public void close() throws Exception {
    if (clientProvider != null) {
      clientProvider.close();
    }
    for (MemberProcess process : processes) {
      process.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
