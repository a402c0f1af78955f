package com.mailmoat.core.checks;

/** The DNS record types the setup checks look up. */
public enum DnsRecordType {
    A, AAAA, MX, TXT, PTR, CNAME, NS
}
