package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.exchange.ExchangeRoleMissingException;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import java.util.Optional;

/** How a workflow step's failure reads to the administrator, and whether retrying may help. */
public final class UpgradeFailures {
    /** The workflow's own error when a prerequisite blocks the upgrade (a Pass state sets it). */
    public static final String PREREQUISITES_NOT_MET = "Mailmoat.PrerequisitesNotMet";

    private UpgradeFailures() {
    }

    /** Throttling, a Microsoft outage, a concurrent write: worth retrying with backoff. */
    public static boolean transient_(RuntimeException e) {
        return e instanceof MicrosoftThrottledException || e instanceof MicrosoftUnavailableException
                || e instanceof ConcurrentUpdateException;
    }

    /** What went wrong and how to fix it, for failures the administrator can act on; empty for others. */
    public static Optional<String> explain(RuntimeException e) {
        if (e instanceof ExchangeRoleMissingException) {
            return Optional.of("Exchange Online refused Mailmoat: its app holds no Exchange role in your tenant. "
                    + "Fix: in the Microsoft Entra admin center, Roles and administrators, assign Exchange Administrator "
                    + "to the Mailmoat enterprise application, then choose Upgrade Now again.");
        }
        if (e instanceof MicrosoftAccessDeniedException) {
            return Optional.of("Microsoft refused Mailmoat's access: the Exchange permission (Manage Exchange As "
                    + "Application) or the admin consent is missing. Fix: choose Upgrade Now again and accept every "
                    + "permission Microsoft lists.");
        }
        if (e instanceof UpgradeGoneException) {
            return Optional.of("The upgrade was replaced or cancelled.");
        }
        return Optional.empty();
    }

    /**
     * The reason for a failure the workflow caught: its error name (the exception type, or a States./Lambda.
     * error) and message.
     */
    public static String reason(String error, String message) {
        String type = error == null ? "" : error;
        String text = message == null ? "" : message.strip();
        if (type.endsWith("StepFailedException") && !text.isEmpty()) {
            return text;
        }
        if (type.endsWith("TransientStepException")) {
            return "Microsoft kept asking Mailmoat to slow down, or was unavailable, and the step's retries ran out. "
                    + "Try again in a few minutes.";
        }
        if (type.startsWith("Lambda.") || type.startsWith("States.")) {
            return "A step stopped unexpectedly (" + type + ") and its retries ran out. Try again in a few minutes.";
        }
        return "An unexpected error stopped the upgrade (" + (type.isEmpty() ? "unknown" : type) + ").";
    }
}
