package io.piglix.cli;

import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.MemberRole;
import io.piglix.configuration.PiglixConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Configuration files and free ports for pools that tests start on 127.0.0.1. */
final class TestPools {

  private TestPools() {
  }

  /** Returns distinct free ports on 127.0.0.1. */
  static List<Integer> freePorts(int count) throws IOException {
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

  /** Returns the {@code members} attribute for the given ports on 127.0.0.1. */
  static String members(List<Integer> ports) {
    List<String> members = new ArrayList<>();
    for (int port : ports) {
      members.add("127.0.0.1[" + port + "]");
    }
    return String.join(",", members);
  }

  /**
   * Writes the configuration file of a storage member contributing 64m. The operation timeout
   * of 30 s leaves room for cache creation on members of a loaded machine.
   */
  static Path writeMember(Path file, String clusterName, int port, List<Integer> memberPorts)
      throws IOException {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<piglix xmlns=\"urn:piglix:config:1.0\">\n"
        + "  <cluster name=\"" + clusterName + "\" role=\"storage\" contribute=\"64m\""
        + " backup-count=\"1\" operation-timeout=\"30s\" bind-address=\"127.0.0.1\""
        + " port=\"" + port + "\" members=\"" + members(memberPorts) + "\"/>\n"
        + "</piglix>\n";
    Files.writeString(file, xml, StandardCharsets.UTF_8);
    return file;
  }

  /** Returns the configuration of a client member built in code. */
  static PiglixConfig client(String clusterName, int port, List<Integer> memberPorts) {
    List<String> members = new ArrayList<>();
    for (int memberPort : memberPorts) {
      members.add("127.0.0.1[" + memberPort + "]");
    }
    return PiglixConfig.builder()
        .cluster(ClusterConfig.builder()
            .name(clusterName)
            .role(MemberRole.CLIENT)
            .operationTimeout(Duration.ofSeconds(30))
            .bindAddress("127.0.0.1")
            .port(port)
            .members(members)
            .build())
        .build();
  }

  /** Returns a new cluster name, so concurrent test runs never meet. */
  static String clusterName(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
  }
}
