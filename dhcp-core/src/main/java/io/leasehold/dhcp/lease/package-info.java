/**
 * Leases and the lease store SPI: {@link io.leasehold.dhcp.lease.Lease4}, its identities
 * ({@link io.leasehold.dhcp.lease.HardwareAddress}, {@link io.leasehold.dhcp.lease.ClientId}) and
 * {@link io.leasehold.dhcp.lease.LeaseStore}.
 */
package io.leasehold.dhcp.lease;
