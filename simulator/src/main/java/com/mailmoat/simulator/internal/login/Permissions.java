package com.mailmoat.simulator.internal.login;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application permissions (app roles) the simulator knows: the ones Mailmoat's registration
 * asks for, their resource, and the display text Entra's consent prompt shows for each (Microsoft
 * Graph's and Office 365 Exchange Online's published app-role display names).
 */
public final class Permissions {

    public static final String GRAPH = "https://graph.microsoft.com";
    public static final String EXCHANGE = "https://outlook.office365.com";
    public static final String EXCHANGE_MANAGE_AS_APP = "Exchange.ManageAsApp";

    /** What Mailmoat's app registration requires, in the order the consent page lists them. */
    public static final List<String> MAILMOAT_ROLES = List.of("User.Read.All", "Mail.Read", "Mail.ReadWrite",
            "Organization.Read.All", "Domain.Read.All", "GroupMember.Read.All", EXCHANGE_MANAGE_AS_APP);

    private static final Map<String, String> DISPLAY_NAMES = new LinkedHashMap<>();

    static {
        DISPLAY_NAMES.put("User.Read.All", "Read all users' full profiles");
        DISPLAY_NAMES.put("User.ReadBasic.All", "Read all users' basic profiles");
        DISPLAY_NAMES.put("User.ReadWrite.All", "Read and write all users' full profiles");
        DISPLAY_NAMES.put("Mail.Read", "Read mail in all mailboxes");
        DISPLAY_NAMES.put("Mail.ReadBasic.All", "Read basic mail in all mailboxes");
        DISPLAY_NAMES.put("Mail.ReadWrite", "Read and write mail in all mailboxes");
        DISPLAY_NAMES.put("Mail.Send", "Send mail as any user");
        DISPLAY_NAMES.put("Organization.Read.All", "Read organization information");
        DISPLAY_NAMES.put("Domain.Read.All", "Read domains");
        DISPLAY_NAMES.put("GroupMember.Read.All", "Read all group memberships");
        DISPLAY_NAMES.put("Group.Read.All", "Read all groups");
        DISPLAY_NAMES.put("Directory.Read.All", "Read directory data");
        DISPLAY_NAMES.put("Directory.ReadWrite.All", "Read and write directory data");
        DISPLAY_NAMES.put(EXCHANGE_MANAGE_AS_APP, "Manage Exchange As Application");
    }

    private Permissions() {
    }

    /** Every app role the simulator can grant. */
    public static Set<String> known() {
        return DISPLAY_NAMES.keySet();
    }

    /** The consent prompt's text for a role, or the role's name when unknown. */
    public static String displayName(String role) {
        return DISPLAY_NAMES.getOrDefault(role, role);
    }

    /** The resource (token audience) a role belongs to. */
    public static String resourceOf(String role) {
        return role.startsWith("Exchange.") ? EXCHANGE : GRAPH;
    }
}
