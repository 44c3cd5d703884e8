package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.piglix.serialization.ClassAllowList;
import io.piglix.store.EntryTooLargeException;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

class ThrowablesTest {

  @Test
  void entryTooLargeKeepsItsTypeAcrossMembers() {
    EntryTooLargeException thrown = new EntryTooLargeException("value of cache 'orders'",
        5_000_000, 4_194_304, "store smaller values or contribute more memory");

    RuntimeException rebuilt = Throwables.rebuild(Throwables.describe(thrown),
        ClassAllowList.empty());

    assertThat(rebuilt).isInstanceOf(EntryTooLargeException.class);
    assertThat(rebuilt).hasMessage(thrown.getMessage());
  }

  @Test
  void classOutsideAllowListArrivesAsCacheException() {
    RuntimeException rebuilt = Throwables.rebuild(Throwables.describe(
        new ApplicationFailure("changed")), ClassAllowList.empty());

    assertThat(rebuilt).isExactlyInstanceOf(CacheException.class);
    assertThat(rebuilt.getMessage()).contains(ApplicationFailure.class.getName())
        .contains("changed");
  }

  /** An application exception the allow list does not name. */
  static final class ApplicationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ApplicationFailure(String message) {
      super(message);
    }
  }
}
