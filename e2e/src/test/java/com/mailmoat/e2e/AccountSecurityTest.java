package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's reproductions, each run against the local runtime as the security review ran them,
 * now getting the safe answer; and the password reset journey.
 */
class AccountSecurityTest {
    private static final String SET_PASSWORD_SUBJECT = "Set your Mailmoat password";
    private static final String RESET_SUBJECT = "Reset your Mailmoat password";

    private static String token(JsonNode email) {
        String query = URI.create(Outbox.firstLink(email)).getQuery();
        return query.replaceFirst("^token=", "").replaceFirst("&reset=1$", "");
    }

    private static String signUpBody(String email, String company) {
        return Browser.write(Map.of("email", email, "company", company, "region", "US"));
    }

    private static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Finding 1: sign up twice (links T1, T2), set the password with T1; T2 then set a new password
     * and a session opened before the change stayed valid.
     */
    @Test
    void anOlderSetPasswordLinkCannotChangeThePasswordOnceItIsSet() {
        Browser browser = Browser.forLocalStack();
        String email = SignupJourneyTest.newEmail();
        String t1 = SignupJourneyTest.signUpAndGetToken(browser, email);
        LocalTables.letEmailWindowPass(email);
        assertThat(browser.postJson("/api/signup", Map.of("email", email, "company", "Fabrikam", "region", "UK")).status())
                .isEqualTo(202);
        String t2 = token(Outbox.awaitNth(email, SET_PASSWORD_SUBJECT, 2));
        assertThat(t2).isNotEqualTo(t1);

        assertThat(browser.postJson("/api/password", Map.of("token", t1, "password", SignupJourneyTest.STRONG_PASSWORD))
                .status()).isEqualTo(200);
        assertThat(browser.postJson("/api/login", Map.of("email", email, "password", SignupJourneyTest.STRONG_PASSWORD))
                .status()).isEqualTo(200);

        Browser.Response stale = Browser.forLocalStack().postJson("/api/password",
                Map.of("token", t2, "password", "Attacker-Chosen-Pass-1"));
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.json().path("error").asText()).isEqualTo("invalid_token");
        assertThat(Browser.forLocalStack().postJson("/api/login", Map.of("email", email, "password",
                "Attacker-Chosen-Pass-1")).status()).isEqualTo(401);
        assertThat(browser.get("/api/account").status()).isEqualTo(200);
    }

    /** Forgot password: a single-use 24 h link, the same answer whatever the address, other sessions ended. */
    @Test
    void aForgottenPasswordIsResetByASingleUseLinkThatEndsEveryOtherSession() {
        String email = SignupJourneyTest.newEmail();
        Browser laptop = SignupJourneyTest.signedInAdmin(email);
        Browser phone = Browser.forLocalStack();
        assertThat(phone.postJson("/api/login", Map.of("email", email, "password", SignupJourneyTest.STRONG_PASSWORD))
                .status()).isEqualTo(200);

        Browser stranger = Browser.forLocalStack();
        Browser.Response known = stranger.postJson("/api/password/reset", Map.of("email", email.toUpperCase()));
        Browser.Response unknown = stranger.postJson("/api/password/reset", Map.of("email", SignupJourneyTest.newEmail()));
        assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(202);
        assertThat(known.body()).isEqualTo(unknown.body());
        JsonNode resetEmail = Outbox.awaitSubject(email, RESET_SUBJECT);
        String link = Outbox.firstLink(resetEmail);
        assertThat(link).startsWith(LocalStack.get().consoleUrl() + "set-password?token=").endsWith("&reset=1");
        assertThat(Browser.forLocalStack().get(link).status()).isEqualTo(200);

        // A second request right away sends no second email.
        stranger.postJson("/api/password/reset", Map.of("email", email));
        Outbox.sleep(500);
        assertThat(Outbox.count(email, RESET_SUBJECT)).isEqualTo(1);

        String newPassword = "Quiet-Meadow-Falcon-8";
        Browser.Response reset = laptop.postJson("/api/password", Map.of("token", token(resetEmail), "password", newPassword));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(laptop.get("/api/account").status()).as("the browser that reset keeps its session").isEqualTo(200);
        assertThat(phone.get("/api/account").status()).as("every other session is ended").isEqualTo(401);
        Outbox.awaitSubject(email, "Your Mailmoat password was changed");

        Browser.Response again = Browser.forLocalStack().postJson("/api/password",
                Map.of("token", token(resetEmail), "password", "Third-Strong-Pass-5"));
        assertThat(again.json().path("error").asText()).isEqualTo("invalid_token");
        assertThat(Browser.forLocalStack().postJson("/api/login", Map.of("email", email, "password",
                SignupJourneyTest.STRONG_PASSWORD)).status()).isEqualTo(401);
        assertThat(Browser.forLocalStack().postJson("/api/login", Map.of("email", email, "password", newPassword))
                .status()).isEqualTo(200);
    }

    /** Finding 2: 16 concurrent wrong passwords for one account from different sources: 16×401, 0×429. */
    @Test
    void concurrentGuessesFromManySourcesStopAtTheLimit() throws Exception {
        String email = SignupJourneyTest.newEmail();
        SignupJourneyTest.signedInAdmin(email);
        String body = Browser.write(Map.of("email", email, "password", "Wrong-Password-99"));
        List<Callable<Integer>> guesses = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            RawHttp source = new RawHttp(RawHttp.newSource());
            guesses.add(() -> source.json("POST", "/api/login", body, null).status());
        }
        List<Integer> statuses = concurrently(guesses);
        assertThat(statuses).filteredOn(s -> s == 401).hasSizeLessThanOrEqualTo(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSizeGreaterThanOrEqualTo(11);
        assertThat(statuses).containsOnly(401, 429);
    }

    /** Finding 3: 40 sign-ups for one address in 0.8 s sent 40 emails. */
    @Test
    void manySignUpsForOneAddressSendOneEmail() throws Exception {
        String victim = SignupJourneyTest.newEmail();
        RawHttp source = new RawHttp(RawHttp.newSource());
        List<Callable<Integer>> signups = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            signups.add(() -> source.json("POST", "/api/signup", signUpBody(victim, "Fabrikam"), null).status());
        }
        assertThat(concurrently(signups)).containsOnly(202);
        Outbox.awaitSubject(victim, SET_PASSWORD_SUBJECT);
        Outbox.sleep(1_000);
        assertThat(Outbox.count(victim, SET_PASSWORD_SUBJECT)).isEqualTo(1);
    }

    /** Finding 3: at least 30 sign-ups a minute from one source get through; a flood does not. */
    @Test
    void oneSourceGetsAtLeastThirtySignUpsAMinuteButNotAFlood() throws Exception {
        // The limit counts per calendar minute: start early in one, so the test stays inside it.
        long second = java.time.Instant.now().getEpochSecond() % 60;
        if (second > 40) {
            Outbox.sleep((61 - second) * 1000);
        }
        RawHttp source = new RawHttp(RawHttp.newSource());
        List<Callable<Integer>> signups = new ArrayList<>();
        for (int i = 0; i < 75; i++) {
            String email = SignupJourneyTest.newEmail();
            signups.add(() -> source.json("POST", "/api/signup", signUpBody(email, "Fabrikam"), null).status());
        }
        List<Integer> statuses = new ArrayList<>();
        // A few at a time, as a busy office would.
        for (int from = 0; from < signups.size(); from += 15) {
            statuses.addAll(concurrently(signups.subList(from, Math.min(signups.size(), from + 15))));
        }
        assertThat(statuses).containsOnly(202, 429);
        assertThat(statuses).filteredOn(s -> s == 202).hasSizeGreaterThanOrEqualTo(30);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(15);
        RawHttp.Response refused = source.json("POST", "/api/signup", signUpBody(SignupJourneyTest.newEmail(), "X"), null);
        if (refused.status() == 429) {
            assertThat(refused.json().path("error").asText()).isEqualTo("too_many_requests");
            assertThat(Integer.parseInt(refused.header("retry-after"))).isBetween(1, 60);
        }
    }

    /** Finding 3: the company name carried a line break and a link into the email's text part. */
    @Test
    void aCompanyWithLineBreaksOrLinksIsRefusedAndNothingIsSent() {
        String victim = SignupJourneyTest.newEmail();
        Browser browser = Browser.forLocalStack();
        for (String company : List.of("Acme.\r\n\r\nURGENT: your account is locked. Verify at https://evil.example/login",
                "Visit evil.example", "Acme\u202eCorp")) {
            Browser.Response refused = browser.postJson("/api/signup", Map.of("email", victim, "company", company,
                    "region", "US"));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("details").findValuesAsText("field")).containsExactly("company");
            assertThat(refused.body()).doesNotContain("evil");
        }
        Outbox.sleep(500);
        assertThat(Outbox.emailsTo(victim)).isEmpty();
    }

    /** Finding 5: evil<v@x>, a,b@x, v@x;x and NUL characters were accepted and reached SES. */
    @Test
    void looseAddressesAreRefusedAndReachNoOutbox() {
        Browser browser = Browser.forLocalStack();
        for (String address : List.of("evil<v@fabrikam.example>", "a,b@fabrikam.example", "v@fabrikam.example;x",
                "a\u0000b@fabrikam.example", "v@fabrikam.example\r\nBcc: w@fabrikam.example", "\"q\"@fabrikam.example",
                "a".repeat(250) + "@fabrikam.example")) {
            Browser.Response refused = browser.postJson("/api/signup", Map.of("email", address, "company", "Fabrikam",
                    "region", "US"));
            assertThat(refused.status()).as(address).isEqualTo(400);
            assertThat(refused.json().path("details").findValuesAsText("field")).containsExactly("email");
            assertThat(browser.postJson("/api/password/reset", Map.of("email", address)).status()).isEqualTo(400);
        }
        for (JsonNode email : Browser.forLocalStack().get("/local/outbox").json()) {
            for (JsonNode to : email.path("to")) {
                assertThat(to.asText()).doesNotContain("<").doesNotContain(",").doesNotContain(";")
                        .doesNotContain("\u0000").doesNotContain("\r").doesNotContain("\n");
            }
        }
    }

    /** Finding 4: a 2,040-character email at login was a 500. */
    @Test
    void aHugeEmailAtLoginIsA401() {
        Browser.Response response = new Browser(LocalStack.get().consoleUrl()).postJson("/api/login",
                Map.of("email", "a".repeat(2030) + "@x.example", "password", "x"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_credentials");
    }

    /** Finding 4: six concurrent set-password requests with different links for one account: 1×200, 5×500. */
    @Test
    void concurrentLinksForOneAccountSetThePasswordOnceAndAreAllSpent() throws Exception {
        String email = SignupJourneyTest.newEmail();
        Browser browser = Browser.forLocalStack();
        List<String> tokens = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            LocalTables.letEmailWindowPass(email);
            assertThat(browser.postJson("/api/signup", Map.of("email", email, "company", "Fabrikam", "region", "UK"))
                    .status()).isEqualTo(202);
            tokens.add(token(Outbox.awaitNth(email, SET_PASSWORD_SUBJECT, i)));
        }
        assertThat(tokens).doesNotHaveDuplicates();
        List<Callable<Integer>> sets = new ArrayList<>();
        for (String token : tokens) {
            sets.add(() -> Browser.forLocalStack().postJson("/api/password",
                    Map.of("token", token, "password", SignupJourneyTest.STRONG_PASSWORD)).status());
        }
        List<Integer> statuses = concurrently(sets);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 400).hasSize(5);
        for (String token : tokens) {
            assertThat(browser.postJson("/api/password", Map.of("token", token, "password", "Another-Strong-Pass-7"))
                    .status()).isEqualTo(400);
        }
    }

    /** Finding 7: sign-up answered in 25, 31 or 40 ms depending on the account's state. */
    @Test
    void signUpTakesAtLeastTheSameFloorWhateverTheAccountsState() {
        String withPassword = SignupJourneyTest.newEmail();
        SignupJourneyTest.signedInAdmin(withPassword);
        String withoutPassword = SignupJourneyTest.newEmail();
        Browser browser = Browser.forLocalStack();
        browser.postJson("/api/signup", Map.of("email", withoutPassword, "company", "Fabrikam", "region", "UK"));
        for (String email : List.of(SignupJourneyTest.newEmail(), withoutPassword, withPassword)) {
            long started = System.nanoTime();
            Browser.Response response = browser.postJson("/api/signup", Map.of("email", email, "company", "Other",
                    "region", "US"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(response.status()).isEqualTo(202);
            assertThat(millis).as(email).isGreaterThanOrEqualTo(250);
        }
    }

    /** Finding 7: static pages could be framed; the local runtime answered to any Host name. */
    @Test
    void staticPagesCannotBeFramedAndOtherHostNamesAreMisdirected() {
        Browser.Response page = Browser.forLocalStack().get("/set-password?token=x");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("x-frame-options")).isEqualTo("DENY");
        assertThat(page.header("content-security-policy")).contains("frame-ancestors 'none'");
        assertThat(page.header("referrer-policy")).isEqualTo("no-referrer");

        RawHttp raw = new RawHttp("127.0.0.1");
        String port = raw.host().substring(raw.host().indexOf(':'));
        assertThat(raw.exchange("GET", "/local/outbox", Map.of("Host", "rebound.evil.example" + port), null).status())
                .isEqualTo(421);
        assertThat(raw.exchange("GET", "/api/account", Map.of("Host", "rebound.evil.example"), null).status())
                .isEqualTo(421);
        RawHttp.Response asLocalhost = raw.exchange("GET", "/local/outbox", Map.of("Host", "localhost" + port), null);
        assertThat(asLocalhost.status()).as("sent to the console's own address").isEqualTo(308);
        assertThat(asLocalhost.header("location")).isEqualTo("http://127.0.0.1" + port + "/local/outbox");
    }
}
