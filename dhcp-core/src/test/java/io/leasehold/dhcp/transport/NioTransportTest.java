package io.leasehold.dhcp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NioTransportTest {

    @Test
    void relayModeReceivesAndRepliesToTheRequestedDestination() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        PacketHandler echo = (p, r) -> {
            ByteBuf reply = Unpooled.copiedBuffer("re:" + p.content().toString(StandardCharsets.US_ASCII),
                    StandardCharsets.US_ASCII);
            int port = p.sender().getPort();
            assertNull(p.interfaceName(), "NIO cannot tell the interface");
            p.release();
            r.send(reply, ReplyDestination.unicast(0x7f000001, port));
        };
        try (DhcpTransport t = DhcpTransport.builder().mode(DhcpTransport.Mode.NIO).bindAddress(lo).serverPort(0)
                .dispatcher(PacketDispatchers.inline(echo)).build().start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            assertEquals(DhcpTransport.Mode.NIO, t.mode());
            client.setSoTimeout(10_000);
            byte[] msg = "hello".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(msg, msg.length, t.localAddress()));
            DatagramPacket in = new DatagramPacket(new byte[100], 100);
            client.receive(in);
            assertEquals("re:hello", new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII));
            assertEquals(t.localAddress().getPort(), in.getPort(), "replies leave from the server port");
        }
    }

    @Test
    void portInUseIsAClearStartError() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            DhcpTransport t = DhcpTransport.builder().mode(DhcpTransport.Mode.NIO).bindAddress(lo)
                    .serverPort(squatter.getLocalPort()).dispatcher(PacketDispatchers.inline((p, r) -> p.release()))
                    .build();
            TransportException e = assertThrows(TransportException.class, t::start);
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
            assertTrue(e.getMessage().contains(":" + squatter.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void missingInterfaceIsAClearStartError() {
        DhcpTransport t = DhcpTransport.builder().mode(DhcpTransport.Mode.EPOLL).serverPort(0)
                .interfaces(java.util.List.of(InterfaceSpec.parse("lh-no-such0")))
                .dispatcher(PacketDispatchers.inline((p, r) -> p.release())).build();
        TransportException e = assertThrows(TransportException.class, t::start);
        assertTrue(e.getMessage().contains("'lh-no-such0'") || e.getMessage().contains("epoll"), e.getMessage());
    }

    @Test
    void interfaceSpecParsesKeaForms() {
        assertEquals(new InterfaceSpec("eth0", 0), InterfaceSpec.parse("eth0"));
        assertEquals(new InterfaceSpec("eth0", 0xC0000201), InterfaceSpec.parse("eth0/192.0.2.1"));
        assertTrue(InterfaceSpec.parse("*").isWildcard());
    }
}
