package io.leasehold.dhcp.alloc.internal;

import io.leasehold.dhcp.alloc.AddressState;
import io.leasehold.dhcp.alloc.PoolRange;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntConsumer;

/**
 * The occupancy of one pool: a state word per address (the authority) and two bitmaps derived from it (the index).
 *
 * <h2>State word</h2>
 * One byte per address: bits 0-1 are the kind ({@link #FREE}, {@link #OFFERED}, {@link #USED}), bit 2 the
 * {@link #RESERVED} flag, bits 3-7 the hold generation of an offer (modulo 32). Every transition is one
 * compare-and-set on the byte, so of two racing transitions exactly one applies; in particular two allocations can
 * never both take {@code FREE -> OFFERED}. The bytes live in chunks of 65536 created on first non-free write, so a
 * large, mostly idle pool costs little memory, and a 1M-address pool's states (1 MiB) stay in a core's cache.
 *
 * <p>Generations modulo 32 are enough because an offer runs out after at most 5 generations and the sweep visits
 * every offer at least once per generation while allocations happen: an offer left unswept for 27+ generations (an
 * allocator idle for about 7 holds) may look young again, which only delays its return by up to 5 generations. The
 * sweep's compare-and-set could only free a newer offer by mistake if the sweeping thread stalled for 27
 * generations between reading and writing one byte.
 *
 * <h2>Derived bitmaps</h2>
 * {@code taken} has a bit set exactly when the state word is non-zero (offered, used or reserved): searches for free
 * addresses run on it. {@code offered} has a bit set when the kind is {@code OFFERED}: the hold sweep walks it. After
 * every transition the changer calls {@link #sync}, which sets both bits from the state word and repeats if the word
 * changed meanwhile; the bits are a pure function of the word, so the last changer's sync leaves them right.
 */
