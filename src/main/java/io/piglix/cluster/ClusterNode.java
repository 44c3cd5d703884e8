package io.piglix.cluster;

import io.piglix.PiglixMember;
import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.ConfigurationException;
import io.piglix.configuration.MemberRole;
import io.piglix.configuration.MergePolicy;
import io.piglix.configuration.PiglixConfig;
import io.piglix.configuration.SplitProtection;
import io.piglix.engine.CacheBackend;
import io.piglix.engine.PartitionVersions;
import io.piglix.eviction.Cut;
import io.piglix.eviction.EvictionPlanner;
import io.piglix.member.CacheId;
import io.piglix.member.CacheRuntime;
import io.piglix.serialization.KryoCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.View;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's part in a pool: its JGroups channel, what it knows of the other members, the
 * partition table, the caches every member holds, and where listeners are.
 *
 * <p>Membership follows the JGroups view. A member joining sends its {@link
 * Messages.MemberInfo} to every member; a member whose partition count, protocol version,
 * cluster name or serialization registrations differ is rejected by all of them and leaves.
 * The first member of the view is the coordinator: it builds the partition table from what
 * members report they hold and moves partitions with {@link Rebalancer}. When an owner leaves
 * the view, every member routes its partitions to the first live backup in the table, and
 * that backup promotes itself, so operations go on before the coordinator acts.
 *
 * <p>Cache creation and destruction go through the coordinator, which orders them and tells
 * every member, so a cache created anywhere exists everywhere and a name is created once.
 */
public final class ClusterNode {

  /** Version of the member protocol; members of different versions do not form a pool. */
  public static final int PROTOCOL_VERSION = 3;

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
  private static final long DEFAULT_JOIN_TIMEOUT_MILLIS = 60_000;

  private final PiglixMember member;
  private final PiglixConfig config;
  private final ClusterConfig clusterConfig;
  private final KryoCodec codec;
  private final PartitionVersions versions;
  private final Frames frames;
  private final Map<Address, Messages.MemberInfo> infos = new ConcurrentHashMap<>();
  private final Map<CacheId, byte[]> cacheConfigurations = new ConcurrentHashMap<>();
  private final Map<CacheId, Map<Address, Messages.ListenerPresence>> presences =
      new ConcurrentHashMap<>();
  private final Object topology = new Object();
  private final ExecutorService requestExecutor;
  private final ExecutorService replicationExecutor;
  private final ExecutorService controlExecutor;
  private final ExecutorService topologyExecutor;
  private final RequestLimiter requestLimiter;
  private JChannel channel;
  private Transport transport;
  private DropLog dropLog;
  private PartitionService partitions;
  private Rebalancer rebalancer;
  private RemoteOperations remoteOperations;
  private volatile PartitionTable table;
  private volatile Set<Address> alive = Set.of();
  private volatile View view;
  private volatile String localName = "(joining)";
  private volatile boolean leaving;
  private volatile boolean stopped;

  /**
   * Creates the node of a member; {@link #start()} joins the pool.
   *
   * @param member the member this node belongs to
   * @param config the member configuration, with a cluster section
   * @param codec the member codec, used for messages
   * @param versions the member's partition version counters
   */
  public ClusterNode(PiglixMember member, PiglixConfig config, KryoCodec codec,
      PartitionVersions versions) {
    this.member = member;
    this.config = config;
    this.clusterConfig = config.cluster();
    this.codec = codec;
    this.versions = versions;
    Frames.registerMessages(codec);
    this.frames = new Frames(codec);
    this.table = PartitionTable.empty(config.partitionCount());
    String threads = member.name();
    this.requestExecutor = boundedPool(threads + "-operations");
    this.replicationExecutor = boundedPool(threads + "-replication");
    this.controlExecutor = boundedPool(threads + "-control");
    this.topologyExecutor = Executors.newSingleThreadExecutor(daemonThreads(threads
        + "-topology"));
    this.requestLimiter = new RequestLimiter(clusterConfig.maxRequestsInFlight(),
        this::localName);
  }

  /**
   * Connects to the pool, checks compatibility with its members and installs the pool's
   * caches; returns once this member has a partition table.
   *
   * @throws CacheException when the stack cannot start or a member rejects this one
   */
  public void start() {
    try {
      channel = createChannel();
    } catch (Exception e) {
      throw new CacheException("cannot create the JGroups channel from " + clusterConfig.stack()
          + ": " + e.getMessage(), e);
    }
    dropLog = new DropLog(this::localName, 10_000);
    transport = new Transport(channel, frames, this::executorFor, dropLog);
    partitions = new PartitionService(this::localName, config.partitionCount(), versions,
        member::caches);
    remoteOperations = new RemoteOperations(this);
    rebalancer = new Rebalancer(this);
    transport.start(this::handle, newView -> topologyExecutor.execute(() -> onView(newView)));
    try {
      channel.connect(clusterConfig.name());
    } catch (Exception e) {
      channel.close();
      SecurityException rejected = securityCause(e);
      if (rejected != null) {
        LOG.error("member was rejected by cluster '{}': {}", clusterConfig.name(),
            rejected.getMessage());
        throw new CacheException("member was rejected by cluster '" + clusterConfig.name()
            + "': " + rejected.getMessage() + "; every member needs the same <security>"
            + " secret in its <cluster> element", e);
      }
      throw new CacheException("cannot join cluster '" + clusterConfig.name() + "': "
          + e.getMessage(), e);
    }
    localName = channel.getAddress().toString();
    try {
      join();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private void join() {
    Messages.MemberInfo own = localInfo();
    infos.put(localAddress(), own);
    View current = channel.getView();
    long timeout = operationTimeoutMillis();
    Address coordinator = current.getCoord();
    if (!coordinator.equals(localAddress())) {
      Object state = transport.request(coordinator, new Messages.PoolStateRequest(), timeout);
      if (state instanceof Messages.PoolState) {
        installPoolState((Messages.PoolState) state);
      }
    }
    List<Address> others = new ArrayList<>(current.getMembers());
    others.remove(localAddress());
    Map<Address, Object> replies = transport.requestAll(others, new Messages.Hello(own),
        timeout);
    for (Map.Entry<Address, Object> reply : replies.entrySet()) {
      if (reply.getValue() instanceof Messages.Rejected) {
        String reason = ((Messages.Rejected) reply.getValue()).reason();
        LOG.error("{} was rejected by {}: {}", localName, reply.getKey(), reason);
        throw new CacheException("member " + localName + " was rejected by " + reply.getKey()
            + ": " + reason);
      }
      if (reply.getValue() instanceof Messages.Hello) {
        infos.put(reply.getKey(), ((Messages.Hello) reply.getValue()).info());
      }
    }
    LOG.info("{} joined cluster '{}' as a {} member contributing {} bytes; view {}", localName,
        clusterConfig.name(), clusterConfig.role().name().toLowerCase(java.util.Locale.ROOT),
        clusterConfig.contributedBytes(), current);
    rebalancer.requestRound();
    awaitTable(Math.max(timeout, DEFAULT_JOIN_TIMEOUT_MILLIS));
  }

  private void awaitTable(long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (topology) {
      while (table.version() == 0) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new CacheException("member " + localName + " received no partition table"
              + " within " + timeoutMillis + " ms; check that the coordinator "
              + channel.getView().getCoord() + " is running the same piglix version");
        }
        try {
          topology.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CacheException("interrupted while joining", e);
        }
      }
    }
  }

