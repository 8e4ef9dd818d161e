package io.sigil.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.identity.AccountKey;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.sign.SignRequest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/** The documented example policies (docs/policies/*.cel) and the evaluation limits, evaluated as a node does. */
class CompiledPolicyTest {
    private static final NetworkBinding NETWORK = new NetworkBinding("sigil-test", 1);
    private static final AccountKey ACCOUNT = AccountKey.generate();
    private static final Point KEY = Point.baseMultiply(Scalar.fromBigInteger(BigInteger.TWO));
    private static final String LISTED = "0x3535353535353535353535353535353535353535";
    private static final String UNLISTED = "0x9999999999999999999999999999999999999999";
    private static final BigInteger ETHER = new BigInteger("1000000000000000000");
    /** A Wednesday, 10:00 UTC. */
    private static final Instant OFFICE_HOURS = Instant.parse("2026-12-02T10:00:00Z");

    static String example(String name) throws IOException {
        return Files.readString(Path.of("..", "docs", "policies", name + ".cel")).strip();
    }

    static String transaction(int type, long chainId, String to, BigInteger value) {
        RawTransaction raw = type == 0
                ? RawTransaction.createTransaction(BigInteger.ONE, BigInteger.TEN, BigInteger.valueOf(21_000), to, value, "0x")
                : RawTransaction.createTransaction(chainId, BigInteger.ONE, BigInteger.valueOf(21_000), to, value, "0x",
                        BigInteger.ONE, BigInteger.TEN);
        return "0x" + HexFormat.of().formatHex(type == 0 ? TransactionEncoder.encode(raw, chainId) : TransactionEncoder.encode(raw));
    }

    static SignRequest txRequest(String hex) {
        return SignRequest.forMessage(NETWORK, ACCOUNT, "main", KEY, 2, hex, SignRequest.RULE_ETH_TX,
                Instant.now().getEpochSecond() + 300, new byte[16]);
    }

    static SignRequest messageRequest(String text) {
        return SignRequest.forMessage(NETWORK, ACCOUNT, "main", KEY, 2, text, SignRequest.RULE_EIP191,
                Instant.now().getEpochSecond() + 300, new byte[16]);
    }

    private static PolicyDecision judge(String policy, SignRequest request, PolicyCounters counters, Instant at) {
        return CompiledPolicy.compile(policy).evaluate(PolicyInput.of(request, at, counters));
    }

    private static PolicyDecision judge(String policy, SignRequest request) {
        return judge(policy, request, PolicyCounters.NONE, OFFICE_HOURS);
    }

    @Test
    void allowListAllowsListedRecipientsOnly() throws IOException {
        String policy = example("allow-list");
        assertThat(judge(policy, txRequest(transaction(2, 1, LISTED, ETHER))).allowed()).isTrue();
        PolicyDecision denied = judge(policy, txRequest(transaction(0, 1, UNLISTED, ETHER)));
        assertThat(denied).isInstanceOfSatisfying(PolicyDecision.Denied.class, d -> {
            assertThat(d.rule()).startsWith("tx.to in [");
            assertThat(d.why()).isEqualTo("is false");
            assertThat(d.passed()).containsExactly("request.hashRule == \"eth-tx\"");
        });
        assertThat(judge(policy, messageRequest("hello")).allowed()).isFalse();
    }

    @Test
    void valueCapsBoundOneTransactionAndTheDay() throws IOException {
        String policy = example("value-caps");
        SignRequest oneEther = txRequest(transaction(2, 1, LISTED, ETHER));
        assertThat(judge(policy, oneEther).allowed()).isTrue();
        assertThat(judge(policy, txRequest(transaction(2, 1, LISTED, ETHER.add(BigInteger.ONE))))).isInstanceOfSatisfying(
                PolicyDecision.Denied.class, d -> assertThat(d.rule()).isEqualTo("tx.value <= 1000000000000000000u"));
        PolicyCounters twoSpent = new PolicyCounters(2, ETHER.multiply(BigInteger.TWO), 2, ETHER.multiply(BigInteger.TWO));
        assertThat(judge(policy, oneEther, twoSpent, OFFICE_HOURS).allowed()).isTrue();
        PolicyCounters almostThree = new PolicyCounters(3, ETHER.multiply(BigInteger.TWO).add(BigInteger.ONE), 3,
                ETHER.multiply(BigInteger.TWO).add(BigInteger.ONE));
        assertThat(judge(policy, oneEther, almostThree, OFFICE_HOURS)).isInstanceOfSatisfying(PolicyDecision.Denied.class,
                d -> assertThat(d.rule()).startsWith("counters.day.value + tx.value"));
        // 2^70 wei does not fit CEL's uint: it is shown as the largest uint, so the cap still denies it
        assertThat(judge(policy, txRequest(transaction(2, 1, LISTED, BigInteger.ONE.shiftLeft(70)))).allowed()).isFalse();
    }

    @Test
    void oneChainOnly() throws IOException {
        String policy = example("one-chain");
        assertThat(judge(policy, txRequest(transaction(0, 11_155_111, LISTED, ETHER))).allowed()).isTrue();
        assertThat(judge(policy, txRequest(transaction(2, 11_155_111, LISTED, ETHER))).allowed()).isTrue();
        assertThat(judge(policy, txRequest(transaction(2, 1, LISTED, ETHER))).allowed()).isFalse();
        assertThat(judge(policy, txRequest(transaction(0, 1, LISTED, ETHER))).allowed()).isFalse();
    }

