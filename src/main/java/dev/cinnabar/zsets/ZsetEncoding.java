package dev.cinnabar.zsets;

import dev.cinnabar.protocol.Reply;

/**
 * What the sorted-set commands need from an encoding ({@link Listpack} or {@link SkipList}), so that each command is
 * written once. Elements are ordered by score, then by member bytes (unsigned). A position names an element; it
 * stays valid until the encoding is next modified. Scores compare with the primitive operators, so -0 equals 0.
 */
interface ZsetEncoding {
    /** "No element": what lookups return when there is none. */
    int NONE = -1;

    int size();

    /** The position of a member, or NONE. */
    int find(byte[] member);

    double score(int pos);

    /** The member's bytes; a copy for the compact encoding, never to be modified. */
    byte[] member(int pos);

    /** Writes the member as a bulk string, without copying it. */
    void writeMember(int pos, Reply reply);

    int memberLength(int pos);

    /** Unsigned lexicographic comparison of the member at pos with other (negative when it sorts first). */
    int compareMember(int pos, byte[] other);

    int first();

    int last();

    int next(int pos);

    int prev(int pos);

    /** The element of a 0-based rank, or NONE when out of range. */
    int atRank(long rank);

    /** The 0-based rank of an element. */
    long rankOf(int pos);

    /** The element n places after pos (before it when reverse), or NONE past either end. */
    default int skip(int pos, long n, boolean reverse) {
        for (; pos != NONE && n > 0; n--) pos = reverse ? prev(pos) : next(pos);
        return pos;
    }

    /** The first element inside the range, or NONE (Redis's zslFirstInRange / zzlFirstInRange). */
    int firstIn(ZRange range);

    /** The last element inside the range, or NONE. */
    int lastIn(ZRange range);

    /** The number of elements in the range, as ZCOUNT / ZLEXCOUNT compute it. */
    long count(ZRange range);

    /** Inserts a member that is not present. */
    void insert(double score, byte[] member);

    void delete(int pos);

    /** Changes the score of the element at pos, moving it to its new place. */
    void setScore(int pos, double score);

    /** Deletes the elements of 0-based ranks from..to, inclusive and within bounds. */
    void deleteRanks(long from, long to);

    /** A uniformly chosen element (the set is not empty). */
    int random();

    String encodingName();

    /** Heap bytes of this encoding, measured on up to {@code samples} elements (0: all); see RedisValue. */
    long footprint(int samples);

    ZsetEncoding copy();
}
