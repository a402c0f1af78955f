package com.mailmoat.adapters.m365;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that answers each connection once and then closes it while promising keep-alive, as a
 * server closes an idle connection: the pooled connection is stale when the next request takes it.
 */
class StaleConnectionRetryTest {
    private ServerSocket server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serverThatClosesEachConnectionAfterOneAnswer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                    String line = in.readLine();
                    int length = 0;
                    for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                        if (header.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring(15).strip());
                        }
                    }
                    in.skip(length);
                    requests.add(line);
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                            + "Connection: keep-alive\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // closed by the test
                }
            }
        }, "stale-connection-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private OkHttpClient client(boolean withRetry) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder().retryOnConnectionFailure(false)
                .readTimeout(5, TimeUnit.SECONDS);
        if (withRetry) {
            builder.addInterceptor(new StaleConnectionRetry());
        }
        return builder.build();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1.0/users";
    }

    private static int send(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return response.code();
        }
    }

    @Test
    void aReadOnAConnectionTheServerClosedIsSentOnceMoreOnANewOne() throws Exception {
        OkHttpClient plain = client(false);
        assertThat(send(plain, new Request.Builder().url(url()).build())).isEqualTo(200);
        Thread.sleep(100);
        assertThatThrownBy(() -> send(plain, new Request.Builder().url(url()).build()))
                .as("without the retry, the pooled connection fails the read").isInstanceOf(IOException.class);

        OkHttpClient retrying = client(true);
        assertThat(send(retrying, new Request.Builder().url(url()).build())).isEqualTo(200);
        Thread.sleep(100);
        assertThat(send(retrying, new Request.Builder().url(url()).build())).isEqualTo(200);
    }

    @Test
    void aWriteIsNeverSentTwice() throws Exception {
        OkHttpClient retrying = client(true);
        RequestBody move = RequestBody.create("{\"destinationId\":\"q\"}", MediaType.get("application/json"));
        assertThat(send(retrying, new Request.Builder().url(url()).build())).isEqualTo(200);
        Thread.sleep(100);
        requests.clear();
        assertThatThrownBy(() -> send(retrying, new Request.Builder().url(url() + "/move").post(move).build()))
                .isInstanceOf(IOException.class);
        assertThat(requests).as("the POST is not resent on a new connection").isEmpty();
    }
}