final class PoolOccupancy {
    static final int FREE = 0;
    static final int OFFERED = 1;
    static final int USED = 2;
    static final int KIND = 3;
    static final int RESERVED = 4;
    static final int GEN_SHIFT = 3;
    /** Generations are kept modulo 32; see the class comment. */
    static final int GEN_MASK = 31;

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK_MASK = (1 << CHUNK_BITS) - 1;
    private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(byte[][].class);
    private static final VarHandle BYTES = MethodHandles.arrayElementVarHandle(byte[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    final PoolRange range;
    final int first;
    final int size;
    final LevelBitmap taken;
    private final long[] offered;
    private final byte[][] chunks;
    /** Told about every position whose taken bit this pool cleared (the free lease queue); may be {@code null}. */
    private final IntConsumer freedHook;

    PoolOccupancy(PoolRange range, boolean withCounts, IntConsumer freedHook) {
        this.range = range;
        this.first = range.range().first();
        this.size = (int) range.range().size();
        this.taken = new LevelBitmap(size, withCounts);
        this.offered = new long[(size + 63) >>> 6];
        this.chunks = new byte[((size - 1) >>> CHUNK_BITS) + 1][];
        this.freedHook = freedHook;
    }

    int address(int pos) {
        return first + pos;
    }

    /** Position of an address known to lie in this pool. */
    int position(int address) {
        return address - first;
    }

    boolean contains(int address) {
        return Integer.compareUnsigned(address - first, size) < 0;
    }

    int state(int pos) {
        byte[] chunk = (byte[]) CHUNKS.getAcquire(chunks, pos >>> CHUNK_BITS);
        return chunk == null ? FREE : (byte) BYTES.getVolatile(chunk, pos & CHUNK_MASK) & 0xff;
    }

    private boolean cas(int pos, int expect, int update) {
        byte[] chunk = (byte[]) CHUNKS.getAcquire(chunks, pos >>> CHUNK_BITS);
        if (chunk == null) {
            byte[] fresh = new byte[Math.min(1 << CHUNK_BITS, size - (pos & ~CHUNK_MASK))];
            byte[] witness = (byte[]) CHUNKS.compareAndExchangeRelease(chunks, pos >>> CHUNK_BITS, null, fresh);
            chunk = witness == null ? fresh : witness;
        }
        return BYTES.compareAndSet(chunk, pos & CHUNK_MASK, (byte) expect, (byte) update);
    }

    /** Whether an offer of generation {@code gen} has run out at {@code nowGen} (both modulo 32). */
    static boolean expired(int state, int nowGen, int holdGens) {
        int gen = state >>> GEN_SHIFT;
        return ((nowGen - gen) & GEN_MASK) >= holdGens;
    }

    /** Brings both bits of {@code pos} in line with its state word. */
    private void sync(int pos) {
        sync(pos, state(pos));
    }

    /**
     * Brings both bits in line with the state word, starting from {@code s}, a value the word had since the caller's
     * last change (the caller's own compare-and-set result saves a read).
     */
    private void sync(int pos, int s) {
        for (;;) {
            if (s != FREE) {
                if (!taken.get(pos)) {
                    taken.set(pos);
                }
            } else if (taken.clear(pos) && freedHook != null) {
                freedHook.accept(pos);
            }
            setOfferedBit(pos, (s & KIND) == OFFERED);
            int now = state(pos);
            if (now == s) {
                return;
            }
            s = now;
        }
    }

    private void setOfferedBit(int pos, boolean on) {
        int w = pos >>> 6;
        long bit = 1L << pos;
        long v = (long) LONGS.getVolatile(offered, w);
        if (((v & bit) != 0) != on) {
            if (on) {
                LONGS.getAndBitwiseOr(offered, w, bit);
            } else {
                LONGS.getAndBitwiseAnd(offered, w, ~bit);
            }
        }
    }

    /**
     * {@code FREE} (or an unreserved offer whose hold ran out) to {@code OFFERED} at generation {@code gen}.
     *
     * @return whether this call took the address; when not, the bits are synced so a search will not find it again
     */
    boolean claim(int pos, int gen, int holdGens) {
        for (;;) {
            int s = state(pos);
            boolean claimable = s == FREE || (s & (KIND | RESERVED)) == OFFERED && expired(s, gen, holdGens);
            if (!claimable) {
                sync(pos);
                return false;
            }
            int offer = OFFERED | gen << GEN_SHIFT;
            if (cas(pos, s, offer)) {
                sync(pos, offer);
                return true;
            }
        }
    }

    /** Any kind to {@code USED}, keeping the reservation flag; {@code false} when already used. */
    boolean markUsed(int pos) {
        for (;;) {
            int s = state(pos);
            if ((s & KIND) == USED) {
                return false;
            }
            int used = USED | (s & RESERVED);
            if (cas(pos, s, used)) {
                sync(pos, used);
                return true;
            }
        }
    }

    /** {@code USED} or {@code OFFERED} to {@code FREE}, keeping the reservation flag; {@code false} when free. */
    boolean markFree(int pos) {
        for (;;) {
            int s = state(pos);
            if ((s & KIND) == FREE) {
                return false;
            }
            if (cas(pos, s, s & RESERVED)) {
                sync(pos, s & RESERVED);
                return true;
            }
        }
    }

    /** {@code OFFERED} to {@code FREE}; {@code false} when not offered. */
    boolean release(int pos) {
        for (;;) {
            int s = state(pos);
            if ((s & KIND) != OFFERED) {
                return false;
            }
            if (cas(pos, s, s & RESERVED)) {
                sync(pos, s & RESERVED);
                return true;
            }
        }
    }

    /** Sets or clears the reservation flag; {@code false} when it already was as asked. */
    boolean reserve(int pos, boolean reserved) {
        for (;;) {
            int s = state(pos);
            if (((s & RESERVED) != 0) == reserved) {
                return false;
            }
            if (cas(pos, s, reserved ? s | RESERVED : s & ~RESERVED)) {
                sync(pos);
                return true;
            }
        }
    }

    /**
     * Frees every offer whose hold has run out. Cost: one read per 64 addresses plus one per offered address. An offer
     * re-made meanwhile has a newer generation, so the compare-and-set cannot free it by mistake.
     */
    int expireOffers(int nowGen, int holdGens) {
        int freed = 0;
        for (int w = 0; w < offered.length; w++) {
            long v = (long) LONGS.getVolatile(offered, w);
            while (v != 0) {
                int pos = (w << 6) + Long.numberOfTrailingZeros(v);
                v &= v - 1;
                int s = state(pos);
                if ((s & KIND) == OFFERED && expired(s, nowGen, holdGens) && cas(pos, s, s & RESERVED)) {
                    sync(pos);
                    freed++;
                }
            }
        }
        return freed;
    }

    /** The first position at or after {@code from} that looks free, wrapping to the pool start; {@code -1}: none. */
    int nextClearWrapping(int from) {
        int pos = taken.nextClear(from);
        if (pos < 0 && from > 0) {
            pos = taken.nextClear(0);
            if (pos >= from) {
                pos = -1;
            }
        }
        return pos;
    }

    /** The state as the engine sees it: an offer whose hold ran out reads as free. */
    AddressState publicState(int pos, int nowGen, int holdGens) {
        int s = state(pos);
        switch (s & KIND) {
            case USED:
                return AddressState.USED;
            case OFFERED:
                if (!expired(s, nowGen, holdGens)) {
                    return AddressState.OFFERED;
                }
                break;
            default:
                break;
        }
        return (s & RESERVED) != 0 ? AddressState.RESERVED : AddressState.FREE;
    }

    /** For tests: every derived bit agrees with its state word. Needs a quiescent pool. */
    void checkConsistency() {
        taken.checkConsistency();
        for (int pos = 0; pos < size; pos++) {
            int s = state(pos);
            if (taken.get(pos) != (s != FREE)) {
                throw new AssertionError("position " + pos + " state " + s + " taken bit " + taken.get(pos));
            }
            boolean off = (offered[pos >>> 6] & (1L << pos)) != 0;
            if (off != ((s & KIND) == OFFERED)) {
                throw new AssertionError("position " + pos + " state " + s + " offered bit " + off);
            }
        }
    }
}
