package io.leasehold.dhcp.control.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;

import java.io.IOException;

/**
 * Kea's one-line JSON layout, so that scripts which grep Kea's answers keep working: {@code { "key": value, ... }}
 * and {@code [ a, b ]}, with a space inside the brackets and after each separator ({@code {  }} and {@code [  ]} when
 * empty, as Kea prints them). Kea also lists map keys in sorted order; {@link Json#write(Object)} sorts them.
 * Stateless, so one instance serves every generator.
 */
final class KeaJsonFormat implements PrettyPrinter {
    static final KeaJsonFormat INSTANCE = new KeaJsonFormat();

    private KeaJsonFormat() {
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(' ');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw("{ ");
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
        g.writeRaw(" }");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(", ");
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(": ");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw("[ ");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
        g.writeRaw(" ]");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(", ");
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) {
        // nothing between "[ " and the first value
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) {
        // nothing between "{ " and the first key
    }
}
