/**
 * Internals of the memfile store: the compact lease table and its blob arena, the CSV row parser and writer, the
 * file reader, the append journal and the lease file cleanup. Not API.
 */
package io.leasehold.dhcp.store.memfile.internal;
