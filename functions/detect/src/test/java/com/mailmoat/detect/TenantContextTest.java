package com.mailmoat.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.detect.model.DetectionModel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The context's compatibility with its first version, its builder and its JSON form. */
class TenantContextTest {

    @Test
    void theSixArgumentConstructorOfTheFirstVersionStillWorks() {
        TenantContext c = new TenantContext(Set.of("Contoso.com"), List.of(new TenantContext.User("Pat Kim", "PAT@contoso.com")),
                Set.of("Pat Kim"), Set.of("partner.example"), Set.of(), Set.of());
        assertThat(c.domains()).containsExactly("contoso.com");
        assertThat(c.users().get(0).address()).isEqualTo("pat@contoso.com");
        assertThat(c.knownSenders()).isEmpty();
        assertThat(c.knowsSenderHistory()).isFalse();
        assertThat(c.model()).isNull();
    }

    @Test
    void theBuilderSetsEveryFieldAndToBuilderChangesOne() {
        DetectionModel model = DetectionModel.empty(12, 4, "t");
        TenantContext c = TenantContext.builder().domains(Set.of("contoso.com"))
                .users(List.of(new TenantContext.User("Megan Bowen", "megan@contoso.com"))).vipNames(Set.of("Megan Bowen"))
                .permittedSenders(Set.of("ok.example")).blockedSenders(Set.of("bad.example"))
                .spoofingExceptions(Set.of("relay.example")).knownSenders(Set.of("Fabrikam.example")).model(model).build();
        assertThat(c.knownSenders()).containsExactly("fabrikam.example");
        assertThat(c.model()).isSameAs(model);
        TenantContext without = c.toBuilder().model(null).build();
        assertThat(without.model()).isNull();
        assertThat(without.blockedSenders()).containsExactly("bad.example");
        assertThat(c.withModel(null)).isEqualTo(without);
        assertThat(TenantContext.empty().domains()).isEmpty();
    }

    @Test
    void jsonOfTheFirstVersionAndWithSenderHistoryIsRead() throws Exception {
        ObjectMapper json = new ObjectMapper();
        TenantContext old = Fixtures.contoso();
        assertThat(old.vipNames()).containsExactly("Megan Bowen");
        TenantContext withHistory = json.readValue("{\"domains\":[\"contoso.com\"],\"knownSenders\":[\"fabrikam.example\"]}",
                TenantContext.class);
        assertThat(withHistory.knownSenders()).containsExactly("fabrikam.example");
        assertThat(withHistory.model()).isNull();
        // a context with a model still writes as JSON (without the model) and reads back
        String written = json.writeValueAsString(withHistory.withModel(DetectionModel.empty(12, 4, "t")));
        assertThat(written).doesNotContain("model");
        assertThat(json.readValue(written, TenantContext.class)).isEqualTo(withHistory);
    }
}
