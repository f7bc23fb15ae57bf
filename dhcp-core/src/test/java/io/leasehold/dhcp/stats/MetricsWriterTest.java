package io.leasehold.dhcp.stats;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetricsWriterTest {
    @Test
    void familiesAreGroupedWithHelpAndTypeAndNamesAndLabelsAreSafe() {
        MetricsWriter w = new MetricsWriter();
        w.counter("a-b.c_total", "first\nline", Map.of(), 3);
        w.gauge("9lives", "g", Map.of("sub-net", "x\"y\\z\nw"), 0.25);
        w.counter("a-b.c_total", "ignored", Map.of("k", "v"), 4);
        w.gauge("inf", "h", Map.of(), Double.POSITIVE_INFINITY);
        assertEquals("""
                # HELP a_b_c_total first\\nline
                # TYPE a_b_c_total counter
                a_b_c_total 3
                a_b_c_total{k="v"} 4
                # HELP _lives g
                # TYPE _lives gauge
                _lives{sub_net="x\\"y\\\\z\\nw"} 0.25
                # HELP inf h
                # TYPE inf gauge
                inf +Inf
                """, w.render());
    }

    @Test
    void aFamilyKeepsItsType() {
        MetricsWriter w = new MetricsWriter().gauge("x", "x", Map.of(), 1);
        assertThrows(IllegalArgumentException.class, () -> w.counter("x", "x", Map.of(), 1));
    }
}
