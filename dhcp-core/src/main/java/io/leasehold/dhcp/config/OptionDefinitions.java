package io.leasehold.dhcp.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Option definitions by space, name and code: Kea's standard DHCPv4 options (space {@code dhcp4}), the relay agent
 * sub-options (space {@code dhcp-agent-options-space}), DOCSIS 3 vendor options ({@code vendor-4491}), plus the
 * definitions of a configuration's {@code option-def}. Immutable.
 */
public final class OptionDefinitions {
    /** The space of top-level DHCPv4 options. */
    public static final String DHCP4 = "dhcp4";
    /** Sub-options of option 82. */
    public static final String AGENT_OPTIONS_SPACE = "dhcp-agent-options-space";
    /** Sub-options of option 43 (no standard definitions: define them with option-def or give hex). */
    public static final String VENDOR_ENCAPSULATED_SPACE = "vendor-encapsulated-options-space";

    /**
     * Standard options that a configuration may still define itself, because Kea 2.2 had no definition for them
     * and 2.2 configurations declare them with {@code option-def} (121 classless-static-route came with Kea 2.5.5).
     */
    private static final Set<String> REDEFINABLE = Set.of(DHCP4 + "/121");

    private static final OptionDefinitions STANDARD = new OptionDefinitions(standardTable(), List.of());

    private final Map<String, OptionDefinition> byName;
    private final Map<String, OptionDefinition> byCode;
    private final List<OptionDefinition> all;
    private final List<OptionDefinition> custom;

    private OptionDefinitions(List<OptionDefinition> standard, List<OptionDefinition> custom) {
        Map<String, OptionDefinition> names = new HashMap<>();
        Map<String, OptionDefinition> codes = new LinkedHashMap<>();
        for (OptionDefinition d : standard) {
            names.put(d.space() + "/" + d.name(), d);
            codes.put(d.space() + "/" + d.code(), d);
        }
        for (OptionDefinition d : custom) {
            OptionDefinition replaced = codes.put(d.space() + "/" + d.code(), d);
            if (replaced != null) {
                names.remove(replaced.space() + "/" + replaced.name());
            }
            names.put(d.space() + "/" + d.name(), d);
        }
        this.byName = names;
        this.byCode = codes;
        this.all = List.copyOf(codes.values());
        this.custom = List.copyOf(custom);
    }

    /** Kea's standard definitions only. */
    public static OptionDefinitions standard() {
        return STANDARD;
    }

    /**
     * The standard definitions plus {@code custom} ones (which the loader has validated: unique names and codes per
     * space, no clash with a standard definition except {@link #isRedefinable redefinable} ones).
     */
    public static OptionDefinitions withCustom(List<OptionDefinition> custom) {
        return custom.isEmpty() ? STANDARD : new OptionDefinitions(standardTable(), custom);
    }

    public Optional<OptionDefinition> find(String space, String name) {
        return Optional.ofNullable(byName.get(space + "/" + name));
    }

    public Optional<OptionDefinition> find(String space, int code) {
        return Optional.ofNullable(byCode.get(space + "/" + code));
    }

    /** Every definition, standard and custom. */
    public List<OptionDefinition> all() {
        return all;
    }

    /** The configuration's own {@code option-def} entries. */
    public List<OptionDefinition> custom() {
        return custom;
    }

    /** True when {@code space}/{@code code} or {@code space}/{@code name} has a standard definition. */
    public static boolean isStandard(String space, int code) {
        return STANDARD.byCode.containsKey(space + "/" + code);
    }

    public static boolean isStandardName(String space, String name) {
        return STANDARD.byName.containsKey(space + "/" + name);
    }

    /** True for standard options a configuration may define itself (see the class notes). */
    public static boolean isRedefinable(String space, int code) {
        return REDEFINABLE.contains(space + "/" + code);
    }

    /** True when the space holds standard definitions (custom definitions there must not clash with them). */
    public static boolean isStandardSpace(String space) {
        return DHCP4.equals(space) || AGENT_OPTIONS_SPACE.equals(space) || "vendor-4491".equals(space);
    }

