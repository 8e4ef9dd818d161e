package io.sigil.manager.admission;

import io.micronaut.context.annotation.Value;
import io.sigil.service.limits.TokenBuckets;
import io.sigil.service.problem.ApiProblemException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * How often one account and one source address may post sign requests: token buckets of
 * {@code sigil.manager.requests-per-minute-per-account} (default 600, burst
 * {@code sigil.manager.account-burst} 100) and {@code sigil.manager.requests-per-minute-per-source}
 * (default 1200, burst {@code sigil.manager.source-burst} 200). Throw-away account keys are each
 * a new account, so the per-source bucket is what bounds a flood of them; the per-account one
 * bounds one user. Beyond either: {@code 429} with {@code Retry-After}.
 */
@Singleton
public final class RequestRateLimits {
    private final TokenBuckets accounts;
    private final TokenBuckets sources;

    @Inject
    RequestRateLimits(@Value("${sigil.manager.requests-per-minute-per-account:600}") int perAccount,
                      @Value("${sigil.manager.account-burst:100}") int accountBurst,
                      @Value("${sigil.manager.requests-per-minute-per-source:1200}") int perSource,
                      @Value("${sigil.manager.source-burst:200}") int sourceBurst) {
        this(perAccount, accountBurst, perSource, sourceBurst, Clock.systemUTC());
    }

    RequestRateLimits(int perAccount, int accountBurst, int perSource, int sourceBurst, Clock clock) {
        this.accounts = new TokenBuckets(perAccount, accountBurst, clock);
        this.sources = new TokenBuckets(perSource, sourceBurst, clock);
    }

    /**
     * Counts one request from {@code source} by {@code account}.
     *
     * @throws ApiProblemException {@code 429} naming which limit was hit
     */
    public void admit(String source, String account) {
        if (!sources.tryTake(source)) {
            throw ApiProblemException.tooManyRequests("source-rate-limit", "too many sign requests from " + source
                    + "; slow down", sources.retryAfterSeconds());
        }
        if (!accounts.tryTake(account)) {
            throw ApiProblemException.tooManyRequests("account-rate-limit", "too many sign requests by user " + account
                    + "; slow down", accounts.retryAfterSeconds());
        }
    }
}
