package io.piglix.bench.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Chooses free TCP ports on 127.0.0.1 for the members of a pool. */
public final class LoopbackPorts {

  /** The only address any member binds to or contacts. */
  public static final String ADDRESS = "127.0.0.1";

  private LoopbackPorts() {
  }

  /**
   * Returns {@code count} distinct ports that were free a moment ago. Another process can still
   * take one before a member binds it; piglix and JGroups then try the next ports of their
   * port range.
   */
  public static List<Integer> free(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName(ADDRESS), 0));
      }
      List<Integer> ports = new ArrayList<>();
      for (ServerSocket socket : sockets) {
        ports.add(socket.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find " + count + " free ports on " + ADDRESS, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // The port was only probed; a failed close leaves nothing to clean up.
        }
      }
    }
  }
}
