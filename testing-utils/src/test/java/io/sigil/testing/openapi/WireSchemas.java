package io.sigil.testing.openapi;

import io.sigil.wire.InfoResponse;
import io.sigil.wire.Problem;
import io.sigil.wire.envelope.SignedEnvelope;
import io.sigil.wire.policy.PolicyView;
import io.sigil.wire.policy.SetPolicyRequest;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NodeFailure;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON Schemas (OpenAPI 3.1 dialect) of the wire records, read off their components by
 * reflection, so a schema cannot say something the record does not.
 *
 * <p>How {@link io.sigil.json.Json} treats fields decides {@code required} and {@code null}: a
 * primitive component ({@code int}, {@code long}, {@code boolean}) must be present and not null
 * (FAIL_ON_NULL_FOR_PRIMITIVES; an absent one is refused too); a reference component may be
 * absent or null as far as the mapper goes, and every component is written, null included. The
 * services' own checks refuse a null in most reference fields, so only the fields listed in
 * {@link #OPTIONAL} are documented as optional (nullable); all others are {@code required}.
 */
final class WireSchemas {
    /** Components a service accepts or sends as null: the record's meaning allows their absence. */
    static final Map<Class<?>, Set<String>> OPTIONAL = Map.ofEntries(
            Map.entry(Problem.class, Set.of("instance")),
            Map.entry(InfoResponse.class, Set.of("committee", "epochState", "proposedEpoch")),
            Map.entry(SignRequest.class, Set.of("messageHash", "message", "hashRule", "derivationPath", "chainCode")),
            Map.entry(SignatureStatus.class, Set.of("r", "s", "v", "signature", "reason", "problemType", "signedTransaction",
                    "transactionV", "publicKey", "address")),
            Map.entry(PolicyView.class, Set.of("current", "pending")),
            Map.entry(SessionReport.class, Set.of("r", "s", "v", "signature", "reason", "culprits")),
            Map.entry(NodeFailure.class, Set.of("detail")),
            Map.entry(NewUserBundle.class, Set.of("chainCode")),
            Map.entry(io.sigil.wire.keygen.NewKeyStatus.class, Set.of("publicKey", "address", "chainCode", "transcriptHash",
                    "reason")),
            Map.entry(io.sigil.wire.keygen.DkgDeliveryAnswer.class, Set.of("ack", "complaint")),
            Map.entry(io.sigil.wire.epoch.NodeEpochState.class, Set.of("proposed", "documentSha256", "registry", "approval")),
            Map.entry(io.sigil.wire.epoch.EpochStatus.class, Set.of("proposed", "documentSha256")),
            Map.entry(io.sigil.wire.epoch.EpochStatus.NodeAnswer.class, Set.of("reason", "answer")),
            Map.entry(io.sigil.wire.sync.SyncRequest.class, Set.of("cursor", "tombstonesOnly")),
            Map.entry(io.sigil.wire.sync.SyncBatch.class, Set.of("nextCursor", "reshareBatches")),
            Map.entry(io.sigil.wire.sync.SyncedKey.class, Set.of("chainCode", "evidence", "sealedShard")),
            Map.entry(io.sigil.wire.sync.KeyEvidence.class, Set.of("transcriptHash", "acks", "session", "reveals", "bundle",
                    "reshare")),
            Map.entry(io.sigil.wire.sync.SyncedTombstone.class, Set.of("publicKey", "deletion")),
            Map.entry(io.sigil.wire.sync.SyncStatus.class, Set.of("trigger", "peer")));

    /** What a record is and how its fields are encoded (the records' Javadoc, shortened). */
    static final Map<Class<?>, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(Problem.class, "RFC 9457 problem detail; type is urn:sigil:problem:<slug>; detail never carries "
                    + "secret material."),
            Map.entry(SignRequest.class, "A user's sign request, signed by the account key. networkId and epoch: the "
                    + "registry's (refused elsewhere). Exactly one of messageHash "
                    + "(32 bytes hex) and message (UTF-8, with hashRule eip191 (default), keccak256 or sha256; or an "
                    + "unsigned Ethereum transaction as 0x-hex with hashRule eth-tx). "
                    + "publicKey: 33-byte compressed secp256k1 point hex; nonce: 16 bytes hex; accountKey: 32-byte "
                    + "Ed25519 key hex; signature: 64 bytes hex; expiresAt: epoch seconds, at most an hour ahead. "
                    + "derivationPath (non-hardened BIP32 path such as m/0/7, at most 8 indices) and chainCode (the "
                    + "key's 32-byte chain code hex) come together or not at all: the signature is then under that "
                    + "child of publicKey (docs/keygen.md §4.4)."),
            Map.entry(SignatureStatus.class, "status is pending, done (r, s: 32 bytes hex; v = 27 + recovery id; "
                    + "signature: 65-byte r||s||v hex) or failed (reason, culprits over all attempts); attempts "
                    + "counts the attempts started. problemType marks a failure of the request itself (policy-denied); "
                    + "an eth-tx request that is done has signedTransaction (0x-hex) and transactionV. With a "
                    + "derivationPath, publicKey and address are the child key's (absent otherwise)."),
            Map.entry(SetPolicyRequest.class, "Signed by the account key over user, key, networkId, epoch, version, "
                    + "expression (CEL), locked, delaySeconds, expiresAt, nonce; see docs/policies.md."),
            Map.entry(SessionReport.class, "A party node's report of one attempt: status done with the signature "
                    + "(as in SignatureStatus) or failed with a reason and the node ids it blames."),
            Map.entry(NewParty.class, "The manager's call to a chosen node: the user's signed request, the attempt "
                    + "number, the party (ascending committee index), the nodes excluded, and sessionId = sign_sid "
                    + "(32 bytes hex)."),
            Map.entry(NewUserBundle.class, "The new_user bundle for one committee, signed by the account key. "
                    + "networkId and epoch: the registry's (refused elsewhere); expiresAt: epoch seconds, at most an "
                    + "hour ahead; nonce: 16 bytes hex; accountKey: 32-byte hex; commitments: 33-byte compressed points hex, C_0 (the public key) "
                    + "first; shards: one HPKE ciphertext (base64) per node; chainCode: the key's BIP32 chain code, 32 bytes "
                    + "hex, chosen by the client and signed (sigil/new-user/v3; a new bundle without one is refused, "
                    + "one kept as a key's evidence from before chain codes has none); signature: 64 bytes hex."),
            Map.entry(DeleteUserRequest.class, "Signed by the account key; networkId and epoch: the registry's; "
                    + "publicKey: the key's 33-byte compressed point hex (refused when not the stored key); expiresAt: "
                    + "epoch seconds, at most an hour ahead; nonce: 16 bytes hex; signature: 64 bytes hex."),
            Map.entry(NodeFailure.class, "A node that did not acknowledge a relayed request: its HTTP status (0 when "
                    + "unreachable) and problem type and detail."),
            Map.entry(SignedEnvelope.class, "A protocol message: session (32 bytes hex), from, to (empty for a "
                    + "broadcast), round, kind (BROADCAST or DIRECT), payload (base64; HPKE ciphertext when direct), "
                    + "signature (64 bytes hex, the sender's Ed25519 over every field)."),
            Map.entry(InfoResponse.class, "identityKey: Ed25519, encryptionKey: X25519, both hex; committee is null "
                    + "for a node outside a committee. epochState (active, proposed, joining, retired) and "
                    + "proposedEpoch (of an open proposal): signing nodes only, null elsewhere."),
            Map.entry(io.sigil.wire.epoch.EpochProposal.class, "registry: the exact bytes of the next registry file, "
                    + "base64; approval: the operators' approval of its SHA-256 (docs/security.md \"Trust chain\")."),
            Map.entry(io.sigil.wire.epoch.EpochAnswer.class, "A signing node's answer to a proposal or abort, signed "
                    + "(64 bytes hex, its identity key) over every other field (transcript "
                    + "sigil/lifecycle/v1/epoch-answer); reason is a stable slug; keys counts its ACTIVE keys."),
            Map.entry(io.sigil.registry.governance.EpochAbort.class, "One operator's abort of the proposal of "
                    + "documentSha256 as epoch epoch: Ed25519 signature (64 bytes hex) over transcript "
                    + "sigil/lifecycle/v1/epoch-abort (networkId, u64 epoch, documentSha256, u64 signedAt); signedAt "
                    + "in epoch milliseconds, accepted within 10 minutes of the receiver's clock."),
            Map.entry(io.sigil.registry.governance.EpochDeadline.class, "One operator's deadline for the commit of "
                    + "the proposal of documentSha256 as epoch epoch: Ed25519 signature (64 bytes hex) over transcript "
                    + "sigil/lifecycle/v1/epoch-deadline (networkId, u64 epoch, documentSha256, u64 deadline); "
                    + "deadline in epoch milliseconds; once it has passed by the receiver's clock a commit needs a "
                    + "ready from one node of every committee instead of every node."));

    private WireSchemas() {
    }

    /** The name a record has under {@code components/schemas}: nested records keep their outer name. */
    static String name(Class<?> type) {
        Class<?> outer = type.getEnclosingClass();
        return outer == null ? type.getSimpleName() : name(outer) + "." + type.getSimpleName();
    }

    /** {@code #/components/schemas/<name>}. */
    static Map<String, Object> reference(Class<?> type) {
        return Map.of("$ref", "#/components/schemas/" + name(type));
    }

    /** Schemas of {@code roots} and every record they reach, sorted by name. */
    static Map<String, Map<String, Object>> of(Iterable<Class<?>> roots) {
        Map<String, Map<String, Object>> schemas = new TreeMap<>();
        Map<String, Class<?>> owners = new TreeMap<>();
        List<Class<?>> pending = new ArrayList<>();
        roots.forEach(pending::add);
        while (!pending.isEmpty()) {
            Class<?> type = pending.removeLast();
            Class<?> earlier = owners.putIfAbsent(name(type), type);
            if (earlier != null) {
                if (earlier != type) {
                    throw new IllegalStateException("two wire types are named " + name(type) + ": " + earlier + ", " + type);
                }
                continue;
            }
            schemas.put(name(type), schema(type, pending));
        }
        return schemas;
    }

    private static Map<String, Object> schema(Class<?> type, List<Class<?>> reached) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record; only records are wire types");
        }
        Set<String> optional = OPTIONAL.getOrDefault(type, Set.of());
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            boolean nullable = optional.contains(component.getName());
            if (nullable && component.getType().isPrimitive()) {
                throw new IllegalStateException(name(type) + "." + component.getName() + " is primitive; it cannot be null");
            }
            properties.put(component.getName(), property(component.getGenericType(), nullable, reached));
            if (!nullable) {
                required.add(component.getName());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        if (DESCRIPTIONS.containsKey(type)) {
            schema.put("description", DESCRIPTIONS.get(type));
        }
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> property(Type type, boolean nullable, List<Class<?>> reached) {
        Map<String, Object> schema = new LinkedHashMap<>();
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            Type[] arguments = generic.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                schema.put("type", typeName("array", nullable));
                schema.put("items", property(arguments[0], false, reached));
                return schema;
            }
            if (Map.class.isAssignableFrom(raw) && arguments[0] == String.class) {
                schema.put("type", typeName("object", nullable));
                schema.put("additionalProperties", property(arguments[1], false, reached));
                return schema;
            }
            throw new IllegalArgumentException("no JSON schema for " + type);
        }
        if (!(type instanceof Class<?> plain)) {
            throw new IllegalArgumentException("no JSON schema for " + type);
        }
        if (plain == String.class) {
            schema.put("type", typeName("string", nullable));
        } else if (plain == int.class || plain == Integer.class) {
            schema.put("type", typeName("integer", nullable));
            schema.put("format", "int32");
        } else if (plain == long.class || plain == Long.class) {
            schema.put("type", typeName("integer", nullable));
            schema.put("format", "int64");
        } else if (plain == boolean.class || plain == Boolean.class) {
            schema.put("type", typeName("boolean", nullable));
        } else if (plain.isRecord()) {
            reached.add(plain);
            if (!nullable) {
                return reference(plain);
            }
            schema.put("oneOf", List.of(reference(plain), Map.of("type", "null")));
        } else {
            throw new IllegalArgumentException("no JSON schema for " + type);
        }
        return schema;
    }

    private static Object typeName(String name, boolean nullable) {
        return nullable ? List.of(name, "null") : name;
    }
}
