package com.mailmoat.core.consent;

/** Why the administrator is sent through Microsoft consent; carried on the state. */
public enum ConsentPurpose {
    /** First connection of a tenant: link it and start the Threat Scan. */
    CONNECT_TENANT,
    /** Consent again for the linked tenant, e.g. before a mode change takes effect. */
    RECONSENT
}
