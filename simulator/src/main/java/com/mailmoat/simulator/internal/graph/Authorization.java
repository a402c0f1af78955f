package com.mailmoat.simulator.internal.graph;

import com.mailmoat.simulator.internal.login.AccessToken;
import java.util.List;

/**
 * Which application roles a Graph call needs, as the permission tables of Microsoft's API pages
 * list them (any one suffices), and the refusals Graph gives without them: Outlook answers
 * 403 {@code ErrorAccessDenied}, the directory 403 {@code Authorization_RequestDenied}.
 */
final class Authorization {

    private static final String[] MAIL_READ = {"Mail.Read", "Mail.ReadWrite"};
    private static final String[] MAIL_WRITE = {"Mail.ReadWrite"};
    private static final String[] USERS = {"User.Read.All", "User.ReadBasic.All", "User.ReadWrite.All",
        "Directory.Read.All", "Directory.ReadWrite.All"};
    private static final String[] MEMBER_OF = {"User.Read.All", "GroupMember.Read.All", "Group.Read.All",
        "Directory.Read.All", "Directory.ReadWrite.All"};
    private static final String[] GROUPS = {"GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All",
        "Directory.Read.All", "Directory.ReadWrite.All"};
    private static final String[] ORGANIZATION = {"Organization.Read.All", "Organization.ReadWrite.All",
        "Directory.Read.All", "Directory.ReadWrite.All"};
    private static final String[] DOMAINS = {"Domain.Read.All", "Domain.ReadWrite.All", "Directory.Read.All",
        "Directory.ReadWrite.All"};
    private static final String[] DIRECTORY_SUBSCRIPTIONS = {"Organization.Read.All", "LicenseAssignment.Read.All",
        "Directory.Read.All", "Directory.ReadWrite.All"};

    private Authorization() {
    }

    /** Throws Graph's 403 when an app-only token lacks every role the call could use. */
    static void check(AccessToken token, String method, List<String> path) {
        if (!token.isAppOnly() || path.isEmpty()) {
            return;
        }
        if (MailEndpoints.isMailPath(path)) {
            boolean read = method.equals("GET") || method.equals("HEAD");
            if (!token.allows(read ? MAIL_READ : MAIL_WRITE)) {
                throw new GraphException(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
            }
            return;
        }
        String[] needed = switch (path.get(0)) {
            case "users" -> path.size() >= 3 && path.get(2).equals("memberOf") ? MEMBER_OF : USERS;
            case "groups" -> GROUPS;
            case "organization" -> ORGANIZATION;
            case "domains" -> DOMAINS;
            case "directory" -> DIRECTORY_SUBSCRIPTIONS;
            default -> null;
        };
        if (needed != null && !token.allows(needed)) {
            throw new GraphException(403, "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.");
        }
    }
}
