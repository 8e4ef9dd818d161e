package io.sigil.client.sign;

/**
 * A communication manager answered something the client cannot accept: a signature that does not
 * verify against the key's public key and the client's own digest, one that recovers to another
 * address, or an answer about another request. The manager is named, since it is the one to
 * blame (it relayed what the nodes reported, or made it up).
 */
public final class InvalidManagerAnswerException extends Exception {
    private final String requestId;
    private final String managerId;
    private final String managerUrl;

    public InvalidManagerAnswerException(String requestId, String managerId, String managerUrl, String problem) {
        super("manager " + managerId + " (" + managerUrl + ") " + problem + " for request " + requestId);
        this.requestId = requestId;
        this.managerId = managerId;
        this.managerUrl = managerUrl;
    }

    public String requestId() {
        return requestId;
    }

    public String managerId() {
        return managerId;
    }

    public String managerUrl() {
        return managerUrl;
    }
}
