/**
 * Internals of the memfile store: the compact lease table (its slots and blob arena, its indexes, its subnet
 * statistics), the CSV row parser and writer, the file loader and reader, the journaled table with its locks, the
 * append journal, and the lease file cleanup with its timer. Not API.
 */
package io.leasehold.dhcp.store.memfile.internal;
