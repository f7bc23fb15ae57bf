package io.leasehold.dhcp.codec;

/**
 * A DHCPv4 option code (RFC 2132 and later): an open type. {@link #valueOf(int)} returns a shared instance for every
 * code 0..255, known or not, so an unknown code read off the wire never throws and compares by identity.
 *
 * <p>Known codes carry ISC Kea's option name (the name usable in Kea's {@code option-data}); unknown codes are named
 * {@code unknown-N}. Codes 0 ({@code pad}) and 255 ({@code end}) are framing, not options.
 */
public final class DhcpOptionCode implements Comparable<DhcpOptionCode> {
    private static final DhcpOptionCode[] CACHE = new DhcpOptionCode[256];

    static {
        String[] n = new String[256];
        n[0] = "pad";
        n[255] = "end";
        n[1] = "subnet-mask";
        n[2] = "time-offset";
        n[3] = "routers";
        n[4] = "time-servers";
        n[5] = "name-servers";
        n[6] = "domain-name-servers";
        n[7] = "log-servers";
        n[8] = "cookie-servers";
        n[9] = "lpr-servers";
        n[10] = "impress-servers";
        n[11] = "resource-location-servers";
        n[12] = "host-name";
        n[13] = "boot-size";
        n[14] = "merit-dump";
        n[15] = "domain-name";
        n[16] = "swap-server";
        n[17] = "root-path";
        n[18] = "extensions-path";
        n[19] = "ip-forwarding";
        n[20] = "non-local-source-routing";
        n[21] = "policy-filter";
        n[22] = "max-dgram-reassembly";
        n[23] = "default-ip-ttl";
        n[24] = "path-mtu-aging-timeout";
        n[25] = "path-mtu-plateau-table";
        n[26] = "interface-mtu";
        n[27] = "all-subnets-local";
        n[28] = "broadcast-address";
        n[29] = "perform-mask-discovery";
        n[30] = "mask-supplier";
        n[31] = "router-discovery";
        n[32] = "router-solicitation-address";
        n[33] = "static-routes";
        n[34] = "trailer-encapsulation";
        n[35] = "arp-cache-timeout";
        n[36] = "ieee802-3-encapsulation";
        n[37] = "default-tcp-ttl";
        n[38] = "tcp-keepalive-interval";
        n[39] = "tcp-keepalive-garbage";
        n[40] = "nis-domain";
        n[41] = "nis-servers";
        n[42] = "ntp-servers";
        n[43] = "vendor-encapsulated-options";
        n[44] = "netbios-name-servers";
        n[45] = "netbios-dd-server";
        n[46] = "netbios-node-type";
        n[47] = "netbios-scope";
        n[48] = "font-servers";
        n[49] = "x-display-manager";
        n[50] = "dhcp-requested-address";
        n[51] = "dhcp-lease-time";
        n[52] = "dhcp-option-overload";
        n[53] = "dhcp-message-type";
        n[54] = "dhcp-server-identifier";
        n[55] = "dhcp-parameter-request-list";
        n[56] = "dhcp-message";
        n[57] = "dhcp-max-message-size";
        n[58] = "dhcp-renewal-time";
        n[59] = "dhcp-rebinding-time";
        n[60] = "vendor-class-identifier";
        n[61] = "dhcp-client-identifier";
        n[62] = "nwip-domain-name";
        n[63] = "nwip-suboptions";
        n[64] = "nisplus-domain-name";
        n[65] = "nisplus-servers";
        n[66] = "tftp-server-name";
        n[67] = "boot-file-name";
        n[68] = "mobile-ip-home-agent";
        n[69] = "smtp-server";
        n[70] = "pop-server";
        n[71] = "nntp-server";
        n[72] = "www-server";
        n[73] = "finger-server";
        n[74] = "irc-server";
        n[75] = "streettalk-server";
        n[76] = "streettalk-directory-assistance-server";
        n[77] = "user-class";
        n[78] = "slp-directory-agent";
        n[79] = "slp-service-scope";
        n[81] = "fqdn";
        n[82] = "dhcp-agent-options";
        n[85] = "nds-servers";
        n[86] = "nds-tree-name";
        n[87] = "nds-context";
        n[88] = "bcms-controller-names";
        n[89] = "bcms-controller-address";
        n[90] = "authenticate";
        n[91] = "client-last-transaction-time";
        n[92] = "associated-ip";
        n[93] = "client-system";
        n[94] = "client-ndi";
        n[97] = "uuid-guid";
        n[98] = "uap-servers";
        n[99] = "geoconf-civic";
        n[100] = "pcode";
        n[101] = "tcode";
        n[108] = "v6-only-preferred";
        n[112] = "netinfo-server-address";
        n[113] = "netinfo-server-tag";
        n[114] = "v4-captive-portal";
        n[116] = "auto-config";
        n[117] = "name-service-search";
        n[118] = "subnet-selection";
        n[119] = "domain-search";
        n[121] = "classless-static-route";
        n[122] = "cablelabs-client-conf";
        n[124] = "vivco-suboptions";
        n[125] = "vivso-suboptions";
        n[136] = "pana-agent";
        n[137] = "v4-lost";
        n[138] = "capwap-ac-v4";
        n[141] = "sip-ua-cs-domains";
        n[143] = "v4-sztp-redirect";
        n[146] = "rdnss-selection";
        n[159] = "v4-portparams";
        n[162] = "v4-dnr";
        n[212] = "option-6rd";
        n[213] = "v4-access-domain";
        for (int code = 0; code < 256; code++) {
            CACHE[code] = new DhcpOptionCode(code, n[code] != null ? n[code] : "unknown-" + code, n[code] != null);
        }
    }

