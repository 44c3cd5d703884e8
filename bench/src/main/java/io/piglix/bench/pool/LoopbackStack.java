package io.piglix.bench.pool;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TP;

/**
 * JGroups channels with piglix's default stack, {@code io/piglix/jgroups-tcp.xml} from the
 * piglix jar, set up the way a piglix member sets it up: TCP and FD_SOCK2 bound to 127.0.0.1,
 * the member's port, and TCPPING listing the other members' ports. The Infinispan pool and the
 * bare JGroups round trip use it, so they run on the same protocols and settings as piglix.
 */
public final class LoopbackStack {

  /** Classpath location of piglix's default stack. */
  public static final String STACK_RESOURCE = "io/piglix/jgroups-tcp.xml";

  private LoopbackStack() {
  }

  /** Creates an unconnected channel bound to {@code port}, discovering {@code ports}. */
  public static JChannel channel(int port, List<Integer> ports) throws Exception {
    JChannel channel;
    try (InputStream stack = open()) {
      channel = new JChannel(stack);
    }
    InetAddress bind = InetAddress.getByName(LoopbackPorts.ADDRESS);
    TP transport = channel.getProtocolStack().getTransport();
    transport.setBindAddress(bind);
    transport.setBindPort(port);
    FD_SOCK2 failureDetection = channel.getProtocolStack().findProtocol(FD_SOCK2.class);
    failureDetection.setBindAddress(bind);
    List<InetSocketAddress> hosts = new ArrayList<>();
    for (int member : ports) {
      hosts.add(new InetSocketAddress(bind, member));
    }
    TCPPING discovery = channel.getProtocolStack().findProtocol(TCPPING.class);
    discovery.setInitialHosts(hosts);
    return channel;
  }

  private static InputStream open() throws IOException {
    InputStream stack = LoopbackStack.class.getClassLoader().getResourceAsStream(STACK_RESOURCE);
    if (stack == null) {
      throw new IOException("JGroups stack " + STACK_RESOURCE + " is missing from the"
          + " classpath; it ships in the piglix jar");
    }
    return stack;
  }
}
