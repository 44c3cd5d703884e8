package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.jgroups.Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JSR-107 semantics across three members in one JVM: listeners, entry processors, loaders
 * and writers, and expiry, with keys owned by every member.
 */
class CrossMemberSemanticsTest {

  private TestCluster cluster;
  private PiglixCacheManager first;
  private PiglixCacheManager second;
  private PiglixCacheManager third;

  @BeforeEach
  void startPool() {
    cluster = new TestCluster(3, 1, 271);
    first = cluster.start(0);
    second = cluster.start(1);
    third = cluster.start(2);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        first.member().cluster().poolStatus().healthy());
    RecordingListener.EVENTS.clear();
    CountingLoader.LOADS.set(0);
    CountingLoader.KEYS.set(0);
    CountingLoader.THREADS.clear();
    CountingWriter.WRITES.set(0);
    CountingWriter.DELETES.set(0);
    CountingWriter.THREADS.clear();
  }

  @AfterEach
  void stopPool() {
    cluster.close();
  }

  @Test
  void synchronousListenerRunsBeforePutReturns() {
    Cache<String, String> onFirst = first.createCache("sync-events", stringConfiguration());
    onFirst.registerCacheEntryListener(listener(true, true));
    Cache<String, String> onSecond = second.getCache("sync-events");

    for (int i = 0; i < 30; i++) {
      onSecond.put("key-" + i, "v1");
      assertThat(RecordingListener.EVENTS).as("events after put %d", i).hasSize(i + 1);
    }
    onSecond.put("key-0", "v2");

    assertThat(RecordingListener.EVENTS).hasSize(31);
    String update = RecordingListener.EVENTS.get(30);
    assertThat(update).isEqualTo("UPDATED key-0 v2 old=v1");
    assertThat(ownersOf(keys(30))).as("owners of the keys").hasSize(3);
  }

  @Test
  void asynchronousListenerSeesEachKeyInOrder() {
    Cache<String, String> onFirst = first.createCache("async-events", stringConfiguration());
    onFirst.registerCacheEntryListener(listener(false, true));
    Cache<String, String> onThird = third.getCache("async-events");

    for (int i = 0; i < 20; i++) {
      String key = "key-" + i;
      onThird.put(key, "v1");
      onThird.put(key, "v2");
      onThird.put(key, "v3");
      onThird.remove(key);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> RecordingListener.EVENTS.size() == 80);
    for (int i = 0; i < 20; i++) {
      String key = "key-" + i;
      List<String> ofKey = new ArrayList<>();
      for (String event : RecordingListener.EVENTS) {
        if (event.split(" ")[1].equals(key)) {
          ofKey.add(event);
        }
      }
      assertThat(ofKey).containsExactly("CREATED " + key + " v1 old=null",
          "UPDATED " + key + " v2 old=v1", "UPDATED " + key + " v3 old=v2",
          "REMOVED " + key + " v3 old=v3");
    }
  }

  @Test
  void deregistrationStopsEventsOnEveryMember() {
    Cache<String, String> onFirst = first.createCache("deregister", stringConfiguration());
    MutableCacheEntryListenerConfiguration<String, String> configuration = listener(true, false);
    onFirst.registerCacheEntryListener(configuration);
    Cache<String, String> onSecond = second.getCache("deregister");
    onSecond.put("before", "value");
    assertThat(RecordingListener.EVENTS).hasSize(1);

    onFirst.deregisterCacheEntryListener(configuration);
    for (int i = 0; i < 20; i++) {
      onSecond.put("after-" + i, "value");
    }

    assertThat(RecordingListener.EVENTS).hasSize(1);
    ClusterNode secondNode = TestCluster.node(second);
    assertThat(secondNode.remoteListeners(new io.piglix.member.CacheId(
        TestCluster.MANAGER_URI.toString(), "deregister"))).isEmpty();
  }

  @Test
  void entryProcessorRunsOnOwner() {
    Cache<String, Long> counters = first.createCache("counters",
        new MutableConfiguration<String, Long>());
    Map<String, String> owners = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      String key = "counter-" + i;
      String ranOn = counters.invoke(key, new IncrementAndReportThread());
      owners.put(key, ranOn);
    }

    for (int i = 0; i < 30; i++) {
      String key = "counter-" + i;
      Address owner = ownerOf(key);
      PiglixCacheManager ownerManager = managerAt(owner);
      if (ownerManager == first) {
        assertThat(owners.get(key)).as("thread of local %s", key).doesNotContain("-operations");
      } else {
        assertThat(owners.get(key)).as("thread of %s", key)
            .startsWith(ownerManager.member().name() + "-operations");
      }
      assertThat(counters.get(key)).isEqualTo(1L);
    }
    Map<String, javax.cache.processor.EntryProcessorResult<String>> results =
        counters.invokeAll(Set.copyOf(keys("counter-", 30)), new IncrementAndReportThread());
    assertThat(results).hasSize(30);
    for (int i = 0; i < 30; i++) {
      assertThat(counters.get("counter-" + i)).isEqualTo(2L);
    }
  }

  @Test
  void loaderAndWriterRunOncePerOperationOnOwner() {
    MutableConfiguration<String, String> configuration = stringConfiguration()
        .setReadThrough(true).setWriteThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(CountingLoader.class))
        .setCacheWriterFactory(FactoryBuilder.factoryOf(CountingWriter.class));
    Cache<String, String> onFirst = first.createCache("through", configuration);
    Cache<String, String> onSecond = second.getCache("through");

    for (int i = 0; i < 12; i++) {
      assertThat(onSecond.get("missing-" + i)).isEqualTo("loaded-missing-" + i);
    }
    assertThat(CountingLoader.LOADS).hasValue(12);
    for (int i = 0; i < 12; i++) {
      onFirst.put("written-" + i, "value");
      onFirst.remove("written-" + i);
    }
    assertThat(CountingWriter.WRITES).hasValue(12);
    assertThat(CountingWriter.DELETES).hasValue(12);

    CountingLoader.LOADS.set(0);
    CountingLoader.KEYS.set(0);
    Set<String> batch = new HashSet<>(keys("batch-", 30));
    Map<String, String> loaded = onFirst.getAll(batch);
    assertThat(loaded).hasSize(30);
    assertThat(CountingLoader.KEYS).hasValue(30);
    assertThat(CountingLoader.LOADS.get()).as("loadAll calls, one per owner").isEqualTo(
        ownersOf(new ArrayList<>(batch)).size());
    assertThat(CountingWriter.THREADS).anySatisfy(thread ->
        assertThat(thread).contains("-operations"));
  }

  @Test
  void unreadEntriesExpireWithEventsOnOtherMember() {
    MutableConfiguration<String, String> configuration = stringConfiguration()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 200)));
    Cache<String, String> onFirst = first.createCache("expiring", configuration);
    onFirst.registerCacheEntryListener(listener(false, true));
    Cache<String, String> onSecond = second.getCache("expiring");
    for (int i = 0; i < 30; i++) {
      onSecond.put("key-" + i, "value-" + i);
    }

    await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> assertThat(
        RecordingListener.EVENTS.stream().filter(event -> event.startsWith("EXPIRED")))
        .hasSize(30));
    assertThat(RecordingListener.EVENTS).contains("EXPIRED key-7 value-7 old=value-7");
    assertThat(TestCluster.node(third).poolStatus().entries()).isZero();
  }

  private static MutableConfiguration<String, String> stringConfiguration() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private static MutableCacheEntryListenerConfiguration<String, String> listener(
      boolean synchronous, boolean oldValue) {
    return new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(RecordingListener.class), null, oldValue, synchronous);
  }

  private static List<String> keys(int count) {
    return keys("key-", count);
  }

  private static List<String> keys(String prefix, int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(prefix + i);
    }
    return keys;
  }

  private Address ownerOf(String key) {
    ClusterNode node = TestCluster.node(first);
    return node.ownerOf(TestCluster.partitionOf(node, key));
  }

  private Set<Address> ownersOf(List<String> keys) {
    Set<Address> owners = new HashSet<>();
    for (String key : keys) {
      owners.add(ownerOf(key));
    }
    return owners;
  }

  private PiglixCacheManager managerAt(Address address) {
    for (PiglixCacheManager manager : List.of(first, second, third)) {
      if (TestCluster.node(manager).localAddress().equals(address)) {
        return manager;
      }
    }
    throw new IllegalStateException("no member at " + address);
  }

  /** Records every event as "TYPE key value old=oldValue". */
  public static final class RecordingListener implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      CacheEntryExpiredListener<String, String> {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    private static void record(Iterable<CacheEntryEvent<? extends String, ? extends String>>
        events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        EVENTS.add(event.getEventType() + " " + event.getKey() + " " + event.getValue()
            + " old=" + event.getOldValue());
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }
  }

  /** Adds one to a counter and returns the name of the thread it ran on. */
  public static final class IncrementAndReportThread
      implements EntryProcessor<String, Long, String>, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public String process(MutableEntry<String, Long> entry, Object... arguments) {
      Long value = entry.getValue();
      entry.setValue(value == null ? 1L : value + 1);
      return Thread.currentThread().getName();
    }
  }

  /** Loads "loaded-" plus the key, counting calls and keys. */
  public static final class CountingLoader implements CacheLoader<String, String> {

    static final AtomicInteger LOADS = new AtomicInteger();
    static final AtomicInteger KEYS = new AtomicInteger();
    static final List<String> THREADS = new CopyOnWriteArrayList<>();

    @Override
    public String load(String key) {
      LOADS.incrementAndGet();
      KEYS.incrementAndGet();
      THREADS.add(Thread.currentThread().getName());
      return "loaded-" + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      LOADS.incrementAndGet();
      Map<String, String> loaded = new HashMap<>();
      for (String key : keys) {
        KEYS.incrementAndGet();
        loaded.put(key, "loaded-" + key);
      }
      THREADS.add(Thread.currentThread().getName());
      return loaded;
    }
  }

  /** Counts writes and deletes. */
  public static final class CountingWriter implements CacheWriter<String, String> {

    static final AtomicInteger WRITES = new AtomicInteger();
    static final AtomicInteger DELETES = new AtomicInteger();
    static final List<String> THREADS = new CopyOnWriteArrayList<>();

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      WRITES.incrementAndGet();
      THREADS.add(Thread.currentThread().getName());
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends String>>
        entries) {
      for (Cache.Entry<? extends String, ? extends String> entry : new ArrayList<>(entries)) {
        write(entry);
        entries.remove(entry);
      }
    }

    @Override
    public void delete(Object key) {
      DELETES.incrementAndGet();
    }

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      for (Object key : new ArrayList<>(keys)) {
        delete(key);
        keys.remove(key);
      }
    }
  }
}
