/** Codec internals; not public API, may change without notice. */
package io.leasehold.dhcp.codec.internal;
