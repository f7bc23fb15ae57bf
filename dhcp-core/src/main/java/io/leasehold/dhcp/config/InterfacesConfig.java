package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Kea's {@code interfaces-config}: where the server listens.
 *
 * @param interfaces the {@code interfaces} list in file order (empty: listen nowhere)
 * @param socketType {@code dhcp-socket-type} (Kea's default on Linux: raw)
 * @param outboundInterface {@code outbound-interface} (default same-as-inbound)
 * @param reDetect {@code re-detect} (default true: interfaces are looked up again on reconfiguration)
 * @param serviceSocketsRequireAll {@code service-sockets-require-all} (default false)
 * @param serviceSocketsRetryWaitTime {@code service-sockets-retry-wait-time} in ms (default 5000)
 * @param serviceSocketsMaxRetries {@code service-sockets-max-retries} (default 0: no retry)
 * @param userContext {@code user-context} (with {@code comment} under "comment")
 */
public record InterfacesConfig(List<InterfaceSpec> interfaces, SocketType socketType,
        OutboundInterface outboundInterface, boolean reDetect, boolean serviceSocketsRequireAll,
        long serviceSocketsRetryWaitTime, long serviceSocketsMaxRetries, Map<String, Object> userContext) {

    /** No interfaces, Kea's defaults. */
    public static final InterfacesConfig DEFAULTS = new InterfacesConfig(List.of(), SocketType.RAW,
            OutboundInterface.SAME_AS_INBOUND, true, false, 5000, 0, Map.of());

    public InterfacesConfig {
        interfaces = List.copyOf(interfaces);
        userContext = ModelMaps.copy(userContext);
    }

    /** True when the list holds {@code *} (every interface). */
    public boolean allInterfaces() {
        return interfaces.stream().anyMatch(InterfaceSpec::wildcard);
    }

    /**
     * One entry of the {@code interfaces} list: {@code eth0}, {@code eth0/192.0.2.1} (listen on that address of
     * the interface only) or {@code *}.
     *
     * @param name interface name, or {@code *}
     * @param address the address after the slash, if any (int, network order)
     */
    public record InterfaceSpec(String name, OptionalInt address) {
        public boolean wildcard() {
            return "*".equals(name);
        }

        /** Kea's text form. */
        @Override
        public String toString() {
            return address.isPresent() ? name + "/" + io.leasehold.dhcp.lease.Ipv4.toString(address.getAsInt())
                    : name;
        }
    }

    /** {@code dhcp-socket-type}. */
    public enum SocketType {
        RAW("raw"), UDP("udp");

        private final String keaName;

        SocketType(String keaName) {
            this.keaName = keaName;
        }

        public String keaName() {
            return keaName;
        }
    }

    /** {@code outbound-interface}. */
    public enum OutboundInterface {
        SAME_AS_INBOUND("same-as-inbound"), USE_ROUTING("use-routing");

        private final String keaName;

        OutboundInterface(String keaName) {
            this.keaName = keaName;
        }

        public String keaName() {
            return keaName;
        }
    }
}
