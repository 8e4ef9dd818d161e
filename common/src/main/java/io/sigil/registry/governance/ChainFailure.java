package io.sigil.registry.governance;

/** What is wrong with a registry chain; {@link ChainVerificationException} names the detail. */
public enum ChainFailure {
    /** The chain is not well formed (bad base64, missing approval, too large). */
    MALFORMED,
    /** The genesis registry is not the one the network pin names (its SHA-256 differs). */
    GENESIS_NOT_PINNED,
    /** The genesis registry's network id or governance differ from the pin's. */
    PIN_MISMATCH,
    /** A registry of the chain does not validate. */
    INVALID_REGISTRY,
    /** A registry's bytes do not hash to what its approval signed: a changed byte. */
    HASH_MISMATCH,
    /** An approval or registry names another epoch than the one after its predecessor. */
    WRONG_EPOCH,
    /** An approval or registry names another network. */
    WRONG_NETWORK_ID,
    /** A signature names someone who is not an operator of the approving epoch. */
    NON_OPERATOR_SIGNER,
    /** The same operator signed twice. */
    DUPLICATE_SIGNER,
    /** An operator's signature does not verify. */
    BAD_SIGNATURE,
    /** Fewer distinct operators signed than the approving epoch's quorum. */
    TOO_FEW_OPERATORS,
    /** The chain does not end with the registry the node is configured with. */
    NOT_CURRENT
}
