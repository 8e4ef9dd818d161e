package io.sigil.client.user;

import java.util.List;

/** The network did not generate the key: the manager's reason and every accusation it recorded (keygen §2.7). */
public final class NetworkKeyFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> accusations;

    public NetworkKeyFailedException(String message, List<String> accusations) {
        super(message, null, false, false);
        this.accusations = List.copyOf(accusations);
    }

    public List<String> accusations() {
        return accusations;
    }
}
