package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.simulator.internal.login.LoginHandler;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MSAL4J 1.26.0 client against the simulated identity platform, as adapters-m365 uses it. */
class MsalClientTest {

    private static final Set<String> GRAPH_DEFAULT = Set.of("https://graph.microsoft.com/.default");
    private static final String VERIFIER = "msal-verifier-0123456789abcdefghijklmnopqrstuvwxyz";

    private static Simulator simulator;
    private static SimHttp http;

    @BeforeAll
    static void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        http = new SimHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static ConfidentialClientApplication app(String tenant) throws Exception {
        return ConfidentialClientApplication
                .builder(simulator.clientId(), ClientCredentialFactory.createFromSecret(simulator.clientSecret()))
                .authority(simulator.baseUrl() + "/" + tenant + "/")
                .instanceDiscovery(false)
                .sslSocketFactory(simulator.clientSslContext().getSocketFactory())
                .build();
    }

    @Test
    void clientCredentialsTokenFromMsalIsAcceptedByGraph() throws Exception {
        simulator.grantConsent(FABRIKAM_ID);
        ConfidentialClientApplication app = app(FABRIKAM_ID);
        IAuthenticationResult result = app.acquireToken(ClientCredentialParameters.builder(GRAPH_DEFAULT).build()).get();
        assertThat(result.accessToken()).isNotBlank();
        assertThat(http.get(simulator.graphBaseUrl() + "/organization", result.accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void msalCachesTheAppTokenWhenGivenTheSimulatorsInstanceMetadata() throws Exception {
        simulator.grantConsent(FABRIKAM_ID);
        ConfidentialClientApplication app = ConfidentialClientApplication
                .builder(simulator.clientId(), ClientCredentialFactory.createFromSecret(simulator.clientSecret()))
                .authority(simulator.baseUrl() + "/" + FABRIKAM_ID + "/")
                .instanceDiscovery(false)
                .aadInstanceDiscoveryResponse(simulator.msalInstanceDiscoveryMetadata())
                .sslSocketFactory(simulator.clientSslContext().getSocketFactory())
                .build();
        IAuthenticationResult first = app.acquireToken(ClientCredentialParameters.builder(GRAPH_DEFAULT).build()).get();
        IAuthenticationResult second = app.acquireToken(ClientCredentialParameters.builder(GRAPH_DEFAULT).build()).get();
        assertThat(second.accessToken()).isEqualTo(first.accessToken());
    }

    @Test
    void msalSurfacesTheMissingConsentAsAServiceError() throws Exception {
        try (Simulator fresh = Simulator.start(SimulatorOptions.defaults())) {
            fresh.loadTenant(FABRIKAM);
            ConfidentialClientApplication app = ConfidentialClientApplication
                    .builder(fresh.clientId(), ClientCredentialFactory.createFromSecret(fresh.clientSecret()))
                    .authority(fresh.baseUrl() + "/" + FABRIKAM_ID + "/")
                    .instanceDiscovery(false)
                    .sslSocketFactory(fresh.clientSslContext().getSocketFactory())
                    .build();
            assertThatThrownBy(() -> app.acquireToken(ClientCredentialParameters.builder(GRAPH_DEFAULT).build()).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(MsalServiceException.class)
                    .hasMessageContaining("AADSTS65001");
        }
    }

    @Test
    void authorizationCodeWithPkceRedeemedByMsalYieldsTheIdTokenClaims() throws Exception {
        ConfidentialClientApplication app = app("organizations");
        URI authorize = URI.create(app.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters
                .builder(REDIRECT, Set.of("openid", "profile"))
                .state("msal-state")
                .nonce("msal-nonce")
                .codeChallenge(LoginHandler.s256(VERIFIER))
                .codeChallengeMethod("S256")
                .build()).toString());
        assertThat(authorize.toString()).startsWith(simulator.baseUrl() + "/organizations/oauth2/v2.0/authorize?");

        // MSAL4J asks for response_mode=form_post: the answer is a form that posts the code back.
        assertThat(authorize.getQuery()).contains("response_mode=form_post");
        HttpResponse<String> page = http.get(authorize.toString(), null);
        Map<String, String> posted = ResponseModeTest.form(
                http.get(simulator.baseUrl() + LoginFlowTest.link(page.body(), "signin-admin"), null).body());
        assertThat(posted).containsEntry("state", "msal-state");

        IAuthenticationResult result = app.acquireToken(AuthorizationCodeParameters
                .builder(posted.get("code"), URI.create(REDIRECT))
                .scopes(Set.of("openid", "profile"))
                .codeVerifier(VERIFIER)
                .build()).get();
        assertThat(result.idToken()).isNotBlank();
        assertThat(result.account().username()).isEqualTo("admin@fabrikam-test.example");
        assertThat(result.account().homeAccountId()).startsWith("9f1c2b3a-0000-4000-8000-000000000001");
        var claims = LoginFlowTest.claims(result.idToken());
        assertThat(claims.get("wids").get(0).asText()).isEqualTo("62e90394-69f5-4237-9190-012177145e10");
        assertThat(claims.get("nonce").asText()).isEqualTo("msal-nonce");
        assertThat(claims.get("tid").asText()).isEqualTo(FABRIKAM_ID);
    }
}
