package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.ExpiredLeasesProcessing;
import io.leasehold.dhcp.config.NetworkSettings;
import io.leasehold.dhcp.config.OptionData;
import io.leasehold.dhcp.config.OptionDefinitions;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.config.ServerSettings;
import io.leasehold.dhcp.config.SharedNetwork;
import io.leasehold.dhcp.config.Subnet4;

import java.util.List;

/**
 * The parts of a Kea configuration the DHCPv4 engine uses.
 *
 * @param subnets            every subnet, top-level and inside shared networks
 * @param sharedNetworks     the shared networks
 * @param clientClasses      configured classes, in configuration order
 * @param globalOptions      global {@code option-data}
 * @param globalReservations global {@code reservations}
 * @param globalSettings     global inheritable parameters
 * @param serverSettings     global-only parameters
 * @param expiredLeases      {@code expired-leases-processing}
 * @param optionDefinitions  standard plus {@code option-def} definitions (for option names in expressions)
 */
public record EngineConfig(List<Subnet4> subnets, List<SharedNetwork> sharedNetworks,
                           List<ClientClass> clientClasses, List<OptionData> globalOptions,
                           List<Reservation> globalReservations, NetworkSettings globalSettings,
                           ServerSettings serverSettings, ExpiredLeasesProcessing expiredLeases,
                           OptionDefinitions optionDefinitions) {
    /** The engine's view of a loaded Kea configuration. */
    public static EngineConfig from(io.leasehold.dhcp.config.KeaConfig c) {
        return new EngineConfig(c.subnets(), c.sharedNetworks(), c.clientClasses(), c.optionData(), c.reservations(),
                c.settings(), c.server(), c.expiredLeasesProcessing(), c.optionDefinitions());
    }

    public EngineConfig {
        subnets = List.copyOf(subnets);
        sharedNetworks = List.copyOf(sharedNetworks);
        clientClasses = List.copyOf(clientClasses);
        globalOptions = List.copyOf(globalOptions);
        globalReservations = List.copyOf(globalReservations);
    }
}
