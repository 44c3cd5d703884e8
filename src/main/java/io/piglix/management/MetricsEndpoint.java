package io.piglix.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.piglix.PiglixMember;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a member's {@link PrometheusMetrics} at {@code http://127.0.0.1:PORT/metrics}. The
 * server binds the loopback address only and handles one request at a time. Until a member is
 * set it responds with 503, so a command can bind the port before its member joins the pool.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private volatile PiglixMember member;

  private MetricsEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving the metrics of a member.
   *
   * @param member the member; its status is read on every request
   * @param port the TCP port on 127.0.0.1, or 0 for any free port
   * @throws IOException when the port cannot be bound, for example because it is in use
   */
  public static MetricsEndpoint start(PiglixMember member, int port) throws IOException {
    MetricsEndpoint endpoint = bind(port);
    endpoint.serve(member);
    return endpoint;
  }

  /**
   * Binds the port and responds with 503 until {@link #serve} sets the member.
   *
   * @param port the TCP port on 127.0.0.1, or 0 for any free port
   * @throws IOException when the port cannot be bound, for example because it is in use
   */
  public static MetricsEndpoint bind(int port) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "piglix-metrics");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    MetricsEndpoint endpoint = new MetricsEndpoint(server, executor);
    server.createContext("/", endpoint::respond);
    server.start();
    return endpoint;
  }

  /** Starts responding with the metrics of a member. */
  public void serve(PiglixMember servedMember) {
    this.member = servedMember;
    LOG.info("serving metrics of member {} at http://127.0.0.1:{}/metrics", servedMember,
        port());
  }

  /** Returns the port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server at once, ending any request in progress. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void respond(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!path.equals("/metrics")) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found: use /metrics\n");
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method " + method
            + " not allowed: use GET\n");
        return;
      }
      PiglixMember served = member;
      if (served == null) {
        send(exchange, 503, "text/plain; charset=utf-8", "the member is starting\n");
        return;
      }
      String body;
      try {
        body = PrometheusMetrics.render(served);
      } catch (RuntimeException e) {
        LOG.warn("reading the metrics of member {} failed: {}", served, e.toString());
        send(exchange, 503, "text/plain; charset=utf-8", "metrics unavailable: " + e + "\n");
        return;
      }
      send(exchange, 200, PrometheusMetrics.CONTENT_TYPE, method.equals("HEAD") ? null : body);
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
