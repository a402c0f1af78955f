package com.mailmoat.core.policy;

/** Which sender address a policy's sender targets are matched against. */
public enum MatchOn {
    /** The envelope sender (SMTP MAIL FROM / Return-Path). */
    ENVELOPE,
    /** The From header the recipient sees. */
    HEADER_FROM
}
