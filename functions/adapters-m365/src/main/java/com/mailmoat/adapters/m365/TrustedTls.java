package com.mailmoat.adapters.m365;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * TLS that trusts exactly the certificates of one PEM file: how the adapters reach the simulator
 * over real HTTPS without disabling verification or touching the JVM's trust store.
 */
record TrustedTls(SSLContext sslContext, X509TrustManager trustManager) {

    static TrustedTls fromPem(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + pem);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("trusted-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager trustManager = (X509TrustManager) factory.getTrustManagers()[0];
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[]{trustManager}, null);
            return new TrustedTls(context, trustManager);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trusted certificate " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust certificate " + pem, e);
        }
    }
}
