package io.leasehold.dhcp.config;

import io.leasehold.dhcp.config.internal.JsonTreeReader;
import io.leasehold.dhcp.config.internal.KeaConfigParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, immutable Kea DHCPv4 configuration: the {@code Dhcp4} section of a {@code kea-dhcp4.conf}.
 *
 * <p>Load one with {@link #load(Path)} or {@link #parse(String, String)}. The file is read as Kea reads it
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

    /** Loads a configuration file; errors name the file as {@code path} was given. */
    public static KeaConfig load(Path path) throws ConfigException {
        return load(path, Overrides.none());
    }

    /** Loads a configuration file and applies {@code overrides}. */
    public static KeaConfig load(Path path, Overrides overrides) throws ConfigException {
        String source = path.toString();
        String text;
        try {
            if (Files.size(path) > JsonTreeReader.MAX_TEXT_LENGTH) {
                throw new ConfigException(source, 0, 0, "", "file is larger than " + JsonTreeReader.MAX_TEXT_LENGTH
                        + " bytes");
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, 0, 0, "", "file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(source, 0, 0, "", "cannot read file: " + e, e);
        }
        return parse(text, source, overrides);
    }

    /** Parses configuration text; {@code sourceName} labels errors (e.g. a file name or "config-set"). */
    public static KeaConfig parse(String text, String sourceName) throws ConfigException {
        return parse(text, sourceName, Overrides.none());
    }

    /** Parses configuration text and applies {@code overrides}. */
    public static KeaConfig parse(String text, String sourceName, Overrides overrides) throws ConfigException {
        return KeaConfigParser.parse(text, sourceName, overrides);
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
