package io.sigil.registry.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.GovernanceDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;

/**
 * A chain genesis → epoch 2 → epoch 3, and every way an approval can be wrong: each is refused
 * with its own {@link ChainFailure}, before anything of the refused registry is used.
 */
class ChainVerifierTest {
    private static final List<NodeIdentity> NODES = IntStream.range(0, 5).mapToObj(i -> NodeIdentity.generate()).toList();
    private static final List<OperatorKey> OPERATORS = List.of(OperatorKey.generate("op-1"),
            OperatorKey.generate("op-2"), OperatorKey.generate("op-3"));
    private static final OperatorKey OUTSIDER = OperatorKey.generate("op-4");

    static byte[] registryBytes(String networkId, long epoch, GovernanceDocument governance) {
        List<NodeDocument> nodes = new ArrayList<>();
        nodes.add(node(0, "node-1", "signing-client", 1));
        nodes.add(node(1, "node-2", "signing-client", 2));
        nodes.add(node(2, "leader-1", "committee-leader", 1));
        nodes.add(node(3, "leader-2", "committee-leader", 2));
        nodes.add(node(4, "manager-1", "communication-manager", null));
        RegistryDocument document = new RegistryDocument(networkId, epoch, 2,
                List.of(new CommitteeDocument(1, "one"), new CommitteeDocument(2, "two")), nodes, governance);
        return Json.writePretty(document).getBytes(StandardCharsets.UTF_8);
    }

    private static NodeDocument node(int index, String id, String role, Integer committee) {
        return new NodeDocument(id, List.of(role), committee, "http://127.0.0.1:" + (7000 + index),
                NODES.get(index).identityKey().toHex(), NODES.get(index).encryptionKey().toHex());
    }

    private static final GovernanceDocument GOVERNANCE = OperatorKey.governance(2, OPERATORS);
    private static final byte[] GENESIS = registryBytes("chain-test", 1, GOVERNANCE);
    private static final byte[] EPOCH_2 = registryBytes("chain-test", 2, GOVERNANCE);
    private static final byte[] EPOCH_3 = registryBytes("chain-test", 3, OperatorKey.governance(1, List.of(OPERATORS.get(2))));

    static Approval approve(String networkId, long epoch, byte[] document, OperatorKey... signers) {
        byte[] sha = java.util.HexFormat.of().parseHex(ChainVerifier.documentSha256(document));
        List<Approval.OperatorSignature> signatures = new ArrayList<>();
        for (OperatorKey signer : signers) {
            signatures.add(signer.approve(networkId, epoch, sha));
        }
        return new Approval(networkId, epoch, ChainVerifier.documentSha256(document), signatures);
    }

    private static NetworkPin pin() throws Exception {
        return NetworkPin.of(GENESIS, Registry.parse(new String(GENESIS, StandardCharsets.UTF_8), false, "genesis"));
    }

    private static RegistryChain validChain() {
        return RegistryChain.genesisOnly(GENESIS)
                .then(EPOCH_2, approve("chain-test", 2, EPOCH_2, OPERATORS.get(0), OPERATORS.get(2)))
                .then(EPOCH_3, approve("chain-test", 3, EPOCH_3, OPERATORS.get(1), OPERATORS.get(0), OPERATORS.get(2)));
    }

    private static ChainVerificationException refused(RegistryChain chain) {
        return assertThrows(ChainVerificationException.class, () -> ChainVerifier.verify(chain, pin()));
    }

    @Test
    void aChainApprovedByQuorumsFromGenesisIsAccepted() throws Exception {
        ChainVerifier.VerifiedChain verified = ChainVerifier.verify(validChain(), pin());
        assertThat(verified.current().epoch()).isEqualTo(3);
        assertThat(verified.current().governance().quorum()).isEqualTo(1);
        assertThat(verified.genesis().epoch()).isEqualTo(1);
        assertThat(ChainVerifier.verifyFromGenesis(validChain()).current().epoch()).isEqualTo(3);
        assertThat(ChainVerifier.verify(RegistryChain.genesisOnly(GENESIS), pin()).current().epoch()).isEqualTo(1);
    }

