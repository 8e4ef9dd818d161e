package io.sigil.client.sign;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.StatusEvents;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.identity.AccountKey;
import io.sigil.wire.NodeView;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user's side of sign_request (design §4): signs a request with the account key, posts it to
 * a communication manager (the first reachable one, in the order the verified registry lists them),
 * waits for the result (on the {@code POST} itself when {@link #sign} asks {@code Prefer: wait} and
 * the manager answers the final status; else on the manager's event stream, polling when the stream
 * is not available),
 * and checks a returned signature itself before calling it done: it must verify against the
 * key's public key over the digest the client computed, and recover to the key's address. The
 * manager is not trusted to report truthfully.
 *
 * <p>Thread-safe; one instance can serve many concurrent requests. {@link #await} needs the
 * request to have been submitted through the same instance, which remembers the key, digest and
 * manager of each request until its final result has been returned.
 */
public final class SignClient implements AutoCloseable {
    /** How long a request stays valid: it is meant to be served at once. */
    public static final Duration REQUEST_LIFETIME = Duration.ofMinutes(5);
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final SigilHttp http;
    private final StatusEvents<SignatureStatus> events;
    private final SecureRandom random;
    private final Clock clock;
    private final Map<String, Submitted> submitted = new ConcurrentHashMap<>();

    /**
     * What the client must remember to check the answer to a request it sent; {@code answered} is
     * the final status the manager gave on the {@code POST} (null when it answered {@code 202}).
     */
    private record Submitted(String requestId, NodeView manager, String keyId, Point publicKey, byte[] address,
                             byte[] digest, SignatureStatus answered) {
    }

    public SignClient(SigilHttp http) {
        this(http, new SecureRandom(), Clock.systemUTC());
    }

    SignClient(SigilHttp http, SecureRandom random, Clock clock) {
        this.http = http;
        this.events = new StatusEvents<>(http, CONNECT_TIMEOUT, SignatureStatus.class);
        this.random = random;
        this.clock = clock;
    }

    /**
     * {@link #submit(NetworkBinding, List, AccountKey, AccountFile.KeyEntry, MessageInput)} to the managers of the
     * verified registry, bound to its network id and epoch.
     */
    public String submit(TrustedNetwork network, AccountKey account, AccountFile.KeyEntry key, MessageInput input)
            throws SigilApiException, InvalidManagerAnswerException {
        return submit(NetworkBinding.of(network.registry()), network.managers(), account, key, input);
    }

    /**
     * Sends a sign request for {@code input} with {@code key}, signed for {@code network}, to the
     * first manager that answers; an unreachable (or unavailable, 503) manager gives way to the next.
     * Returns the request id.
     *
     * @throws SigilApiException when a manager refused the request, or none could be reached
     * @throws InvalidManagerAnswerException when the manager acknowledged another request id
     */
    String submit(NetworkBinding network, List<NodeView> managers, AccountKey account, AccountFile.KeyEntry key,
                  MessageInput input)
            throws SigilApiException, InvalidManagerAnswerException {
        return submit(network, managers, account, key, input, null, null);
    }

    /**
     * {@link #submit(TrustedNetwork, AccountKey, AccountFile.KeyEntry, MessageInput)} under the BIP32
     * child of {@code derivation} (keygen §4.3; {@link KeyDerivation#of}): the request names the path
     * and the key's chain code, and the signature is accepted only under the child key.
     */
    public String submit(TrustedNetwork network, AccountKey account, AccountFile.KeyEntry key, MessageInput input,
                         KeyDerivation derivation) throws SigilApiException, InvalidManagerAnswerException {
        return submit(NetworkBinding.of(network.registry()), network.managers(), account, key, input, derivation, null);
    }

    /**
     * @param wait how long the manager may hold the {@code POST}'s answer until the request is final
     *     ({@code Prefer: wait}, whole seconds), or null (or under a second) not to ask
     */
    String submit(NetworkBinding network, List<NodeView> managers, AccountKey account, AccountFile.KeyEntry key,
                  MessageInput input, KeyDerivation derivation, Duration wait)
            throws SigilApiException, InvalidManagerAnswerException {
        if (managers.isEmpty()) {
            throw new SigilApiException("the network lists no communication manager", 0, null);
        }
        Point publicKey = checkedPublicKey(key);
        byte[] nonce = new byte[SignRequest.NONCE_LENGTH];
        random.nextBytes(nonce);
        long expiresAt = clock.instant().plus(REQUEST_LIFETIME).getEpochSecond();
        SignRequest request = input.request(network, account, key.keyId(), publicKey, key.threshold(), expiresAt, nonce,
                derivation == null ? null : derivation.derivation());
        // the signature is checked under the key that signs: the child when a path is given
        Point signingKey = derivation == null ? publicKey : derivation.childKey();
        String expectedId = request.requestId();
        List<String> unreachable = new ArrayList<>();
        boolean preferWait = wait != null && wait.toSeconds() >= 1;
        for (NodeView manager : managers) {
            SignRequestAccepted accepted;
            SignatureStatus answered = null;
            try {
                URI uri = URI.create(manager.url()).resolve("/v1/sign_request");
                if (preferWait) {
                    SigilHttp.Answer answer = http.postWaiting(uri, request, wait);
                    // 200: the final status, checked like any other (finish); 202 (e.g. an older manager): the id
                    if (answer.status() == 200) {
                        answered = answer.read(SignatureStatus.class);
                        accepted = answered == null ? null : new SignRequestAccepted(answered.requestId());
                    } else {
                        accepted = answer.read(SignRequestAccepted.class);
                    }
                } else {
                    accepted = http.post(uri, request, SignRequestAccepted.class);
                }
            } catch (SigilApiException failure) {
                if (failure.status() == 0 || failure.status() == 503) {
                    unreachable.add(manager.id() + ": " + failure.getMessage());
                    continue;
                }
                throw failure;
            }
            if (accepted == null || !expectedId.equals(accepted.requestId())) {
                throw new InvalidManagerAnswerException(expectedId, manager.id(), manager.url(),
                        "acknowledged request id " + (accepted == null ? null : WireFields.printable(accepted.requestId()))
                                + " instead of the request's own id");
            }
            submitted.put(expectedId, new Submitted(expectedId, manager, key.keyId(), signingKey,
                    EthereumAddress.addressBytes(signingKey), input.digest(), answered));
            return expectedId;
        }
        throw new SigilApiException("no communication manager could be reached: " + String.join("; ", unreachable), 0, null);
    }

    /**
     * Waits up to {@code timeout} for the request's final state. A {@code done} answer is
     * returned only after the client verified the signature; when the time is up first, the
     * result is {@link SignatureResult.Status#PENDING} (and the request may be awaited again).
     *
     * @throws InvalidManagerAnswerException when the manager's signature does not check out
     * @throws SigilApiException when the manager cannot be reached or refuses to answer
     */
    public SignatureResult await(String requestId, Duration timeout) throws SigilApiException, InvalidManagerAnswerException {
        Submitted request = submitted.get(requestId);
        if (request == null) {
            throw new IllegalArgumentException("request " + WireFields.printable(requestId)
                    + " was not submitted through this client (or its final result was already returned)");
        }
        if (request.answered() != null) {
            return finish(request, request.answered());
        }
        URI manager = URI.create(request.manager().url());
        String path = "/v1/signature/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8);
        URI statusUri = manager.resolve(path);
        URI eventsUri = manager.resolve(path + "/events");
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean useEvents = true;
        try {
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return finish(request, http.get(statusUri, SignatureStatus.class));
                }
                if (useEvents) {
                    try {
                        Optional<SignatureStatus> status = events.next(eventsUri, Duration.ofNanos(remaining));
                        if (status.isPresent() && status.get().finished()) {
                            return finish(request, status.get());
                        }
                        // a pending event (the manager's own wait ran out): reconnect; no event at all: poll
                        useEvents = status.isPresent();
                    } catch (StatusEvents.UnavailableException unavailable) {
                        useEvents = false;
                    }
                } else {
                    SignatureStatus status = http.get(statusUri, SignatureStatus.class);
                    if (status.finished()) {
                        return finish(request, status);
                    }
                    Thread.sleep(Math.min(POLL_INTERVAL.toMillis(), Math.max(1, remaining / 1_000_000)));
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SigilApiException("interrupted while waiting for request " + requestId, interrupted);
        }
    }

    /**
     * {@link #submit} then {@link #await}, asking the manager to answer the final status on the
     * {@code POST} itself ({@code Prefer: wait}, up to {@code timeout} and {@link SigilHttp#MAX_PREFERRED_WAIT}):
     * one request instead of a post and an event stream. A manager that answers {@code 202} anyway
     * (an older one, or a request still running when the wait ends) is awaited as before.
     */
    public SignatureResult sign(TrustedNetwork network, AccountKey account, AccountFile.KeyEntry key, MessageInput input,
                                Duration timeout) throws SigilApiException, InvalidManagerAnswerException {
        return sign(network, account, key, input, null, timeout);
    }

    /** {@link #sign(TrustedNetwork, AccountKey, AccountFile.KeyEntry, MessageInput, Duration)} under the BIP32 child of {@code derivation} (null: the key itself). */
    public SignatureResult sign(TrustedNetwork network, AccountKey account, AccountFile.KeyEntry key, MessageInput input,
                                KeyDerivation derivation, Duration timeout)
            throws SigilApiException, InvalidManagerAnswerException {
        return sign(NetworkBinding.of(network.registry()), network.managers(), account, key, input, derivation, timeout);
    }

    SignatureResult sign(NetworkBinding network, List<NodeView> managers, AccountKey account, AccountFile.KeyEntry key,
                         MessageInput input, Duration timeout) throws SigilApiException, InvalidManagerAnswerException {
        return sign(network, managers, account, key, input, null, timeout);
    }

    private SignatureResult sign(NetworkBinding network, List<NodeView> managers, AccountKey account,
                                 AccountFile.KeyEntry key, MessageInput input, KeyDerivation derivation, Duration timeout)
            throws SigilApiException, InvalidManagerAnswerException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration wait = SigilHttp.preferredWait(timeout);
        String requestId = submit(network, managers, account, key, input, derivation, wait);
        return await(requestId, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Turns the manager's status into a result, verifying a signature before accepting it. */
    private SignatureResult finish(Submitted request, SignatureStatus status) throws InvalidManagerAnswerException {
        if (status == null || !request.requestId().equals(status.requestId())) {
            throw blame(request, "answered with the status of request "
                    + (status == null ? null : WireFields.printable(status.requestId())));
        }
        String managerId = request.manager().id();
        if (status.publicKey() != null && !status.publicKey().equals(WireFields.pointHex(request.publicKey()))) {
            throw blame(request, "reported signing under " + WireFields.printable(status.publicKey())
                    + ", not the key the request names");
        }
        SignatureResult result = switch (status.status()) {
            case SignatureStatus.DONE -> SignatureResult.done(request.requestId(), request.digest(),
                    SignatureCheck.verified(status, request.publicKey(), request.address(), request.digest(),
                            problem -> blame(request, problem)),
                    status.attempts(), managerId);
            case SignatureStatus.FAILED -> SignatureResult.unfinished(request.requestId(), SignatureResult.Status.FAILED,
                    request.digest(), status.reason(), status.culprits(), status.attempts(), managerId,
                    status.problemType());
            case SignatureStatus.PENDING -> SignatureResult.unfinished(request.requestId(), SignatureResult.Status.PENDING,
                    request.digest(), null, status.culprits(), status.attempts(), managerId, null);
            case null, default -> throw blame(request, "answered an unknown status '"
                    + WireFields.printable(status.status()) + "'");
        };
        if (result.status() != SignatureResult.Status.PENDING) {
            submitted.remove(request.requestId());
        }
        return result;
    }

    private static InvalidManagerAnswerException blame(Submitted request, String problem) {
        return new InvalidManagerAnswerException(request.requestId(), request.manager().id(), request.manager().url(),
                problem);
    }

    /** The entry's public key, checked to be a curve point whose address is the entry's address. */
    static Point checkedPublicKey(AccountFile.KeyEntry key) {
        Point publicKey;
        try {
            publicKey = WireFields.point("publicKey", key.publicKey());
        } catch (WireFormatException malformed) {
            throw new IllegalArgumentException("key " + key.keyId() + ": " + malformed.getMessage());
        }
        if (key.address() == null || !Arrays.equals(EthereumAddress.addressBytes(publicKey), EthereumAddress.parse(key.address()))) {
            throw new IllegalArgumentException("key " + key.keyId() + ": the address " + key.address()
                    + " is not the address of its public key");
        }
        return publicKey;
    }

    @Override
    public void close() {
        events.close();
    }
}
