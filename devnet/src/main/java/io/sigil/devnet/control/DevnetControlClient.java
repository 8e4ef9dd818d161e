package io.sigil.devnet.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.sigil.client.cli.NetworkOption.NetworkFile;
import io.sigil.json.Json;

/** Asks a running devnet, through the control endpoint its network file names, to stop or start a node or start joining nodes. */
public final class DevnetControlClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final NetworkFile network;

    public DevnetControlClient(NetworkFile network) {
        if (network.controlUrl() == null || network.controlToken() == null) {
            throw new IllegalStateException("the running devnet (pid " + network.pid()
                    + ") has no control endpoint; restart it with this version of sigil");
        }
        this.network = network;
    }

    /** Stops ({@code running == false}) or starts node {@code nodeId}; returns the devnet's answer. */
    public Map<?, ?> setRunning(String nodeId, boolean running) throws IOException {
        return post("/nodes/" + nodeId + (running ? "/start" : "/stop"));
    }

    /** Starts the nodes of the change laid out in the devnet's directory joining; {@code {"started": [...], "joining": [...]}}. */
    public Map<?, ?> join() throws IOException {
        return post("/epoch/join");
    }

    /** Tells the devnet the laid-out change committed; {@code {"epoch": e+1, "stopped": [...], "restarted": [...]}}. */
    public Map<?, ?> committed() throws IOException {
        return post("/epoch/committed");
    }

    private Map<?, ?> post(String path) throws IOException {
        URI uri = URI.create(network.controlUrl() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + network.controlToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException refused) {
            throw new IOException("the devnet (pid " + network.pid() + ") does not answer at " + network.controlUrl()
                    + "; is it still running? start it with `sigil devnet`");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the devnet");
        }
        Map<?, ?> answer = Json.read(response.body(), Map.class);
        if (response.statusCode() != 200) {
            throw new IOException(String.valueOf(answer.get("error")));
        }
        return answer;
    }
}
