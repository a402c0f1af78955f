/**
 * A simulated Microsoft 365 tenant for tests and the local runtime: {@link com.mailmoat.simulator.Simulator}
 * serves the identity platform (tokens, OIDC sign-in, admin consent), Microsoft Graph v1.0 and the
 * Exchange Online admin endpoint over
 * HTTPS on 127.0.0.1, seeded from tenant directories, with faults on demand
 * ({@link com.mailmoat.simulator.Faults}) and a state summary ({@link com.mailmoat.simulator.TenantSummary}).
 * Everything under {@code internal} is implementation, not API.
 */
package com.mailmoat.simulator;