    @Test
    void aChainSurvivesTheJsonRoundTrip() throws Exception {
        RegistryChain read = Json.read(Json.write(validChain()), RegistryChain.class);
        assertThat(ChainVerifier.verify(read, pin()).current().epoch()).isEqualTo(3);
    }

    @Test
    void tooFewOperatorsAreRefused() {
        ChainVerificationException refusal = refused(RegistryChain.genesisOnly(GENESIS)
                .then(EPOCH_2, approve("chain-test", 2, EPOCH_2, OPERATORS.get(1))));
        assertThat(refusal.failure()).isEqualTo(ChainFailure.TOO_FEW_OPERATORS);
        assertThat(refusal.epoch()).isEqualTo(2);
        assertThat(refusal.getMessage()).contains("1 operator(s) of epoch 1 signed [op-2], the quorum is 2");
    }

    @Test
    void aNonOperatorsSignatureIsRefusedEvenBesideAQuorum() {
        ChainVerificationException refusal = refused(RegistryChain.genesisOnly(GENESIS)
                .then(EPOCH_2, approve("chain-test", 2, EPOCH_2, OPERATORS.get(0), OUTSIDER)));
        assertThat(refusal.failure()).isEqualTo(ChainFailure.NON_OPERATOR_SIGNER);
        assertThat(refusal.getMessage()).contains("'op-4' signed the approval but is not an operator of epoch 1");
    }

    @Test
    void anOutsiderSigningUnderAnOperatorsNameIsABadSignature() {
        byte[] sha = java.util.HexFormat.of().parseHex(ChainVerifier.documentSha256(EPOCH_2));
        Approval.OperatorSignature forged = new Approval.OperatorSignature("op-3",
                OUTSIDER.approve("chain-test", 2, sha).signature());
        Approval approval = approve("chain-test", 2, EPOCH_2, OPERATORS.get(0));
        approval = new Approval(approval.networkId(), 2, approval.documentSha256(),
                List.of(approval.signatures().get(0), forged));
        ChainVerificationException refusal = refused(RegistryChain.genesisOnly(GENESIS).then(EPOCH_2, approval));
        assertThat(refusal.failure()).isEqualTo(ChainFailure.BAD_SIGNATURE);
        assertThat(refusal.getMessage()).contains("operator 'op-3'");
    }

    @Test
    void theSameOperatorTwiceDoesNotMakeAQuorum() {
        Approval once = approve("chain-test", 2, EPOCH_2, OPERATORS.get(0));
        Approval twice = new Approval("chain-test", 2, once.documentSha256(),
                List.of(once.signatures().get(0), once.signatures().get(0)));
        ChainVerificationException refusal = refused(RegistryChain.genesisOnly(GENESIS).then(EPOCH_2, twice));
        assertThat(refusal.failure()).isEqualTo(ChainFailure.DUPLICATE_SIGNER);
    }

    @Test
    void aChangedByteOfAnApprovedRegistryIsRefused() {
        byte[] changed = EPOCH_2.clone();
        int at = new String(changed, StandardCharsets.UTF_8).indexOf("7001");
        changed[at + 3] = '9';
        ChainVerificationException refusal = refused(RegistryChain.genesisOnly(GENESIS)
                .then(changed, approve("chain-test", 2, EPOCH_2, OPERATORS.get(0), OPERATORS.get(1))));
        assertThat(refusal.failure()).isEqualTo(ChainFailure.HASH_MISMATCH);
    }

    @Test
    void anApprovalWhoseHashWasReplacedNoLongerVerifies() {
        byte[] changed = registryBytes("chain-test", 2, OperatorKey.governance(1, List.of(OUTSIDER)));
        Approval honest = approve("chain-test", 2, EPOCH_2, OPERATORS.get(0), OPERATORS.get(1));
        Approval rewritten = new Approval("chain-test", 2, ChainVerifier.documentSha256(changed), honest.signatures());
        ChainVerificationException refusal = refused(RegistryChain.genesisOnly(GENESIS).then(changed, rewritten));
        assertThat(refusal.failure()).isEqualTo(ChainFailure.BAD_SIGNATURE);
    }

