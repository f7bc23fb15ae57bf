package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, immutable Kea DHCPv4 configuration: the {@code Dhcp4} section of a {@code kea-dhcp4.conf}.
 *
 * <p>Load one with {@link KeaConfigLoader#load(java.nio.file.Path)} or {@link KeaConfigLoader#parse(String, String)}. The file is read as Kea reads it
 * (comments {@code //}, {@code /* *}{@code /} and {@code #}; Kea's key names and defaults). Every key is either
 * represented here or rejected: unknown keys, wrong types and inconsistent values fail with a
 * {@link ConfigException} naming file, line, column and JSON path, and keys Kea accepts but Leasehold does not
 * implement fail as "not supported". Other top-level sections Kea allows in a shared file ({@code Dhcp6},
 * {@code DhcpDdns}, {@code Control-agent}, {@code Logging}, {@code Netconf}) are ignored.
 *
 * @param sourceName the file name or label errors name
 * @param interfaces {@code interfaces-config}
 * @param controlSockets the command channels: Kea 2.2's single {@code control-socket} or the entries of Kea 3.0's
 *                      {@code control-sockets} list, in file order
 * @param leaseDatabase {@code lease-database}
 * @param multiThreading {@code multi-threading}
 * @param expiredLeasesProcessing {@code expired-leases-processing}
 * @param server global-only parameters
 * @param settings the inheritable parameters at the global level
 * @param optionData global {@code option-data}
 * @param optionDefinitions standard definitions plus {@code option-def}
 * @param clientClasses {@code client-classes}, in file order (evaluation order)
 * @param hooksLibraries {@code hooks-libraries}
 * @param sharedNetworks {@code shared-networks}
 * @param subnets every subnet (top-level and inside shared networks) in ascending id order, Kea's selection order
 * @param reservations global {@code reservations}
 * @param loggers {@code loggers}
 * @param userContext {@code user-context} of Dhcp4 (with {@code comment} under "comment")
 * @param warnings things that load but deserve attention (deprecated keys, normalised values), with their location
 */
public record KeaConfig(String sourceName, InterfacesConfig interfaces, List<ControlSocket> controlSockets,
        LeaseDatabase leaseDatabase, MultiThreading multiThreading, ExpiredLeasesProcessing expiredLeasesProcessing,
        ServerSettings server, NetworkSettings settings, List<OptionData> optionData,
        OptionDefinitions optionDefinitions, List<ClientClass> clientClasses, List<HookLibrary> hooksLibraries,
        List<SharedNetwork> sharedNetworks, List<Subnet4> subnets, List<Reservation> reservations,
        List<LoggerConfig> loggers, Map<String, Object> userContext, List<String> warnings) {

    public KeaConfig {
        controlSockets = List.copyOf(controlSockets);
        optionData = List.copyOf(optionData);
        clientClasses = List.copyOf(clientClasses);
        hooksLibraries = List.copyOf(hooksLibraries);
        sharedNetworks = List.copyOf(sharedNetworks);
        subnets = List.copyOf(subnets);
        reservations = List.copyOf(reservations);
        loggers = List.copyOf(loggers);
        userContext = ModelMaps.copy(userContext);
        warnings = List.copyOf(warnings);
    }

    /** The first UNIX control socket (Kea 2.2's {@code control-socket}), if any. */
    public Optional<ControlSocket> controlSocket() {
        return controlSockets.stream().filter(ControlSocket::isUnix).findFirst();
    }

    /** The HA relationships, if {@code libdhcp_ha.so} is loaded; else empty. */
    public List<HaRelationship> highAvailability() {
        return hook(HookLibrary.Kind.HIGH_AVAILABILITY).map(HookLibrary::highAvailability).orElse(List.of());
    }

    /** The hook library of that kind, if loaded. */
    public Optional<HookLibrary> hook(HookLibrary.Kind kind) {
        for (HookLibrary h : hooksLibraries) {
            if (h.kind() == kind) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    public Optional<Subnet4> subnet(long id) {
        for (Subnet4 s : subnets) {
            if (s.id() == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public Optional<ClientClass> clientClass(String name) {
        for (ClientClass c : clientClasses) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
