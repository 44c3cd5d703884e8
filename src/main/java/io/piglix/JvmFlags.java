package io.piglix;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.cache.CacheException;

/**
 * Checks the JVM flags Chronicle Map needs on Java 17 and later, so a missing flag fails with a
 * message that lists the fix instead of an error deep inside Chronicle Map.
 */
public final class JvmFlags {

  /** Every flag piglix members should run with, space-separated. */
  public static final String ALL_FLAGS = String.join(" ",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");

  private JvmFlags() {
  }

  /**
   * Returns the required flags this JVM lacks, empty when all are present.
   */
  public static List<String> missingFlags() {
    List<String> missing = new ArrayList<>();
    Module self = JvmFlags.class.getModule();
    Module base = Object.class.getModule();
    if (!base.isOpen("java.lang", self)) {
      missing.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    }
    if (!base.isOpen("java.lang.reflect", self)) {
      missing.add("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
    }
    Optional<Module> compiler = ModuleLayer.boot().findModule("jdk.compiler");
    if (compiler.isPresent() && !compiler.get().isExported("com.sun.tools.javac.file", self)) {
      missing.add("--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");
    }
    if (!base.isExported("sun.nio.ch", self)) {
      missing.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
    }
    if (!base.isExported("jdk.internal.ref", self)) {
      missing.add("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
    }
    return missing;
  }

  /**
   * Fails when a flag Chronicle Map needs is missing or the JDK compiler module is absent.
   *
   * @throws CacheException listing the flags to add
   */
  public static void requireChronicleFlags() {
    if (ModuleLayer.boot().findModule("jdk.compiler").isEmpty()) {
      throw new CacheException("piglix needs the jdk.compiler module, which Chronicle Map uses"
          + " at run time: run on a full JDK, not a JRE or a jlink image without jdk.compiler");
    }
    List<String> missing = missingFlags();
    if (!missing.isEmpty()) {
      throw new CacheException("piglix stores entries off-heap with Chronicle Map, which"
          + " needs these JVM flags on Java 17 and later; missing: " + String.join(" ", missing)
          + ". Start the JVM with: " + ALL_FLAGS);
    }
  }
}