    @Test
    void aWrongEpochIsRefusedInTheApprovalAndInTheDocument() {
        ChainVerificationException skipped = refused(RegistryChain.genesisOnly(GENESIS)
                .then(EPOCH_3, approve("chain-test", 3, EPOCH_3, OPERATORS.get(0), OPERATORS.get(1))));
        assertThat(skipped.failure()).isEqualTo(ChainFailure.WRONG_EPOCH);
        assertThat(skipped.getMessage()).contains("the approval is for epoch 3 but follows epoch 1");
        ChainVerificationException mislabelled = refused(RegistryChain.genesisOnly(GENESIS)
                .then(EPOCH_3, approve("chain-test", 2, EPOCH_3, OPERATORS.get(0), OPERATORS.get(1))));
        assertThat(mislabelled.failure()).isEqualTo(ChainFailure.WRONG_EPOCH);
        assertThat(mislabelled.getMessage()).contains("the registry names epoch 3 but follows epoch 1");
    }

    @Test
    void aWrongNetworkIdIsRefusedInTheApprovalAndInTheDocument() {
        ChainVerificationException approval = refused(RegistryChain.genesisOnly(GENESIS)
                .then(EPOCH_2, approve("other-net", 2, EPOCH_2, OPERATORS.get(0), OPERATORS.get(1))));
        assertThat(approval.failure()).isEqualTo(ChainFailure.WRONG_NETWORK_ID);
        byte[] foreign = registryBytes("other-net", 2, GOVERNANCE);
        ChainVerificationException document = refused(RegistryChain.genesisOnly(GENESIS)
                .then(foreign, approve("chain-test", 2, foreign, OPERATORS.get(0), OPERATORS.get(1))));
        assertThat(document.failure()).isEqualTo(ChainFailure.WRONG_NETWORK_ID);
        assertThat(document.getMessage()).contains("the registry names network 'other-net'");
    }

    @Test
    void anotherGenesisThanThePinnedOneIsRefused() {
        byte[] otherGenesis = registryBytes("chain-test", 1, OperatorKey.governance(1, List.of(OUTSIDER)));
        ChainVerificationException refusal = refused(RegistryChain.genesisOnly(otherGenesis));
        assertThat(refusal.failure()).isEqualTo(ChainFailure.GENESIS_NOT_PINNED);
    }

    @Test
    void aPinWhoseGovernanceDiffersFromItsGenesisIsRefused() throws Exception {
        NetworkPin pin = pin();
        NetworkPin altered = new NetworkPin(pin.networkId(), pin.registrySha256(), OperatorKey.governance(1, List.of(OUTSIDER)));
        ChainVerificationException refusal = assertThrows(ChainVerificationException.class,
                () -> ChainVerifier.verify(RegistryChain.genesisOnly(GENESIS), altered));
        assertThat(refusal.failure()).isEqualTo(ChainFailure.PIN_MISMATCH);
    }

    @Test
    void aLaterEpochsOperatorsCannotApproveForTheEarlierOnes() {
        // epoch 3's registry names only op-3 with quorum 1; approvals are checked against the
        // operators of the epoch before (quorum 2), so op-3 alone does not admit it
        RegistryChain chain = RegistryChain.genesisOnly(GENESIS)
                .then(EPOCH_2, approve("chain-test", 2, EPOCH_2, OPERATORS.get(0), OPERATORS.get(1)))
                .then(EPOCH_3, approve("chain-test", 3, EPOCH_3, OPERATORS.get(2)));
        ChainVerificationException refusal = refused(chain);
        assertThat(refusal.failure()).isEqualTo(ChainFailure.TOO_FEW_OPERATORS);
        assertThat(refusal.epoch()).isEqualTo(3);
    }

    @Test
    void approvalsFromSeveralOperatorsMerge() {
        Approval first = approve("chain-test", 2, EPOCH_2, OPERATORS.get(0));
        Approval second = approve("chain-test", 2, EPOCH_2, OPERATORS.get(2), OPERATORS.get(0));
        Approval merged = first.merge(second);
        assertThat(merged.signatures()).extracting(Approval.OperatorSignature::operator).containsExactly("op-3", "op-1");
        Approval other = approve("chain-test", 2, EPOCH_3, OPERATORS.get(1));
        assertThrows(IllegalArgumentException.class, () -> first.merge(other));
    }
}
