package io.leasehold.dhcp.store.memfile.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Doubly linked slot lists: push in front, unlink anywhere, over slots in far-apart pages. */
class SlotLinksTest {
    private static List<Integer> list(SlotLinks links, int head) {
        List<Integer> out = new ArrayList<>();
        for (int e = head; e != 0; e = links.next(e - 1)) {
            out.add(e - 1);
        }
        return out;
    }

    @Test
    void unlinkingTheHeadTheMiddleAndTheTail() {
        SlotLinks links = new SlotLinks();
        int head = 0;
        for (int slot : new int[] {4, 70_000, 0, LeaseSlots.PAGE_SIZE, 9}) {
            head = links.pushFront(slot, head);
        }
        assertEquals(List.of(9, LeaseSlots.PAGE_SIZE, 0, 70_000, 4), list(links, head));
        head = links.unlink(9, head);
        assertEquals(List.of(LeaseSlots.PAGE_SIZE, 0, 70_000, 4), list(links, head));
        head = links.unlink(0, head);
        assertEquals(List.of(LeaseSlots.PAGE_SIZE, 70_000, 4), list(links, head));
        head = links.unlink(4, head);
        assertEquals(List.of(LeaseSlots.PAGE_SIZE, 70_000), list(links, head));
        head = links.unlink(LeaseSlots.PAGE_SIZE, head);
        head = links.unlink(70_000, head);
        assertEquals(0, head);
        head = links.pushFront(0, head);
        assertEquals(List.of(0), list(links, head), "a relinked slot carries no old links");
    }

    @Test
    void manyListsUnderRandomChurnMatchAModel() {
        SlotLinks links = new SlotLinks();
        int lists = 5;
        int[] heads = new int[lists];
        List<LinkedList<Integer>> model = new ArrayList<>();
        for (int i = 0; i < lists; i++) {
            model.add(new LinkedList<>());
        }
        int[] on = new int[3000];
        Arrays.fill(on, -1);
        Random r = new Random(5);
        for (int n = 0; n < 30_000; n++) {
            int slot = r.nextInt(on.length);
            if (on[slot] < 0) {
                int l = r.nextInt(lists);
                heads[l] = links.pushFront(slot, heads[l]);
                model.get(l).addFirst(slot);
                on[slot] = l;
            } else {
                int l = on[slot];
                heads[l] = links.unlink(slot, heads[l]);
                model.get(l).remove((Integer) slot);
                on[slot] = -1;
            }
        }
        for (int l = 0; l < lists; l++) {
            assertEquals(model.get(l), list(links, heads[l]));
        }
    }
}
