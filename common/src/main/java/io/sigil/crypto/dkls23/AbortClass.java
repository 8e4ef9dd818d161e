package io.sigil.crypto.dkls23;

/** The three abort classes of spec §8. */
public enum AbortClass {
    /** The manager may retry without the culprit. */
    RETRY,
    /** RETRY plus a durable ban of the node pair (checks whose outcome may depend on stored secrets). */
    BAN,
    /** Own error or bad request; nobody is blamed. */
    LOCAL
}
