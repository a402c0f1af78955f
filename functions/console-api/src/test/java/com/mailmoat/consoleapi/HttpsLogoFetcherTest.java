package com.mailmoat.consoleapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.notify.LogoFetcher.LogoUnavailableException;
import com.mailmoat.core.notify.LogoImage;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logo copy against a real HTTPS server on this machine (a certificate made with keytool for 127.0.0.1):
 * what it keeps, what it refuses and why, and that a private address is refused before any request is made.
 */
class HttpsLogoFetcherTest {
    private static final byte[] PNG = png(2_000);
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static SSLContext tls;
    private static final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void serveOverHttps() throws Exception {
        Path keystore = dir.resolve("logo-host.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "logo", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            byte[] body = switch (path) {
                case "/logo.png" -> PNG;
                case "/page.html" -> "<html><body>Not an image</body></html>".getBytes();
                case "/logo.svg" -> "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes();
                case "/huge.png" -> png(LogoImage.MAX_BYTES + 10);
                default -> new byte[0];
            };
            // Even a lying Content-Type does not make HTML an image.
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            if (path.equals("/moved.png")) {
                exchange.getResponseHeaders().set("Location", "https://127.0.0.1/logo.png");
                exchange.sendResponseHeaders(302, -1);
            } else if (body.length == 0) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static HttpsLogoFetcher fetcher(boolean allowLoopback) {
        return new HttpsLogoFetcher(HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER).build(),
                allowLoopback);
    }

    @Test
    void aPngIsCopiedWithItsTypeFromItsBytesAndItsAddress() {
        LogoImage logo = fetcher(true).fetch(url("/logo.png"));
        assertThat(logo.contentType()).isEqualTo("image/png");
        assertThat(logo.bytes()).isEqualTo(PNG);
        assertThat(logo.sourceUrl()).isEqualTo(url("/logo.png"));
    }

    @Test
    void whatIsNotASmallRasterImageAtThatVeryAddressIsRefusedWithTheReason() {
        HttpsLogoFetcher fetcher = fetcher(true);
        assertThatThrownBy(() -> fetcher.fetch(url("/page.html"))).isInstanceOf(LogoUnavailableException.class)
                .hasMessage("is not a PNG, JPEG, GIF or WebP image");
        assertThatThrownBy(() -> fetcher.fetch(url("/logo.svg"))).hasMessage("is not a PNG, JPEG, GIF or WebP image");
        assertThatThrownBy(() -> fetcher.fetch(url("/huge.png"))).hasMessageContaining("larger than 100 KB");
        assertThatThrownBy(() -> fetcher.fetch(url("/moved.png"))).hasMessageContaining("redirects to another address");
        assertThatThrownBy(() -> fetcher.fetch(url("/missing.png"))).hasMessageContaining("answered HTTP 404");
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + server.getAddress().getPort() + "/logo.png"))
                .hasMessage("must be an https:// address of an image");
    }

    @Test
    void anAddressInsideAPrivateNetworkIsRefusedBeforeAnyRequest() throws Exception {
        int before = requests.get();
        assertThatThrownBy(() -> fetcher(false).fetch(url("/logo.png"))).isInstanceOf(LogoUnavailableException.class)
                .hasMessageContaining("private network");
        assertThat(requests.get()).as("the server never asked").isEqualTo(before);
        for (String address : new String[] {"10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                "::1", "fd00::1", "fe80::1"}) {
            assertThat(HttpsLogoFetcher.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        assertThat(HttpsLogoFetcher.isPublic(InetAddress.getByName("93.184.216.34"))).isTrue();
    }

    private static byte[] png(int size) {
        byte[] bytes = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, size);
        Arrays.fill(bytes, 8, size, (byte) 7);
        return bytes;
    }
}
