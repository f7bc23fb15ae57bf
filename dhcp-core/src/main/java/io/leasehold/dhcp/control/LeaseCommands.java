package io.leasehold.dhcp.control;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Kea's lease_cmds for DHCPv4 ({@code lease4-add}, {@code -get}, {@code -get-all}, {@code -get-page},
 * {@code -get-by-hw-address}, {@code -get-by-client-id}, {@code -get-by-hostname}, {@code -update}, {@code -del},
 * {@code -wipe}, {@code -resend-ddns}) with Kea's texts. Conflicts answer result 4 as Kea 2.4+ does (2.2 said 1).
 * Each command also has a typed method for embedders.
 */
public final class LeaseCommands {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.leasehold.dhcp.ddns");
    /** Largest page {@code lease4-get-page} serves; a bigger limit is refused rather than silently shortened. */
    public static final int MAX_PAGE = 100_000;

    private final LeaseCommandContext ctx;

    public LeaseCommands(LeaseCommandContext ctx) {
        this.ctx = ctx;
    }

    /** Registers every lease command. */
    public void registerAll(CommandRegistry r) {
        r.register("lease4-add", this::add);
        r.register("lease4-update", this::update);
        r.register("lease4-get", this::get);
        r.register("lease4-get-all", this::getAll);
        r.register("lease4-get-page", this::getPage);
        r.register("lease4-get-by-hw-address", c -> byList(
                store().getByHardwareAddress(hw(c.args().requireString("hw-address")))));
        r.register("lease4-get-by-client-id", c -> byList(
                store().getByClientId(cid(c.args().requireString("client-id")))));
        r.register("lease4-get-by-hostname", c -> {
            String h = c.args().requireString("hostname");
            if (h.isEmpty()) {
                throw new CommandException("'hostname' parameter is empty");
            }
            return byList(store().getByHostname(h.toLowerCase(Locale.ROOT)));
        });
        r.register("lease4-del", this::del);
        r.register("lease4-wipe", this::wipe);
        r.register("lease4-resend-ddns", this::resendDdns);
    }

    /** Kea's lease4-resend-ddns: an add request for the lease as it is, with Kea's texts and result codes. */
    private ControlResult resendDdns(Command c) {
        String ip = c.args().requireString("ip-address");
        int address;
        try {
            address = Ipv4.parse(ip);
        } catch (IllegalArgumentException e) {
            throw new CommandException("'" + ip + "' is not a valid IPv4 address");
        }
        String text;
        if (!ctx.ddnsEnabled()) {
            text = "DDNS updating is not enabled";
        } else {
            Lease4 l = store().get(address).orElse(null);
            if (l == null) {
                text = "No lease found for: " + ip;
                LOG.warn("LH_DDNS_RESEND_FAILED {}", text);
                return ControlResult.empty(text);
            } else if (l.hostname().isEmpty()) {
                text = "Lease for: " + ip + ", has no hostname, nothing to update";
            } else if (!l.fqdnForward() && !l.fqdnReverse()) {
                text = "Neither forward nor reverse updates enabled for lease for: " + ip;
            } else {
                ctx.resendDdns(l);
                text = "NCR generated for: " + ip + ", hostname: " + l.hostname();
                LOG.info("LH_DDNS_RESEND {}", text);
                return ControlResult.success(text);
            }
        }
        LOG.warn("LH_DDNS_RESEND_FAILED {}", text);
        return ControlResult.error(text);
    }

    private LeaseStore store() {
        return ctx.store();
    }

    // ---- typed API ----

    /** Adds a lease; false when the address already has one. */
    public boolean addLease(Lease4 lease) {
        return ctx.changing(() -> {
            if (!store().add(lease)) {
                return false;
            }
            ctx.leaseChanged(null, lease);
            return true;
        });
    }

    /** Replaces a lease or, with {@code forceCreate}, adds it. Returns "added", "updated" or empty when missing. */
    public Optional<String> updateLease(Lease4 lease, boolean forceCreate) {
        return decided(lease.address(), () -> {
            Optional<Lease4> old = store().get(lease.address());
            if (old.isPresent()) {
                if (store().replace(old.get(), lease)) {
                    ctx.leaseChanged(old.get(), lease);
                    return Optional.of("updated");
                }
            } else if (!forceCreate) {
                return Optional.of(NOTHING);
            } else if (store().add(lease)) {
                ctx.leaseChanged(null, lease);
                return Optional.of("added");
            }
            return Optional.empty();
        });
    }

