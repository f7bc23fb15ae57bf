package io.leasehold.dhcp.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassSetTest {
    @Test
    void behavesAsAnInsertionOrderedSetPastItsFirstArray() {
        ClassSet s = new ClassSet();
        Set<String> model = new LinkedHashSet<>();
        for (int i = 0; i < 20; i++) {
            String name = "C" + (i * 7 % 13);
            assertEquals(model.add(name), s.add(name), name);
        }
        assertEquals(new ArrayList<>(model), new ArrayList<>(s));
        assertEquals(model, s);
        assertEquals(model.hashCode(), s.hashCode());
        assertTrue(s.contains("C0"));
        assertFalse(s.contains("D"));
        assertTrue(s.remove("C7"));
        model.remove("C7");
        assertEquals(new ArrayList<>(model), new ArrayList<>(s));
        assertEquals("C0", s.get(0));
    }

    @Test
    void iteratorRemovesAndRefusesMisuse() {
        ClassSet s = new ClassSet();
        s.addAll(List.of("ALL", "UNKNOWN", "HA_server1"));
        Iterator<String> it = s.iterator();
        assertThrows(IllegalStateException.class, it::remove);
        it.next();
        it.next();
        it.remove();
        assertEquals("HA_server1", it.next());
        assertFalse(it.hasNext());
        assertThrows(java.util.NoSuchElementException.class, it::next);
        assertEquals(List.of("ALL", "HA_server1"), new ArrayList<>(s));
        assertThrows(NullPointerException.class, () -> s.add(null));
    }
}
