package io.piglix.cli;

import io.piglix.PiglixCacheManager;
import io.piglix.spi.PiglixCachingProvider;
import java.io.File;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code piglix member}: starts a member and runs it until the process is stopped. */
@Command(name = "member", mixinStandardHelpOptions = true,
    description = "Starts a member of the pool and runs it until SIGTERM or SIGINT.")
final class MemberCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(MemberCommand.class);

  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file (default: the built-in standalone configuration).")
  private File config;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  private boolean verbose;

  @Option(names = "--stop-with-pid", paramLabel = "PID",
      description = "Leave the pool and exit when the process with this id exits, for"
          + " members started by a test or a supervisor.")
  private Long stopWithPid;

  @Override
  public Integer call() throws Exception {
    URI uri = config == null ? PiglixCachingProvider.BUILT_IN_URI : configUri(config);
    CachingProvider provider = Caching.getCachingProvider(PiglixCachingProvider.class.getName());
    PiglixCacheManager manager = (PiglixCacheManager) provider.getCacheManager(uri,
        MemberCommand.class.getClassLoader());
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      LOG.info("member {} stopping", manager.member());
      manager.close();
      stopped.countDown();
    }, "piglix-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (stopWithPid != null) {
      ProcessHandle parent = ProcessHandle.of(stopWithPid).orElseThrow(() ->
          new IllegalArgumentException("no process with id " + stopWithPid + " to stop with"));
      parent.onExit().thenRun(() -> {
        LOG.info("process {} exited, so member {} stops", stopWithPid, manager.member());
        System.exit(0);
      });
    }
    LOG.info("member {} running with configuration {}", manager.member(), uri);
    stopped.await();
    return 0;
  }

  private static URI configUri(File file) {
    if (!file.isFile()) {
      throw new IllegalArgumentException("configuration file " + file + " not found");
    }
    return file.getAbsoluteFile().toURI();
  }
}
