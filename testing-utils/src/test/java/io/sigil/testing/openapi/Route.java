package io.sigil.testing.openapi;

import io.sigil.registry.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One documented endpoint: what a caller sends and every answer it can get. The route tables in
 * {@link ServiceRoutes} are the source of the OpenAPI documents; {@code OpenApiDocumentsTest}
 * holds them against the routes each service really serves.
 */
record Route(String method, String path, String summary, String description, Auth auth, Class<?> requestBody,
             List<Answer> answers) {

    Route {
        answers = List.copyOf(answers);
    }

    /** Who may call: anyone, a user whose account key signs inside the body, or a registered node. */
    sealed interface Auth {
        record None() implements Auth {
        }

        /** The account key's Ed25519 signature is a field of the body (the request id binds it). */
        record UserSigned() implements Auth {
        }

        /** Headers Sigil-Node, Sigil-Timestamp and Sigil-Signature; the sender must hold one of {@code roles}. */
        record NodeSigned(Set<Role> roles, String who) implements Auth {
        }
    }

    static Auth none() {
        return new Auth.None();
    }

    static Auth userSigned() {
        return new Auth.UserSigned();
    }

    static Auth nodeSigned(Role role, String who) {
        return new Auth.NodeSigned(Set.of(role), who);
    }

    /** What one status code carries. */
    sealed interface Body {
        /** {@code application/json}, the components schema derived from a wire record. */
        record Json(Class<?> type) implements Body {
        }

        /** {@code application/json}, a schema named in {@link ServiceRoutes#INLINE_SCHEMAS} (a map answer, no record). */
        record Named(String schema) implements Body {
        }

        /** {@code application/problem+json} with one of these {@code urn:sigil:problem:} slugs. */
        record Problem(List<String> slugs) implements Body {
        }

        /** {@code text/event-stream}: event names and what their data holds. */
        record EventStream(Map<String, String> events, Class<?> dataType) implements Body {
        }

        /** Plain text in the given media type. */
        record Text(String mediaType) implements Body {
        }
    }

    /** A status code, what it means, its body and whether it carries {@code Retry-After}. */
    record Answer(int status, String description, Body body, boolean retryAfter) {
    }

    static Answer ok(int status, String description, Body body) {
        return new Answer(status, description, body, false);
    }

    static Answer problem(int status, String description, String... slugs) {
        return new Answer(status, description, new Body.Problem(List.of(slugs)), false);
    }

    static Answer retryLater(int status, String description, String... slugs) {
        return new Answer(status, description, new Body.Problem(List.of(slugs)), true);
    }

    static Body json(Class<?> type) {
        return new Body.Json(type);
    }

    static Body named(String schema) {
        return new Body.Named(schema);
    }
}
