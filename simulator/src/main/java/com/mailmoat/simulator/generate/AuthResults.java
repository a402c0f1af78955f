package com.mailmoat.simulator.generate;

/** Authentication-Results values as Exchange Online Protection stamps them. */
final class AuthResults {

    private AuthResults() {
    }

    static String pass(String ip, String domain) {
        return "spf=pass (sender IP is " + ip + ") smtp.mailfrom=" + domain + "; dkim=pass (signature was verified)"
                + " header.d=" + domain + "; dmarc=pass action=none header.from=" + domain + ";compauth=pass reason=100";
    }

    /** A freshly registered lookalike domain: SPF passes for it, nothing else is set up. */
    static String lookalike(String ip, String domain) {
        return "spf=pass (sender IP is " + ip + ") smtp.mailfrom=" + domain + "; dkim=none (message not signed)"
                + " header.d=none; dmarc=none action=none header.from=" + domain + ";compauth=softpass reason=201";
    }

    /** A forged From in a domain whose SPF does not list the sending IP. */
    static String spoofed(String ip, String envelopeDomain, String fromDomain) {
        return "spf=fail (sender IP is " + ip + ") smtp.mailfrom=" + envelopeDomain + "; dkim=none (message not signed)"
                + " header.d=none; dmarc=fail action=oreject header.from=" + fromDomain + ";compauth=fail reason=000";
    }
}
