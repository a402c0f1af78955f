package com.mailmoat.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link Simulator}.
 *
 * @param port          HTTPS port on 127.0.0.1; 0 picks a free one
 * @param clientId      the app registration's client id that the token, authorize and consent endpoints accept
 * @param clientSecret  its client secret
 * @param redirectUris  registered redirect URIs (exact match); empty accepts any loopback URI
 * @param tokenLifetime how long issued access tokens live ({@code expires_in})
 * @param dnsPort       port of the loopback DNS server serving the tenants' {@code dns} maps
 *                      (0 = a free port, -1 = no DNS server)
 * @param faultSpec     initial faults, e.g. {@code "throttle=0.3,unavailable=0.05,latencyMs=40"} (see {@link Faults})
 * @param subscriptionMaxMinutes the longest lifetime of a Graph message subscription: 4230 (the older
 *                      documents, default) or up to 10080 (newer ones: 7 days); {@code Faults.reset()} returns to it
 * @param appDisplayName the app registration's display name, shown on the admin-consent page
 */
public record SimulatorOptions(int port, String clientId, String clientSecret, List<String> redirectUris,
                               Duration tokenLifetime, int dnsPort, String faultSpec, int subscriptionMaxMinutes,
                               String appDisplayName) {

    /** The client id used when none is given: a fixed GUID so tests and the local runtime agree. */
    public static final String DEFAULT_CLIENT_ID = "4b8c5a2e-7d31-4f0a-9c6e-1a2b3c4d5e6f";
    public static final String DEFAULT_CLIENT_SECRET = "simulator-client-secret";
    public static final String DEFAULT_APP_DISPLAY_NAME = "Mailmoat";

    /** The options as they were before the subscription lifetime and app name were added. */
    public SimulatorOptions(int port, String clientId, String clientSecret, List<String> redirectUris,
                            Duration tokenLifetime, int dnsPort, String faultSpec) {
        this(port, clientId, clientSecret, redirectUris, tokenLifetime, dnsPort, faultSpec,
                Faults.DEFAULT_SUBSCRIPTION_MAX_MINUTES, DEFAULT_APP_DISPLAY_NAME);
    }

    public SimulatorOptions {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        redirectUris = List.copyOf(redirectUris == null ? List.of() : redirectUris);
        tokenLifetime = tokenLifetime == null ? Duration.ofSeconds(3599) : tokenLifetime;
        faultSpec = faultSpec == null ? "" : faultSpec;
        subscriptionMaxMinutes = subscriptionMaxMinutes <= 0 ? Faults.DEFAULT_SUBSCRIPTION_MAX_MINUTES
                : subscriptionMaxMinutes;
        appDisplayName = appDisplayName == null || appDisplayName.isBlank() ? DEFAULT_APP_DISPLAY_NAME : appDisplayName;
        if (port < 0 || port > 65535 || dnsPort < -1 || dnsPort > 65535) {
            throw new IllegalArgumentException("Invalid port");
        }
        Faults.parse(faultSpec);
    }

    /** Free port, default client id and secret, any loopback redirect URI, 3599 s tokens, no DNS, no faults. */
    public static SimulatorOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link SimulatorOptions} from the defaults. */
    public static final class Builder {
        private int port;
        private String clientId = DEFAULT_CLIENT_ID;
        private String clientSecret = DEFAULT_CLIENT_SECRET;
        private List<String> redirectUris = List.of();
        private Duration tokenLifetime = Duration.ofSeconds(3599);
        private int dnsPort = -1;
        private String faultSpec = "";
        private int subscriptionMaxMinutes = Faults.DEFAULT_SUBSCRIPTION_MAX_MINUTES;
        private String appDisplayName = DEFAULT_APP_DISPLAY_NAME;

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        public Builder redirectUris(List<String> redirectUris) {
            this.redirectUris = redirectUris;
            return this;
        }

        public Builder tokenLifetime(Duration tokenLifetime) {
            this.tokenLifetime = tokenLifetime;
            return this;
        }

        public Builder dnsPort(int dnsPort) {
            this.dnsPort = dnsPort;
            return this;
        }

        public Builder faultSpec(String faultSpec) {
            this.faultSpec = faultSpec;
            return this;
        }

        /** 4230 (older documents, the default) or e.g. 10080 (newer documents: up to 7 days). */
        public Builder subscriptionMaxMinutes(int minutes) {
            this.subscriptionMaxMinutes = minutes;
            return this;
        }

        public Builder appDisplayName(String name) {
            this.appDisplayName = name;
            return this;
        }

        public SimulatorOptions build() {
            return new SimulatorOptions(port, clientId, clientSecret, redirectUris, tokenLifetime, dnsPort, faultSpec,
                    subscriptionMaxMinutes, appDisplayName);
        }
    }
}
