package com.mailmoat.detect.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Class loader set as the thread's context loader while Jakarta Mail parses. Jakarta Mail 2.1
 * looks its {@code StreamProvider} up through {@link java.util.ServiceLoader} on every header
 * block and every decoded part, and the JDK re-opens the jar holding the service file each time
 * (uncached), which costs about a millisecond per part in a large self-contained jar. This
 * loader answers that one service-file lookup from memory and delegates everything else.
 */
final class StreamProviderLoader extends ClassLoader {

    private static final String SERVICE = "META-INF/services/jakarta.mail.util.StreamProvider";

    private final URL serviceFile;

    StreamProviderLoader(ClassLoader parent) {
        super(parent);
        this.serviceFile = inMemory(readServiceFile(parent));
    }

    private static byte[] readServiceFile(ClassLoader parent) {
        try (InputStream in = parent.getResourceAsStream(SERVICE)) {
            if (in != null) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            // fall through to the provider Angus Mail ships
        }
        return "org.eclipse.angus.mail.util.MailStreamProvider\n".getBytes(StandardCharsets.UTF_8);
    }

    private static URL inMemory(byte[] content) {
        URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                return new URLConnection(u) {
                    @Override
                    public void connect() {
                        // nothing to connect to: the content is in memory
                    }

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(content);
                    }
                };
            }
        };
        try {
            return new URL(null, "mailmoat-memory:" + SERVICE, handler);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (SERVICE.equals(name)) {
            return Collections.enumeration(List.of(serviceFile));
        }
        return super.getResources(name);
    }
}
