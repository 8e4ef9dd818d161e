package io.sigil.service.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.service.problem.ApiProblemException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRequestsTest {
    record Sample(String userId, int threshold, long expiresAt) {
    }

    record Listing(java.util.List<String> excluded, java.util.Map<String, String> labels) {
    }

    @Test
    void aWellTypedBodyParses() {
        assertThat(parse("{\"userId\":\"alice\",\"threshold\":2,\"expiresAt\":17}")).isEqualTo(new Sample("alice", 2, 17));
    }

    @Test
    void scalarsOfTheWrongJsonTypeAreRefusedNotCoerced() {
        for (String body : new String[] {
            "{\"userId\":true,\"threshold\":2,\"expiresAt\":17}",
            "{\"userId\":123,\"threshold\":2,\"expiresAt\":17}",
            "{\"userId\":1.5,\"threshold\":2,\"expiresAt\":17}",
            "{\"userId\":\"alice\",\"threshold\":\"2\",\"expiresAt\":17}",
            "{\"userId\":\"alice\",\"threshold\":2.5,\"expiresAt\":17}",
            "{\"userId\":\"alice\",\"threshold\":true,\"expiresAt\":17}",
        }) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(ApiProblemException.class,
                    refused -> assertThat(refused.status().getCode()).isEqualTo(400));
        }
    }

    @Test
    void emptyNullAndTrailingBodiesAreRefused() {
        for (String body : new String[] {"", "null", "{} {}", "{\"userId\":\"a\",\"threshold\":2,\"expiresAt\":1,\"x\":1}"}) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(ApiProblemException.class);
        }
    }

    @Test
    void aNullInsideAListOrMapIsRefused() {
        assertThat(JsonRequests.parse("{\"excluded\":[\"a\"],\"labels\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8),
                Listing.class).excluded()).containsExactly("a");
        for (String body : new String[] {"{\"excluded\":[null],\"labels\":{}}", "{\"excluded\":[],\"labels\":{\"k\":null}}"}) {
            assertThatThrownBy(() -> JsonRequests.parse(body.getBytes(StandardCharsets.UTF_8), Listing.class)).as(body)
                    .isInstanceOfSatisfying(ApiProblemException.class, refused -> assertThat(refused.status().getCode()).isEqualTo(400));
        }
    }

    private static Sample parse(String body) {
        return JsonRequests.parse(body.getBytes(StandardCharsets.UTF_8), Sample.class);
    }
}
