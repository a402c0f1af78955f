package com.mailmoat.core.policy;

import java.util.Locale;
import java.util.Set;

/**
 * Domains shared by too many senders to be allowed whole: free mail and the largest providers.
 * Microsoft's guidance for allow lists: "Don't use popular domains (for example, microsoft.com) in
 * allowed domain lists" (Microsoft Learn, "Create sender allowlists"); an allow entry for gmail.com
 * would let anyone with a free account past spam and phishing checks. A single address at one of
 * them can still be allowed.
 */
public final class CommonSenderDomains {
    private static final Set<String> DOMAINS = Set.of(
            "microsoft.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "office.com", "office365.com",
            "onmicrosoft.com", "sharepoint.com", "microsoftonline.com",
            "gmail.com", "googlemail.com", "google.com",
            "yahoo.com", "ymail.com", "rocketmail.com", "aol.com",
            "icloud.com", "me.com", "mac.com", "apple.com",
            "amazon.com", "amazonses.com",
            "protonmail.com", "proton.me", "pm.me", "tutanota.com", "zoho.com", "mail.com", "gmx.com", "gmx.net",
            "gmx.de", "web.de", "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "126.com");

    private CommonSenderDomains() {
    }

    /** Whether {@code domain} is one of them or under one (mail.yahoo.com, contoso.onmicrosoft.com). */
    public static boolean isCommon(String domain) {
        String d = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
        while (!d.isEmpty()) {
            if (DOMAINS.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return false;
            }
            d = d.substring(dot + 1);
        }
        return false;
    }
}
