package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jgroups.Address;
import org.jgroups.MergeView;
import org.jgroups.View;
import org.jgroups.ViewId;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

class MergeSidesTest {

  private final Address first = UUID.randomUUID();
  private final Address second = UUID.randomUUID();
  private final Address paused = UUID.randomUUID();

  @Test
  void pausedMemberOldViewCountsOnlyItself() {
    View old = new View(new ViewId(first, 5), List.of(first, second, paused));
    View current = new View(new ViewId(first, 6), List.of(first, second));
    MergeView merge = new MergeView(new ViewId(first, 7), List.of(first, second, paused),
        List.of(old, current));

    assertThat(ClusterNode.sidesOf(merge)).containsExactly(List.of(first, second),
        List.of(paused));
  }

  @Test
  void disjointSidesStayAsReported() {
    View left = new View(new ViewId(first, 8), List.of(first));
    View right = new View(new ViewId(second, 9), List.of(second, paused));
    MergeView merge = new MergeView(new ViewId(second, 10), List.of(second, paused, first),
        List.of(left, right));

    assertThat(ClusterNode.sidesOf(merge)).containsExactlyInAnyOrder(List.of(first),
        List.of(second, paused));
  }
}
