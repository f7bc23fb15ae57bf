package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.LogSeverity;
import io.leasehold.dhcp.config.LoggerConfig;
import io.leasehold.dhcp.config.LoggerOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code loggers}, with either spelling of {@code output_options} / {@code output-options}. */
final class LoggersParser {
    private LoggersParser() {
    }

    static List<LoggerConfig> parse(List<Node> entries) throws ConfigException {
        List<LoggerConfig> out = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (Node entry : entries) {
            MapReader m = MapReader.of(entry, "loggers entry");
            Node nameNode = m.require("name");
            String name = Values.string(nameNode).trim();
            if (name.isEmpty()) {
                throw nameNode.error("logger name must not be empty");
            }
            Node previous = names.putIfAbsent(name, nameNode);
            if (previous != null) {
                throw nameNode.error("logger '" + name + "' is already configured (at " + previous.path() + ")");
            }
            LogSeverity severity = severity(m.require("severity"));
            int debugLevel = (int) m.integer("debuglevel", 0, 0, 99);
            Node underscore = m.get("output_options");
            Node dash = m.get("output-options");
            if (underscore != null && dash != null) {
                throw dash.error("output_options and output-options are both set; use one");
            }
            List<LoggerOutput> outputs = new ArrayList<>();
            Node outputsNode = underscore != null ? underscore : dash;
            if (outputsNode != null) {
                for (Node o : Values.list(outputsNode).elements()) {
                    outputs.add(output(o));
                }
            }
            out.add(new LoggerConfig(name, severity, debugLevel, outputs, m.userContext()));
            m.finish();
        }
        return out;
    }

    private static LogSeverity severity(Node node) throws ConfigException {
        String text = Values.string(node).trim();
        try {
            return LogSeverity.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.error("unknown log severity '" + text + "', expected FATAL, ERROR, WARN, INFO, DEBUG or NONE");
        }
    }

    private static LoggerOutput output(Node node) throws ConfigException {
        MapReader m = MapReader.of(node, "output-options entry");
        Node outputNode = m.require("output");
        String output = Values.string(outputNode).trim();
        if (output.isEmpty()) {
            throw outputNode.error("output must not be empty");
        }
        LoggerOutput o = new LoggerOutput(output, m.bool("flush", true),
                m.uint32("maxsize", LoggerOutput.DEFAULT_MAX_SIZE), m.uint32("maxver", 1), m.string("pattern", ""));
        m.finish();
        return o;
    }
}
