package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.Lifetime;
import io.leasehold.dhcp.config.OptionData;
import io.leasehold.dhcp.config.OptionDataType;
import io.leasehold.dhcp.config.OptionDefinition;
import io.leasehold.dhcp.lease.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** config-get's option-data, option-def and client-classes, as Kea 2.2's toElement prints them. */
final class OptionsRenderer {
    private OptionsRenderer() {
    }

    /** Each option with always-send, code, csv-format, data, name (when known) and space. */
    static List<Object> optionData(List<OptionData> options) {
        List<Object> out = new ArrayList<>();
        for (OptionData o : options) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!o.name().isEmpty()) {
                m.put("name", o.name());
            }
            m.put("code", o.code());
            m.put("space", o.space());
            m.put("csv-format", o.csvFormat());
            m.put("data", o.data());
            m.put("always-send", o.alwaysSend());
            if (o.neverSend()) { // a Kea 2.4 key: only when set
                m.put("never-send", true);
            }
            ConfigRenderer.userContext(m, o.userContext());
            out.add(m);
        }
        return out;
    }

    /** The custom definitions (not Kea's standard ones), with array, encapsulate and record-types filled in. */
    static List<Object> optionDefs(List<OptionDefinition> defs) {
        List<Object> out = new ArrayList<>();
        for (OptionDefinition d : defs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("code", d.code());
            m.put("space", d.space());
            m.put("type", d.type().keaName());
            m.put("array", d.array());
            StringBuilder records = new StringBuilder();
            if (d.type() == OptionDataType.RECORD) {
                for (OptionDataType t : d.recordTypes()) {
                    records.append(records.length() == 0 ? "" : ", ").append(t.keaName());
                }
            }
            m.put("record-types", records.toString());
            m.put("encapsulate", d.encapsulate());
            ConfigRenderer.userContext(m, d.userContext());
            out.add(m);
        }
        return out;
    }

    /** As Kea's ClientClassDef::toElement for DHCPv4. */
    static List<Object> clientClasses(List<ClientClass> classes) {
        List<Object> out = new ArrayList<>();
        for (ClientClass c : classes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            if (!c.test().isEmpty()) {
                m.put("test", c.test());
            }
            if (c.onlyIfRequired()) {
                m.put("only-if-required", true);
            }
            m.put("option-data", optionData(c.optionData()));
            m.put("next-server", Ipv4.toString(c.nextServer()));
            m.put("server-hostname", c.serverHostname());
            m.put("boot-file-name", c.bootFileName());
            if (c.lifetime().isPresent()) {
                Lifetime l = c.lifetime().get();
                m.put("valid-lifetime", l.valid());
                if (l.min() < l.valid()) { // as Kea: the bounds only where they differ
                    m.put("min-valid-lifetime", l.min());
                }
                if (l.max() > l.valid()) {
                    m.put("max-valid-lifetime", l.max());
                }
            }
            ConfigRenderer.userContext(m, c.userContext());
            out.add(m);
        }
        return out;
    }
}