    /** 0, padding between options (not an option). */
    public static final DhcpOptionCode PAD = valueOf(0);
    /** 255, end of the options (not an option). */
    public static final DhcpOptionCode END = valueOf(255);
    /** 1, Kea {@code subnet-mask}. */
    public static final DhcpOptionCode SUBNET_MASK = valueOf(1);
    /** 2, Kea {@code time-offset}. */
    public static final DhcpOptionCode TIME_OFFSET = valueOf(2);
    /** 3, Kea {@code routers}. */
    public static final DhcpOptionCode ROUTERS = valueOf(3);
    /** 4, Kea {@code time-servers}. */
    public static final DhcpOptionCode TIME_SERVERS = valueOf(4);
    /** 5, Kea {@code name-servers}. */
    public static final DhcpOptionCode NAME_SERVERS = valueOf(5);
    /** 6, Kea {@code domain-name-servers}. */
    public static final DhcpOptionCode DOMAIN_NAME_SERVERS = valueOf(6);
    /** 7, Kea {@code log-servers}. */
    public static final DhcpOptionCode LOG_SERVERS = valueOf(7);
    /** 8, Kea {@code cookie-servers}. */
    public static final DhcpOptionCode COOKIE_SERVERS = valueOf(8);
    /** 9, Kea {@code lpr-servers}. */
    public static final DhcpOptionCode LPR_SERVERS = valueOf(9);
    /** 10, Kea {@code impress-servers}. */
    public static final DhcpOptionCode IMPRESS_SERVERS = valueOf(10);
    /** 11, Kea {@code resource-location-servers}. */
    public static final DhcpOptionCode RESOURCE_LOCATION_SERVERS = valueOf(11);
    /** 12, Kea {@code host-name}. */
    public static final DhcpOptionCode HOST_NAME = valueOf(12);
    /** 13, Kea {@code boot-size}. */
    public static final DhcpOptionCode BOOT_SIZE = valueOf(13);
    /** 14, Kea {@code merit-dump}. */
    public static final DhcpOptionCode MERIT_DUMP = valueOf(14);
    /** 15, Kea {@code domain-name}. */
    public static final DhcpOptionCode DOMAIN_NAME = valueOf(15);
    /** 16, Kea {@code swap-server}. */
    public static final DhcpOptionCode SWAP_SERVER = valueOf(16);
    /** 17, Kea {@code root-path}. */
    public static final DhcpOptionCode ROOT_PATH = valueOf(17);
    /** 18, Kea {@code extensions-path}. */
    public static final DhcpOptionCode EXTENSIONS_PATH = valueOf(18);
    /** 19, Kea {@code ip-forwarding}. */
    public static final DhcpOptionCode IP_FORWARDING = valueOf(19);
    /** 20, Kea {@code non-local-source-routing}. */
    public static final DhcpOptionCode NON_LOCAL_SOURCE_ROUTING = valueOf(20);
    /** 21, Kea {@code policy-filter}. */
    public static final DhcpOptionCode POLICY_FILTER = valueOf(21);
    /** 22, Kea {@code max-dgram-reassembly}. */
    public static final DhcpOptionCode MAX_DGRAM_REASSEMBLY = valueOf(22);
    /** 23, Kea {@code default-ip-ttl}. */
    public static final DhcpOptionCode DEFAULT_IP_TTL = valueOf(23);
    /** 24, Kea {@code path-mtu-aging-timeout}. */
    public static final DhcpOptionCode PATH_MTU_AGING_TIMEOUT = valueOf(24);
    /** 25, Kea {@code path-mtu-plateau-table}. */
    public static final DhcpOptionCode PATH_MTU_PLATEAU_TABLE = valueOf(25);
    /** 26, Kea {@code interface-mtu}. */
    public static final DhcpOptionCode INTERFACE_MTU = valueOf(26);
    /** 27, Kea {@code all-subnets-local}. */
    public static final DhcpOptionCode ALL_SUBNETS_LOCAL = valueOf(27);
    /** 28, Kea {@code broadcast-address}. */
    public static final DhcpOptionCode BROADCAST_ADDRESS = valueOf(28);
    /** 29, Kea {@code perform-mask-discovery}. */
    public static final DhcpOptionCode PERFORM_MASK_DISCOVERY = valueOf(29);
    /** 30, Kea {@code mask-supplier}. */
    public static final DhcpOptionCode MASK_SUPPLIER = valueOf(30);
    /** 31, Kea {@code router-discovery}. */
    public static final DhcpOptionCode ROUTER_DISCOVERY = valueOf(31);
    /** 32, Kea {@code router-solicitation-address}. */
    public static final DhcpOptionCode ROUTER_SOLICITATION_ADDRESS = valueOf(32);
    /** 33, Kea {@code static-routes}. */
    public static final DhcpOptionCode STATIC_ROUTES = valueOf(33);
    /** 34, Kea {@code trailer-encapsulation}. */
    public static final DhcpOptionCode TRAILER_ENCAPSULATION = valueOf(34);
    /** 35, Kea {@code arp-cache-timeout}. */
    public static final DhcpOptionCode ARP_CACHE_TIMEOUT = valueOf(35);
    /** 36, Kea {@code ieee802-3-encapsulation}. */
    public static final DhcpOptionCode IEEE802_3_ENCAPSULATION = valueOf(36);
    /** 37, Kea {@code default-tcp-ttl}. */
    public static final DhcpOptionCode DEFAULT_TCP_TTL = valueOf(37);
    /** 38, Kea {@code tcp-keepalive-interval}. */
    public static final DhcpOptionCode TCP_KEEPALIVE_INTERVAL = valueOf(38);
    /** 39, Kea {@code tcp-keepalive-garbage}. */
    public static final DhcpOptionCode TCP_KEEPALIVE_GARBAGE = valueOf(39);
    /** 40, Kea {@code nis-domain}. */
    public static final DhcpOptionCode NIS_DOMAIN = valueOf(40);
    /** 41, Kea {@code nis-servers}. */
    public static final DhcpOptionCode NIS_SERVERS = valueOf(41);
    /** 42, Kea {@code ntp-servers}. */
    public static final DhcpOptionCode NTP_SERVERS = valueOf(42);
    /** 43, Kea {@code vendor-encapsulated-options}. */
    public static final DhcpOptionCode VENDOR_ENCAPSULATED_OPTIONS = valueOf(43);
    /** 44, Kea {@code netbios-name-servers}. */
    public static final DhcpOptionCode NETBIOS_NAME_SERVERS = valueOf(44);
    /** 45, Kea {@code netbios-dd-server}. */
    public static final DhcpOptionCode NETBIOS_DD_SERVER = valueOf(45);
    /** 46, Kea {@code netbios-node-type}. */
    public static final DhcpOptionCode NETBIOS_NODE_TYPE = valueOf(46);
    /** 47, Kea {@code netbios-scope}. */
    public static final DhcpOptionCode NETBIOS_SCOPE = valueOf(47);
    /** 48, Kea {@code font-servers}. */
    public static final DhcpOptionCode FONT_SERVERS = valueOf(48);
    /** 49, Kea {@code x-display-manager}. */
    public static final DhcpOptionCode X_DISPLAY_MANAGER = valueOf(49);
    /** 50, Kea {@code dhcp-requested-address}. */
    public static final DhcpOptionCode DHCP_REQUESTED_ADDRESS = valueOf(50);
    /** 51, Kea {@code dhcp-lease-time}. */
    public static final DhcpOptionCode DHCP_LEASE_TIME = valueOf(51);
    /** 52, Kea {@code dhcp-option-overload}. */
    public static final DhcpOptionCode DHCP_OPTION_OVERLOAD = valueOf(52);
    /** 53, Kea {@code dhcp-message-type}. */
    public static final DhcpOptionCode DHCP_MESSAGE_TYPE = valueOf(53);
    /** 54, Kea {@code dhcp-server-identifier}. */
    public static final DhcpOptionCode DHCP_SERVER_IDENTIFIER = valueOf(54);
    /** 55, Kea {@code dhcp-parameter-request-list}. */
    public static final DhcpOptionCode DHCP_PARAMETER_REQUEST_LIST = valueOf(55);
    /** 56, Kea {@code dhcp-message}. */
    public static final DhcpOptionCode DHCP_MESSAGE = valueOf(56);
    /** 57, Kea {@code dhcp-max-message-size}. */
    public static final DhcpOptionCode DHCP_MAX_MESSAGE_SIZE = valueOf(57);
    /** 58, Kea {@code dhcp-renewal-time}. */
    public static final DhcpOptionCode DHCP_RENEWAL_TIME = valueOf(58);
    /** 59, Kea {@code dhcp-rebinding-time}. */
    public static final DhcpOptionCode DHCP_REBINDING_TIME = valueOf(59);
    /** 60, Kea {@code vendor-class-identifier}. */
    public static final DhcpOptionCode VENDOR_CLASS_IDENTIFIER = valueOf(60);
    /** 61, Kea {@code dhcp-client-identifier}. */
    public static final DhcpOptionCode DHCP_CLIENT_IDENTIFIER = valueOf(61);
    /** 62, Kea {@code nwip-domain-name}. */
    public static final DhcpOptionCode NWIP_DOMAIN_NAME = valueOf(62);
    /** 63, Kea {@code nwip-suboptions}. */
    public static final DhcpOptionCode NWIP_SUBOPTIONS = valueOf(63);
    /** 64, Kea {@code nisplus-domain-name}. */
    public static final DhcpOptionCode NISPLUS_DOMAIN_NAME = valueOf(64);
    /** 65, Kea {@code nisplus-servers}. */
    public static final DhcpOptionCode NISPLUS_SERVERS = valueOf(65);
    /** 66, Kea {@code tftp-server-name}. */
    public static final DhcpOptionCode TFTP_SERVER_NAME = valueOf(66);
    /** 67, Kea {@code boot-file-name}. */
    public static final DhcpOptionCode BOOT_FILE_NAME = valueOf(67);
    /** 68, Kea {@code mobile-ip-home-agent}. */
    public static final DhcpOptionCode MOBILE_IP_HOME_AGENT = valueOf(68);
    /** 69, Kea {@code smtp-server}. */
    public static final DhcpOptionCode SMTP_SERVER = valueOf(69);
    /** 70, Kea {@code pop-server}. */
    public static final DhcpOptionCode POP_SERVER = valueOf(70);
    /** 71, Kea {@code nntp-server}. */
    public static final DhcpOptionCode NNTP_SERVER = valueOf(71);
    /** 72, Kea {@code www-server}. */
    public static final DhcpOptionCode WWW_SERVER = valueOf(72);
    /** 73, Kea {@code finger-server}. */
    public static final DhcpOptionCode FINGER_SERVER = valueOf(73);
    /** 74, Kea {@code irc-server}. */
    public static final DhcpOptionCode IRC_SERVER = valueOf(74);
    /** 75, Kea {@code streettalk-server}. */
    public static final DhcpOptionCode STREETTALK_SERVER = valueOf(75);
    /** 76, Kea {@code streettalk-directory-assistance-server}. */
    public static final DhcpOptionCode STREETTALK_DIRECTORY_ASSISTANCE_SERVER = valueOf(76);
    /** 77, Kea {@code user-class}. */
    public static final DhcpOptionCode USER_CLASS = valueOf(77);
    /** 78, Kea {@code slp-directory-agent}. */
    public static final DhcpOptionCode SLP_DIRECTORY_AGENT = valueOf(78);
    /** 79, Kea {@code slp-service-scope}. */
    public static final DhcpOptionCode SLP_SERVICE_SCOPE = valueOf(79);
    /** 81, Kea {@code fqdn}. */
    public static final DhcpOptionCode FQDN = valueOf(81);
    /** 82, Kea {@code dhcp-agent-options}. */
    public static final DhcpOptionCode DHCP_AGENT_OPTIONS = valueOf(82);
    /** 85, Kea {@code nds-servers}. */
    public static final DhcpOptionCode NDS_SERVERS = valueOf(85);
    /** 86, Kea {@code nds-tree-name}. */
    public static final DhcpOptionCode NDS_TREE_NAME = valueOf(86);
    /** 87, Kea {@code nds-context}. */
    public static final DhcpOptionCode NDS_CONTEXT = valueOf(87);
    /** 88, Kea {@code bcms-controller-names}. */
    public static final DhcpOptionCode BCMS_CONTROLLER_NAMES = valueOf(88);
    /** 89, Kea {@code bcms-controller-address}. */
    public static final DhcpOptionCode BCMS_CONTROLLER_ADDRESS = valueOf(89);
    /** 90, Kea {@code authenticate}. */
    public static final DhcpOptionCode AUTHENTICATE = valueOf(90);
    /** 91, Kea {@code client-last-transaction-time}. */
    public static final DhcpOptionCode CLIENT_LAST_TRANSACTION_TIME = valueOf(91);
    /** 92, Kea {@code associated-ip}. */
    public static final DhcpOptionCode ASSOCIATED_IP = valueOf(92);
    /** 93, Kea {@code client-system}. */
    public static final DhcpOptionCode CLIENT_SYSTEM = valueOf(93);
    /** 94, Kea {@code client-ndi}. */
    public static final DhcpOptionCode CLIENT_NDI = valueOf(94);
    /** 97, Kea {@code uuid-guid}. */
    public static final DhcpOptionCode UUID_GUID = valueOf(97);
    /** 98, Kea {@code uap-servers}. */
    public static final DhcpOptionCode UAP_SERVERS = valueOf(98);
    /** 99, Kea {@code geoconf-civic}. */
    public static final DhcpOptionCode GEOCONF_CIVIC = valueOf(99);
    /** 100, Kea {@code pcode}. */
    public static final DhcpOptionCode PCODE = valueOf(100);
    /** 101, Kea {@code tcode}. */
    public static final DhcpOptionCode TCODE = valueOf(101);
    /** 108, Kea {@code v6-only-preferred}. */
    public static final DhcpOptionCode V6_ONLY_PREFERRED = valueOf(108);
    /** 112, Kea {@code netinfo-server-address}. */
    public static final DhcpOptionCode NETINFO_SERVER_ADDRESS = valueOf(112);
    /** 113, Kea {@code netinfo-server-tag}. */
    public static final DhcpOptionCode NETINFO_SERVER_TAG = valueOf(113);
    /** 114, Kea {@code v4-captive-portal}. */
    public static final DhcpOptionCode V4_CAPTIVE_PORTAL = valueOf(114);
    /** 116, Kea {@code auto-config}. */
    public static final DhcpOptionCode AUTO_CONFIG = valueOf(116);
    /** 117, Kea {@code name-service-search}. */
    public static final DhcpOptionCode NAME_SERVICE_SEARCH = valueOf(117);
    /** 118, Kea {@code subnet-selection}. */
    public static final DhcpOptionCode SUBNET_SELECTION = valueOf(118);
    /** 119, Kea {@code domain-search}. */
    public static final DhcpOptionCode DOMAIN_SEARCH = valueOf(119);
    /** 121, Kea {@code classless-static-route}. Defined by Kea from Kea 2.5.5/2.6+. */
    public static final DhcpOptionCode CLASSLESS_STATIC_ROUTE = valueOf(121);
    /** 122, Kea {@code cablelabs-client-conf}. Defined by Kea from Kea 3.0. */
    public static final DhcpOptionCode CABLELABS_CLIENT_CONF = valueOf(122);
    /** 124, Kea {@code vivco-suboptions}. */
    public static final DhcpOptionCode VIVCO_SUBOPTIONS = valueOf(124);
    /** 125, Kea {@code vivso-suboptions}. */
    public static final DhcpOptionCode VIVSO_SUBOPTIONS = valueOf(125);
    /** 136, Kea {@code pana-agent}. */
    public static final DhcpOptionCode PANA_AGENT = valueOf(136);
    /** 137, Kea {@code v4-lost}. */
    public static final DhcpOptionCode V4_LOST = valueOf(137);
    /** 138, Kea {@code capwap-ac-v4}. */
    public static final DhcpOptionCode CAPWAP_AC_V4 = valueOf(138);
    /** 141, Kea {@code sip-ua-cs-domains}. */
    public static final DhcpOptionCode SIP_UA_CS_DOMAINS = valueOf(141);
    /** 143, Kea {@code v4-sztp-redirect}. Defined by Kea from Kea 3.0. */
    public static final DhcpOptionCode V4_SZTP_REDIRECT = valueOf(143);
    /** 146, Kea {@code rdnss-selection}. */
    public static final DhcpOptionCode RDNSS_SELECTION = valueOf(146);
    /** 159, Kea {@code v4-portparams}. */
    public static final DhcpOptionCode V4_PORTPARAMS = valueOf(159);
    /** 162, Kea {@code v4-dnr}. Defined by Kea from Kea 3.0. */
    public static final DhcpOptionCode V4_DNR = valueOf(162);
    /** 212, Kea {@code option-6rd}. */
    public static final DhcpOptionCode OPTION_6RD = valueOf(212);
    /** 213, Kea {@code v4-access-domain}. */
    public static final DhcpOptionCode V4_ACCESS_DOMAIN = valueOf(213);

    private final int code;
    private final String name;
    private final boolean known;

    private DhcpOptionCode(int code, String name, boolean known) {
        this.code = code;
        this.name = name;
        this.known = known;
    }

    /**
     * The option code for a wire value; never {@code null}, never throws for 0..255.
     *
     * @throws IllegalArgumentException when {@code code} does not fit the one-byte code field
     */
    public static DhcpOptionCode valueOf(int code) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("DHCPv4 option code out of range 0..255: " + code);
        }
        return CACHE[code];
    }

    /** The code as on the wire, 0..255. */
    public int intValue() {
        return code;
    }

    /** Kea's name for the option, or {@code unknown-N}. */
    public String name() {
        return name;
    }

    /** Whether Kea (2.2, or a later version where noted) defines this code. */
    public boolean isKnown() {
        return known;
    }

    @Override
    public int compareTo(DhcpOptionCode o) {
        return Integer.compare(code, o.code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpOptionCode other && other.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    /** {@code name(code)}, e.g. {@code dhcp-message-type(53)}. */
    @Override
    public String toString() {
        return name + '(' + code + ')';
    }
}
