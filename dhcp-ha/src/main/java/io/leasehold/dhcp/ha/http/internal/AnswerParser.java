package io.leasehold.dhcp.ha.http.internal;

import com.fasterxml.jackson.core.JsonParser;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.internal.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads a peer's answer the way Kea's HA client does ({@code verifyAsyncResponse}): the body must be a JSON list
 * whose first element is an answer map with an integer {@code result}. The HTTP status and {@code Content-Type} are
 * not what matters: a list is accepted whatever the status, and anything else is a failure, including the bare
 * map that Kea's HTTP layer sends with 400/401/403 (Kea turns it into error result 1).
 */
public final class AnswerParser {
    private static final int SNIPPET = 120;

    private AnswerParser() {
    }

    /**
     * @return the first answer of the list
     * @throws AnswerException why the body is not a usable answer
     */
    public static ControlResult parse(HttpResponseStatus status, ByteBuf body) throws AnswerException {
        Object value;
        try (JsonParser p = Json.factory().createParser((InputStream) new ByteBufInputStream(body.duplicate()))) {
            value = Json.readValue(p);
            if (p.nextToken() != null) {
                throw new IOException("unexpected data after the JSON value");
            }
        } catch (IOException | RuntimeException e) {
            throw new AnswerException(statusPrefix(status) + "body is not JSON (" + firstLine(e.getMessage()) + "): "
                    + snippet(body));
        }
        if (!(value instanceof List<?> list)) {
            if (value instanceof Map<?, ?> m) {
                throw new AnswerException(statusPrefix(status) + "body is a single map, not a list of answers"
                        + describeBareMap(m));
            }
            throw new AnswerException(statusPrefix(status) + "body must be a JSON list of answers: " + snippet(body));
        }
        if (list.isEmpty()) {
            throw new AnswerException(statusPrefix(status) + "the list of answers is empty");
        }
        if (!(list.get(0) instanceof Map<?, ?> answer)) {
            throw new AnswerException(statusPrefix(status) + "the first answer is not a map: " + snippet(body));
        }
        if (!answer.containsKey("result")) {
            throw new AnswerException(statusPrefix(status) + "the answer has no 'result': " + snippet(body));
        }
        Object result = answer.get("result");
        if (!(result instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new AnswerException(statusPrefix(status) + "'result' is not an integer: " + Json.write(result));
        }
        Object text = answer.get("text");
        return new ControlResult(l.intValue(), text == null || text instanceof String ? (String) text
                : Json.write(text), answer.get("arguments"));
    }

    private static String statusPrefix(HttpResponseStatus status) {
        return status.code() == 200 ? "" : "HTTP " + status.code() + " " + status.reasonPhrase() + ", ";
    }

    private static String describeBareMap(Map<?, ?> m) {
        StringBuilder s = new StringBuilder();
        if (m.containsKey("result")) {
            s.append(" (result ").append(m.get("result"));
            if (m.get("text") != null) {
                s.append(", text '").append(m.get("text")).append('\'');
            }
            s.append(')');
        }
        return s.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String snippet(ByteBuf body) {
        int n = Math.min(body.readableBytes(), SNIPPET);
        String s = body.toString(body.readerIndex(), n, StandardCharsets.UTF_8).replaceAll("[\\r\\n\\t]+", " ");
        return "'" + s + (body.readableBytes() > n ? "...'" : "'");
    }

    /** Why an answer is unusable. */
    public static final class AnswerException extends Exception {
        private static final long serialVersionUID = 1L;

        AnswerException(String message) {
            super(message, null, false, false);
        }
    }
}
