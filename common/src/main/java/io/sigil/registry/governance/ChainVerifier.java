package io.sigil.registry.governance;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.identity.SignatureKey;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument.GovernanceDocument;
import io.sigil.registry.RegistryException;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;

/**
 * Checks a {@link RegistryChain} link by link (docs/security.md "Trust chain"): genesis is what the pin names
 * (or, for a node, what it was deployed with); the registry of epoch {@code e+1} is admitted only
 * by an approval for its exact bytes, its network and epoch, signed by at least {@code quorum}
 * distinct operators of epoch {@code e}. The first problem ends the check, named.
 */
public final class ChainVerifier {
    private static final HexFormat HEX = HexFormat.of();

    private ChainVerifier() {
    }

    /** The registries a verified chain admits; {@link #current()} is the one to use. */
    public record VerifiedChain(Registry genesis, Registry current, String genesisSha256) {
    }

    /** SHA-256 of a registry file's exact bytes, as approvals and pins write it (64 lowercase hex digits). */
    public static String documentSha256(byte[] registryBytes) {
        return HEX.formatHex(MessageDigests.sha256(registryBytes));
    }

    /** Verifies {@code chain} against the pin a user holds. */
    public static VerifiedChain verify(RegistryChain chain, NetworkPin pin) throws ChainVerificationException {
        byte[] genesisBytes = decode(chain.genesis(), 0);
        String genesisSha256 = documentSha256(genesisBytes);
        if (pin.registrySha256() == null || !genesisSha256.equalsIgnoreCase(pin.registrySha256())) {
            throw new ChainVerificationException(ChainFailure.GENESIS_NOT_PINNED, 0, "the genesis registry hashes to "
                    + genesisSha256 + " but the network pin names " + pin.registrySha256());
        }
        Registry genesis = parse(genesisBytes, 0, "genesis registry");
        if (!genesis.networkId().equals(pin.networkId())) {
            throw new ChainVerificationException(ChainFailure.PIN_MISMATCH, genesis.epoch(), "the genesis registry is of network '"
                    + genesis.networkId() + "' but the pin names '" + pin.networkId() + "'");
        }
        if (!sameGovernance(genesis.governance(), pin.governance())) {
            throw new ChainVerificationException(ChainFailure.PIN_MISMATCH, genesis.epoch(),
                    "the genesis registry's governance differs from the pin's");
        }
        return follow(genesis, genesisSha256, chain.epochs());
    }

    /** Verifies {@code chain} from its genesis as deployed: what a node checks of its own configuration. */
    public static VerifiedChain verifyFromGenesis(RegistryChain chain) throws ChainVerificationException {
        byte[] genesisBytes = decode(chain.genesis(), 0);
        Registry genesis = parse(genesisBytes, 0, "genesis registry");
        return follow(genesis, documentSha256(genesisBytes), chain.epochs());
    }

    /**
     * Every registry of {@code chain} from genesis to the current epoch, each admitted by its
     * approval as {@link #verifyFromGenesis} admits it: what a node reads the registry of an
     * earlier epoch from (e.g. the signers of evidence made in that epoch, docs/keygen.md §3.8).
     */
    public static List<Registry> registries(RegistryChain chain) throws ChainVerificationException {
        return walk(parse(decode(chain.genesis(), 0), 0, "genesis registry"), chain.epochs());
    }

    private static VerifiedChain follow(Registry genesis, String genesisSha256, List<RegistryChain.Link> links)
            throws ChainVerificationException {
        return new VerifiedChain(genesis, walk(genesis, links).getLast(), genesisSha256);
    }

    /** {@code genesis} and each registry after it, every one admitted by its approval from the one before. */
    private static List<Registry> walk(Registry genesis, List<RegistryChain.Link> links)
            throws ChainVerificationException {
        if (links.size() > RegistryChain.MAX_EPOCHS) {
            throw new ChainVerificationException(ChainFailure.MALFORMED, genesis.epoch(),
                    "the chain has more than " + RegistryChain.MAX_EPOCHS + " epochs");
        }
        List<Registry> registries = new java.util.ArrayList<>(links.size() + 1);
        registries.add(genesis);
        Registry current = genesis;
        for (RegistryChain.Link link : links) {
            long next = current.epoch() + 1;
            if (link == null || link.approval() == null) {
                throw new ChainVerificationException(ChainFailure.MALFORMED, next, "the registry has no approval");
            }
            current = approveNext(current, decode(link.registry(), next), link.approval());
            registries.add(current);
        }
        return registries;
    }

