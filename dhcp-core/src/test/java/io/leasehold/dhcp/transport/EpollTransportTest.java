package io.leasehold.dhcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The epoll relay socket with a worker pool: replies are sent by whichever thread ran the handler (the I/O thread for
 * a lone packet, a worker otherwise), straight on the socket. Port 0, so no root is needed.
 */
class EpollTransportTest {

    @Test
    void everyReplyArrivesWhicheverThreadSendsIt() throws Exception {
        assumeTrue(Epoll.isAvailable(), "native epoll is not available here: " + Epoll.unavailabilityCause());
        InetAddress lo = InetAddress.getLoopbackAddress();
        Set<String> senders = java.util.concurrent.ConcurrentHashMap.newKeySet();
        PacketHandler echo = (p, r) -> {
            // a direct (pooled) buffer, as the packet pipeline encodes into
            ByteBuf reply = ByteBufAllocator.DEFAULT.directBuffer(4).writeInt(p.content().getInt(0));
            int port = p.sender().getPort();
            p.release();
            String thread = Thread.currentThread().getName();
            senders.add(thread);
            if (thread.startsWith("leasehold-dhcp-io")) {
                // A packet run on the I/O thread takes 1.2 ms, over half of the transport's 2 ms inline window, so
                // the next packets of the burst (already in the socket) must go to the workers whatever the
                // machine's load: without this, on a busy machine every read could hold one packet and run inline.
                long until = System.nanoTime() + 1_200_000;
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            }
            r.send(reply, ReplyDestination.unicast(0x7f000001, port));
        };
        int n = 500;
        try (PacketDispatcher workers = PacketDispatchers.workers(echo, 2, 64, "epoll-test");
             DhcpTransport t = DhcpTransport.builder().mode(DhcpTransport.Mode.EPOLL).relaySocket(true).serverPort(0)
                     .dispatcher(workers).build().start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            client.setSoTimeout(10_000);
            InetSocketAddress server = new InetSocketAddress(lo, t.localAddress().getPort());
            Set<Integer> answered = new HashSet<>();
            // bursts of 10 so that some reads hold several packets (workers) and some one (the I/O thread)
            for (int burst = 0; burst < n / 10; burst++) {
                for (int i = 0; i < 10; i++) {
                    byte[] msg = java.nio.ByteBuffer.allocate(4).putInt(burst * 10 + i).array();
                    client.send(new DatagramPacket(msg, 4, server));
                }
                for (int i = 0; i < 10; i++) {
                    DatagramPacket in = new DatagramPacket(new byte[16], 16);
                    client.receive(in);
                    assertEquals(4, in.getLength());
                    answered.add(java.nio.ByteBuffer.wrap(in.getData()).getInt());
                }
            }
            assertEquals(n, answered.size(), "one reply per request");
            assertEquals(0, t.sendFailures());
            assertTrue(senders.stream().anyMatch(s -> s.startsWith("epoll-test-")), "workers sent: " + senders);
        }
    }

    @Test
    void lonePacketsAndBurstsArriveIntactWithTheirDestination() throws Exception {
        // lone packets are read one datagram at a time (recvmsg), a burst switches the socket to batches (recvmmsg)
        // and quiet switches it back: every packet arrives once, whole, with the address it was sent to
        assumeTrue(Epoll.isAvailable(), "native epoll is not available here: " + Epoll.unavailabilityCause());
        InetAddress lo = InetAddress.getLoopbackAddress();
        java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        CountDownLatch open = new CountDownLatch(1);
        PacketHandler record = (p, r) -> {
            try {
                open.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] b = new byte[p.content().readableBytes()];
            p.content().getBytes(p.content().readerIndex(), b);
            got.add(new String(b, java.nio.charset.StandardCharsets.US_ASCII) + "@"
                    + p.recipient().getAddress().getHostAddress());
            p.release();
        };
        try (DhcpTransport t = DhcpTransport.builder().mode(DhcpTransport.Mode.EPOLL).relaySocket(true).serverPort(0)
                     .dispatcher(PacketDispatchers.inline(record)).build().start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            InetSocketAddress server = new InetSocketAddress(lo, t.localAddress().getPort());
            java.util.List<String> sent = new java.util.ArrayList<>();
            java.util.List<String> received = new java.util.ArrayList<>();
            java.util.function.IntConsumer send = i -> {
                String text = "packet-" + i + "-" + "x".repeat(i % 300);
                sent.add(text + "@127.0.0.1");
                try {
                    client.send(new DatagramPacket(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                            text.length(), server));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            int i = 0;
            // the first packet holds the I/O thread in the handler while a burst of 60 queues in the socket
            send.accept(i++);
            for (int k = 0; k < 60; k++) {
                send.accept(i++);
            }
            open.countDown();
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < 20; k++) { // lone packets: each is answered before the next is sent
                    send.accept(i++);
                    while (received.size() + got.size() < sent.size()) {
                        String s = got.poll(10, TimeUnit.SECONDS);
                        assertTrue(s != null, "packet " + (i - 1) + " arrived");
                        received.add(s);
                    }
                }
                for (int k = 0; k < 30; k++) { // and another burst
                    send.accept(i++);
                }
            }
            while (received.size() < sent.size()) {
                String s = got.poll(10, TimeUnit.SECONDS);
                assertTrue(s != null, received.size() + " of " + sent.size() + " arrived");
                received.add(s);
            }
            assertEquals(new HashSet<>(sent), new HashSet<>(received));
            assertEquals(sent.size(), received.size());
        }
    }

    @Test
    void aReplyAfterCloseIsCountedNotThrown() throws Exception {
        assumeTrue(Epoll.isAvailable(), "native epoll is not available here: " + Epoll.unavailabilityCause());
        AtomicReference<Responder> responder = new AtomicReference<>();
        CountDownLatch got = new CountDownLatch(1);
        PacketHandler keep = (p, r) -> {
            p.release();
            responder.set(r);
            got.countDown();
        };
        InetAddress lo = InetAddress.getLoopbackAddress();
        DhcpTransport t = DhcpTransport.builder().mode(DhcpTransport.Mode.EPOLL).relaySocket(true).serverPort(0)
                .dispatcher(PacketDispatchers.inline(keep)).build().start();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            client.send(new DatagramPacket(new byte[4], 4, new InetSocketAddress(lo, t.localAddress().getPort())));
            assertTrue(got.await(10, TimeUnit.SECONDS));
        }
        t.close();
        ((io.leasehold.dhcp.transport.internal.ListenerChannel) responder.get()).close(); // a second close is harmless
        ByteBuf late = ByteBufAllocator.DEFAULT.directBuffer(4).writeInt(1);
        responder.get().send(late, ReplyDestination.unicast(0x7f000001, 9));
        assertEquals(0, late.refCnt(), "the late reply's buffer is released at once");
        assertEquals(1, ((io.leasehold.dhcp.transport.internal.ListenerChannel) responder.get()).sendFailures());
    }
}