    @Test
    void eip191MessagesWithTheFixedPrefixOnly() throws IOException {
        String policy = example("eip191-prefix");
        assertThat(judge(policy, messageRequest("Sign in to example.org: nonce 42")).allowed()).isTrue();
        assertThat(judge(policy, messageRequest("Transfer everything")).allowed()).isFalse();
        SignRequest keccak = SignRequest.forMessage(NETWORK, ACCOUNT, "main", KEY, 2, "Sign in to example.org: x",
                SignRequest.RULE_KECCAK256, Instant.now().getEpochSecond() + 300, new byte[16]);
        assertThat(judge(policy, keccak)).isInstanceOfSatisfying(PolicyDecision.Denied.class,
                d -> assertThat(d.rule()).isEqualTo("request.hashRule == \"eip191\""));
        assertThat(judge(policy, txRequest(transaction(2, 1, LISTED, ETHER))).allowed()).isFalse();
    }

    @Test
    void timeWindowAllowsOfficeHoursOnWeekdays() throws IOException {
        String policy = example("time-window");
        SignRequest request = messageRequest("hello");
        assertThat(judge(policy, request, PolicyCounters.NONE, OFFICE_HOURS).allowed()).isTrue();
        assertThat(judge(policy, request, PolicyCounters.NONE, Instant.parse("2026-12-02T19:00:00Z")).allowed()).isFalse();
        assertThat(judge(policy, request, PolicyCounters.NONE, Instant.parse("2026-12-06T10:00:00Z")).allowed())
                .as("a Sunday").isFalse();
    }

    @Test
    void aPolicyThatDoesNotCompileIsRefusedWithTheCompilersMessage() {
        assertThatThrownBy(() -> CompiledPolicy.compile("tx.to + 1 == 2")).isInstanceOf(PolicyCompileException.class)
                .hasMessageContaining("found no matching overload for '_+_'").hasMessageContaining("1:");
        assertThatThrownBy(() -> CompiledPolicy.compile("tx.value")).isInstanceOf(PolicyCompileException.class);
        assertThatThrownBy(() -> CompiledPolicy.compile("nosuch.variable == 1")).hasMessageContaining("undeclared");
        assertThatThrownBy(() -> CompiledPolicy.compile("tx.to ==")).isInstanceOf(PolicyCompileException.class);
    }

    @Test
    void aPolicyThatTakesTooManyStepsOrTooMuchMemoryIsDenied() {
        SignRequest request = messageRequest("x".repeat(60_000));
        // 1,000 iterations (within CEL's own bound) of a body of ~200 nodes
        String steps = "[" + "1,".repeat(999) + "1].all(a, " + "a > 0 && ".repeat(100) + "true)";
        assertThat(judge(steps, request)).isInstanceOfSatisfying(PolicyDecision.Denied.class,
                d -> assertThat(d.why()).contains("limit of 100000 steps"));
        String memory = "[" + "1,".repeat(999) + "1].map(a, request.message + request.message).size() > 0";
        assertThat(judge(memory, request)).isInstanceOfSatisfying(PolicyDecision.Denied.class,
                d -> assertThat(d.why()).contains("bytes"));
        String iterations = "[" + "1,".repeat(99) + "1].all(a, [" + "1,".repeat(99) + "1].all(b, a + b > 0))";
        assertThat(judge(iterations, request)).isInstanceOfSatisfying(PolicyDecision.Denied.class,
                d -> assertThat(d.why()).contains("iterations"));
    }

    @Test
    void aPolicyThatTakesTooLongIsDeniedOnAHandMovedClock() {
        AtomicLong nanos = new AtomicLong();
        PolicyLimits limits = new PolicyLimits(1_000_000, 1L << 30, 1_000, Duration.ofMillis(50));
        // every read of the clock moves it by 1 ms: 64 steps per read, so ~3,200 steps fit in 50 ms
        CompiledPolicy policy = CompiledPolicy.compile("[" + "1,".repeat(999) + "1].all(a, a > 0 && a < 2)");
        PolicyDecision decision = policy.evaluate(PolicyInput.of(messageRequest("x"), OFFICE_HOURS, PolicyCounters.NONE),
                limits, () -> nanos.addAndGet(1_000_000));
        assertThat(decision).isInstanceOfSatisfying(PolicyDecision.Denied.class,
                d -> assertThat(d.why()).contains("time limit of 50 ms"));
        AtomicLong still = new AtomicLong();
        assertThat(policy.evaluate(PolicyInput.of(messageRequest("x"), OFFICE_HOURS, PolicyCounters.NONE), limits,
                still::get).allowed()).isTrue();
    }

    @Test
    void rulesAreTheTopLevelConjunctsInOrderAndAnErrorDenies() {
        CompiledPolicy policy = CompiledPolicy.compile("(request.keyId == \"main\" && request.userId != \"\") && 1 / 0 == 1");
        assertThat(policy.rules()).containsExactly("request.keyId == \"main\"", "request.userId != \"\"", "1 / 0 == 1");
        assertThat(policy.evaluate(PolicyInput.of(messageRequest("x"), OFFICE_HOURS, PolicyCounters.NONE)))
                .isInstanceOfSatisfying(PolicyDecision.Denied.class, d -> {
                    assertThat(d.rule()).as(d.why()).isEqualTo("1 / 0 == 1");
                    assertThat(d.why()).contains("could not be evaluated").contains("by zero");
                });
        assertThat(CompiledPolicy.compile("tx.chainId == 1").evaluate(
                PolicyInput.of(messageRequest("x"), OFFICE_HOURS, PolicyCounters.NONE)))
                .isInstanceOfSatisfying(PolicyDecision.Denied.class, d -> assertThat(d.why()).contains("not an eth-tx"));
        assertThat(List.of(CompiledPolicy.compile("true").rules())).hasSize(1);
    }
}