  /**
   * Returns the executor for a request. Cache operations wait for replication and listeners on
   * other members, copies wait for their receivers, and replication waits for nothing, so
   * each kind has its own threads and none can starve the others into a deadlock.
   */
  private java.util.concurrent.Executor executorFor(Object message) {
    if (message instanceof Messages.CacheRequest) {
      return requestExecutor;
    }
    if (message instanceof Messages.Replicate || message instanceof Messages.SyncData
        || message instanceof Messages.EventBatch) {
      return replicationExecutor;
    }
    return controlExecutor;
  }

  /**
   * Returns a pool that grows to 256 threads and then rejects, which the sender sees as a
   * busy member, instead of queueing requests without bound.
   */
  private static ThreadPoolExecutor boundedPool(String name) {
    return new ThreadPoolExecutor(2, 256, 30, TimeUnit.SECONDS,
        new java.util.concurrent.SynchronousQueue<>(), daemonThreads(name),
        new ThreadPoolExecutor.AbortPolicy());
  }

  /** Returns whether this member stores entries. */
  public boolean isStorageMember() {
    return clusterConfig.role() == MemberRole.STORAGE;
  }

  /** This member's JGroups address. */
  public Address localAddress() {
    return channel == null ? null : channel.getAddress();
  }

  /** This member's address as a string, the prefix of its cluster log lines. */
  String localName() {
    return localName;
  }

  /** The current partition table. */
  PartitionTable table() {
    return table;
  }

  /** The members of the current view. */
  Set<Address> alive() {
    return alive;
  }

  /** The current view, or null before the first. */
  View view() {
    return view;
  }

  /** The infos of the members this member has heard from. */
  Map<Address, Messages.MemberInfo> infos() {
    return infos;
  }

  PartitionService partitions() {
    return partitions;
  }

  Transport transport() {
    return transport;
  }

  /** Returns the limiter of cache operation requests in flight to each other member. */
  RequestLimiter requestLimiter() {
    return requestLimiter;
  }

  /** The JGroups channel, or null before {@link #start()}. */
  JChannel channel() {
    return channel;
  }

  /** Counts and logs the invalid frames this member dropped. */
  DropLog dropLog() {
    return dropLog;
  }

  PiglixMember member() {
    return member;
  }

  KryoCodec codec() {
    return codec;
  }

  int partitionCount() {
    return config.partitionCount();
  }

  /** The application classes this member's codecs accept, also for rebuilt failures. */
  io.piglix.serialization.ClassAllowList allowList() {
    return config.serialization().allowList();
  }

  int backupCount() {
    return clusterConfig.backupCount();
  }

  long operationTimeoutMillis() {
    return clusterConfig.operationTimeout().toMillis();
  }

  boolean isCoordinator() {
    View current = view;
    return current != null && current.getCoord().equals(localAddress());
  }

  boolean isLeaving() {
    return leaving;
  }

  /** Returns the live owner of a partition according to the current table, or null. */
  Address ownerOf(int partition) {
    return table.liveOwner(partition, alive);
  }

