/** The shipped allocators and their occupancy index; not a public API. */
package io.leasehold.dhcp.alloc.internal;