    /**
     * Puts {@code lease} in the store unless the store's lease for that address is at least as recent (its cltt not
     * older): "added", "updated", or empty when the local lease was kept. The comparison and the write are one
     * compare-and-set, so a newer lease written meanwhile by another thread (an HA partner's lease update while this
     * server pulls the partner's pages) is never overwritten by an older copy.
     */
    public Optional<String> updateLeaseIfNewer(Lease4 lease) {
        return decided(lease.address(), () -> {
            Optional<Lease4> old = store().get(lease.address());
            if (old.isPresent()) {
                if (old.get().cltt() >= lease.cltt()) {
                    return Optional.of(NOTHING);
                }
                if (store().replace(old.get(), lease)) {
                    ctx.leaseChanged(old.get(), lease);
                    return Optional.of("updated");
                }
            } else if (store().add(lease)) {
                ctx.leaseChanged(null, lease);
                return Optional.of("added");
            }
            return Optional.empty();
        });
    }

    /** What {@link #decided}'s attempt returns when it decided to change nothing. */
    private static final String NOTHING = "";

    /**
     * Runs {@code attempt} (one compare-and-set lease change and its statistics, under {@link
     * LeaseCommandContext#changing}) until it decides: "added", "updated", {@link #NOTHING} (answered as empty), or
     * empty when the store changed between its read and its write (then again, at most 16 times).
     */
    private Optional<String> decided(int address, java.util.function.Supplier<Optional<String>> attempt) {
        for (int i = 0; i < 16; i++) {
            Optional<String> done = ctx.changing(attempt);
            if (done.isPresent()) {
                return done.get().equals(NOTHING) ? Optional.empty() : done;
            }
        }
        throw new CommandException(ControlResult.CONFLICT, "ResourceBusy: IP address:" + Ipv4.toString(address)
                + " could not be updated.");
    }

    /**
     * {@link #updateLeaseIfNewer} for many leases at once ({@link LeaseStore#putAllIfNewer}): each lease is stored
     * unless the local lease for its address is not older. The server's lease statistics follow every stored lease.
     *
     * @param stored called with each stored lease, in order, after the statistics; may be {@code null}
     * @return the number of leases stored
     */
    public int updateLeasesIfNewer(List<Lease4> leases, Consumer<Lease4> stored) {
        // one change for the reconfiguration gate: a store may report its leases only after the last is stored
        return ctx.changing(() -> store().putAllIfNewer(leases, (before, after) -> {
            ctx.leaseChanged(before, after);
            if (stored != null) {
                stored.accept(after);
            }
        }));
    }

    /** Deletes the lease of an address; returns it. */
    public Optional<Lease4> deleteLease(int address) {
        return ctx.changing(() -> {
            Optional<Lease4> d = store().delete(address);
            d.ifPresent(l -> ctx.leaseChanged(l, null));
            return d;
        });
    }

    // ---- commands ----

    private ControlResult add(Command c) {
        Lease4 l = LeaseJson.fromArguments(c.args(), ctx::resolveSubnet, ctx::defaultValidLifetime, ctx.nowSeconds());
        if (!addLease(l)) {
            throw new CommandException(ControlResult.CONFLICT, "IPv4 lease already exists.");
        }
        return ControlResult.success("Lease for address " + Ipv4.toString(l.address()) + ", subnet-id "
                + l.subnetId() + " added.");
    }

    private ControlResult update(Command c) {
        boolean force = c.args().optBoolean("force-create").orElse(false);
        Lease4 l = LeaseJson.fromArguments(c.args(), ctx::resolveSubnet, ctx::defaultValidLifetime, ctx.nowSeconds());
        Optional<String> r = updateLease(l, force);
        if (r.isEmpty()) {
            throw new CommandException(ControlResult.CONFLICT, "failed to update the lease with address "
                    + Ipv4.toString(l.address()) + " either because the lease has been deleted or it has changed in"
                    + " the database, in both cases a retry might succeed");
        }
        return ControlResult.success(r.get().equals("added") ? "IPv4 lease added." : "IPv4 lease updated.");
    }

    private ControlResult get(Command c) {
        return find(c.args()).map(l -> ControlResult.success("IPv4 lease found.", LeaseJson.toMap(l)))
                .orElseGet(() -> ControlResult.empty("Lease not found."));
    }

    private ControlResult del(Command c) {
        Optional<Lease4> l = find(c.args());
        if (l.isEmpty()) {
            return ControlResult.empty("IPv4 lease not found.");
        }
        if (ctx.changing(() -> {
            boolean deleted = store().delete(l.get());
            if (deleted) {
                ctx.leaseChanged(l.get(), null);
            }
            return deleted;
        })) {
            return ControlResult.success("IPv4 lease deleted.");
        }
        return ControlResult.empty("IPv4 lease not found.");
    }

