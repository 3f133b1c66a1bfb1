package dev.cinnabar.keyspace;

import java.util.function.Predicate;

/**
 * A stored set as the commands of other types read it: ZUNIONSTORE, ZINTER, ZDIFF and ZINTERCARD accept plain sets
 * as inputs, each member with score 1. Implemented by the set type's value.
 */
public interface MemberSet {
    /** The number of members. */
    int size();

    boolean contains(byte[] member);

    /** Visits each member once until the visitor returns false; the arrays must not be modified. */
    void forEachMember(Predicate<byte[]> visitor);
}
