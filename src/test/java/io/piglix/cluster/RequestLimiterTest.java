package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javax.cache.CacheException;
import org.jgroups.Address;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

class RequestLimiterTest {

  private final Address slow = UUID.randomUUID();
  private final Address other = UUID.randomUUID();
  private final RequestLimiter limiter = new RequestLimiter(2, () -> "vm-caller");

  @Test
  void acquireBeyondLimitNamesMemberAndLimit() {
    limiter.acquire(slow, "orders");
    limiter.acquire(slow, "orders");

    assertThatThrownBy(() -> limiter.acquire(slow, "orders"))
        .isInstanceOf(CacheException.class)
        .hasMessage("operation on cache 'orders' rejected because member " + slow
            + " already has 2 cache requests in flight from member vm-caller, the maximum set"
            + " by <cluster max-requests-in-flight=\"2\">. The member is slow or overloaded,"
            + " so retry later, raise max-requests-in-flight, or add storage members to"
            + " spread the load");
    assertThat(limiter.inFlight(slow)).isEqualTo(2);
    assertThat(limiter.inFlight(other)).isZero();
  }

  @Test
  void releaseTwiceReturnsOnePermit() {
    RequestLimiter.Permit first = limiter.acquire(slow, "orders");
    limiter.acquire(slow, "orders");

    first.release();
    first.release();

    assertThat(limiter.inFlight(slow)).isEqualTo(1);
    limiter.acquire(slow, "orders");
    assertThatThrownBy(() -> limiter.acquire(slow, "orders"))
        .isInstanceOf(CacheException.class);
  }

  @Test
  void acquireAllTakesNoneWhenOneIsFull() {
    limiter.acquire(slow, "orders");
    limiter.acquire(slow, "orders");

    assertThatThrownBy(() -> limiter.acquireAll(List.of(other, slow), "orders"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("member " + slow);
    assertThat(limiter.inFlight(other)).as("permit of the member before the full one")
        .isZero();

    List<RequestLimiter.Permit> permits = limiter.acquireAll(List.of(other), "orders");
    assertThat(limiter.inFlight(other)).isEqualTo(1);
    RequestLimiter.releaseAll(permits);
    assertThat(limiter.inFlight(other)).isZero();
  }

  @Test
  void departedMemberCountForgotten() {
    RequestLimiter.Permit held = limiter.acquire(slow, "orders");
    limiter.acquire(slow, "orders");

    limiter.retainMembers(List.of(other));

    assertThat(limiter.inFlight(slow)).isZero();
    held.release();
    assertThat(limiter.inFlight(slow)).as("count after releasing a permit of the old count")
        .isZero();
  }
}
