package io.sigil.policy;

import java.util.List;

/** What a policy said about one request: allowed (with the rules that held), or the rule that failed and why. */
public sealed interface PolicyDecision {

    boolean allowed();

    /** Every rule held (a key without a policy allows everything: {@code rules} is then empty). */
    record Allowed(List<String> rules) implements PolicyDecision {
        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * Rule {@code rule} (its source, as the policy's author wrote it) did not hold: {@code why} says
     * whether it was false, could not be evaluated, or exceeded the limits. {@code passed} are the
     * rules before it that held. Neither names an input value.
     */
    record Denied(String rule, String why, List<String> passed) implements PolicyDecision {
        @Override
        public boolean allowed() {
            return false;
        }

        /** One line for a problem detail: {@code rule 'tx.value <= 10u' is false}. */
        public String describe() {
            return "rule '" + rule + "' " + why;
        }
    }
}
