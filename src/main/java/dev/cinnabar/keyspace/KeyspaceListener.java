package dev.cinnabar.keyspace;

/**
 * Told about keyspace changes that wake blocked clients: a key coming into existence (a push creating a list, a
 * RENAME or MOVE landing on a name a client waits for) and two databases trading places. Only databases the
 * listener asked to watch report creations, so keys nobody waits for cost one array read.
 */
public interface KeyspaceListener {
    void keyCreated(Database db, byte[] key);

    void databasesSwapped(int a, int b);
}
