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

    @Test
    void refusalsNameTheFieldsInWordsWithoutJavaNamesAndEveryMissingFieldAtOnce() {
        String[][] cases = {
            {"{\"threshold\":2}", "missing fields userId, expiresAt"},
            {"{\"userId\":\"a\",\"threshold\":2,\"expiresAt\":1,\"extra\":1}",
                "unknown field 'extra' (known fields: expiresAt, threshold, userId)"},
            {"{\"userId\":\"a\",\"threshold\":\"2\",\"expiresAt\":1}", "field 'threshold' is missing, null or not a number"},
            {"{\"userId\":", "not valid JSON"},
            {"[1]", "the document is not an object"},
        };
        for (String[] refusal : cases) {
            assertThatThrownBy(() -> parse(refusal[0])).as(refusal[0]).isInstanceOfSatisfying(ApiProblemException.class,
                    refused -> assertThat(refused.getMessage()).startsWith("the body is not a sample: ").contains(refusal[1])
                            .doesNotContain("io.sigil").doesNotContain("JsonRequestsTest").doesNotContain("java.")
                            .doesNotContain("Exception").doesNotContain("Sample"));
        }
    }

    private static Sample parse(String body) {
        return JsonRequests.parse(body.getBytes(StandardCharsets.UTF_8), Sample.class);
    }
}
