package com.mailmoat.core.checks;

/** How a DNS lookup ended; "nothing there" and "could not ask" are deliberately different. */
public enum DnsStatus {
    /** The name has records of the type asked for. */
    FOUND,
    /** The name does not exist (RCODE 3). */
    NXDOMAIN,
    /** The name exists but has no records of the type asked for (NOERROR, empty answer). */
    NODATA,
    /** No usable answer: timeout, SERVFAIL, REFUSED, network failure, CNAME loop. Try again later. */
    UNAVAILABLE
}
