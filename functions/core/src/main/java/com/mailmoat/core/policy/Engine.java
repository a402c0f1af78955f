package com.mailmoat.core.policy;

/** The detection engines a policy can switch on or off. */
public enum Engine {
    /** Display-name and lookalike-domain impersonation of people, the organisation and brands. */
    IMPERSONATION,
    /** Links: credential forms, lookalike and listed hosts, mismatched anchors. */
    URL,
    /** Attachments: dangerous types, macros, archives, smuggling. */
    ATTACHMENT,
    /** Spam and bulk mail. */
    SPAM_BULK
}
