package com.mailmoat.core.exchange;

import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;

/**
 * Exchange refused the cmdlet although the token carried {@code Exchange.ManageAsApp}: Mailmoat's
 * service principal holds no Exchange role in the tenant. Only an administrator can fix it (assign
 * the Exchange Administrator role to the Mailmoat enterprise application); retrying does not help.
 */
public class ExchangeRoleMissingException extends MicrosoftAccessDeniedException {
    public ExchangeRoleMissingException(String message, Throwable cause) {
        super(message, "Unauthorized", cause);
    }
}
