package com.mailmoat.consoleapi;

import com.mailmoat.core.config.Settings;
import com.mailmoat.core.notify.LogoFetcher;
import com.mailmoat.core.notify.LogoImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Copies a logo over https with the JDK's HTTP client, once, when the administrator saves it. The address is
 * someone else's server, so: https only, every address the host resolves to must be public (no loopback,
 * private, link-local or carrier-grade NAT range: the function must not be made to call inside a network),
 * no redirects, 5 seconds, at most {@link LogoImage#MAX_BYTES}, and only bytes that are an image by their
 * signature. (A host that resolves differently a moment later still only gets an https request, which the
 * Lambda runtime's plain-http endpoint cannot answer.)
 */
public final class HttpsLogoFetcher implements LogoFetcher {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final boolean allowLoopback;

    /** @param allowLoopback for the local runtime and tests only: a logo served on this machine */
    public HttpsLogoFetcher(HttpClient client, boolean allowLoopback) {
        this.client = client;
        this.allowLoopback = allowLoopback;
    }

    /**
     * Production: the JDK's trusted certificates, public addresses only. With {@code MAILMOAT_LOCAL=true} the
     * local runtime may allow loopback ({@code LOGO_ALLOW_LOOPBACK}) and trust one more certificate
     * ({@code LOGO_TRUSTED_CERT}, a PEM file) to serve a logo from this machine.
     */
    static HttpsLogoFetcher from(Settings settings) {
        boolean local = settings.getBoolean("MAILMOAT_LOCAL", false);
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT);
        String extraCert = local ? settings.get("LOGO_TRUSTED_CERT", "") : "";
        if (!extraCert.isBlank()) {
            builder.sslContext(trusting(Path.of(extraCert)));
        }
        return new HttpsLogoFetcher(builder.build(), local && settings.getBoolean("LOGO_ALLOW_LOOPBACK", false));
    }

    @Override
    public LogoImage fetch(String httpsUrl) {
        URI uri;
        try {
            uri = URI.create(httpsUrl);
        } catch (IllegalArgumentException e) {
            throw new LogoUnavailableException("is not a valid address");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new LogoUnavailableException("must be an https:// address of an image");
        }
        checkPublic(uri.getHost());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "image/png, image/jpeg, image/gif, image/webp")
                .header("User-Agent", "Mailmoat logo copy")
                .GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status >= 300 && status < 400) {
                    throw new LogoUnavailableException("redirects to another address: give the image's own address");
                }
                if (status != 200) {
                    throw new LogoUnavailableException("could not be downloaded: " + uri.getHost() + " answered HTTP " + status);
                }
                byte[] bytes = body.readNBytes(LogoImage.MAX_BYTES + 1);
                if (bytes.length > LogoImage.MAX_BYTES) {
                    throw new LogoUnavailableException("is an image larger than " + LogoImage.MAX_BYTES / 1000
                            + " KB: use a smaller one");
                }
                String type = LogoImage.typeOf(bytes).orElseThrow(() -> new LogoUnavailableException(
                        "is not a PNG, JPEG, GIF or WebP image"));
                return new LogoImage(bytes, type, httpsUrl);
            }
        } catch (IOException e) {
            throw new LogoUnavailableException("could not be downloaded: " + uri.getHost()
                    + " did not answer over https in time, or its certificate is not valid");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogoUnavailableException("could not be downloaded in time");
        }
    }

    private void checkPublic(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new LogoUnavailableException("could not be downloaded: the host name " + host + " does not exist");
        }
        for (InetAddress address : addresses) {
            if (!(allowLoopback && address.isLoopbackAddress()) && !isPublic(address)) {
                throw new LogoUnavailableException("points into a private network: give an address on the public internet");
            }
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] a = address.getAddress();
        if (address instanceof Inet6Address) {
            return (a[0] & 0xFE) != 0xFC; // fc00::/7, unique local
        }
        int first = a[0] & 0xFF;
        int second = a[1] & 0xFF;
        return first != 0 && !(first == 100 && second >= 64 && second < 128); // 0.0.0.0/8, 100.64.0.0/10
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("logo-host", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("LOGO_TRUSTED_CERT cannot be read: " + pem, e);
        }
    }
}
