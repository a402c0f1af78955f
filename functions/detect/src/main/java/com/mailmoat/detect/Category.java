package com.mailmoat.detect;

/**
 * What kind of threat a verdict describes. A verdict may carry several (a spoofed sender that
 * links to a credential form is SPOOFING and PHISHING).
 */
public enum Category {
    /** Credential harvesting or a lure to a malicious page. */
    PHISHING,
    /** Dangerous attachment: executable, script, macro document, disk image, smuggling HTML. */
    MALWARE,
    /** Pretends to be an internal user, a VIP, the tenant's domain or a well-known brand. */
    IMPERSONATION,
    /** The From address is not what the sender authenticated as. */
    SPOOFING,
    /** Business email compromise: payment redirection, gift cards, urgent favours. */
    BEC,
    /** Sextortion, ransom and threat mail. */
    EXTORTION,
    /** Unwanted bulk or advance-fee mail that is not directly harmful. */
    SPAM
}
