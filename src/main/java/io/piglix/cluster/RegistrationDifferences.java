package io.piglix.cluster;

import io.piglix.serialization.ClassAllowList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Describes how the serialization registrations of two members differ, for the message that
 * rejects a joiner: each Kryo id whose class differs and each allow-list entry only one side
 * has, named with the member that has it.
 */
final class RegistrationDifferences {

  /** Most differences named in one message; the rest are counted. */
  private static final int MAX_LISTED = 20;

  private RegistrationDifferences() {
  }

  /** Returns the allow-list entries as sorted {@code package NAME} and {@code class NAME}. */
  static List<String> allowListEntries(ClassAllowList allowList) {
    List<String> entries = new ArrayList<>();
    for (String name : new TreeSet<>(allowList.packages())) {
      entries.add("package " + name);
    }
    for (String name : new TreeSet<>(allowList.classNames())) {
      entries.add("class " + name);
    }
    return entries;
  }

  /** Describes the differences between two members' registrations and allow lists. */
  static String describe(Messages.MemberInfo one, Messages.MemberInfo other) {
    List<String> differences = new ArrayList<>();
    TreeSet<Integer> ids = new TreeSet<>(one.registrations().keySet());
    ids.addAll(other.registrations().keySet());
    for (Integer id : ids) {
      String first = one.registrations().get(id);
      String second = other.registrations().get(id);
      if (Objects.equals(first, second)) {
        continue;
      }
      if (first == null) {
        differences.add("id " + id + " is " + second + " only on " + other.name());
      } else if (second == null) {
        differences.add("id " + id + " is " + first + " only on " + one.name());
      } else {
        differences.add("id " + id + " is " + first + " on " + one.name() + " but " + second
            + " on " + other.name());
      }
    }
    addOnlyOn(differences, one, other);
    addOnlyOn(differences, other, one);
    if (differences.isEmpty()) {
      return "the digests " + one.registrationDigest() + " and " + other.registrationDigest()
          + " differ but the tables are equal";
    }
    String listed = String.join("; ", differences.subList(0,
        Math.min(differences.size(), MAX_LISTED)));
    int unlisted = differences.size() - MAX_LISTED;
    return unlisted > 0 ? listed + "; and " + unlisted + " more" : listed;
  }

  private static void addOnlyOn(List<String> differences, Messages.MemberInfo member,
      Messages.MemberInfo lacking) {
    for (String entry : member.allowList()) {
      if (!lacking.allowList().contains(entry)) {
        differences.add("allow-list " + entry + " only on " + member.name());
      }
    }
  }
}
