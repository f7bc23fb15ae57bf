package io.leasehold.dhcp.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Sizes the reads of an epoll datagram socket by how its packets arrive, so that Netty picks the cheaper system call.
 * Netty's epoll datagram channel reads with one {@code recvmsg(2)} when the buffer holds one datagram and with
 * {@code recvmmsg(2)} when it holds several. {@code recvmmsg} pays per call for the batch it could receive (an
 * {@code IP_RECVORIGDSTADDR} {@code getsockopt(2)} and a JNI walk over every slot of the batch, whether one packet came
 * or sixteen), which at moderate load, where each wake-up finds one packet, is all cost and no batching.
 *
 * <p>Algorithm. Two modes. <em>Single</em>: one datagram per read, and each read loop reads on until the socket is
 * empty (one extra {@code recvmsg} that finds nothing, much cheaper than the {@code getsockopt}). A loop that found
 * more than one datagram switches to <em>batch</em>: {@code batch} datagrams per read; a read that came back with
 * fewer than {@code batch} emptied the socket, so the loop ends there instead of asking again (Netty's epoll sockets
 * are level-triggered: a packet that arrives meanwhile wakes the loop again). A batch-mode loop that found one
 * datagram or none counts towards {@link #SETTLE} such loops in a row, after which the mode is single again. Either
 * way a loop ends after {@link #MAX_MESSAGES_PER_LOOP} datagrams, as Netty's own handles do, so that the event loop's
 * other channels and tasks get their turn. One handle per channel, used on its event loop only: no synchronisation.
 */
final class DatagramReadSizer implements RecvByteBufAllocator {
    /** Read loops in a row that found at most one datagram before batch mode ends. */
    static final int SETTLE = 8;
    /** Datagrams per read loop at most, as Netty's default for datagram channels. */
    static final int MAX_MESSAGES_PER_LOOP = 16;

    private final int datagram;
    private final int batch;

    /**
     * @param datagram the largest datagram accepted (bytes)
     * @param batch datagrams per read in batch mode
     */
    DatagramReadSizer(int datagram, int batch) {
        if (datagram <= 0 || batch < 2) {
            throw new IllegalArgumentException("datagram " + datagram + ", batch " + batch);
        }
        this.datagram = datagram;
        this.batch = batch;
    }

    @Override
    public Handle newHandle() {
        return new SizerHandle();
    }

    /** The per-channel state. */
    final class SizerHandle implements ExtendedHandle {
        private ChannelConfig config;
        private boolean batchMode;
        private int quietLoops;
        private int messages;
        private int lastMessages;
        private int totalBytes;
        private int lastBytes;
        private int attemptedBytes;

        boolean batchMode() {
            return batchMode;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return alloc.ioBuffer(guess());
        }

        @Override
        public int guess() {
            return batchMode ? datagram * batch : datagram;
        }

        @Override
        public void reset(ChannelConfig config) {
            this.config = config;
            messages = 0;
            lastMessages = 0;
            totalBytes = 0;
        }

        @Override
        public void incMessagesRead(int numMessages) {
            messages += numMessages;
            lastMessages = numMessages;
        }

        @Override
        public void lastBytesRead(int bytes) {
            lastBytes = bytes;
            lastMessages = 0;
            if (bytes > 0) {
                totalBytes += bytes;
            }
        }

        @Override
        public int lastBytesRead() {
            return lastBytes;
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            attemptedBytes = bytes;
        }

        @Override
        public int attemptedBytesRead() {
            return attemptedBytes;
        }

        @Override
        public boolean continueReading() {
            return continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            if (config != null && !config.isAutoRead() || lastBytes <= 0 || messages >= MAX_MESSAGES_PER_LOOP) {
                return false;
            }
            // single mode reads until the socket is empty: that is how a burst is noticed; a batch that came back
            // short has emptied the socket
            return (!batchMode || lastMessages >= batch) && maybeMoreDataSupplier.get();
        }

        @Override
        public void readComplete() {
            if (messages > 1) {
                batchMode = true;
                quietLoops = 0;
            } else if (batchMode && ++quietLoops >= SETTLE) {
                batchMode = false;
                quietLoops = 0;
            }
        }
    }
}
