package io.piglix.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
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

  private static final int INITIAL_BUFFER = 256;
  private static final int RETAINED_BUFFER = 64 * 1024;

  private final SerializationConfig config;
  private final ClassLoader classLoader;
  private final Map<Integer, Class<?>> internalRegistrations = new TreeMap<>();
  private final Map<Class<?>, com.esotericsoftware.kryo.Serializer<?>> defaultSerializers =
      new java.util.LinkedHashMap<>();
  private final ThreadLocal<Kryo> kryos;
  private final ThreadLocal<Output> outputs;
  private volatile String registrationDigest;

  /** Creates a codec that resolves classes through the given class loader. */
  public KryoCodec(SerializationConfig config, ClassLoader classLoader) {
    this.config = config;
    this.classLoader = classLoader;
    this.kryos = ThreadLocal.withInitial(this::newKryo);
    this.outputs = ThreadLocal.withInitial(this::newOutput);
  }

  /**
   * Registers a piglix class with a fixed id below 1000, before the first use of the codec.
   * Cluster messages and their parts are registered this way.
   */
  public synchronized void registerInternal(int id, Class<?> type) {
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
    Output output = outputs.get();
    Kryo kryo = kryos.get();
    output.reset();
    try {
      kryo.writeClassAndObject(output, object);
      return output.toBytes();
    } catch (KryoBufferOverflowException e) {
      throw new SerializationException("value of " + object.getClass().getName()
          + " serializes to more than the limit of " + config.maxObjectSize() + " bytes;"
          + " raise max-object-size in the <serialization> configuration or store a smaller"
          + " value", e);
    } catch (SerializationException e) {
      throw e;
    } catch (KryoException | IllegalArgumentException | UnsupportedOperationException
        | IllegalStateException | ClassCastException | StackOverflowError e) {
      throw new SerializationException("cannot serialize " + object.getClass().getName() + ": "
          + describe(e), e);
    } catch (RuntimeException e) {
      SerializationException notAllowed = findNotAllowed(e);
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
    Kryo kryo = kryos.get();
    try {
      Input input = new Input(bytes, offset, length);
      return kryo.readClassAndObject(input);
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      SerializationException notAllowed = findNotAllowed(e);
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

  private Kryo newKryo() {
    Kryo kryo = new Kryo(new AllowListClassResolver(config.allowList(), classLoader), null);
    kryo.setClassLoader(classLoader);
    kryo.setRegistrationRequired(false);
    kryo.setWarnUnregisteredClasses(false);
    kryo.setReferences(true);
    kryo.setMaxDepth(config.maxDepth());
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    kryo.setDefaultSerializer(new PiglixSerializerFactory(javaSerializationFilter(),
        classLoader));
    UnmodifiableCollectionSerializers.addDefaultSerializers(kryo);
    kryo.addDefaultSerializer(java.util.UUID.class, new UuidSerializer());
    kryo.addDefaultSerializer(java.net.URI.class, new UriSerializer());
    for (Map.Entry<Integer, Class<?>> entry : BuiltinRegistrations.classesById().entrySet()) {
      kryo.register(entry.getValue(), entry.getKey());
    }
    synchronized (this) {
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
    Set<Class<?>> builtins = Set.copyOf(BuiltinRegistrations.classesById().values());
    ClassAllowList allowList = config.allowList();
    int maxDepth = config.maxDepth();
    long maxBytes = config.maxObjectSize();
    return info -> {
      if (info.depth() > maxDepth || info.streamBytes() > maxBytes) {
        return ObjectInputFilter.Status.REJECTED;
      }
      Class<?> type = info.serialClass();
      if (type == null) {
        return ObjectInputFilter.Status.UNDECIDED;
      }
      while (type.isArray()) {
        type = type.getComponentType();
      }
      if (type.isPrimitive() || builtins.contains(type) || isJavaLangValue(type)
          || allowList.allows(type.getName())) {
        return ObjectInputFilter.Status.ALLOWED;
      }
      return ObjectInputFilter.Status.REJECTED;
    };
  }

  private static boolean isJavaLangValue(Class<?> type) {
    return type == String.class || type == Enum.class || type == Number.class
        || type == Boolean.class || type == Character.class || type == Byte.class
        || type == Short.class || type == Integer.class || type == Long.class
        || type == Float.class || type == Double.class;
  }

  private static SerializationException findNotAllowed(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SerializationException) {
        return (SerializationException) cause;
      }
    }
    return null;
  }

  private static String describe(Throwable error) {
    if (error instanceof StackOverflowError) {
      return "object graph nested too deeply";
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

    private final ObjectInputFilter filter;
    private final ClassLoader classLoader;
    private final SerializerFactory.FieldSerializerFactory fields =
        new SerializerFactory.FieldSerializerFactory();

    PiglixSerializerFactory(ObjectInputFilter filter, ClassLoader classLoader) {
      this.filter = filter;
      this.classLoader = classLoader;
    }

    @Override
    public com.esotericsoftware.kryo.Serializer<?> newSerializer(Kryo kryo, Class type) {
      if (Serializable.class.isAssignableFrom(type) && customizesJavaSerialization(type)) {
        return new JavaSerializationSerializer(filter, classLoader);
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
