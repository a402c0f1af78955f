package com.mailmoat.core.scan;

/** Why a scan ran: right after consent, by schedule, or started by the administrator. */
public enum ScanKind {
    FIRST,
    SCHEDULED,
    MANUAL
}