    private static List<OptionDefinition> standardTable() {
        List<OptionDefinition> out = new ArrayList<>();
        String space = DHCP4;
        for (String line : TABLE.split("\n")) {
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("space ")) {
                space = line.substring(6);
                continue;
            }
            out.add(parseLine(space, line));
        }
        return Collections.unmodifiableList(out);
    }

    /** "code name type[(record fields)][[]][ >encapsulated-space]". */
    private static OptionDefinition parseLine(String space, String line) {
        String[] parts = line.split(" ");
        int code = Integer.parseInt(parts[0]);
        String name = parts[1];
        String typeText = parts[2];
        String encapsulate = parts.length > 3 ? parts[3].substring(1) : "";
        boolean array = typeText.endsWith("[]");
        if (array) {
            typeText = typeText.substring(0, typeText.length() - 2);
        }
        List<OptionDataType> fields = new ArrayList<>();
        int paren = typeText.indexOf('(');
        if (paren > 0) {
            for (String f : typeText.substring(paren + 1, typeText.length() - 1).split(",")) {
                fields.add(OptionDataType.fromKeaName(f).orElseThrow());
            }
            typeText = typeText.substring(0, paren);
        }
        OptionDataType type = OptionDataType.fromKeaName(typeText).orElseThrow();
        return new OptionDefinition(name, code, space, type, array, fields, encapsulate, Map.of());
    }

    // Kea's standard DHCPv4 definitions (behaviour notes §3), plus 121 from Kea 2.5.5+.
    private static final String TABLE = """
            1 subnet-mask ipv4-address
            2 time-offset int32
            3 routers ipv4-address[]
            4 time-servers ipv4-address[]
            5 name-servers ipv4-address[]
            6 domain-name-servers ipv4-address[]
            7 log-servers ipv4-address[]
            8 cookie-servers ipv4-address[]
            9 lpr-servers ipv4-address[]
            10 impress-servers ipv4-address[]
            11 resource-location-servers ipv4-address[]
            12 host-name string
            13 boot-size uint16
            14 merit-dump string
            15 domain-name string
            16 swap-server ipv4-address
            17 root-path string
            18 extensions-path string
            19 ip-forwarding boolean
            20 non-local-source-routing boolean
            21 policy-filter ipv4-address[]
            22 max-dgram-reassembly uint16
            23 default-ip-ttl uint8
            24 path-mtu-aging-timeout uint32
            25 path-mtu-plateau-table uint16[]
            26 interface-mtu uint16
            27 all-subnets-local boolean
            28 broadcast-address ipv4-address
            29 perform-mask-discovery boolean
            30 mask-supplier boolean
            31 router-discovery boolean
            32 router-solicitation-address ipv4-address
            33 static-routes ipv4-address[]
            34 trailer-encapsulation boolean
            35 arp-cache-timeout uint32
            36 ieee802-3-encapsulation boolean
            37 default-tcp-ttl uint8
            38 tcp-keepalive-interval uint32
            39 tcp-keepalive-garbage boolean
            40 nis-domain string
            41 nis-servers ipv4-address[]
            42 ntp-servers ipv4-address[]
            43 vendor-encapsulated-options empty >vendor-encapsulated-options-space
            44 netbios-name-servers ipv4-address[]
            45 netbios-dd-server ipv4-address[]
            46 netbios-node-type uint8
            47 netbios-scope string
            48 font-servers ipv4-address[]
            49 x-display-manager ipv4-address[]
            50 dhcp-requested-address ipv4-address
            51 dhcp-lease-time uint32
            52 dhcp-option-overload uint8
            53 dhcp-message-type uint8
            54 dhcp-server-identifier ipv4-address
            55 dhcp-parameter-request-list uint8[]
            56 dhcp-message string
            57 dhcp-max-message-size uint16
            58 dhcp-renewal-time uint32
            59 dhcp-rebinding-time uint32
            60 vendor-class-identifier string
            61 dhcp-client-identifier binary
            62 nwip-domain-name string
            63 nwip-suboptions binary
            64 nisplus-domain-name string
            65 nisplus-servers ipv4-address[]
            66 tftp-server-name string
            67 boot-file-name string
            68 mobile-ip-home-agent ipv4-address[]
            69 smtp-server ipv4-address[]
            70 pop-server ipv4-address[]
            71 nntp-server ipv4-address[]
            72 www-server ipv4-address[]
            73 finger-server ipv4-address[]
            74 irc-server ipv4-address[]
            75 streettalk-server ipv4-address[]
            76 streettalk-directory-assistance-server ipv4-address[]
            77 user-class binary
            78 slp-directory-agent record(boolean,ipv4-address)[]
            79 slp-service-scope record(boolean,string)
            81 fqdn record(uint8,uint8,uint8,fqdn)
            82 dhcp-agent-options empty >dhcp-agent-options-space
            85 nds-servers ipv4-address[]
            86 nds-tree-name string
            87 nds-context string
            88 bcms-controller-names fqdn[]
            89 bcms-controller-address ipv4-address[]
            90 authenticate binary
            91 client-last-transaction-time uint32
            92 associated-ip ipv4-address[]
            93 client-system uint16[]
            94 client-ndi record(uint8,uint8,uint8)
            97 uuid-guid record(uint8,binary)
            98 uap-servers string
            99 geoconf-civic binary
            100 pcode string
            101 tcode string
            108 v6-only-preferred uint32
            112 netinfo-server-address ipv4-address[]
            113 netinfo-server-tag string
            114 v4-captive-portal string
            116 auto-config uint8
            117 name-service-search uint16[]
            118 subnet-selection ipv4-address
            119 domain-search fqdn[]
            121 classless-static-route internal
            124 vivco-suboptions record(uint32,binary)
            125 vivso-suboptions uint32
            136 pana-agent ipv4-address[]
            137 v4-lost fqdn
            138 capwap-ac-v4 ipv4-address[]
            141 sip-ua-cs-domains fqdn[]
            146 rdnss-selection record(uint8,ipv4-address,ipv4-address,fqdn)[]
            159 v4-portparams record(uint8,psid)
            212 option-6rd record(uint8,uint8,ipv6-address,ipv4-address)[]
            213 v4-access-domain fqdn
            space dhcp-agent-options-space
            1 circuit-id binary
            2 remote-id binary
            4 docsis-device-class uint32
            5 link-selection ipv4-address
            6 subscriber-id binary
            11 server-id-override ipv4-address
            12 relay-id binary
            19 relay-source-port uint16
            space vendor-4491
            1 oro uint8[]
            2 tftp-servers ipv4-address[]
            """;
}
