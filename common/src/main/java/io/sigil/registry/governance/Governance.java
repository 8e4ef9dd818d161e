package io.sigil.registry.governance;

import java.util.List;
import java.util.Optional;

import io.sigil.registry.PublicKeyBytes;
import io.sigil.registry.RegistryDocument.GovernanceDocument;
import io.sigil.registry.RegistryDocument.OperatorDocument;

/**
 * The validated {@code governance} block of a registry: the operators who may approve the next
 * registry and how many of them must ({@code quorum}). Nothing else authorises a change of the
 * node set (docs/security.md "Trust chain").
 */
public record Governance(int quorum, List<Operator> operators) {

    /** An operator: its id as approvals name it and its Ed25519 public key. */
    public record Operator(String id, PublicKeyBytes key) {
    }

    public Governance {
        operators = List.copyOf(operators);
    }

    public Optional<Operator> operator(String id) {
        return operators.stream().filter(operator -> operator.id().equals(id)).findFirst();
    }

    public Optional<Operator> operatorWithKey(PublicKeyBytes key) {
        return operators.stream().filter(operator -> operator.key().equals(key)).findFirst();
    }

    public GovernanceDocument toDocument() {
        return new GovernanceDocument(quorum,
                operators.stream().map(operator -> new OperatorDocument(operator.id(), operator.key().toHex())).toList());
    }
}
