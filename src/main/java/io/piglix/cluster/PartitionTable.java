package io.piglix.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgroups.Address;

/**
 * An immutable, versioned assignment of partitions to members: for each partition the members
 * holding it, owner first, then backups in promotion order.
 *
 * <p>Every member routes operations with the newest table it has received. The owner is the
 * first listed replica that is still in the view, so when an owner crashes every member
 * agrees on its successor, its first backup, without waiting for a new table.
 */
final class PartitionTable {

  private final long version;
  private final List<Address> members;
  private final int[][] replicas;

  PartitionTable(long version, List<Address> members, int[][] replicas) {
    this.version = version;
    this.members = List.copyOf(members);
    this.replicas = replicas;
  }

  /** A table where no partition has a replica. */
  static PartitionTable empty(int partitionCount) {
    return new PartitionTable(0, List.of(), new int[partitionCount][0]);
  }

  /** Builds a table from replica lists given as addresses. */
  static PartitionTable of(long version, List<List<Address>> assignment) {
    List<Address> members = new ArrayList<>();
    Map<Address, Integer> indexes = new HashMap<>();
    int[][] replicas = new int[assignment.size()][];
    for (int p = 0; p < assignment.size(); p++) {
      List<Address> holders = assignment.get(p);
      replicas[p] = new int[holders.size()];
      for (int i = 0; i < holders.size(); i++) {
        Address address = holders.get(i);
        Integer index = indexes.get(address);
        if (index == null) {
          index = members.size();
          members.add(address);
          indexes.put(address, index);
        }
        replicas[p][i] = index;
      }
    }
    return new PartitionTable(version, members, replicas);
  }

  /** Rebuilds a table from its message. */
  static PartitionTable fromMessage(Messages.TableUpdate update) {
    return new PartitionTable(update.version(), update.members(), update.replicas());
  }

  /** Returns the message that carries this table. */
  Messages.TableUpdate toMessage() {
    return new Messages.TableUpdate(version, members, replicas);
  }

  long version() {
    return version;
  }

  int partitionCount() {
    return replicas.length;
  }

  /** Returns the replicas of a partition, owner first. */
  List<Address> replicas(int partition) {
    int[] indexes = replicas[partition];
    List<Address> result = new ArrayList<>(indexes.length);
    for (int index : indexes) {
      result.add(members.get(index));
    }
    return result;
  }

  /** Returns the replica lists of all partitions. */
  List<List<Address>> assignment() {
    List<List<Address>> result = new ArrayList<>(replicas.length);
    for (int p = 0; p < replicas.length; p++) {
      result.add(replicas(p));
    }
    return result;
  }

  /** Returns the first replica of a partition that is alive, or null. */
  Address liveOwner(int partition, Collection<Address> alive) {
    for (int index : replicas[partition]) {
      Address address = members.get(index);
      if (alive.contains(address)) {
        return address;
      }
    }
    return null;
  }

  /** Returns the live replicas of a partition after its live owner, in promotion order. */
  List<Address> liveBackups(int partition, Collection<Address> alive) {
    List<Address> result = new ArrayList<>();
    boolean ownerSeen = false;
    for (int index : replicas[partition]) {
      Address address = members.get(index);
      if (!alive.contains(address)) {
        continue;
      }
      if (ownerSeen) {
        result.add(address);
      } else {
        ownerSeen = true;
      }
    }
    return result;
  }

  /** Returns whether a member holds a replica of a partition. */
  boolean isReplica(int partition, Address member) {
    for (int index : replicas[partition]) {
      if (members.get(index).equals(member)) {
        return true;
      }
    }
    return false;
  }

  /** Returns how many partitions a member owns, counting only live owners. */
  int ownedCount(Address member, Collection<Address> alive) {
    int count = 0;
    for (int p = 0; p < replicas.length; p++) {
      if (member.equals(liveOwner(p, alive))) {
        count++;
      }
    }
    return count;
  }

  @Override
  public String toString() {
    return "PartitionTable{version=" + version + ", members=" + members + "}";
  }
}
