package io.sigil.service.health;

/**
 * Something a service needs before it can take traffic (its store open, its registry loaded).
 * Every bean of this type is consulted by {@code GET /health/readiness}.
 */
public interface ReadinessCheck {
    String name();

    boolean ready();
}
