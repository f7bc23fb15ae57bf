/**
 * Lease store in ISC Kea's memfile format: {@link io.leasehold.dhcp.store.memfile.MemfileLeaseStore} reads and writes
 * Kea's DHCPv4 lease CSV files (so Kea and Leasehold can take over each other's file set), configured by
 * {@link io.leasehold.dhcp.store.memfile.MemfileConfig} with Kea's {@code lease-database} settings plus Leasehold's
 * {@link io.leasehold.dhcp.store.memfile.FsyncPolicy}.
 */
package io.leasehold.dhcp.store.memfile;
