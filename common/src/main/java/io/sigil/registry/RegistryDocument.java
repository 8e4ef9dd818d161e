package io.sigil.registry;

import java.util.List;

/**
 * The registry as written in its JSON or YAML file, before validation. Every field is boxed
 * so a missing one is reported by {@link RegistryValidator} instead of defaulting silently.
 */
public record RegistryDocument(
        String networkId,
        Long epoch,
        Integer threshold,
        List<CommitteeDocument> committees,
        List<NodeDocument> nodes,
        GovernanceDocument governance) {

    public record CommitteeDocument(Integer index, String name) {
    }

    /**
     * Who may approve the next registry (docs/security.md "Trust chain"): the operators' Ed25519
     * public keys and how many of them must sign.
     */
    public record GovernanceDocument(Integer quorum, List<OperatorDocument> operators) {
    }

    public record OperatorDocument(String id, String key) {
    }

    public record NodeDocument(
            String id,
            List<String> roles,
            Integer committee,
            String url,
            String identityKey,
            String encryptionKey) {
    }
}