    /** By {@code ip-address}, or by {@code identifier-type} + {@code identifier} + {@code subnet-id}. */
    private Optional<Lease4> find(Arguments a) {
        if (a.has("ip-address")) {
            String ip = a.requireString("ip-address");
            try {
                return store().get(Ipv4.parse(ip));
            } catch (IllegalArgumentException e) {
                throw new CommandException("'" + ip + "' is not a valid IPv4 address");
            }
        }
        if (!a.has("identifier-type") || !a.has("identifier")) {
            throw new CommandException("Mandatory 'subnet-id' parameter missing and no 'ip-address' specified.");
        }
        String type = a.requireString("identifier-type");
        String id = a.requireString("identifier");
        long subnet = a.optUint32("subnet-id").orElseThrow(() -> new CommandException(
                "missing parameter 'subnet-id'"));
        List<Lease4> candidates = switch (type) {
            case "hw-address" -> store().getByHardwareAddress(hw(id));
            case "client-id" -> store().getByClientId(cid(id));
            default -> throw new CommandException("Identifier type " + type
                    + " is not supported. Supported types are: hw-address and client-id");
        };
        return candidates.stream().filter(l -> l.subnetId() == subnet).findFirst();
    }

    private ControlResult getAll(Command c) {
        Optional<List<?>> subnets = c.args().optList("subnets");
        List<Lease4> out = new ArrayList<>();
        if (subnets.isPresent()) {
            for (Object o : subnets.get()) {
                if (!(o instanceof Long id) || id < 0 || id > 0xffffffffL) {
                    throw new CommandException("listed subnet identifiers must be numbers");
                }
                out.addAll(store().getBySubnet(id));
            }
        } else {
            // Pages strictly after 0.0.0.0, which is never leased.
            int after = 0;
            while (true) {
                List<Lease4> page = store().getPage(after, 10_000);
                out.addAll(page);
                if (page.size() < 10_000) {
                    break;
                }
                after = page.get(page.size() - 1).address();
            }
        }
        return byList(out);
    }

    private ControlResult getPage(Command c) {
        Arguments a = c.args();
        String from = a.requireString("from");
        long limit = a.requireLong("limit");
        if (limit <= 0) {
            throw new CommandException("page size of retrieved leases must not be 0");
        }
        if (limit > MAX_PAGE) {
            throw new CommandException("page size " + limit + " is larger than the maximum " + MAX_PAGE);
        }
        int after;
        if (from.equals("start")) {
            after = 0;
        } else {
            try {
                after = Ipv4.parse(from);
            } catch (IllegalArgumentException e) {
                throw new CommandException("'from' parameter value " + from + " is neither 'start' keyword nor a"
                        + " valid IPv4 address");
            }
        }
        List<Lease4> page = store().getPage(after, (int) limit);
        List<Object> leases = page.stream().map(LeaseJson::toMap).collect(Collectors.toList());
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        args.put("count", (long) leases.size());
        args.put("leases", leases);
        String text = leases.size() + " IPv4 lease(s) found.";
        return leases.isEmpty() ? ControlResult.empty(text, args) : ControlResult.success(text, args);
    }

    /** Deletes every lease of a subnet, or of all configured subnets when {@code subnetId} is 0; returns the count. */
    public long wipe(long subnetId) {
        long deleted = 0;
        for (long id : wipeIds(subnetId)) {
            for (Lease4 l : store().getBySubnet(id)) {
                if (ctx.changing(() -> {
                    boolean gone = store().delete(l);
                    if (gone) {
                        ctx.leaseChanged(l, null);
                    }
                    return gone;
                })) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private Collection<Long> wipeIds(long subnetId) {
        return subnetId == 0 ? new TreeSet<>(ctx.subnetIds()) : List.of(subnetId);
    }

    private ControlResult wipe(Command c) {
        long subnet = c.args().optUint32("subnet-id").orElse(0L);
        Collection<Long> ids = wipeIds(subnet);
        long deleted = wipe(subnet);
        String text = "Deleted " + deleted + " IPv4 lease(s) from subnet(s) "
                + ids.stream().map(String::valueOf).collect(Collectors.joining(" "));
        return deleted == 0 ? ControlResult.empty(text) : ControlResult.success(text);
    }

    private static ControlResult byList(List<Lease4> leases) {
        List<Object> out = leases.stream().map(LeaseJson::toMap).collect(Collectors.toList());
        String text = out.size() + " IPv4 lease(s) found.";
        Map<String, Object> args = Map.of("leases", out);
        return out.isEmpty() ? ControlResult.empty(text, args) : ControlResult.success(text, args);
    }

    private static HardwareAddress hw(String s) {
        try {
            return HardwareAddress.parse(s);
        } catch (IllegalArgumentException e) {
            throw new CommandException("invalid hw-address '" + s + "'");
        }
    }

    private static ClientId cid(String s) {
        try {
            return ClientId.parse(s);
        } catch (IllegalArgumentException e) {
            throw new CommandException("invalid client-id '" + s + "'");
        }
    }
}
