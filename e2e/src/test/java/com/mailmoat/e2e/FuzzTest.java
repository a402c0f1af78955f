package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.local.template.CloudFormationYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against every route of template.yaml (and the console's own paths), signed in and
 * not: malformed and oversized JSON, deep nesting, control characters, huge and odd paths, wrong
 * methods and content types, odd headers, and the same request many times at once. Nothing may
 * get a 5xx; our functions' refusals carry {@code {"error":..., "details":...}} and never echo the
 * input back. Runs from a source address of its own, so its failed attempts throttle only itself.
 */
class FuzzTest {
    /** Put into inputs; must never come back in an error. */
    private static final String CANARY = "cnry" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD",
            "FOO");
    private static final List<String> PATH_VALUES = List.of("contoso.example", "..", "%2e%2e", "%0D%0A" + CANARY,
            "a%2Fb", "%00", "-a.example", "localhost", "%E2%80%AE" + CANARY, "x".repeat(3000), "%F0%9F%92%A9",
            "%C0%AF", "%ED%A0%80", "a b", "*");

    private static ExecutorService pool;
    private static RawHttp client;
    private static String session;
    private static final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private static int sent;

    @BeforeAll
    static void setUp() {
        pool = Executors.newFixedThreadPool(6);
        client = new RawHttp(RawHttp.newSource());
        Browser admin = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        session = "mm_session=" + admin.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("mm_session")).findFirst().orElseThrow().getValue();
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    /** Every route of the template as {method, path with sample parameters}. */
    @SuppressWarnings("unchecked")
    private static List<String[]> routes() throws IOException {
        Map<String, Object> resources = (Map<String, Object>) CloudFormationYaml
                .load(LocalStack.root().resolve("template.yaml")).get("Resources");
        List<String[]> routes = new ArrayList<>();
        for (Object resource : resources.values()) {
            Map<String, Object> r = (Map<String, Object>) resource;
            if (!"AWS::Serverless::Function".equals(r.get("Type"))) {
                continue;
            }
            Map<String, Object> events = (Map<String, Object>) ((Map<String, Object>) r.get("Properties"))
                    .getOrDefault("Events", Map.of());
            for (Object event : events.values()) {
                Map<String, Object> e = (Map<String, Object>) event;
                if ("HttpApi".equals(e.get("Type"))) {
                    Map<String, Object> p = (Map<String, Object>) e.get("Properties");
                    routes.add(new String[] {String.valueOf(p.get("Method")).toUpperCase(), String.valueOf(p.get("Path"))});
                }
            }
        }
        assertThat(routes).hasSizeGreaterThan(10);
        return routes;
    }

    private static String withParameter(String path, String value) {
        return path.replaceAll("\\{[^}/]+\\+?}", value);
    }

    // --- the cases ---------------------------------------------------------------------------

    private static List<byte[]> jsonBodies() {
        List<byte[]> bodies = new ArrayList<>();
        for (String text : List.of("", "{", "}", "[", "{\"email\":", "null", "true", "42", "\"" + CANARY + "\"", "[]",
                "{}", "{\"email\":\"a@b.example\",\"email\":\"c@d.example\"}", "{\"email\":" + "9".repeat(2000) + "}",
                "{\"email\":1e999999}", "{\"a\":NaN}", "{'email':'" + CANARY + "'}", "{\"email\":\"\\ud800\"}",
                "\ufeff{}", "{\"email\":\"a\"}garbage" + CANARY, "[" + "[".repeat(5000) + "]".repeat(5000) + "]",
                "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
                "{\"token\":{\"$gt\":\"\"},\"password\":[\"x\"],\"email\":{\"a\":1},\"company\":[],\"region\":1,\"domain\":true}",
                "{\"email\":\"" + "x".repeat(60_000) + "\"}")) {
            bodies.add(text.getBytes(StandardCharsets.UTF_8));
        }
        // Control characters and other oddities in every field any route reads.
        String[] odd = {"\u0000" + CANARY, "\r\n" + CANARY + "\r\nX-Injected: 1", "\u202e" + CANARY, "\ufffe",
                "%00" + CANARY, "<script>" + CANARY + "</script>", "'; DROP TABLE x;--" + CANARY, "\\u0000",
                "${jndi:ldap://" + CANARY + "}", " ", "a".repeat(5000)};
        for (String value : odd) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : List.of("email", "password", "company", "region", "token", "domain")) {
                fields.put(field, field.equals("email") ? value + "@fuzz.example" : value);
            }
            bodies.add(Browser.write(fields).getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(new byte[] {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
        bodies.add(new byte[] {(byte) 0xc0, (byte) 0x80});
        bodies.add(new byte[70 * 1024]); // over the functions' 64 kB limit
        return bodies;
    }

    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
            "APPLICATION/JSON", "application/json;;;", "");

    // --- running them -------------------------------------------------------------------------

    private static Callable<Void> request(String method, String target, Map<String, String> headers, byte[] body,
                                          boolean fromOurFunctions) {
        return () -> {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", client.host());
            all.putAll(headers);
            RawHttp.Response response = client.exchange(method, target, all, body);
            check(method + " " + RawHttp.abbreviate(target) + " [" + headers.getOrDefault("Content-Type", "-") + ", "
                    + (body == null ? "no body" : body.length + " bytes") + "]", response, fromOurFunctions);
            return null;
        };
    }

    private static void check(String what, RawHttp.Response response, boolean fromOurFunctions) {
        if (response.status() >= 500) {
            failures.add(what + " -> " + response);
            return;
        }
        if (response.status() >= 400) {
            if (response.body().contains(CANARY)) {
                failures.add(what + " echoed the input -> " + response);
            }
            String type = String.valueOf(response.header("content-type"));
            if (fromOurFunctions && type.startsWith("application/json") && response.body().contains("\"error\"")) {
                JsonNode body = response.json();
                if (!body.has("error") || !body.has("details")) {
                    failures.add(what + " error without the JSON shape -> " + response);
                }
            }
        }
    }

    private static Map<String, String> jsonHeaders(String cookie) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("Content-Type", "application/json");
        json.put("Origin", "http://" + client.host());
        if (cookie != null) {
            json.put("Cookie", cookie);
        }
        return json;
    }

    private static void runAll(List<Callable<Void>> calls) throws Exception {
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> call : calls) {
            futures.add(pool.submit(call));
        }
        for (Future<Void> future : futures) {
            try {
                future.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(String.valueOf(e.getCause()));
            }
        }
        sent += calls.size();
    }

    @Test
    void noRouteAnswersHostileInputWithA5xx() throws Exception {
        long started = System.nanoTime();
        List<Callable<Void>> calls = new ArrayList<>();
        List<byte[]> bodies = jsonBodies();
        for (String[] route : routes()) {
            String method = route[0];
            String path = withParameter(route[1], "contoso.example");
            // Signed in (so session routes get past the session check and read their input), except
            // logout, which would end the fuzzer's session; a few cases again without a session.
            boolean logout = path.equals("/api/logout");
            Map<String, String> json = jsonHeaders(logout ? null : session);
            // GET handlers read no body: a few hostile ones suffice there.
            for (int i = 0; i < bodies.size(); i += method.equals("GET") ? 8 : 1) {
                calls.add(request(method, path, json, bodies.get(i), true));
            }
            for (String type : CONTENT_TYPES) {
                Map<String, String> headers = new LinkedHashMap<>(json);
                headers.put("Content-Type", type);
                calls.add(request(method, path, headers, "email=a%40b.example&state=x".getBytes(StandardCharsets.UTF_8), true));
            }
            for (String wrong : METHODS) {
                calls.add(request(wrong, path, json, null, true));
            }
            if (route[1].contains("{")) {
                for (String value : PATH_VALUES) {
                    calls.add(request(method, withParameter(route[1], value), json, "{}".getBytes(StandardCharsets.UTF_8), true));
                }
            }
            for (String query : List.of("?state=" + CANARY + "&state=x&code=%00", "?" + "a=b&".repeat(2000),
                    "?admin_consent=True&tenant=" + CANARY + "&state=%E0%A4", "?purpose=%0D%0A" + CANARY,
                    "?token=" + "x".repeat(8000), "?=&&=&%20=%20", "?scanId=" + "x".repeat(3000) + "&limit=-1&cursor=%00")) {
                calls.add(request(method, path + query, json, "{}".getBytes(StandardCharsets.UTF_8), true));
            }
            for (int i = 0; i < bodies.size(); i += 9) {
                calls.add(request(method, path, jsonHeaders(null), bodies.get(i), true));
            }
        }
        // Huge and odd request targets and headers anywhere on the server.
        for (String target : List.of("/" + "a".repeat(60_000), "/api/" + "../".repeat(200) + "etc/passwd",
                "/api/%2e%2e/%2e%2e/template.yaml", "//api//account", "/api/account/", "/API/ACCOUNT", "/api/account;x=1",
                "/api/account%00", "/%", "/api/%ZZ", "*", "http://evil.example/api/account", "/local/outbox/../../x",
                "/set-password?token=" + CANARY + "%00", "/\u00e9", "/api/sso/callback?" + "x".repeat(30_000),
                "/consent-result?status=error&message=" + CANARY)) {
            calls.add(request("GET", target, Map.of(), null, false));
            calls.add(request("POST", target, Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), false));
        }
        for (Map<String, String> headers : List.of(Map.of("Cookie", "mm_session=" + "a".repeat(30_000)),
                Map.of("Cookie", "mm_session=\"" + CANARY + "\"; mm_session=x; ;;=;"),
                Map.of("Cookie", session + "; " + "c=1; ".repeat(500)), Map.of("Origin", "null"),
                Map.of("Content-Type", "application/json", "Origin", "http://" + client.host() + "@evil.example"),
                Map.of("X-Forwarded-For", CANARY, "X-Forwarded-Host", "evil.example"))) {
            calls.add(request("GET", "/api/account", headers, null, true));
            calls.add(request("POST", "/api/login", headers, "{\"email\":\"x@fuzz.example\",\"password\":\"x\"}"
                    .getBytes(StandardCharsets.UTF_8), true));
        }
        // Bodies far over API Gateway's own limit are refused before any function runs.
        calls.add(request("POST", "/api/signup", Map.of("Content-Type", "application/json"), new byte[11 * 1024 * 1024], false));
        Collections.shuffle(calls, new java.util.Random(19));
        runAll(calls);

        // The same request many times at once.
        runAll(duplicates());

        // Logging out (the only route that ends the fuzzer's session) comes last.
        runAll(List.of(request("POST", "/api/logout", Map.of("Content-Type", "application/json", "Cookie", session),
                ("{\"x\":\"" + CANARY + "\"}").getBytes(StandardCharsets.UTF_8), true)));

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.err.println("FuzzTest: " + sent + " requests in " + seconds + " s, " + failures.size() + " failures");
        assertThat(failures).as(sent + " requests").isEmpty();
    }

    private static List<Callable<Void>> duplicates() {
        List<Callable<Void>> calls = new ArrayList<>();
        String victim = "dup-" + CANARY + "@fuzz.example";
        Map<String, String> json = Map.of("Content-Type", "application/json", "Cookie", session);
        byte[] signup = Browser.write(Map.of("email", victim, "company", "Fuzz", "region", "US")).getBytes(StandardCharsets.UTF_8);
        byte[] login = Browser.write(Map.of("email", victim, "password", "Wrong-Password-99")).getBytes(StandardCharsets.UTF_8);
        byte[] reset = Browser.write(Map.of("email", victim)).getBytes(StandardCharsets.UTF_8);
        byte[] domain = Browser.write(Map.of("domain", "dup-" + CANARY + ".example")).getBytes(StandardCharsets.UTF_8);
        byte[] password = Browser.write(Map.of("token", "dup-" + CANARY, "password", "Harbour-Lantern-42"))
                .getBytes(StandardCharsets.UTF_8);
        byte[] signIn = ("state=dup-" + CANARY + "&code=x").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 12; i++) {
            calls.add(request("POST", "/api/signup", json, signup, true));
            calls.add(request("POST", "/api/login", json, login, true));
            calls.add(request("POST", "/api/password/reset", json, reset, true));
            calls.add(request("POST", "/api/domains", json, domain, true));
            calls.add(request("POST", "/api/domains/dup-" + CANARY + ".example/verify", json, "{}".getBytes(StandardCharsets.UTF_8), true));
            calls.add(request("POST", "/api/password", json, password, true));
            calls.add(request("GET", "/api/sso/consent", json, null, true));
            calls.add(request("GET", "/api/account", json, null, true));
            calls.add(request("POST", "/api/sso/callback", Map.of("Content-Type", "application/x-www-form-urlencoded",
                    "Origin", "https://login.microsoftonline.com"), signIn, true));
        }
        return calls;
    }
}
