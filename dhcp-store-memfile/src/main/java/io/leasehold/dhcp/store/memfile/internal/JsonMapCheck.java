package io.leasehold.dhcp.store.memfile.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;

/** Checks that user-context text is one JSON object (Kea rejects any other JSON value), with jackson-core. */
public final class JsonMapCheck {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(256).build())
            .build();

    private JsonMapCheck() {
    }

    /** {@code null} when {@code b[off, off+len)} is a JSON object, else why not. */
    public static String problem(byte[] b, int off, int len) {
        try (JsonParser p = FACTORY.createParser(b, off, len)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return first == null ? "is empty" : "is not a JSON map";
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return "has data after the JSON map";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "is not valid JSON: " + e.getOriginalMessage();
        } catch (IOException e) {
            return "is not valid JSON: " + e.getMessage();
        }
    }
}
