package com.mailmoat.core.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A finished remove or release job (a release of everything in quarantine says so): how many messages were moved, already gone or failed, and the
 * failures with their reasons. Subjects of the listed messages are attacker-chosen text: they go
 * through the same escaping as everything else.
 */
final class RemediationEmail {
    private RemediationEmail() {
    }

    static Email render(NotificationRequest request, Branding branding) {
        Map<String, String> p = request.params();
        boolean release = "RELEASE".equals(p.get("action"));
        boolean everything = release && "true".equals(p.get("inQuarantine"));
        long total = EmailTemplates.number(p, "total");
        long done = EmailTemplates.number(p, "done");
        long gone = EmailTemplates.number(p, "alreadyGone");
        long failed = EmailTemplates.number(p, "failed");
        long alreadyDone = EmailTemplates.number(p, "alreadyDone");
        // Counted as where they should be: another Mailmoat request put them there, not the user.
        long inPlace = done + alreadyDone;
        String subject = everything
                ? "Quarantine released: " + EmailTemplates.count(inPlace) + " of " + EmailTemplates.plural(total, "message", "messages") + " back in their mailboxes"
                : release
                ? "Release complete: " + EmailTemplates.count(inPlace) + " of " + EmailTemplates.plural(total, "message", "messages") + " released"
                : "Threats removed: " + EmailTemplates.count(inPlace) + " of " + EmailTemplates.plural(total, "message", "messages") + " quarantined";
        String heading = everything ? "Everything in quarantine was released."
                : release ? "Your release request is complete." : "Your Remove Threats request is complete.";
        String requestedBy = p.getOrDefault("requestedBy", "");
        EmailLayout email = EmailLayout.of(branding).heading(heading)
                .paragraph(everything
                        ? "Every message that was in quarantine was moved from its mailbox's Mailmoat Quarantine folder back to the folder it came from, where its user sees it again. Mailmoat did not learn from this release: it says nothing about any one message."
                        : release
                        ? "The selected messages were moved from each mailbox's Mailmoat Quarantine folder back to the folder they came from."
                        : "The selected messages were moved out of their folders into each mailbox's Mailmoat Quarantine folder, which is hidden from the users.")
                .table("Results", results(release, done, alreadyDone, gone, failed, total))
                .table("Messages that could not be moved", failures(p.get("failures")));
        if (failed > 0) {
            email.paragraph(everything
                    ? "Messages that failed are still in quarantine. The console lists every failure with its reason; release everything in quarantine again once it is fixed."
                    : "Messages that failed stay where they were. The console lists every failure with its reason.");
        }
        if (everything && "true".equals(p.get("moreInQuarantine"))) {
            email.paragraph("More messages were in quarantine than one release takes (" + EmailTemplates.count(EmailTemplates.number(p, "maxInQuarantine"))
                    + "): the newest were released. Release everything in quarantine again for the rest.");
        }
        if (!requestedBy.isBlank()) {
            email.footer("Requested by " + requestedBy + ".");
        }
        return email.button("View the results", p.get("link")).build(request.recipient(), subject);
    }

    private static List<String[]> results(boolean release, long done, long alreadyDone, long gone, long failed,
                                          long total) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {release ? "Released" : "Moved to quarantine", EmailTemplates.count(done)});
        if (alreadyDone > 0) {
            rows.add(new String[] {release ? "Already released by another Mailmoat request"
                    : "Already in quarantine (moved by another Mailmoat request)", EmailTemplates.count(alreadyDone)});
        }
        rows.add(new String[] {"Already gone (deleted or moved by the user)", EmailTemplates.count(gone)});
        rows.add(new String[] {"Failed", EmailTemplates.count(failed)});
        rows.add(new String[] {"Total", EmailTemplates.count(total)});
        return rows;
    }

    static InAppNotification notice(NotificationRequest request) {
        Map<String, String> p = request.params();
        boolean release = "RELEASE".equals(p.get("action"));
        boolean everything = release && "true".equals(p.get("inQuarantine"));
        long total = EmailTemplates.number(p, "total");
        long alreadyDone = EmailTemplates.number(p, "alreadyDone");
        String message = (everything ? "Released from quarantine: " : release ? "Released " : "Moved to quarantine: ")
                + EmailTemplates.count(EmailTemplates.number(p, "done")) + " of "
                + EmailTemplates.plural(total, "message", "messages") + "; "
                + (alreadyDone > 0 ? EmailTemplates.count(alreadyDone) + (release ? " already released" : " already in quarantine")
                        + " by another Mailmoat request, " : "")
                + EmailTemplates.count(EmailTemplates.number(p, "alreadyGone")) + " already gone, " + EmailTemplates.count(EmailTemplates.number(p, "failed")) + " failed."
                + (everything && "true".equals(p.get("moreInQuarantine"))
                        ? " More are still in quarantine: release everything again for the rest." : "");
        return EmailTemplates.notice(request, everything ? "Quarantine released" : release ? "Release complete" : "Threats removed",
                message);
    }

    /** Lines of {@code mailbox TAB subject TAB reason}. */
    private static List<String[]> failures(String encoded) {
        List<String[]> rows = new ArrayList<>();
        if (encoded == null || encoded.isBlank()) {
            return rows;
        }
        for (String line : encoded.split("\n")) {
            String[] cells = line.split("\t", -1);
            rows.add(new String[] {cell(cells, 0), cell(cells, 1), cell(cells, 2)});
        }
        return rows;
    }

    private static String cell(String[] cells, int index) {
        return index < cells.length ? cells[index] : "";
    }
}
