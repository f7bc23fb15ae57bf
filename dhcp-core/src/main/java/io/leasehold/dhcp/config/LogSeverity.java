package io.leasehold.dhcp.config;

/** Kea's logger severities (case-insensitive in the file). */
public enum LogSeverity {
    FATAL, ERROR, WARN, INFO, DEBUG, NONE
}
