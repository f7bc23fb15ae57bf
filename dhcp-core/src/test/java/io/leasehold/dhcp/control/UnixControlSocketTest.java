package io.leasehold.dhcp.control;

import io.leasehold.dhcp.control.internal.Json;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class UnixControlSocketTest {
    @TempDir
    Path dir;

    private final CommandRegistry registry = new CommandRegistry();

    @BeforeEach
    void linuxOnly() {
        assumeTrue(Epoll.isAvailable(), "unix control socket tests need Linux epoll");
        registry.register("echo", c -> ControlResult.success("echo", c.arguments()));
    }

    /** A plain client: write the text, read until the server closes. */
    static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (c.read(b) >= 0) {
                b.flip();
                out.write(b.array(), 0, b.limit());
                b.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> answer(Path socket, String request) throws IOException {
        return (Map<String, Object>) Json.parse(exchange(socket, request));
    }

    @Test
    void oneCommandPerConnectionAnsweredWithKeaShape() throws Exception {
        Path sock = dir.resolve("kea4-ctrl-socket");
        try (UnixControlSocket s = new UnixControlSocket(sock, registry).start()) {
            Map<String, Object> a = answer(sock, "{\"command\": \"echo\", \"arguments\": {\"x\": [1, \"}\"]}}");
            assertEquals(0L, a.get("result"));
            assertEquals(Map.of("x", List.of(1L, "}")), a.get("arguments"));
            Map<String, Object> list = answer(sock, "{ \"command\": \"list-commands\" }");
            assertEquals(List.of("echo", "list-commands"), list.get("arguments"));
        }
        assertTrue(Files.notExists(sock), "socket file removed at close");
    }

    @Test
    void commandSplitAcrossWritesIsAssembled() throws Exception {
        Path sock = dir.resolve("s");
        try (UnixControlSocket s = new UnixControlSocket(sock, registry).start();
             SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(sock));
            c.write(ByteBuffer.wrap("{\"command\": \"ec".getBytes(StandardCharsets.UTF_8)));
            c.write(ByteBuffer.wrap("ho\"}".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (c.read(b) >= 0) {
                // read to EOF
            }
            assertTrue(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).contains("\"result\": 0"));
        }
    }

    @Test
    void errorsUseKeaResultCodesAndTexts() throws Exception {
        Path sock = dir.resolve("s");
        try (UnixControlSocket s = new UnixControlSocket(sock, registry, 300).start()) {
            assertEquals(Map.of("result", 2L, "text", "'no-such-command' command not supported."),
                    answer(sock, "{\"command\": \"no-such-command\"}"));
            assertEquals(Map.of("result", 1L, "text",
                    "Error during command processing: Invalid answer specified, does not contain mandatory 'command'"),
                    answer(sock, "{\"arguments\": {}}"));
            assertEquals(1L, answer(sock, "{\"command\": 7}").get("result"));
            assertEquals(1L, answer(sock, "{\"command\": \"echo\", \"arguments\": [1]}").get("result"));
            assertEquals(1L, answer(sock, "nonsense").get("result"));
            // Kea: an incomplete command times out with this text.
            assertEquals(Map.of("result", 1L, "text",
                    "Connection over control channel timed out, discarded partial command of 27 bytes"),
                    answer(sock, "{\"command\": \"list-commands\""));
            // The server survives all of that.
            assertEquals(0L, answer(sock, "{\"command\": \"list-commands\"}").get("result"));
        }
    }

    /**
     * A client still writing when its command times out gets the answer, not a broken pipe: the server answers,
     * half-closes and discards the rest (a CI run lost the answer to a 3 MB command this way).
     */
    @Test
    void aTimedOutClientStillWritingGetsTheAnswer() throws Exception {
        Path sock = dir.resolve("s");
        try (UnixControlSocket s = new UnixControlSocket(sock, registry, 100).start();
             SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(sock));
            c.write(ByteBuffer.wrap("{\"command\": \"echo\", \"arguments\": {\"x\": \"".getBytes(
                    StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (c.read(b) >= 0) { // the timeout's answer, then end of stream: the server half-closed
                b.flip();
                out.write(b.array(), 0, b.limit());
                b.clear();
            }
            Map<?, ?> a = (Map<?, ?>) Json.parse(out.toString(StandardCharsets.UTF_8));
            assertEquals(1L, a.get("result"));
            assertTrue(((String) a.get("text")).contains("timed out"), a::toString);
            // the rest of the command is read and discarded, not refused with a reset
            ByteBuffer rest = ByteBuffer.wrap("a".repeat(1 << 20).getBytes(StandardCharsets.UTF_8));
            while (rest.hasRemaining()) {
                c.write(rest);
            }
        }
    }

    @Test
    void socketIsOwnerOnlyAndAStaleFileIsReplaced() throws Exception {
        Path sock = dir.resolve("s");
        Files.writeString(sock, "stale");
        try (UnixControlSocket s = new UnixControlSocket(sock, registry).start()) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(sock));
            IOException e = assertThrows(IOException.class, () -> new UnixControlSocket(sock, registry).start());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertEquals(0L, answer(sock, "{\"command\": \"list-commands\"}").get("result"),
                    "the failed second start did not disturb the first");
        }
    }
}
