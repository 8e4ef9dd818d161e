package io.sigil.testing.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.NodeIdentity;
import io.sigil.node.transport.ChannelFrame;
import io.sigil.wire.auth.NodeRequestSignature;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Held-open connections (the review: 200 trickling uploads stayed open 330 s), against an in-JVM
 * devnet with small limits: a request must arrive whole within {@code sigil.server.request-deadline},
 * a service keeps at most {@code sigil.server.max-connections} connections, and one node holds at
 * most one channel of another (a newer connection replaces the older).
 */
class HeldOpenConnectionsTest {
    private static final int MAX_CONNECTIONS = 12;
    @TempDir
    static Path directory;
    private static Devnet devnet;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT, Map.of(
                "sigil.server.request-deadline", "2s",
                "sigil.server.max-connections", MAX_CONNECTIONS));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void aTricklingUploadIsCutAtTheRequestDeadline() throws Exception {
        URI leader = URI.create(node("leader-1").url());
        int declared = 100_000;
        int sent = 0;
        boolean cut = false;
        try (Socket socket = new Socket(leader.getHost(), leader.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/new_user HTTP/1.1\r\nHost: " + leader.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(250);
            InputStream in = socket.getInputStream();
            // one byte every 250 ms: never idle, never done; bounded at 40 s so the test ends on main too
            while (sent < 160 && !cut) {
                try {
                    out.write('{');
                    out.flush();
                    sent++;
                    cut = serverClosed(in);
                } catch (IOException reset) {
                    cut = true;
                }
            }
        }
        assertThat(cut).as("the server still held the upload open after %d trickled bytes", sent).isTrue();
        assertThat(sent).isLessThan(declared);
    }

    @Test
    void connectionsPastTheCapAreClosedAtOnce() throws Exception {
        URI leader = URI.create(node("leader-2").url());
        List<Socket> sockets = new ArrayList<>();
        int answered = 0;
        int refused = 0;
        try {
            for (int i = 0; i < 3 * MAX_CONNECTIONS; i++) {
                sockets.add(new Socket(leader.getHost(), leader.getPort()));
            }
            for (Socket socket : sockets) {
                socket.setSoTimeout(10_000);
                try {
                    socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + leader.getHost() + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] head = socket.getInputStream().readNBytes(12);
                    if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 ")) {
                        answered++;
                    } else {
                        refused++;
                    }
                } catch (IOException reset) {
                    refused++;
                }
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(answered).as("answered connections").isBetween(1, MAX_CONNECTIONS);
        assertThat(refused).as("refused connections").isGreaterThanOrEqualTo(2 * MAX_CONNECTIONS);
    }

    @Test
    void aPeerHoldsAtMostOneChannelOfANodeHoweverOftenItConnects() throws Exception {
        DevnetNode target = node("node-1a");
        NodeIdentity reader = NodeIdentity.load(node("node-2a").dataDirectory().resolve("identity"));
        HttpClient http = HttpClient.newHttpClient();
        List<HttpResponse<InputStream>> channels = new ArrayList<>();
        List<DataInputStream> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String path = "/v1/channel";
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url()).resolve(path)).GET();
                NodeRequestSignature.headers(reader, "node-2a", "node-1a", "GET", path, new byte[0],
                        System.currentTimeMillis()).forEach(request::header);
                HttpResponse<InputStream> channel = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(channel.statusCode()).isEqualTo(200);
                channels.add(channel);
                readers.add(ChannelFrame.reader(channel.body()));
                assertThat(ChannelFrame.read(readers.getLast()).type()).isEqualTo(ChannelFrame.Type.RESUMED);
            }
            // each newer connection replaced the one before: only the last stays open
            for (DataInputStream frames : readers.subList(0, 2)) {
                ChannelFrame frame;
                while ((frame = ChannelFrame.read(frames)) != null && frame.type() != ChannelFrame.Type.REFUSED) {
                    assertThat(frame.type()).isEqualTo(ChannelFrame.Type.HEARTBEAT);
                }
                assertThat(frame).as("the replaced connection ends with a refusal").isNotNull();
                assertThat(frame.text()).contains("replaced");
            }
        } finally {
            for (HttpResponse<InputStream> channel : channels) {
                channel.body().close();
            }
            http.close();
        }
    }

    /** True when the server closed its side: whatever it answered first, the reads end. */
    private static boolean serverClosed(InputStream in) throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException open) {
            return false;
        }
    }

    private static DevnetNode node(String id) {
        return devnet.layout().nodes().stream().filter(node -> node.id().equals(id)).findFirst().orElseThrow();
    }
}
