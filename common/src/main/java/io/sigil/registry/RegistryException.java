package io.sigil.registry;

import java.util.List;

/** A registry document that cannot be used; the message lists every problem found. */
public final class RegistryException extends Exception {
    private final List<String> problems;

    public RegistryException(String source, List<String> problems) {
        super("invalid node registry " + source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
