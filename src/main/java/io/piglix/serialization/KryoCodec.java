package io.piglix.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.UnmodifiableCollectionSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Encodes keys, values and cluster messages with Kryo, one {@link Kryo} instance per thread.
 *
 * <p>Every member builds the same registration table: the built-in JDK classes with ids below
 * 1000, internal classes added by {@link #registerInternal}, and application classes with the
 * ids the configuration gives them. Any other class travels by name and only when the allow
 * list permits it. {@link #registrationDigest()} summarizes the table so members can compare.
 */
public final class KryoCodec {

  /**
   * Limit on the nesting depth of a cluster message. Messages nest a few levels (a request,
   * its operation, a list, a byte array), and failures carry at most five causes.
   */
  public static final int MESSAGE_MAX_DEPTH = 32;

  private static final int INITIAL_BUFFER = 256;
  private static final int RETAINED_BUFFER = 64 * 1024;

  /** The java.lang classes Java serialization meets as values or their superclasses. */
  private static final Set<Class<?>> JAVA_LANG_VALUES = Set.of(String.class, Enum.class,
      Number.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class,
      Long.class, Float.class, Double.class);

  /**
   * The classes that Java serialization writes in place of built-in types through their
   * {@code writeReplace} methods: {@code List.of}, {@code Set.of} and {@code Map.of}
   * collections, and the {@code java.time} types.
   */
  private static final Set<String> JDK_SERIAL_PROXIES = Set.of("java.util.CollSer",
      "java.time.Ser");

  /** Names of the classes Java serialization may load without an allow-list entry. */
  private static final Set<String> JAVA_SERIALIZATION_NAMES = javaSerializationNames();

  private final SerializationConfig config;
  private final ClassLoader classLoader;
  private final Map<Integer, Class<?>> internalRegistrations = new TreeMap<>();
  private final Map<Class<?>, com.esotericsoftware.kryo.Serializer<?>> defaultSerializers =
      new java.util.LinkedHashMap<>();
  private final ThreadLocal<Kryo> kryos;
  private final ThreadLocal<Kryo> messageKryos;
  private final ThreadLocal<Output> outputs;
  private volatile String registrationDigest;
  private boolean used;

  /** Creates a codec that resolves classes through the given class loader. */
  public KryoCodec(SerializationConfig config, ClassLoader classLoader) {
    this.config = config;
    this.classLoader = classLoader;
    this.kryos = ThreadLocal.withInitial(() -> newKryo(false));
    this.messageKryos = ThreadLocal.withInitial(() -> newKryo(true));
    this.outputs = ThreadLocal.withInitial(this::newOutput);
  }

  /**
   * Registers a piglix class with a fixed id below 1000, before the first use of the codec.
   * Cluster messages and their parts are registered this way.
   */
  public synchronized void registerInternal(int id, Class<?> type) {
    if (used) {
      throw new IllegalStateException("cannot register " + type.getName() + " with id " + id
          + " after the codec was first used: register internal classes right after creating"
          + " the codec");
    }
    if (id < 300 || id >= BuiltinRegistrations.FIRST_APPLICATION_ID) {
      throw new IllegalArgumentException("internal registration ids are 300 to 999: " + id);
    }
    Class<?> previous = internalRegistrations.putIfAbsent(id, type);
    if (previous != null && previous != type) {
      throw new IllegalStateException("id " + id + " is registered to " + previous.getName()
          + ", cannot register " + type.getName());
    }
    registrationDigest = null;
  }

  /**
   * Sets the serializer of a type and its subtypes, before the first use of the codec. Used
   * for piglix's internal types.
   */
  public synchronized void addSerializer(Class<?> type,
      com.esotericsoftware.kryo.Serializer<?> serializer) {
    if (used) {
      throw new IllegalStateException("cannot add a serializer for " + type.getName()
          + " after the codec was first used");
    }
    defaultSerializers.put(type, serializer);
  }

  /** The settings this codec applies. */
  public SerializationConfig config() {
    return config;
  }

  /**
   * Serializes an object into a new array.
   *
   * @throws SerializationException naming the class when the object cannot be serialized or is
   *     larger than the configured maximum
   */
  public byte[] serialize(Object object) {
    return serialize(object, kryos.get());
  }

  /**
   * Serializes a cluster message, which may contain registered classes only: class names
   * never appear in the bytes.
   *
   * @throws SerializationException naming the class when the message contains a class that is
   *     not registered, or is larger than the configured maximum object size
   */
  public byte[] serializeMessage(Object message) {
    return serialize(message, messageKryos.get());
  }

  private byte[] serialize(Object object, Kryo kryo) {
    Output output = outputs.get();
    output.reset();
    try {
      kryo.writeClassAndObject(output, object);
      return output.toBytes();
    } catch (RuntimeException | StackOverflowError e) {
      if (findCause(e, KryoBufferOverflowException.class) != null) {
        throw new SerializationException("value of " + object.getClass().getName()
            + " serializes to more than the limit of " + config.maxObjectSize() + " bytes;"
            + " raise max-object-size in the <serialization> configuration or store a smaller"
            + " value", e);
      }
      SerializationException notAllowed = findCause(e, SerializationException.class);
      if (notAllowed != null) {
        throw notAllowed;
      }
      throw new SerializationException("cannot serialize " + object.getClass().getName() + ": "
          + describe(e), e);
    } finally {
      kryo.reset();
      if (output.getBuffer().length > RETAINED_BUFFER) {
        outputs.remove();
      }
    }
  }

  /** Deserializes a whole array. */
  public Object deserialize(byte[] bytes) {
    return deserialize(bytes, 0, bytes.length);
  }

  /**
   * Deserializes {@code length} bytes from {@code offset}.
   *
   * @throws SerializationException when the bytes are malformed or name a class outside the
   *     allow list
   */
  public Object deserialize(byte[] bytes, int offset, int length) {
    return deserialize(bytes, offset, length, kryos.get());
  }

  /**
   * Deserializes a cluster message written by {@link #serializeMessage}: only registered
   * classes, identified by their fixed ids, nested at most {@link #MESSAGE_MAX_DEPTH} deep. A
   * class name in the bytes is rejected before any class is loaded.
   *
   * @throws SerializationException when the bytes are malformed, too deeply nested, or name a
   *     class by name or by an unregistered id
   */
  public Object deserializeMessage(byte[] bytes, int offset, int length) {
    return deserialize(bytes, offset, length, messageKryos.get());
  }

  private Object deserialize(byte[] bytes, int offset, int length, Kryo kryo) {
    try {
      Input input = new Input(bytes, offset, length);
      // Bounds the element count of a collection or map: Kryo writes a collection of nulls as
      // its count alone, so without a bound a few bytes could declare billions of elements.
      input.setMaxArraySize(config.maxObjectSize());
      return kryo.readClassAndObject(input);
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      SerializationException notAllowed = findCause(e, SerializationException.class);
      if (notAllowed != null) {
        throw notAllowed;
      }
      throw new SerializationException("cannot deserialize " + length + " bytes: "
          + describe(e), e);
    } finally {
      kryo.reset();
    }
  }

  /**
   * Returns a SHA-256 hex digest over the registration table and the allow list, equal on two
   * members exactly when they encode and accept the same classes the same way.
   */
  public String registrationDigest() {
    String digest = registrationDigest;
    if (digest == null) {
      digest = computeDigest();
      registrationDigest = digest;
    }
    return digest;
  }

  /** Returns the registration table as id to class name, for comparing two members. */
  public Map<Integer, String> registrationTable() {
    Map<Integer, String> table = new TreeMap<>();
    for (Map.Entry<Integer, Class<?>> entry : BuiltinRegistrations.classesById().entrySet()) {
      table.put(entry.getKey(), entry.getValue().getName());
    }
    synchronized (this) {
      for (Map.Entry<Integer, Class<?>> entry : internalRegistrations.entrySet()) {
        table.put(entry.getKey(), entry.getValue().getName());
      }
    }
    for (Map.Entry<String, Integer> entry : config.registrations().entrySet()) {
      table.put(entry.getValue(), entry.getKey());
    }
    return table;
  }

  private String computeDigest() {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<Integer, String> entry : registrationTable().entrySet()) {
      text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
    }
    for (String name : new java.util.TreeSet<>(config.allowList().packages())) {
      text.append("package=").append(name).append('\n');
    }
    for (String name : new java.util.TreeSet<>(config.allowList().classNames())) {
      text.append("class=").append(name).append('\n');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private Output newOutput() {
    return new Output(INITIAL_BUFFER, config.maxObjectSize());
  }

  /**
   * Creates a Kryo instance with the registration table. With {@code registeredOnly}, it
   * encodes and decodes registered classes only and nests at most {@link #MESSAGE_MAX_DEPTH}
   * deep, for cluster messages; otherwise allowed classes may also travel by name.
   */
  private Kryo newKryo(boolean registeredOnly) {
    AllowListClassResolver resolver = new AllowListClassResolver(config.allowList(),
        classLoader, !registeredOnly);
    // Every serializer Kryo picks passes through here, so the object array check also covers
    // arrays of application classes.
    Kryo kryo = new Kryo(resolver, null) {
      @Override
      @SuppressWarnings("rawtypes")
      public com.esotericsoftware.kryo.Serializer getDefaultSerializer(Class type) {
        return CheckedObjectArraySerializer.wrapIfObjectArray(super.getDefaultSerializer(type));
      }
    };
    kryo.setClassLoader(classLoader);
    kryo.setRegistrationRequired(registeredOnly);
    kryo.setWarnUnregisteredClasses(false);
    kryo.setReferences(true);
    kryo.setMaxDepth(registeredOnly ? MESSAGE_MAX_DEPTH : config.maxDepth());
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));

    kryo.setDefaultSerializer(new PiglixSerializerFactory(new JavaSerializationSerializer(
        javaSerializationFilter(), this::isJavaSerializationAllowed, classLoader,
        config.maxObjectSize())));
    UnmodifiableCollectionSerializers.addDefaultSerializers(kryo);
    kryo.addDefaultSerializer(java.util.UUID.class, new UuidSerializer());
    kryo.addDefaultSerializer(java.net.URI.class, new UriSerializer());
    kryo.addDefaultSerializer(java.net.InetAddress.class, new InetAddressSerializer());
    kryo.addDefaultSerializer(Class.class, new ClassReferenceSerializer(config.allowList(),
        classLoader));

    for (Map.Entry<Integer, Class<?>> entry : BuiltinRegistrations.classesById().entrySet()) {
      kryo.register(entry.getValue(), entry.getKey());
    }
    synchronized (this) {
      used = true;
      for (Map.Entry<Class<?>, com.esotericsoftware.kryo.Serializer<?>> entry
          : defaultSerializers.entrySet()) {
        kryo.addDefaultSerializer(entry.getKey(), entry.getValue());
      }
      for (Map.Entry<Integer, Class<?>> entry : internalRegistrations.entrySet()) {
        kryo.register(entry.getValue(), entry.getKey());
      }
    }
    for (Map.Entry<String, Integer> entry : config.registrations().entrySet()) {
      kryo.register(loadRegisteredClass(entry.getKey()), entry.getValue());
    }
    return kryo;
  }

  private Class<?> loadRegisteredClass(String name) {
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SerializationException("class " + name + " registered in the <serialization>"
          + " configuration was not found by the cache manager's class loader: fix the class"
          + " name or add it to the classpath", e);
    }
  }

  private ObjectInputFilter javaSerializationFilter() {
    ClassAllowList allowList = config.allowList();
    int maxDepth = config.maxDepth();
    long maxBytes = config.maxObjectSize();
    return info -> {
      if (info.depth() > maxDepth || info.streamBytes() > maxBytes
          || info.arrayLength() > maxBytes) {
        return ObjectInputFilter.Status.REJECTED;
      }
      Class<?> type = info.serialClass();
      if (type == null) {
        return ObjectInputFilter.Status.UNDECIDED;
      }
      if (JAVA_SERIALIZATION_NAMES.contains(type.getName())) {
        return ObjectInputFilter.Status.ALLOWED;
      }
      while (type.isArray()) {
        type = type.getComponentType();
      }
      if (type.isPrimitive() || JAVA_SERIALIZATION_NAMES.contains(type.getName())
          || allowList.allows(type.getName())) {
        return ObjectInputFilter.Status.ALLOWED;
      }
      return ObjectInputFilter.Status.REJECTED;
    };
  }

  /**
   * Returns whether Java serialization may load the class of a binary name, such as
   * {@code [Ljava.lang.Long;}: the same classes the filter allows, decided before loading.
   */
  private boolean isJavaSerializationAllowed(String className) {
    if (JAVA_SERIALIZATION_NAMES.contains(className)) {
      return true;
    }
    String element = className;
    if (className.startsWith("[")) {
      int start = className.lastIndexOf('[') + 1;
      if (start == className.length() - 1) {
        return true;
      }
      if (className.charAt(start) != 'L' || !className.endsWith(";")) {
        return false;
      }
      element = className.substring(start + 1, className.length() - 1);
    }
    return JAVA_SERIALIZATION_NAMES.contains(element) || config.allowList().allows(element);
  }

  /** Returns the first throwable of a type in the cause chain of an error, or null. */
  private static <T extends Throwable> T findCause(Throwable error, Class<T> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  private static Set<String> javaSerializationNames() {
    Set<String> names = new java.util.HashSet<>();
    for (Class<?> type : BuiltinRegistrations.classesById().values()) {
      names.add(type.getName());
    }
    for (Class<?> type : JAVA_LANG_VALUES) {
      names.add(type.getName());
    }
    names.addAll(JDK_SERIAL_PROXIES);
    return Set.copyOf(names);
  }

  private String describe(Throwable error) {
    if (findCause(error, StackOverflowError.class) != null) {
      return "object graph nested too deeply for the thread stack; lower max-depth (now "
          + config.maxDepth() + ") in the <serialization> configuration or flatten the value";
    }
    String message = error.getMessage();
    if (message == null) {
      return error.getClass().getName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Chooses Java serialization for classes that customize it and Kryo's field serializer for
   * all others.
   */
  private static final class PiglixSerializerFactory
      extends SerializerFactory.BaseSerializerFactory<com.esotericsoftware.kryo.Serializer<?>> {

    private final JavaSerializationSerializer javaSerialization;
    private final SerializerFactory.FieldSerializerFactory fields =
        new SerializerFactory.FieldSerializerFactory();

    PiglixSerializerFactory(JavaSerializationSerializer javaSerialization) {
      this.javaSerialization = javaSerialization;
    }

    @Override
    public com.esotericsoftware.kryo.Serializer<?> newSerializer(Kryo kryo, Class type) {
      if (Serializable.class.isAssignableFrom(type) && customizesJavaSerialization(type)) {
        return javaSerialization;
      }
      return fields.newSerializer(kryo, type);
    }

    private static boolean customizesJavaSerialization(Class<?> type) {
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        if (c.getName().startsWith("java.")) {
          return false;
        }
        if (declares(c, "writeObject", java.io.ObjectOutputStream.class)
            || declares(c, "readObject", java.io.ObjectInputStream.class)
            || declares(c, "writeReplace") || declares(c, "readResolve")) {
          return true;
        }
      }
      return false;
    }

    private static boolean declares(Class<?> type, String name, Class<?>... parameters) {
      try {
        Method method = type.getDeclaredMethod(name, parameters);
        return !Modifier.isStatic(method.getModifiers());
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
  }

  /** Returns the registration Kryo uses for a class on this thread; for tests. */
  Registration registrationOf(Class<?> type) {
    return kryos.get().getRegistration(type);
  }
}
