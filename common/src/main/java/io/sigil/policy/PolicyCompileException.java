package io.sigil.policy;

/** A policy that does not parse or type-check; the message is the CEL compiler's, with positions. */
public final class PolicyCompileException extends IllegalArgumentException {

    public PolicyCompileException(String compilerMessage) {
        super(compilerMessage);
    }
}
