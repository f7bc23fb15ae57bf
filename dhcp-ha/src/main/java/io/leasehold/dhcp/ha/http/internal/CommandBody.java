package io.leasehold.dhcp.ha.http.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.leasehold.dhcp.control.internal.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The JSON body of a command to a peer, keys in Kea's (alphabetical) order:
 * {@code {"arguments":{...},"command":"...","service":["dhcp4"]}}. {@code service} lets a Kea Control Agent route
 * the command; the HA dedicated listener ignores it.
 */
public final class CommandBody {
    private CommandBody() {
    }

    /**
     * @throws IllegalArgumentException when an argument value is not a JSON value (maps, lists, strings, numbers,
     *                                  booleans, null)
     */
    public static byte[] encode(String command, Map<String, Object> arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = Json.factory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(Json.keaLayout()); // byte for byte what Kea's HA client sends
            g.writeStartObject();
            if (arguments != null) {
                g.writeFieldName("arguments");
                Json.write(g, arguments);
            }
            g.writeStringField("command", command);
            g.writeArrayFieldStart("service");
            g.writeString("dhcp4");
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise command " + command, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("arguments of command '" + command + "': " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