    /**
     * The registry of epoch {@code current.epoch() + 1} held in {@code nextBytes}, admitted by
     * {@code approval} from the operators of {@code current}; refused otherwise, naming why.
     */
    public static Registry approveNext(Registry current, byte[] nextBytes, Approval approval)
            throws ChainVerificationException {
        long next = current.epoch() + 1;
        if (!current.networkId().equals(approval.networkId())) {
            throw new ChainVerificationException(ChainFailure.WRONG_NETWORK_ID, next, "the approval is for network '"
                    + WireFields.printable(String.valueOf(approval.networkId())) + "', the chain is of '"
                    + current.networkId() + "'");
        }
        if (approval.epoch() != next) {
            throw new ChainVerificationException(ChainFailure.WRONG_EPOCH, next, "the approval is for epoch "
                    + approval.epoch() + " but follows epoch " + current.epoch());
        }
        String actualSha256 = documentSha256(nextBytes);
        if (approval.documentSha256() == null || !actualSha256.equalsIgnoreCase(approval.documentSha256())) {
            throw new ChainVerificationException(ChainFailure.HASH_MISMATCH, next, "the registry hashes to "
                    + actualSha256 + " but its approval signed " + WireFields.printable(String.valueOf(approval.documentSha256()))
                    + " (a changed byte)");
        }
        checkSignatures(current, approval, next, HEX.parseHex(actualSha256));
        Registry registry = parse(nextBytes, next, "registry of epoch " + next);
        if (!registry.networkId().equals(current.networkId())) {
            throw new ChainVerificationException(ChainFailure.WRONG_NETWORK_ID, next, "the registry names network '"
                    + registry.networkId() + "', the chain is of '" + current.networkId() + "'");
        }
        if (registry.epoch() != next) {
            throw new ChainVerificationException(ChainFailure.WRONG_EPOCH, next, "the registry names epoch "
                    + registry.epoch() + " but follows epoch " + current.epoch());
        }
        return registry;
    }

    private static void checkSignatures(Registry current, Approval approval, long next, byte[] documentSha256)
            throws ChainVerificationException {
        Governance governance = current.governance();
        byte[] message = Approval.signedMessage(current.networkId(), next, documentSha256);
        Set<String> signers = new HashSet<>();
        for (Approval.OperatorSignature signature : approval.signatures()) {
            String operatorId = signature == null ? null : signature.operator();
            Governance.Operator operator = governance.operator(operatorId == null ? "" : operatorId)
                    .orElseThrow(() -> new ChainVerificationException(ChainFailure.NON_OPERATOR_SIGNER, next,
                            "'" + WireFields.printable(String.valueOf(operatorId)) + "' signed the approval but is not an operator of epoch "
                                    + current.epoch()));
            if (!signers.add(operator.id())) {
                throw new ChainVerificationException(ChainFailure.DUPLICATE_SIGNER, next,
                        "operator '" + operator.id() + "' signed the approval twice");
            }
            if (!SignatureKey.of(operator.key()).verifies(message, signatureBytes(signature.signature()))) {
                throw new ChainVerificationException(ChainFailure.BAD_SIGNATURE, next,
                        "operator '" + operator.id() + "''s signature does not verify for this registry, network and epoch");
            }
        }
        if (signers.size() < governance.quorum()) {
            throw new ChainVerificationException(ChainFailure.TOO_FEW_OPERATORS, next, signers.size()
                    + " operator(s) of epoch " + current.epoch() + " signed " + signers + ", the quorum is "
                    + governance.quorum());
        }
    }

    private static byte[] signatureBytes(String hex) {
        try {
            return WireFields.hex("signature", hex, 64);
        } catch (WireFormatException malformed) {
            return new byte[0];
        }
    }

    private static boolean sameGovernance(Governance genesis, GovernanceDocument pinned) {
        if (pinned == null || pinned.quorum() == null || pinned.operators() == null
                || pinned.quorum() != genesis.quorum() || pinned.operators().size() != genesis.operators().size()) {
            return false;
        }
        try {
            return pinned.operators().stream().allMatch(operator -> genesis.operator(operator.id())
                    .map(known -> known.key().equals(PublicKeyBytes.fromHex(operator.key()))).orElse(false));
        } catch (IllegalArgumentException malformedKey) {
            return false;
        }
    }

    private static byte[] decode(String base64, long epoch) throws ChainVerificationException {
        try {
            return WireFields.base64("registry", base64, RegistryChain.MAX_REGISTRY_BYTES);
        } catch (WireFormatException malformed) {
            throw new ChainVerificationException(ChainFailure.MALFORMED, epoch, malformed.getMessage());
        }
    }

    private static Registry parse(byte[] bytes, long epoch, String source) throws ChainVerificationException {
        String content = new String(bytes, StandardCharsets.UTF_8);
        try {
            return Registry.parse(content, !content.stripLeading().startsWith("{"), source);
        } catch (RegistryException invalid) {
            throw new ChainVerificationException(ChainFailure.INVALID_REGISTRY, epoch, invalid.getMessage());
        }
    }
}
