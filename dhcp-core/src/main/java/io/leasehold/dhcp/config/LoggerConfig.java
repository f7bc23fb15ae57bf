package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;

/**
 * A {@code loggers} entry.
 *
 * @param name {@code name}, e.g. {@code kea-dhcp4} or {@code kea-dhcp4.ha-hooks}
 * @param severity {@code severity}
 * @param debugLevel {@code debuglevel} 0..99 (only meaningful with DEBUG)
 * @param outputs {@code output_options}/{@code output-options}; empty means Kea's default (stdout)
 * @param userContext {@code user-context} (with {@code comment} under "comment")
 */
public record LoggerConfig(String name, LogSeverity severity, int debugLevel, List<LoggerOutput> outputs,
        Map<String, Object> userContext) {

    public LoggerConfig {
        outputs = List.copyOf(outputs);
        userContext = ModelMaps.copy(userContext);
    }
}
