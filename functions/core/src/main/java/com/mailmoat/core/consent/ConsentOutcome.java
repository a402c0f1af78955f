package com.mailmoat.core.consent;

import java.net.URI;

/** Where a step of the consent round trip leaves the administrator. */
public sealed interface ConsentOutcome {
    /**
     * Microsoft's answer to the sign-in (posted cross-site, without the session cookie) is recorded
     * against its state: continue with a same-origin GET of the callback carrying {@code state},
     * where the session cookie is present and the binding is checked.
     */
    record SignInRecorded(String state) implements ConsentOutcome {
    }

    /** Continue at Microsoft (sign-in done, admin consent next). */
    record ContinueAt(URI url) implements ConsentOutcome {
    }

    /** The tenant is linked (or consent renewed). */
    record Connected(String tenantId, ConsentPurpose purpose) implements ConsentOutcome {
    }

    /** Refused; {@code message} is for the administrator, {@code reason} for logs and tests. */
    record Refused(Reason reason, String message) implements ConsentOutcome {
    }

    enum Reason {
        NO_SESSION,
        INVALID_STATE,
        DENIED_BY_MICROSOFT,
        SIGN_IN_FAILED,
        NOT_GLOBAL_ADMIN,
        TRIAL_TENANT,
        TENANT_LINKED_ELSEWHERE,
        OTHER_TENANT
    }
}