  /**
   * Waits until the table version or the view changes after {@code tableVersion} and {@code
   * seenView}, or the timeout passes.
   */
  void awaitTopologyChange(long tableVersion, View seenView, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (topology) {
      while (table.version() == tableVersion && view == seenView && !stopped) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return;
        }
        try {
          topology.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Creates a cache on every member, through the coordinator. */
  public CacheRuntime createCache(CacheId id, MutableConfiguration<Object, Object> configuration,
      KryoCodec cacheCodec) {
    byte[] bytes = ConfigurationCodec.encode(codec, configuration);
    Messages.CacheCreate request = new Messages.CacheCreate(id.namespace(), id.name(), bytes,
        false);
    Object reply = requestCoordinator(request);
    if (reply instanceof Messages.Rejected) {
      throw new CacheException(((Messages.Rejected) reply).reason());
    }
    CacheRuntime runtime = member.findCache(id);
    if (runtime == null) {
      runtime = install(id, bytes);
    }
    return runtime;
  }

  /** Destroys a cache on every member, through the coordinator. */
  public void destroyCache(CacheId id) {
    Object reply = requestCoordinator(new Messages.CacheDestroy(id.namespace(), id.name(),
        false));
    if (reply instanceof Messages.Rejected) {
      throw new CacheException(((Messages.Rejected) reply).reason());
    }
    uninstall(id);
  }

  private Object requestCoordinator(Object request) {
    long deadline = System.currentTimeMillis() + operationTimeoutMillis();
    while (true) {
      View current = view;
      Address coordinator = current == null ? localAddress() : current.getCoord();
      try {
        if (coordinator.equals(localAddress())) {
          return handle(localAddress(), request);
        }
        return transport.request(coordinator, request, operationTimeoutMillis());
      } catch (TransportException e) {
        if (System.currentTimeMillis() >= deadline) {
          throw new CacheException("coordinator " + coordinator + " did not answer within "
              + operationTimeoutMillis() + " ms: " + e.getMessage(), e);
        }
        awaitTopologyChange(table.version(), current, 200);
      }
    }
  }

  /** Sets the replicator and event sink of a cache installed on this member. */
  public void attach(CacheRuntime runtime) {
    if (runtime.engine() != null) {
      runtime.engine().setReplicator(new ClusterReplicator(this, runtime));
      runtime.engine().setEventSink(new ClusterEventSink(this, runtime));
    }
  }

  /** Returns the backend that routes a cache view's operations to the owners. */
  public CacheBackend backendFor(CacheRuntime runtime) {
    return new ClusteredBackend(this, runtime);
  }

  /**
   * Tells every member whether this member has listeners on a cache, and waits for them to
   * know, so an event from a change made right after a registration reaches it.
   */
  void publishListenerPresence(CacheRuntime runtime, boolean any, boolean synchronous) {
    if (leaving || stopped) {
      return;
    }
    CacheId id = runtime.id();
    Messages.ListenerPresence presence = new Messages.ListenerPresence(id.namespace(),
        id.name(), localAddress(), any, synchronous);
    storePresence(presence);
    List<Address> others = new ArrayList<>(alive);
    others.remove(localAddress());
    Map<Address, Object> replies = transport.requestAll(others, presence,
        operationTimeoutMillis());
    for (Map.Entry<Address, Object> reply : replies.entrySet()) {
      if (reply.getValue() instanceof Throwable && alive.contains(reply.getKey())) {
        LOG.warn("{} could not tell {} about listeners of cache '{}': {}", localName,
            reply.getKey(), id, reply.getValue().toString());
      }
    }
  }

  /** Returns the members other than this one with listeners on a cache. */
  Collection<Messages.ListenerPresence> remoteListeners(CacheId id) {
    Map<Address, Messages.ListenerPresence> byMember = presences.get(id);
    if (byMember == null || byMember.isEmpty()) {
      return List.of();
    }
    List<Messages.ListenerPresence> result = new ArrayList<>();
    for (Messages.ListenerPresence presence : byMember.values()) {
      if (presence.any() && !presence.member().equals(localAddress())
          && alive.contains(presence.member())) {
        result.add(presence);
      }
    }
    return result;
  }

  /**
   * Moves this member's partitions to the other members, then leaves the pool. Waits up to
   * the operation timeout for the coordinator to confirm.
   */
  public void leave() {
    if (stopped) {
      return;
    }
    leaving = true;
    try {
      if (isStorageMember() && alive.size() > 1) {
        long started = System.currentTimeMillis();
        LOG.info("{} is leaving: handing off {} owned and {} backup partitions", localName,
            partitions.owned().length, partitions.backups().length);
        if (isCoordinator()) {
          rebalancer.runLeave(localAddress());
        } else {
          Object reply = requestCoordinator(new Messages.LeaveRequest());
          if (reply instanceof Messages.Rejected) {
            LOG.warn("{} could not hand off its partitions: {}", localName,
                ((Messages.Rejected) reply).reason());
          }
        }
        LOG.info("{} handed off its partitions in {} ms", localName,
            System.currentTimeMillis() - started);
      }
    } catch (RuntimeException e) {
      LOG.warn("{} failed to hand off its partitions before leaving", localName, e);
    } finally {
      stop();
    }
  }

  /** Disconnects without handing anything off. */
  void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    rebalancer.stop();
    synchronized (topology) {
      topology.notifyAll();
    }
    try {
      transport.stop();
      channel.close();
    } finally {
      requestExecutor.shutdownNow();
      replicationExecutor.shutdownNow();
      controlExecutor.shutdownNow();
      topologyExecutor.shutdownNow();
    }
    LOG.info("{} left cluster '{}'", localName, clusterConfig.name());
  }

  /** Dispatches a decoded message to its handler and returns the reply. */
  Object handle(Address sender, Object message) {
    if (message instanceof Messages.CacheRequest) {
      return remoteOperations.execute((Messages.CacheRequest) message);
    }
    if (message instanceof Messages.Replicate) {
      return onReplicate((Messages.Replicate) message);
    }
    if (message instanceof Messages.EventBatch) {
      return ClusterEventSink.deliver(this, (Messages.EventBatch) message);
    }
    if (message instanceof Messages.SyncData) {
      return onSyncData((Messages.SyncData) message);
    }
    if (message instanceof Messages.AccessUpdates) {
      Messages.AccessUpdates updates = (Messages.AccessUpdates) message;
      CacheRuntime runtime = member.findCache(new CacheId(updates.namespace(), updates.name()));
      if (runtime != null && runtime.engine() != null && !runtime.isClosed()) {
        // One-way messages arrive in the delivery thread, which must not wait for stripes.
        member.capacityExecutor().execute(() -> runtime.engine().applyAccess(
            updates.readHashes(), updates.keys(), updates.headers()));
      }
      return new Messages.Ack();
    }
    if (message instanceof Messages.Hello) {
      return onHello(sender, ((Messages.Hello) message).info());
    }
    if (message instanceof Messages.TableUpdate) {
      onTable(PartitionTable.fromMessage((Messages.TableUpdate) message));
      return new Messages.Ack();
    }
    if (message instanceof Messages.StateQuery) {
      return partitions.snapshot();
    }
    if (message instanceof Messages.CacheCreate) {
      return onCacheCreate((Messages.CacheCreate) message);
    }
    if (message instanceof Messages.CacheDestroy) {
      return onCacheDestroy((Messages.CacheDestroy) message);
    }
    if (message instanceof Messages.PoolStateRequest) {
      return poolState();
    }
    if (message instanceof Messages.ListenerPresence) {
      storePresence((Messages.ListenerPresence) message);
      return new Messages.Ack();
    }
    if (message instanceof Messages.MigrateRequest) {
      return rebalancer.copyPartitions((Messages.MigrateRequest) message);
    }
    if (message instanceof Messages.SyncBegin) {
      partitions.beginSync(((Messages.SyncBegin) message).partitions());
      return new Messages.Ack();
    }
    if (message instanceof Messages.SyncEnd) {
      Messages.SyncEnd end = (Messages.SyncEnd) message;
      partitions.endSync(end.partitions(), end.versions());
      return new Messages.Ack();
    }
    if (message instanceof Messages.Handoff) {
      return rebalancer.handOff((Messages.Handoff) message);
    }
    if (message instanceof Messages.BecomeOwner) {
      Messages.BecomeOwner become = (Messages.BecomeOwner) message;
      partitions.becomeOwner(become.partitions(), become.versions(), become.backups());
      return new Messages.Ack();
    }
    if (message instanceof Messages.LeaveRequest) {
      return rebalancer.runLeave(sender);
    }
    if (message instanceof Messages.StatusRequest) {
      return localStatus();
    }
    if (message instanceof Messages.CapacityQuery) {
      return member.capacity().report();
    }
    if (message instanceof Messages.CapacityOrders) {
      EvictionPlanner.Plan plan = planOf((Messages.CapacityOrders) message);
      member.capacityExecutor().execute(() -> member.capacity().apply(plan));
      return new Messages.Ack();
    }
    if (message instanceof Messages.MergeRequest) {
      return rebalancer.merger().surrender((Messages.MergeRequest) message);
    }
    if (message instanceof Messages.MergeData) {
      return rebalancer.merger().accept((Messages.MergeData) message);
    }
    if (message instanceof Messages.Discard) {
      partitions.discard(((Messages.Discard) message).partitions());
      return new Messages.Ack();
    }
    if (message instanceof Messages.RebalanceRequest) {
      if (isCoordinator()) {
        rebalancer.requestRound();
      }
      return new Messages.Ack();
    }
    return new Messages.Rejected("unknown message " + message.getClass().getSimpleName());
  }

  private Object onHello(Address sender, Messages.MemberInfo info) {
    String mismatch = incompatibility(info);
    if (mismatch != null) {
      LOG.warn("{} rejected member {} ({}): {}", localName, sender, info.name(), mismatch);
      return new Messages.Rejected(mismatch);
    }
    infos.put(sender, info);
    if (isCoordinator()) {
      rebalancer.requestRound();
    }
    return new Messages.Hello(localInfo());
  }

  private String incompatibility(Messages.MemberInfo info) {
    Messages.MemberInfo own = localInfo();
    if (info.protocolVersion() != own.protocolVersion()) {
      return "protocol version " + info.protocolVersion() + " differs from "
          + own.protocolVersion() + "; run the same piglix version on every member";
    }
    if (info.partitionCount() != own.partitionCount()) {
      return "partition count " + info.partitionCount() + " differs from "
          + own.partitionCount() + "; set the same partitions on every member";
    }
    if (!info.clusterName().equals(own.clusterName())) {
      return "cluster name '" + info.clusterName() + "' differs from '" + own.clusterName()
          + "'";
    }
    if (!info.registrationDigest().equals(own.registrationDigest())) {
      return "serialization registrations differ: "
          + RegistrationDifferences.describe(own, info) + "; use the same <serialization>"
          + " section and piglix version on every member";
    }
    return null;
  }

  private Messages.MemberInfo localInfo() {
    return new Messages.MemberInfo(member.toString(), PROTOCOL_VERSION,
        config.partitionCount(), clusterConfig.role(), clusterConfig.contributedBytes(),
        codec.registrationDigest(), clusterConfig.name(),
        new java.util.TreeMap<>(codec.registrationTable()),
        RegistrationDifferences.allowListEntries(codec.config().allowList()));
  }

  private void onView(View newView) {
    if (channel.getAddress() != null) {
      localName = channel.getAddress().toString();
    }
    Set<Address> previous = alive;
    boolean merged = newView instanceof MergeView;
    // NOTE: only the coordinator of the merged view reconciles the sides. If it fails before
    // it is done, its successor sees an ordinary view change, and that round keeps one owner
    // per partition and drops the records of the other sides' owners.
    if (merged && newView.getCoord().equals(localAddress())) {
      rebalancer.markMerge(sidesOf((MergeView) newView));
    }
    view = newView;
    alive = Set.copyOf(newView.getMembers());
    List<Address> left = new ArrayList<>();
    for (Address address : previous) {
      if (!alive.contains(address)) {
        left.add(address);
      }
    }
    requestLimiter.retainMembers(alive);
    for (Address address : left) {
      infos.remove(address);
      partitions.dropTarget(address);
      for (Map<Address, Messages.ListenerPresence> byMember : presences.values()) {
        byMember.remove(address);
      }
    }
    if (!left.isEmpty()) {
      promoteOrphans(left);
    }
    if (merged) {
      LOG.info("{} view {}: {} members merged from sides {}", localName, newView.getViewId(),
          newView.size(), sidesOf((MergeView) newView));
      controlExecutor.execute(this::greetUnknownMembers);
    } else {
      LOG.info("{} view {}: {} members, left {}", localName, newView.getViewId(),
          newView.size(), left);
    }
    synchronized (topology) {
      topology.notifyAll();
    }
    if (isCoordinator()) {
      rebalancer.requestRound();
    }
  }

  /**
   * Returns the members of each side of a merge, each member on one side only. A member that
   * was paused, for example by a long GC or SIGSTOP, brings back its old view, and that view
   * still lists the members that excluded it. So each member belongs to the newest subgroup
   * view that lists it.
   */
  static List<List<Address>> sidesOf(MergeView merge) {
    List<View> subgroups = new ArrayList<>(merge.getSubgroups());
    subgroups.sort((a, b) -> b.getViewId().compareTo(a.getViewId()));
    Set<Address> placed = new HashSet<>();
    List<List<Address>> sides = new ArrayList<>();
    for (View subgroup : subgroups) {
      List<Address> side = new ArrayList<>();
      for (Address member : subgroup.getMembers()) {
        if (placed.add(member)) {
          side.add(member);
        }
      }
      if (!side.isEmpty()) {
        sides.add(List.copyOf(side));
      }
    }
    return sides;
  }

  /**
   * Sends this member's info to the members of the view it has none of, such as the members
   * of another side after a merge, and stores theirs. A member that does not reply is left
   * out of rounds until it does.
   */
  void greetUnknownMembers() {
    List<Address> unknown = new ArrayList<>(alive);
    unknown.removeAll(infos.keySet());
    if (unknown.isEmpty() || stopped) {
      return;
    }
    Map<Address, Object> replies = transport.requestAll(unknown,
        new Messages.Hello(localInfo()), operationTimeoutMillis());
    for (Map.Entry<Address, Object> reply : replies.entrySet()) {
      if (reply.getValue() instanceof Messages.Hello) {
        infos.put(reply.getKey(), ((Messages.Hello) reply.getValue()).info());
      } else {
        LOG.warn("{} could not exchange member infos with {}: {}", localName, reply.getKey(),
            reply.getValue());
      }
    }
  }

  /**
   * Rejects a cache operation while the view has fewer members than the configured minimum
   * and the configured protection covers the operation.
   *
   * @param cacheName the cache, for the message
   * @param write whether the operation may change entries
   * @throws CacheException naming the view size and the minimum
   */
  void requireMinimumMembers(String cacheName, boolean write) {
    int minimum = clusterConfig.minMembers();
    if (minimum <= 1
        || (!write && clusterConfig.splitProtection() == SplitProtection.WRITES)) {
      return;
    }
    View current = view;
    int size = current == null ? 0 : current.size();
    if (size < minimum) {
      throw new CacheException("cache '" + cacheName + "' rejects " + (write ? "writes"
          : "reads") + " on member " + localName + ": its view has " + size + " members,"
          + " below the minimum of " + minimum + " set by <split-brain min-members>; retry"
          + " once " + minimum + " members see each other again");
    }
  }

  /** The merge policy of this member's configuration. */
  MergePolicy mergePolicy() {
    return clusterConfig.mergePolicy();
  }

  /** This member's caches and listener presences, and its table, for a merge. */
  Messages.PoolState poolStateForMerge() {
    return poolState();
  }

  /** Returns whether no rebalance round or merge is pending or running on this member. */
  boolean isSettled() {
    return !rebalancer.isRunning() && !rebalancer.isMergePending();
  }

  /** Takes ownership of partitions whose owner left when this member is the next replica. */
  private void promoteOrphans(List<Address> left) {
    PartitionTable current = table;
    int promoted = 0;
    for (int p = 0; p < current.partitionCount(); p++) {
      List<Address> replicas = current.replicas(p);
      if (replicas.isEmpty() || alive.contains(replicas.get(0))) {
        continue;
      }
      if (localAddress().equals(current.liveOwner(p, alive))
          && partitions.role(p) == PartitionService.Role.BACKUP) {
        partitions.promote(p, current.liveBackups(p, alive));
        promoted++;
      }
    }
    if (promoted > 0) {
      LOG.info("{} promoted itself to owner of {} partitions after {} left", localName,
          promoted, left);
    }
  }

  /**
   * Replaces the table without the version check, as a member that missed updates would hold
   * it; used by tests of redirection.
   */
  void installStaleTable(PartitionTable stale) {
    synchronized (topology) {
      table = stale;
    }
  }

  /** Installs a newer table: routes by it and drops partitions it no longer lists here. */
  void onTable(PartitionTable update) {
    synchronized (topology) {
      if (update.version() <= table.version()) {
        return;
      }
      table = update;
      topology.notifyAll();
    }
    Set<Integer> release = new HashSet<>();
    Address self = localAddress();
    for (int p = 0; p < update.partitionCount(); p++) {
      PartitionService.Role role = partitions.role(p);
      if (role == PartitionService.Role.OWNER) {
        if (self.equals(update.liveOwner(p, alive))) {
          partitions.retainTargets(p, update.liveBackups(p, alive),
              rebalancer.copyTargets(p));
        } else if (!update.replicas(p).isEmpty()) {
          release.add(p);
        }
      } else if (role == PartitionService.Role.BACKUP && !update.isReplica(p, self)) {
        release.add(p);
      }
    }
    if (!release.isEmpty()) {
      requestExecutor.execute(() -> partitions.release(release, this::isReleasedByTable));
    }
  }

  /**
   * Returns whether the newest table gives a partition this member holds to others: another
   * live owner for a partition it owns, or no place at all for one it backs up.
   */
  private boolean isReleasedByTable(int partition) {
    PartitionTable current = table;
    Address self = localAddress();
    if (partitions.role(partition) == PartitionService.Role.OWNER) {
      Address owner = current.liveOwner(partition, alive);
      return owner != null && !owner.equals(self);
    }
    return !current.isReplica(partition, self);
  }

  /**
   * Sends the backups of this member's partitions the reads seen since the last call, so a
   * backup that becomes owner knows which entries are hot. One way and best effort: a lost
   * message only leaves a backup's ranking less exact.
   */
  public void sendAccessUpdates() {
    for (CacheRuntime runtime : member.caches()) {
      io.piglix.engine.CacheEngine engine = runtime.engine();
      if (engine == null || runtime.isClosed()) {
        continue;
      }
      io.piglix.engine.AccessLog.Drained drained = engine.accessLog().drain();
      if (drained.isEmpty()) {
        continue;
      }
      Map<Address, AccessBatch> batches = new HashMap<>();
      for (int hash : drained.readHashes()) {
        int partition = io.piglix.partition.KeyHash.partition(hash, partitionCount());
        for (Address target : partitions.replicationTargets(partition)) {
          batches.computeIfAbsent(target, t -> new AccessBatch()).addRead(hash);
        }
      }
      for (byte[][] touched : drained.headers()) {
        int partition = io.piglix.store.Record.partition(touched[1]);
        for (Address target : partitions.replicationTargets(partition)) {
          AccessBatch batch = batches.computeIfAbsent(target, t -> new AccessBatch());
          batch.keys.add(touched[0]);
          batch.headers.add(touched[1]);
        }
      }
      for (Map.Entry<Address, AccessBatch> entry : batches.entrySet()) {
        AccessBatch batch = entry.getValue();
        try {
          transport.send(entry.getKey(), new Messages.AccessUpdates(runtime.id().namespace(),
              runtime.id().name(), java.util.Arrays.copyOf(batch.reads, batch.readCount),
              batch.keys, batch.headers));
        } catch (TransportException e) {
          LOG.debug("{} could not send reads of cache '{}' to {}: {}", localName,
              runtime.id(), entry.getKey(), e.toString());
        }
      }
    }
  }

  /** The reads bound for one backup. */
  private static final class AccessBatch {
    int[] reads = new int[64];
    int readCount;
    final List<byte[]> keys = new ArrayList<>();
    final List<byte[]> headers = new ArrayList<>();

    void addRead(int hash) {
      if (readCount == reads.length) {
        reads = java.util.Arrays.copyOf(reads, reads.length * 2);
      }
      reads[readCount++] = hash;
    }
  }

  private Object onReplicate(Messages.Replicate replicate) {
    CacheRuntime runtime = member.findCache(new CacheId(replicate.namespace(),
        replicate.name()));
    if (runtime == null || runtime.store() == null) {
      return new Messages.Rejected("cache '" + replicate.name() + "' does not exist on "
          + localName);
    }
    for (io.piglix.engine.Mutation mutation : replicate.mutations()) {
      if (!partitions.apply(runtime, mutation)) {
        return new Messages.Rejected(localName + " holds no copy of partition "
            + mutation.partition());
      }
    }
    return new Messages.Ack();
  }

  private Object onSyncData(Messages.SyncData data) {
    CacheRuntime runtime = member.findCache(new CacheId(data.namespace(), data.name()));
    if (runtime == null || runtime.store() == null) {
      return new Messages.Rejected("cache '" + data.name() + "' does not exist on "
          + localName);
    }
    for (int i = 0; i < data.keys().size(); i++) {
      byte[] record = data.records().get(i);
      io.piglix.engine.Mutation mutation = new io.piglix.engine.Mutation(
          io.piglix.store.Record.partition(record), data.keys().get(i), record,
          io.piglix.store.Record.version(record));
      partitions.apply(runtime, mutation);
    }
    return new Messages.Ack();
  }

  private synchronized Object onCacheCreate(Messages.CacheCreate create) {
    CacheId id = new CacheId(create.namespace(), create.name());
    if (create.install()) {
      install(id, create.configuration());
      return new Messages.Ack();
    }
    if (!isCoordinator()) {
      return new Messages.Rejected("member " + localName + " is not the coordinator");
    }
    if (cacheConfigurations.containsKey(id)) {
      return new Messages.Rejected("a cache named '" + id.name() + "' already exists in cache"
          + " manager " + id.namespace());
    }
    install(id, create.configuration());
    broadcastToOthers(new Messages.CacheCreate(id.namespace(), id.name(),
        create.configuration(), true));
    return new Messages.Ack();
  }

  private synchronized Object onCacheDestroy(Messages.CacheDestroy destroy) {
    CacheId id = new CacheId(destroy.namespace(), destroy.name());
    if (destroy.install()) {
      uninstall(id);
      return new Messages.Ack();
    }
    if (!isCoordinator()) {
      return new Messages.Rejected("member " + localName + " is not the coordinator");
    }
    uninstall(id);
    broadcastToOthers(new Messages.CacheDestroy(id.namespace(), id.name(), true));
    return new Messages.Ack();
  }

  private void broadcastToOthers(Object message) {
    List<Address> others = new ArrayList<>(alive);
    others.remove(localAddress());
    Map<Address, Object> replies = transport.requestAll(others, message,
        operationTimeoutMillis());
    for (Map.Entry<Address, Object> reply : replies.entrySet()) {
      if (!(reply.getValue() instanceof Messages.Ack)) {
        LOG.warn("{} could not apply {} on {}: {}", localName,
            message.getClass().getSimpleName(), reply.getKey(), reply.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private CacheRuntime install(CacheId id, byte[] configuration) {
    cacheConfigurations.put(id, configuration);
    CacheRuntime existing = member.findCache(id);
    if (existing != null) {
      return existing;
    }
    MutableConfiguration<Object, Object> decoded = ConfigurationCodec.decode(codec,
        configuration, member.classLoader());
    return member.installCache(id, decoded, codec);
  }

  private void uninstall(CacheId id) {
    cacheConfigurations.remove(id);
    presences.remove(id);
    member.uninstallCache(id);
  }

  private Messages.PoolState poolState() {
    List<Messages.CacheCreate> caches = new ArrayList<>();
    for (Map.Entry<CacheId, byte[]> entry : cacheConfigurations.entrySet()) {
      caches.add(new Messages.CacheCreate(entry.getKey().namespace(), entry.getKey().name(),
          entry.getValue(), true));
    }
    List<Messages.ListenerPresence> listeners = new ArrayList<>();
    for (Map<Address, Messages.ListenerPresence> byMember : presences.values()) {
      listeners.addAll(byMember.values());
    }
    return new Messages.PoolState(caches, listeners, table.toMessage());
  }

  private void installPoolState(Messages.PoolState state) {
    adoptCachesAndListeners(state);
    if (state.table() != null && state.table().version() > 0
        && state.table().replicas().length == config.partitionCount()) {
      onTable(PartitionTable.fromMessage(state.table()));
    }
  }

  /** Installs the caches of a pool state this member lacks and stores its listeners. */
  void adoptCachesAndListeners(Messages.PoolState state) {
    for (Messages.CacheCreate create : state.caches()) {
      try {
        install(new CacheId(create.namespace(), create.name()), create.configuration());
      } catch (RuntimeException e) {
        LOG.error("{} cannot create cache '{}' of the pool: {}", localName, create.name(),
            e.getMessage(), e);
      }
    }
    for (Messages.ListenerPresence presence : state.listeners()) {
      storePresence(presence);
    }
  }

  private void storePresence(Messages.ListenerPresence presence) {
    CacheId id = new CacheId(presence.namespace(), presence.name());
    presences.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(presence.member(),
        presence);
  }

  /** Returns the storage members with their contributed bytes, leaving out a leaving one. */
  Map<Address, Long> storageWeights(Address excluded) {
    Map<Address, Long> weights = new LinkedHashMap<>();
    View current = view;
    if (current == null) {
      return weights;
    }
    for (Address address : current.getMembers()) {
      Messages.MemberInfo info = infos.get(address);
      if (info != null && info.role() == MemberRole.STORAGE && !address.equals(excluded)) {
        weights.put(address, Math.max(1, info.contributedBytes()));
      }
    }
    return weights;
  }

  /** Sends a new table to every member and installs it here. */
  void publishTable(PartitionTable update) {
    onTable(update);
    List<Address> others = new ArrayList<>(alive);
    others.remove(localAddress());
    transport.requestAll(others, update.toMessage(), operationTimeoutMillis());
  }

  ExecutorService requestExecutor() {
    return requestExecutor;
  }

  private static SecurityException securityCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SecurityException) {
        return (SecurityException) cause;
      }
    }
    return null;
  }

  private JChannel createChannel() throws Exception {
    URI stack = clusterConfig.stack();
    JChannel created;
    try (InputStream in = openStack(stack)) {
      created = clusterConfig.secret() == null ? new JChannel(in)
          : StackSecurity.createChannel(in, stack, clusterConfig.secret());
    }
    TP transportProtocol = created.getProtocolStack().getTransport();
    if (clusterConfig.bindAddress() != null) {
      InetAddress bind = InetAddress.getByName(clusterConfig.bindAddress());
      transportProtocol.setBindAddress(bind);
      FD_SOCK2 fdSock = created.getProtocolStack().findProtocol(FD_SOCK2.class);
      if (fdSock != null) {
        fdSock.setBindAddress(bind);
      }
    }
    if (clusterConfig.port() > 0) {
      transportProtocol.setBindPort(clusterConfig.port());
    }
    if (!clusterConfig.members().isEmpty()) {
      TCPPING ping = created.getProtocolStack().findProtocol(TCPPING.class);
      if (ping == null) {
        created.close();
        throw new ConfigurationException("cluster members are set but stack " + stack
            + " has no TCPPING protocol to use them");
      }
      ping.setInitialHosts(parseMembers(clusterConfig.members()));
    }
    return created;
  }

  private static InputStream openStack(URI stack) throws IOException {
    if ("classpath".equals(stack.getScheme())) {
      String path = stack.getSchemeSpecificPart();
      while (path.startsWith("/")) {
        path = path.substring(1);
      }
      URL resource = ClusterNode.class.getClassLoader().getResource(path);
      if (resource == null) {
        throw new ConfigurationException("JGroups stack " + stack + " not found on the"
            + " classpath");
      }
      return resource.openStream();
    }
    if ("file".equals(stack.getScheme())) {
      return Files.newInputStream(Path.of(stack));
    }
    throw new ConfigurationException("unsupported JGroups stack URI " + stack + ": use"
        + " classpath:... or file:...");
  }

  /** Parses {@code host[port]} and {@code host:port} entries. */
  static List<InetSocketAddress> parseMembers(List<String> members) {
    List<InetSocketAddress> result = new ArrayList<>();
    for (String entry : members) {
      String text = entry.trim();
      String host;
      String port;
      if (text.endsWith("]") && text.contains("[")) {
        host = text.substring(0, text.indexOf('['));
        port = text.substring(text.indexOf('[') + 1, text.length() - 1);
      } else if (text.lastIndexOf(':') > 0) {
        host = text.substring(0, text.lastIndexOf(':'));
        port = text.substring(text.lastIndexOf(':') + 1);
      } else {
        throw new ConfigurationException("invalid cluster member '" + entry + "': use"
            + " host[port] or host:port, for example 127.0.0.1[7800]");
      }
      try {
        result.add(new InetSocketAddress(host, Integer.parseInt(port)));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("invalid cluster member '" + entry + "': "
            + e.getMessage() + "; use host[port], for example 127.0.0.1[7800]", e);
      }
    }
    return result;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Returns whether this member owns a partition now. */
  public boolean ownsPartition(int partition) {
    return partitions.role(partition) == PartitionService.Role.OWNER;
  }

  /**
   * Runs a round of the capacity manager if this member is the coordinator: collects the
   * storage members' usage, plans, and sends every storage member the cuts. A member that
   * does not answer in time is left out of this round.
   */
  public void manageCapacity(io.piglix.member.CapacityAgent agent) {
    if (!isCoordinator()) {
      return;
    }
    List<Address> others = new ArrayList<>(storageWeights(null).keySet());
    others.remove(localAddress());
    Map<Address, Object> replies = others.isEmpty() ? Map.of()
        : transport.requestAll(others, new Messages.CapacityQuery(), operationTimeoutMillis());
    List<EvictionPlanner.MemberUsage> usages = new ArrayList<>();
    if (isStorageMember()) {
      usages.add(agent.report());
    }
    for (Object reply : replies.values()) {
      if (reply instanceof EvictionPlanner.MemberUsage) {
        usages.add((EvictionPlanner.MemberUsage) reply);
      }
    }
    EvictionPlanner.Plan plan = EvictionPlanner.plan(usages);
    if (plan.isEmpty()) {
      return;
    }
    LOG.debug("{} orders evictions: bound cuts {}, pressure cuts {}", localName,
        plan.boundCuts(), plan.pressureCuts());
    if (!others.isEmpty()) {
      try {
        transport.sendAll(others, ordersOf(plan));
      } catch (RuntimeException e) {
        LOG.warn("{} could not send eviction orders to every member: {}", localName,
            e.getMessage());
      }
    }
    if (isStorageMember()) {
      agent.apply(plan);
    }
  }

  private static Messages.CapacityOrders ordersOf(EvictionPlanner.Plan plan) {
    Set<String> ids = new LinkedHashSet<>(plan.boundCuts().keySet());
    ids.addAll(plan.pressureCuts().keySet());
    String[] caches = ids.toArray(new String[0]);
    int[] boundHeats = new int[caches.length];
    double[] boundFractions = new double[caches.length];
    int[] pressureHeats = new int[caches.length];
    double[] pressureFractions = new double[caches.length];
    for (int i = 0; i < caches.length; i++) {
      Cut bound = plan.boundCuts().getOrDefault(caches[i], Cut.NONE);
      boundHeats[i] = bound.heat();
      boundFractions[i] = bound.fraction();
      Cut pressure = plan.pressureCuts().getOrDefault(caches[i], Cut.NONE);
      pressureHeats[i] = pressure.heat();
      pressureFractions[i] = pressure.fraction();
    }
    return new Messages.CapacityOrders(caches, boundHeats, boundFractions, pressureHeats,
        pressureFractions);
  }

  private static EvictionPlanner.Plan planOf(Messages.CapacityOrders orders) {
    Map<String, Cut> boundCuts = new HashMap<>();
    Map<String, Cut> pressureCuts = new HashMap<>();
    for (int i = 0; i < orders.caches().length; i++) {
      Cut bound = new Cut(orders.boundHeats()[i], orders.boundFractions()[i]);
      if (!bound.isEmpty()) {
        boundCuts.put(orders.caches()[i], bound);
      }
      Cut pressure = new Cut(orders.pressureHeats()[i], orders.pressureFractions()[i]);
      if (!pressure.isEmpty()) {
        pressureCuts.put(orders.caches()[i], pressure);
      }
    }
    return new EvictionPlanner.Plan(boundCuts, pressureCuts);
  }

  /**
   * Returns a guard that lets background work touch a partition only while this member owns
   * it, holding the partition's read lock meanwhile.
   */
  public io.piglix.member.ExpirySweeper.PartitionGuard ownershipGuard() {
    return new io.piglix.member.ExpirySweeper.PartitionGuard() {
      @Override
      public boolean enter(int partition) {
        try {
          partitions.lockOwned(partition);
          return true;
        } catch (WrongOwnerException e) {
          return false;
        }
      }

      @Override
      public void exit(int partition) {
        partitions.unlockOwned(partition);
      }
    };
  }

  /**
   * Makes a member that failed to apply replicated changes drop its copies of the partitions,
   * so it no longer counts as an in-sync backup, and asks the coordinator for a round that
   * gives the partitions a fresh backup.
   */
  void repairBackup(Address target, int[] partitionsToCopyAgain) {
    requestExecutor.execute(() -> {
      try {
        if (alive.contains(target)) {
          transport.request(target, new Messages.SyncBegin(partitionsToCopyAgain),
              operationTimeoutMillis());
        }
        View current = view;
        if (current != null) {
          Address coordinator = current.getCoord();
          if (coordinator.equals(localAddress())) {
            rebalancer.requestRound();
          } else {
            transport.request(coordinator, new Messages.RebalanceRequest(),
                operationTimeoutMillis());
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("{} could not ask for new backups after {} failed: {}", localName, target,
            e.toString());
      }
    });
  }

  /** Returns this member's status: role, memory, partitions and caches. */
  public MemberStatus localStatus() {
    int[] owned = partitions.owned();
    List<CacheStatus> caches = new ArrayList<>();
    long used = 0;
    for (CacheRuntime runtime : member.caches()) {
      CacheStatus cache = cacheStatus(runtime, owned);
      used += cache.storedBytes();
      caches.add(cache);
    }
    return new MemberStatus(localName, member.toString(),
        clusterConfig.role().name().toLowerCase(java.util.Locale.ROOT), isCoordinator(),
        clusterConfig.contributedBytes(), used, owned.length, partitions.backups().length,
        unreplicated(owned), isCoordinator() && rebalancer.isRunning(), caches);
  }

  /**
   * Returns how many of the given owned partitions replicate to fewer members than the
   * table lists as their live backups.
   */
  private int unreplicated(int[] owned) {
    PartitionTable current = table;
    Set<Address> members = alive;
    int count = 0;
    for (int p : owned) {
      if (!partitions.replicationTargets(p).containsAll(current.liveBackups(p, members))) {
        count++;
      }
    }
    return count;
  }

  /** Returns the status of one cache on this member, counting owned entries by partition. */
  public static CacheStatus cacheStatus(CacheRuntime runtime, int[] ownedPartitions) {
    long hits = 0;
    long misses = 0;
    long puts = 0;
    long removals = 0;
    for (io.piglix.management.CacheStatistics statistics : runtime.viewStatistics()) {
      hits += statistics.getCacheHits();
      misses += statistics.getCacheMisses();
      puts += statistics.getCachePuts();
      removals += statistics.getCacheRemovals();
    }
    long owned = 0;
    long stored = 0;
    long bytes = 0;
    io.piglix.store.RecordStore store = runtime.store();
    if (store != null && !runtime.isClosed()) {
      for (int partition : ownedPartitions) {
        owned += store.partitionSize(partition);
      }
      stored = store.size();
      bytes = store.offHeapBytes();
    }
    return new CacheStatus(runtime.id().namespace(), runtime.id().name(), owned, stored,
        bytes, hits, misses, puts, removals, runtime.evictions());
  }

  /**
   * Asks every member of the view for its status and returns the pool's; members that do not
   * answer within the operation timeout are listed as unreachable.
   */
  public PoolStatus poolStatus() {
    View current = view;
    List<Address> others = new ArrayList<>(current == null ? List.of() : current.getMembers());
    others.remove(localAddress());
    Map<Address, Object> replies = transport.requestAll(others, new Messages.StatusRequest(),
        operationTimeoutMillis());
    List<MemberStatus> members = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    for (Address address : current == null ? List.of(localAddress())
        : current.getMembers()) {
      if (address.equals(localAddress())) {
        members.add(localStatus());
      } else if (replies.get(address) instanceof MemberStatus) {
        members.add((MemberStatus) replies.get(address));
      } else {
        unreachable.add(address.toString());
      }
    }
    PartitionTable currentTable = table;
    int storage = storageWeights(null).size();
    int wanted = 1 + Math.min(clusterConfig.backupCount(), Math.max(0, storage - 1));
    int withoutOwner = 0;
    int missingBackups = 0;
    for (MemberStatus status : members) {
      missingBackups += status.unreplicatedPartitions();
    }
    for (int p = 0; p < currentTable.partitionCount(); p++) {
      if (currentTable.liveOwner(p, alive) == null) {
        withoutOwner++;
      } else if (1 + currentTable.liveBackups(p, alive).size() < wanted) {
        missingBackups++;
      }
    }
    return new PoolStatus(clusterConfig.name(), currentTable.version(),
        currentTable.partitionCount(), clusterConfig.backupCount(), members, unreachable,
        withoutOwner, Math.min(missingBackups, currentTable.partitionCount()));
  }

  /** Returns the number of partitions each storage member owns, for logs and status. */
  Map<Address, Integer> ownershipCounts() {
    Map<Address, Integer> counts = new HashMap<>();
    PartitionTable current = table;
    for (int p = 0; p < current.partitionCount(); p++) {
      Address owner = current.liveOwner(p, alive);
      if (owner != null) {
        counts.merge(owner, 1, Integer::sum);
      }
    }
    return counts;
  }
}
