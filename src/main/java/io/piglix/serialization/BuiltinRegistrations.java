package io.piglix.serialization;

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

/**
 * The JDK classes every member registers with the same fixed Kryo ids.
 *
 * <p>The list is append-only: an id, once shipped, keeps its class forever, because members of
 * different versions decode each other's bytes by these ids. Kryo itself reserves ids 0 to 9 for
 * the primitive types, their wrappers and {@code String}. Application classes registered in the
 * configuration use ids from {@link #FIRST_APPLICATION_ID} on.
 */
final class BuiltinRegistrations {

  /** The lowest id an application class may be registered with. */
  static final int FIRST_APPLICATION_ID = 1000;

  private BuiltinRegistrations() {
  }

  /** Returns the built-in classes in id order, as (id, class) pairs. */
  static Map<Integer, Class<?>> classesById() {
    Map<Integer, Class<?>> byId = new LinkedHashMap<>();
    byId.put(10, byte[].class);
    byId.put(11, char[].class);
    byId.put(12, short[].class);
    byId.put(13, int[].class);
    byId.put(14, long[].class);
    byId.put(15, float[].class);
    byId.put(16, double[].class);
    byId.put(17, boolean[].class);
    byId.put(18, String[].class);
    byId.put(19, Object[].class);
    byId.put(20, BigInteger.class);
    byId.put(21, BigDecimal.class);
    byId.put(22, Date.class);
    byId.put(23, UUID.class);
    byId.put(24, URI.class);
    byId.put(25, Locale.class);
    byId.put(26, Currency.class);
    byId.put(27, StringBuilder.class);
    byId.put(28, StringBuffer.class);

    byId.put(30, ArrayList.class);
    byId.put(31, LinkedList.class);
    byId.put(32, HashMap.class);
    byId.put(33, LinkedHashMap.class);
    byId.put(34, TreeMap.class);
    byId.put(35, ConcurrentHashMap.class);
    byId.put(36, HashSet.class);
    byId.put(37, LinkedHashSet.class);
    byId.put(38, TreeSet.class);
    byId.put(39, ArrayDeque.class);
    byId.put(40, BitSet.class);
    byId.put(41, PriorityQueue.class);

    byId.put(50, Collections.emptyList().getClass());
    byId.put(51, Collections.emptyMap().getClass());
    byId.put(52, Collections.emptySet().getClass());
    byId.put(53, Collections.singletonList(0).getClass());
    byId.put(54, Collections.singleton(0).getClass());
    byId.put(55, Collections.singletonMap(0, 0).getClass());
    byId.put(56, Arrays.asList(0).getClass());
    byId.put(57, Collections.unmodifiableCollection(new ArrayList<>()).getClass());
    byId.put(58, Collections.unmodifiableList(new ArrayList<>()).getClass());
    byId.put(59, Collections.unmodifiableList(new LinkedList<>()).getClass());
    byId.put(60, Collections.unmodifiableSet(new HashSet<>()).getClass());
    byId.put(61, Collections.unmodifiableSortedSet(new TreeSet<>()).getClass());
    byId.put(62, Collections.unmodifiableMap(new HashMap<>()).getClass());
    byId.put(63, Collections.unmodifiableSortedMap(new TreeMap<>()).getClass());
    byId.put(64, List.of().getClass());
    byId.put(65, List.of(0).getClass());
    byId.put(66, Set.of().getClass());
    byId.put(67, Set.of(0).getClass());
    byId.put(68, Map.of().getClass());
    byId.put(69, Map.of(0, 0).getClass());

    byId.put(80, Instant.class);
    byId.put(81, Duration.class);
    byId.put(82, LocalDate.class);
    byId.put(83, LocalTime.class);
    byId.put(84, LocalDateTime.class);
    byId.put(85, ZonedDateTime.class);
    byId.put(86, OffsetDateTime.class);
    byId.put(87, OffsetTime.class);
    byId.put(88, ZoneOffset.class);
    byId.put(89, ZoneId.of("Europe/Paris").getClass());
    byId.put(90, Period.class);
    byId.put(91, Year.class);
    byId.put(92, YearMonth.class);
    byId.put(93, MonthDay.class);
    byId.put(94, DayOfWeek.class);
    byId.put(95, Month.class);
    byId.put(96, ChronoUnit.class);
    byId.put(97, TimeUnit.class);

    byId.put(100, Optional.class);
    byId.put(101, OptionalInt.class);
    byId.put(102, OptionalLong.class);
    byId.put(103, OptionalDouble.class);
    byId.put(104, java.net.Inet4Address.class);
    byId.put(105, java.net.Inet6Address.class);
    byId.put(106, Class.class);
    return byId;
  }
}
