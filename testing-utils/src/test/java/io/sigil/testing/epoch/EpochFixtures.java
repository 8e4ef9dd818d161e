package io.sigil.testing.epoch;

import io.sigil.devnet.network.DevnetLayout;
import io.sigil.json.Json;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.ChainFailure;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochProposal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Registries of the next epoch for a devnet and their approvals, correct or wrong in one way each. */
public final class EpochFixtures {
    private EpochFixtures() {
    }

    /** The ways the approval of epoch 2 goes wrong, and the reason every receiver must refuse it with. */
    public enum BadApproval {
        TOO_FEW_OPERATORS(ChainFailure.TOO_FEW_OPERATORS),
        NON_OPERATOR_SIGNATURE(ChainFailure.NON_OPERATOR_SIGNER),
        CHANGED_BYTE(ChainFailure.HASH_MISMATCH),
        WRONG_EPOCH(ChainFailure.WRONG_EPOCH),
        WRONG_NETWORK_ID(ChainFailure.WRONG_NETWORK_ID);

        public final ChainFailure expected;
        /** The failure as answers name it. */
        public final String reason;

        BadApproval(ChainFailure failure) {
            this.expected = failure;
            this.reason = failure.name().toLowerCase().replace('_', '-');
        }
    }

    public static List<OperatorKey> operators(DevnetLayout layout) throws IOException {
        List<OperatorKey> operators = new ArrayList<>();
        for (int operator = 1; operator <= 3; operator++) {
            operators.add(OperatorKey.load(layout.operatorKeyFile(operator)));
        }
        return operators;
    }

    /** The devnet's registry as epoch {@code epoch}, with {@code document}'s nodes. */
    public static byte[] registry(RegistryDocument document, long epoch) {
        return Json.writePretty(new RegistryDocument(document.networkId(), epoch, document.threshold(),
                document.committees(), document.nodes(), document.governance())).getBytes(StandardCharsets.UTF_8);
    }

    public static Approval approval(String networkId, long epoch, byte[] document, List<OperatorKey> signers) {
        String sha256 = ChainVerifier.documentSha256(document);
        return new Approval(networkId, epoch, sha256, signers.stream()
                .map(signer -> signer.approve(networkId, epoch, HexFormat.of().parseHex(sha256))).toList());
    }

    /** Epoch 2 of {@code layout}'s network (the same nodes: a refresh), approved by two of its three operators. */
    public static EpochProposal good(DevnetLayout layout, List<OperatorKey> operators) {
        byte[] next = registry(layout.registry().toDocument(), 2);
        return new EpochProposal(WireFields.toBase64(next), approval(layout.registry().networkId(), 2, next,
                operators.subList(0, 2)));
    }

    public static EpochProposal bad(DevnetLayout layout, List<OperatorKey> operators, BadApproval bad) {
        RegistryDocument document = layout.registry().toDocument();
        String network = layout.registry().networkId();
        byte[] next = registry(document, 2);
        byte[] sent = switch (bad) {
            case CHANGED_BYTE -> {
                byte[] changed = next.clone();
                changed[changed.length / 2] ^= 0x01;
                yield changed;
            }
            case WRONG_EPOCH -> registry(document, 3);
            default -> next;
        };
        Approval approval = switch (bad) {
            case TOO_FEW_OPERATORS -> approval(network, 2, next, operators.subList(0, 1));
            case NON_OPERATOR_SIGNATURE -> approval(network, 2, next, List.of(operators.get(0), OperatorKey.generate("outsider")));
            case CHANGED_BYTE -> approval(network, 2, next, operators.subList(0, 2));
            case WRONG_EPOCH -> approval(network, 3, sent, operators);
            case WRONG_NETWORK_ID -> approval("other-network", 2, next, operators);
        };
        return new EpochProposal(WireFields.toBase64(sent), approval);
    }
}
