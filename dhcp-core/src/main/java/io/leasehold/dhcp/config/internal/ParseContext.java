package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.OptionDefinitions;
import io.leasehold.dhcp.config.Overrides;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** State shared by the section parsers while one configuration is read. */
final class ParseContext {
    static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.config");

    final String source;
    final Overrides overrides;
    final List<String> warnings = new ArrayList<>();
    /** Client classes defined so far, in order (a class may only depend on earlier ones). */
    final Set<String> classNames = new LinkedHashSet<>();
    OptionDefinitions definitions = OptionDefinitions.standard();

    ParseContext(String source, Overrides overrides) {
        this.source = source;
        this.overrides = overrides;
    }

    /** Records (and logs) something that loads but deserves attention. */
    void warn(Location at, String message) {
        String text = at.source() + ":" + at.line() + ":" + at.column() + ": "
                + (at.path().isEmpty() ? "" : at.path() + ": ") + message;
        warnings.add(text);
        LOG.warn("{}", text);
    }
}
