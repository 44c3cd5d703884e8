package io.piglix.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import io.piglix.store.Record;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;

/** Checks how each JSR-107 expiry policy turns into absolute expiry times. */
class ExpiryCalculatorTest {

  private static final long NOW = 1_750_000_000_000L;
  private static final Duration TEN_SECONDS = new Duration(TimeUnit.SECONDS, 10);
  private static final long IN_TEN_SECONDS = NOW + 10_000L;

  @Test
  void created_setsCreationOnly() {
    ExpiryCalculator calculator = new ExpiryCalculator(new CreatedExpiryPolicy(TEN_SECONDS));

    assertThat(calculator.forCreation(NOW)).isEqualTo(IN_TEN_SECONDS);
    assertThat(calculator.forAccess(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
    assertThat(calculator.forUpdate(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
  }

  @Test
  void accessed_setsCreationAndAccess() {
    ExpiryCalculator calculator = new ExpiryCalculator(new AccessedExpiryPolicy(TEN_SECONDS));

    assertThat(calculator.forCreation(NOW)).isEqualTo(IN_TEN_SECONDS);
    assertThat(calculator.forAccess(NOW)).isEqualTo(IN_TEN_SECONDS);
    assertThat(calculator.forUpdate(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
  }

  @Test
  void modified_setsCreationAndUpdate() {
    ExpiryCalculator calculator = new ExpiryCalculator(new ModifiedExpiryPolicy(TEN_SECONDS));

    assertThat(calculator.forCreation(NOW)).isEqualTo(IN_TEN_SECONDS);
    assertThat(calculator.forAccess(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
    assertThat(calculator.forUpdate(NOW)).isEqualTo(IN_TEN_SECONDS);
  }

  @Test
  void touched_setsAllThree() {
    ExpiryCalculator calculator = new ExpiryCalculator(new TouchedExpiryPolicy(TEN_SECONDS));

    assertThat(calculator.forCreation(NOW)).isEqualTo(IN_TEN_SECONDS);
    assertThat(calculator.forAccess(NOW)).isEqualTo(IN_TEN_SECONDS);
    assertThat(calculator.forUpdate(NOW)).isEqualTo(IN_TEN_SECONDS);
  }

  @Test
  void eternal_neverExpires() {
    ExpiryCalculator calculator = new ExpiryCalculator(new EternalExpiryPolicy());

    assertThat(calculator.forCreation(NOW)).isEqualTo(Record.ETERNAL);
    assertThat(calculator.forAccess(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
    assertThat(calculator.forUpdate(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
  }

  @Test
  void nullDurations_meanUnchanged() {
    ExpiryCalculator calculator = new ExpiryCalculator(policy(null, null, null));

    assertThat(calculator.forCreation(NOW)).isEqualTo(Record.ETERNAL);
    assertThat(calculator.forAccess(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
    assertThat(calculator.forUpdate(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
  }

  @Test
  void zeroDuration_expiresAtOnce() {
    ExpiryCalculator calculator =
        new ExpiryCalculator(policy(Duration.ZERO, Duration.ZERO, Duration.ZERO));

    assertThat(calculator.forCreation(NOW)).isEqualTo(NOW);
    assertThat(calculator.forAccess(NOW)).isEqualTo(NOW);
    assertThat(calculator.forUpdate(NOW)).isEqualTo(NOW);
    assertThat(Record.isExpiredAt(Record.create(0, 1, NOW, NOW, new byte[0]), NOW)).isTrue();
  }

  @Test
  void eternalDuration_neverExpires() {
    ExpiryCalculator calculator =
        new ExpiryCalculator(policy(Duration.ETERNAL, Duration.ETERNAL, Duration.ETERNAL));

    assertThat(calculator.forCreation(NOW)).isEqualTo(Record.ETERNAL);
    assertThat(calculator.forAccess(NOW)).isEqualTo(Record.ETERNAL);
    assertThat(calculator.forUpdate(NOW)).isEqualTo(Record.ETERNAL);
  }

  @Test
  void hugeDuration_overflow_meansEternal() {
    Duration huge = new Duration(TimeUnit.DAYS, Long.MAX_VALUE / 1_000);
    ExpiryCalculator calculator = new ExpiryCalculator(policy(huge, huge, huge));

    assertThat(calculator.forCreation(NOW)).isEqualTo(Record.ETERNAL);
    assertThat(calculator.forAccess(NOW)).isEqualTo(Record.ETERNAL);
  }

  @Test
  void throwingPolicy_eternalOnCreation_unchangedOtherwise() {
    ExpiryPolicy throwing = new ExpiryPolicy() {
      @Override
      public Duration getExpiryForCreation() {
        throw new IllegalStateException("creation failed");
      }

      @Override
      public Duration getExpiryForAccess() {
        throw new IllegalStateException("access failed");
      }

      @Override
      public Duration getExpiryForUpdate() {
        throw new IllegalStateException("update failed");
      }
    };
    ExpiryCalculator calculator = new ExpiryCalculator(throwing);

    assertThat(calculator.forCreation(NOW)).isEqualTo(Record.ETERNAL);
    assertThat(calculator.forAccess(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
    assertThat(calculator.forUpdate(NOW)).isEqualTo(ExpiryCalculator.UNCHANGED);
  }

  private static ExpiryPolicy policy(Duration creation, Duration access, Duration update) {
    return new ExpiryPolicy() {
      @Override
      public Duration getExpiryForCreation() {
        return creation;
      }

      @Override
      public Duration getExpiryForAccess() {
        return access;
      }

      @Override
      public Duration getExpiryForUpdate() {
        return update;
      }
    };
  }
}
