package io.sigil.node.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.identity.AccountKey;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.jobs.MutableClock;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.node.store.NodeStore;
import io.sigil.policy.PolicyDecision;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.policy.PolicyView;
import io.sigil.wire.policy.SetPolicyRequest;
import io.sigil.wire.sign.SignRequest;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * A node's policy book and counters on a real encrypted store with a hand-moved clock: locked
 * policies delay their replacement, versions only go up, and a per-day cap holds across many
 * requests, across a reopen of the store (a node restart), and frees up a day later.
 */
class PolicyBookTest {
    private static final AccountKey ACCOUNT = AccountKey.generate();
    private static final Point KEY = Point.baseMultiply(Scalar.fromBigInteger(BigInteger.TWO));
    private static final BigInteger ETHER = new BigInteger("1000000000000000000");
    private static final String CAP = "request.hashRule == \"eth-tx\" && counters.day.value + tx.value <= 3000000000000000000u";

    @TempDir
    Path directory;
    private Path kek;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

    @BeforeEach
    void keys() throws Exception {
        kek = directory.resolve("kek.json");
        MasterKeySettings.writeNewKekKeyset(kek);
    }

    private EncryptedStore open() {
        return EncryptedStore.open(StoreOptions.of(directory.resolve("store"),
                MasterKeySettings.resolve(kek.toString(), "", ""), NodeStore.POLICIES, NodeStore.POLICY_COUNTERS));
    }

    private SetPolicyRequest policy(long version, String expression, boolean locked, long delaySeconds) {
        return SetPolicyRequest.sign(ACCOUNT, "main", "net", 1, version, expression, locked, delaySeconds,
                clock.instant().getEpochSecond() + 300, new byte[16]);
    }

    private SignRequest sendEther(int nonce) {
        RawTransaction raw = RawTransaction.createTransaction(1, BigInteger.valueOf(nonce), BigInteger.valueOf(21_000),
                "0x3535353535353535353535353535353535353535", ETHER, "0x", BigInteger.ONE, BigInteger.TEN);
        return SignRequest.forMessage(new NetworkBinding("net", 1), ACCOUNT, "main", KEY, 2, "0x" + HexFormat.of().formatHex(TransactionEncoder.encode(raw)),
                SignRequest.RULE_ETH_TX, clock.instant().getEpochSecond() + 300, new byte[16]);
    }

    @Test
    void aLockedPolicyIsReplacedOnlyAfterItsOwnDelayAndAnUnlockedOneAtOnce() {
        try (EncryptedStore store = open()) {
            PolicyStore book = new PolicyStore(store, NodeStore.POLICIES, clock);
            PolicyView.Entry first = book.set(policy(1, "request.keyId == \"main\"", false, 0));
            assertThat(first.effectiveAt()).isEqualTo(clock.instant().getEpochSecond());
            book.set(policy(2, "request.hashRule == \"eip191\"", true, Duration.ofHours(24).toSeconds()));
            assertThat(book.active(ACCOUNT.userId(), "main").orElseThrow().version()).as("unlocked: replaced at once").isEqualTo(2);

            PolicyView.Entry third = book.set(policy(3, "true", false, 0));
            assertThat(third.effectiveAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)).getEpochSecond());
            assertThat(book.active(ACCOUNT.userId(), "main").orElseThrow().version()).as("locked: still v2").isEqualTo(2);
            clock.advance(Duration.ofHours(23).plusMinutes(59));
            assertThat(book.active(ACCOUNT.userId(), "main").orElseThrow().version()).isEqualTo(2);
            clock.advance(Duration.ofMinutes(1));
            assertThat(book.active(ACCOUNT.userId(), "main").orElseThrow().version()).as("after the delay").isEqualTo(3);
            assertThat(book.record(ACCOUNT.userId(), "main").orElseThrow().pending()).isNull();
        }
    }

    @Test
    void versionsOnlyGoUpAndAnIdenticalReplayIsAcknowledgedAgain() {
        try (EncryptedStore store = open()) {
            PolicyStore book = new PolicyStore(store, NodeStore.POLICIES, clock);
            SetPolicyRequest two = policy(2, "true", false, 0);
            book.set(two);
            assertThat(book.set(two).version()).isEqualTo(2);
            assertThatThrownBy(() -> book.set(policy(2, "false", false, 0))).isInstanceOf(PolicyStore.RefusedException.class)
                    .hasMessageContaining("not above version 2");
            assertThatThrownBy(() -> book.set(policy(1, "true", false, 0))).isInstanceOf(PolicyStore.RefusedException.class);
        }
    }

    @Test
    void aPerDayCapHoldsAcrossManyRequestsAndARestartAndFreesUpADayLater() {
        try (EncryptedStore store = open()) {
            PolicyStore book = new PolicyStore(store, NodeStore.POLICIES, clock);
            book.set(policy(1, CAP, false, 0));
            PolicyGate gate = new PolicyGate(book, new SigningCounters(store, NodeStore.POLICY_COUNTERS, clock), clock);
            for (int i = 0; i < 3; i++) {
                SignRequest request = sendEther(i);
                assertThat(gate.judge(request, request.requestId()).decision().allowed()).as("request %d", i).isTrue();
                // a second attempt of the same request is judged without counting itself
                assertThat(gate.judge(request, request.requestId()).decision().allowed()).isTrue();
                clock.advance(Duration.ofMinutes(10));
            }
            SignRequest fourth = sendEther(3);
            assertThat(gate.judge(fourth, fourth.requestId()).decision()).isInstanceOfSatisfying(PolicyDecision.Denied.class,
                    denied -> assertThat(denied.rule()).startsWith("counters.day.value + tx.value"));
        }
        try (EncryptedStore reopened = open()) {
            PolicyStore book = new PolicyStore(reopened, NodeStore.POLICIES, clock);
            PolicyGate gate = new PolicyGate(book, new SigningCounters(reopened, NodeStore.POLICY_COUNTERS, clock), clock);
            SignRequest afterRestart = sendEther(4);
            assertThat(gate.judge(afterRestart, afterRestart.requestId()).decision().allowed()).as("after a restart").isFalse();
            clock.advance(Duration.ofHours(23).plusMinutes(31));
            SignRequest nextDay = sendEther(5);
            assertThat(gate.judge(nextDay, nextDay.requestId()).decision().allowed()).as("a day after the first").isTrue();
        }
    }
}
