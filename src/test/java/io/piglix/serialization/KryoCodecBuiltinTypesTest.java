package io.piglix.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips one instance of every class in {@link BuiltinRegistrations}. */
class KryoCodecBuiltinTypesTest {

  private final KryoCodec codec = new KryoCodec(SerializationConfig.defaults(),
      KryoCodecBuiltinTypesTest.class.getClassLoader());

  /** Returns one sample per built-in registration, keyed by its id. */
  static Map<Integer, Object> samples() {
    Map<Integer, Object> samples = new LinkedHashMap<>();
    samples.put(10, new byte[] {1, -2, 3});
    samples.put(11, new char[] {'p', 'i', 'g'});
    samples.put(12, new short[] {-7, 300});
    samples.put(13, new int[] {Integer.MIN_VALUE, 0, 42});
    samples.put(14, new long[] {Long.MAX_VALUE, -1L});
    samples.put(15, new float[] {1.5f, Float.NaN});
    samples.put(16, new double[] {-0.25, Double.MAX_VALUE});
    samples.put(17, new boolean[] {true, false});
    samples.put(18, new String[] {"a", null, "ü"});
    samples.put(19, new Object[] {"x", 1, null, List.of(2)});
    samples.put(20, new BigInteger("123456789012345678901234567890"));
    samples.put(21, new BigDecimal("-12345.678900"));
    samples.put(22, new Date(1_700_000_000_123L));
    samples.put(23, UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    samples.put(24, URI.create("https://example.com/a%20b?q=1#frag"));
    samples.put(25, Locale.forLanguageTag("de-CH"));
    samples.put(26, Currency.getInstance("CHF"));
    samples.put(27, new StringBuilder("builder"));
    samples.put(28, new StringBuffer("buffer"));

    samples.put(30, new ArrayList<>(List.of(1, 2, 3)));
    samples.put(31, new LinkedList<>(List.of("a", "b")));
    samples.put(32, new HashMap<>(Map.of("k", 1)));
    samples.put(33, new LinkedHashMap<>(Map.of("k", 2)));
    samples.put(34, new TreeMap<>(Map.of("b", 1, "a", 2)));
    samples.put(35, new ConcurrentHashMap<>(Map.of("c", 3)));
    samples.put(36, new HashSet<>(Set.of(1, 2)));
    samples.put(37, new LinkedHashSet<>(List.of(3, 1, 2)));
    samples.put(38, new TreeSet<>(Set.of("z", "y")));
    samples.put(39, new ArrayDeque<>(List.of(5, 6)));
    BitSet bits = new BitSet();
    bits.set(3);
    bits.set(130);
    samples.put(40, bits);
    samples.put(41, new PriorityQueue<>(List.of(9, 1, 5)));

    samples.put(50, Collections.emptyList());
    samples.put(51, Collections.emptyMap());
    samples.put(52, Collections.emptySet());
    samples.put(53, Collections.singletonList("one"));
    samples.put(54, Collections.singleton("one"));
    samples.put(55, Collections.singletonMap("k", "v"));
    samples.put(56, Arrays.asList("a", "b"));
    samples.put(57, Collections.unmodifiableCollection(new ArrayList<>(List.of(1, 2))));
    samples.put(58, Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))));
    samples.put(59, Collections.unmodifiableList(new LinkedList<>(List.of(1, 2))));
    samples.put(60, Collections.unmodifiableSet(new HashSet<>(Set.of(1, 2))));
    samples.put(61, Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(1, 2))));
    samples.put(62, Collections.unmodifiableMap(new HashMap<>(Map.of("k", 1))));
    samples.put(63, Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("k", 1))));
    samples.put(64, List.of());
    samples.put(65, List.of(7));
    samples.put(66, Set.of());
    samples.put(67, Set.of(7));
    samples.put(68, Map.of());
    samples.put(69, Map.of("k", 7));

    samples.put(80, Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
    samples.put(81, Duration.ofSeconds(90, 5));
    samples.put(82, LocalDate.of(2024, 2, 29));
    samples.put(83, LocalTime.of(23, 59, 58, 1));
    samples.put(84, LocalDateTime.of(2024, 2, 29, 12, 0));
    samples.put(85, ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")));
    samples.put(86, OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-5)));
    samples.put(87, OffsetTime.of(10, 15, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
    samples.put(88, ZoneOffset.ofHours(9));
    samples.put(89, ZoneId.of("Europe/Paris"));
    samples.put(90, Period.of(1, 2, 3));
    samples.put(91, Year.of(1999));
    samples.put(92, YearMonth.of(2024, 2));
    samples.put(93, MonthDay.of(2, 29));
    samples.put(94, DayOfWeek.SUNDAY);
    samples.put(95, Month.DECEMBER);
    samples.put(96, ChronoUnit.MILLENNIA);
    samples.put(97, TimeUnit.MICROSECONDS);

    samples.put(100, Optional.of("present"));
    samples.put(101, OptionalInt.of(-3));
    samples.put(102, OptionalLong.of(Long.MIN_VALUE));
    samples.put(103, OptionalDouble.of(2.5));
    try {
      samples.put(104, java.net.InetAddress.getByAddress("member-1",
          new byte[] {127, 0, 0, 1}));
      samples.put(105, java.net.InetAddress.getByAddress(new byte[] {
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    samples.put(106, String.class);
    return samples;
  }

  static Stream<Arguments> registrations() {
    Map<Integer, Object> samples = samples();
    return BuiltinRegistrations.classesById().entrySet().stream()
        .map(entry -> Arguments.of(entry.getKey(), entry.getValue().getName(),
            samples.get(entry.getKey())));
  }

  @Test
  void samples_coverEveryRegistration() {
    Map<Integer, Object> samples = samples();
    for (Map.Entry<Integer, Class<?>> entry : BuiltinRegistrations.classesById().entrySet()) {
      assertThat(samples.get(entry.getKey()))
          .as("sample for id %d", entry.getKey())
          .isInstanceOf(entry.getValue());
    }
  }

  @ParameterizedTest(name = "id {0}: {1}")
  @MethodSource("registrations")
  void builtin_roundTrip_equalValueSameClass(int id, String className, Object sample) {
    Object copy = codec.deserialize(codec.serialize(sample));

    assertThat(copy.getClass()).isEqualTo(sample.getClass());
    assertThat(comparable(copy)).isEqualTo(comparable(sample));
  }

  @ParameterizedTest(name = "id {0}: {1}")
  @MethodSource("registrations")
  void builtin_written_withItsFixedId(int id, String className, Object sample) {
    assertThat(codec.registrationOf(sample.getClass()).getId()).isEqualTo(id);
  }

  @Test
  void unmodifiableList_copy_staysUnmodifiable() {
    @SuppressWarnings("unchecked")
    List<Integer> copy = (List<Integer>) codec.deserialize(
        codec.serialize(Collections.unmodifiableList(new ArrayList<>(List.of(1)))));

    assertThat(copy).containsExactly(1);
    assertThat(copy).isUnmodifiable();
  }

  @Test
  void immutableListOf_copy_staysImmutable() {
    @SuppressWarnings("unchecked")
    List<Integer> copy = (List<Integer>) codec.deserialize(codec.serialize(List.of(1, 2, 3)));

    assertThat(copy).containsExactly(1, 2, 3);
    assertThat(copy).isUnmodifiable();
  }

  /** Returns a form of a value that has a value-based equals. */
  private static Object comparable(Object value) {
    if (value instanceof StringBuilder || value instanceof StringBuffer) {
      return value.toString();
    }
    if (value instanceof PriorityQueue<?> queue) {
      List<Object> sorted = new ArrayList<>(queue);
      sorted.sort(null);
      return sorted;
    }
    if (value instanceof ArrayDeque<?> deque) {
      return new ArrayList<>(deque);
    }
    if (value instanceof Collection<?> collection && !(value instanceof List<?>)
        && !(value instanceof Set<?>)) {
      return new ArrayList<>(collection);
    }
    return value;
  }
}
