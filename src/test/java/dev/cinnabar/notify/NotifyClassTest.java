package dev.cinnabar.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NotifyClassTest {
    @Test
    void parsesEveryLetterAndRefusesOthers() {
        assertEquals(0, NotifyClass.parse(""));
        assertEquals(NotifyClass.KEYSPACE | NotifyClass.KEYEVENT | NotifyClass.ALL, NotifyClass.parse("KEA"));
        assertEquals(NotifyClass.GENERIC | NotifyClass.STRING | NotifyClass.LIST | NotifyClass.SET
                | NotifyClass.HASH | NotifyClass.ZSET | NotifyClass.EXPIRED | NotifyClass.EVICTED | NotifyClass.STREAM
                | NotifyClass.KEY_MISS | NotifyClass.MODULE | NotifyClass.NEW, NotifyClass.parse("g$lshzxetmdn"));
        assertEquals(-1, NotifyClass.parse("KEa"));
        assertEquals(-1, NotifyClass.parse("K E"));
    }

    @Test
    void formatsInRedisOrder() {
        assertEquals("AKE", NotifyClass.format(NotifyClass.parse("KEA")));
        assertEquals("g$xKE", NotifyClass.format(NotifyClass.parse("EKx$g")));
        assertEquals("AKEm", NotifyClass.format(NotifyClass.parse("mnAEK")));  // "n" is hidden beside "A"
        assertEquals("g$lshzxtn", NotifyClass.format(NotifyClass.parse("ntxzhsl$g")));
        assertEquals("", NotifyClass.format(0));
    }

    @Test
    void keyEventsCarryRedisNamesAndClasses() {
        assertEquals("rename_from", new String(KeyEvent.RENAME_FROM.eventName()));
        assertEquals(NotifyClass.GENERIC, KeyEvent.RENAME_FROM.notifyClass());
        assertEquals(NotifyClass.LIST, KeyEvent.SORTSTORE.notifyClass());
        assertEquals("zincr", new String(KeyEvent.ZINCR.eventName()));
        assertEquals(NotifyClass.KEY_MISS, KeyEvent.KEYMISS.notifyClass());
    }
}
