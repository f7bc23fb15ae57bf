/** Implementation of the SQL lease store; not API. */
package io.leasehold.dhcp.store.sql.internal;
