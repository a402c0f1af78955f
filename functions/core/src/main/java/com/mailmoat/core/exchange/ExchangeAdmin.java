package com.mailmoat.core.exchange;

import java.util.List;
import java.util.Map;

/**
 * Exchange Online's mail-flow administration for one tenant, app-only. Microsoft's documented
 * Exchange Admin API does not cover transport rules; the adapter uses the endpoint the Exchange
 * PowerShell module uses ({@code adminapi/beta/{tenant}/InvokeCommand}), which may change without
 * notice: everything Mailmoat does in Exchange goes through this one port.
 *
 * <p>Failures: {@link com.mailmoat.core.microsoft.MicrosoftThrottledException} and
 * {@link com.mailmoat.core.microsoft.MicrosoftUnavailableException} (retry later),
 * {@link com.mailmoat.core.microsoft.MicrosoftAccessDeniedException} (no token, or the token lacks
 * {@code Exchange.ManageAsApp}: consent), {@link ExchangeRoleMissingException} (consent is there but
 * Mailmoat's service principal holds no Exchange role), {@link ExchangeCommandException} (Exchange
 * refused the cmdlet: object not found, name taken, bad parameter).
 */
public interface ExchangeAdmin {

    /** Every transport rule, priority 0 first (Get-TransportRule). */
    List<TransportRule> transportRules(String tenantId);

    /**
     * Creates a rule at {@code priority} (New-TransportRule); the rule there and every rule after it
     * move down by one.
     *
     * @param parameters the cmdlet's parameters besides Name and Priority: strings, booleans, lists of strings
     */
    TransportRule newTransportRule(String tenantId, String name, int priority, Map<String, Object> parameters);

    /**
     * Changes a rule (Set-TransportRule): the given parameters replace the rule's; {@code priority}
     * (null: unchanged) moves it, the others keeping their order.
     */
    void setTransportRule(String tenantId, String identity, Integer priority, Map<String, Object> parameters);

    /** Removes a rule (Remove-TransportRule); the rules after it move up by one. */
    void removeTransportRule(String tenantId, String identity);

    /** The tenant's accepted domains (Get-AcceptedDomain). */
    List<String> acceptedDomains(String tenantId);

    /** Names of the inbound and outbound connectors (read only: Mailmoat needs none). */
    List<String> connectors(String tenantId);
}
