package com.mailmoat.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.local.lambda.LambdaFunction;
import com.mailmoat.local.template.EventSource;
import com.mailmoat.local.template.FunctionDefinition;
import com.mailmoat.local.template.Template;
import com.mailmoat.local.web.ConsoleSecurityHeaders;
import com.mailmoat.local.web.StaticConsole;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19, finding 7: the console server answers only to its own name, and static pages cannot be framed. */
class LocalHttpServerTest {
    @TempDir
    static Path web;
    private static LocalHttpServer server;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>console</title>");
        server = new LocalHttpServer(0);
        LambdaFunction echo = LambdaFunction.load(new FunctionDefinition("Api", "Api",
                "com.mailmoat.local.testhandlers.OkHandler::handleRequest", 3, 128, Map.of(),
                List.of(new EventSource.HttpApi("a", "POST", "/api/things/{id}"))),
                LocalHttpServerTest.class.getClassLoader());
        // The headers CloudFront adds in AWS, read from the project's template as the local stack does.
        Template template = Template.load(Path.of(System.getProperty("mailmoat.root", "..")).resolve("template.yaml"));
        server.start(RouteTable.of(List.of(echo)),
                List.of(StaticConsole.fromDirectory(web, ConsoleSecurityHeaders.of(template))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Raw HTTP/1.1, so the Host header and the request line are exactly what a test says. */
    private static List<String> raw(String requestLine, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            String request = requestLine + "\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
                    + "Connection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }

    @Test
    void aRequestForAnotherHostNameIsMisdirected() throws IOException {
        int port = server.port();
        assertThat(raw("GET / HTTP/1.1", "127.0.0.1:" + port).get(0)).contains(" 200");
        List<String> moved = raw("GET /set-password?token=t HTTP/1.1", "localhost:" + port);
        assertThat(moved.get(0)).as("the console's own address, where sign-in is accepted").contains(" 308");
        assertThat(moved).contains("Location: http://127.0.0.1:" + port + "/set-password?token=t");
        for (String rebound : List.of("evil.example:" + port, "evil.example", "127.0.0.1", "127.0.0.1:1",
                "127.0.0.1:" + port + ".evil.example", "")) {
            assertThat(raw("GET /local/outbox HTTP/1.1", rebound).get(0)).as(rebound).contains(" 421");
        }
    }

    @Test
    void staticPagesForbidFramingAndSniffing() throws IOException {
        List<String> response = raw("GET / HTTP/1.1", "127.0.0.1:" + server.port());
        assertThat(response).anySatisfy(h -> assertThat(h.toLowerCase()).isEqualTo("x-frame-options: deny"));
        assertThat(response).anySatisfy(h -> assertThat(h.toLowerCase()).contains("frame-ancestors 'none'"));
        assertThat(response).anySatisfy(h -> assertThat(h.toLowerCase()).isEqualTo("x-content-type-options: nosniff"));
        assertThat(response).anySatisfy(h -> assertThat(h.toLowerCase()).isEqualTo("referrer-policy: no-referrer"));
        assertThat(response).anySatisfy(h -> assertThat(h.toLowerCase())
                .isEqualTo("strict-transport-security: max-age=31536000; includesubdomains"));
    }

    @Test
    void oddPathsAreClientErrors() throws IOException {
        String host = "127.0.0.1:" + server.port();
        for (String path : List.of("/api/things/%zz", "/api/things/%", "/api/things/%E0%A4", "/%00", "/..%2F..%2Fetc",
                "/" + "a".repeat(20_000), "//api//things", "/api/things/a%2Fb")) {
            String status = raw("POST " + path + " HTTP/1.1", host).get(0);
            assertThat(status).as(path).matches("HTTP/1.1 [234]\\d\\d .*");
        }
    }
}
