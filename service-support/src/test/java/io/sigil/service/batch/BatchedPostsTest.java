package io.sigil.service.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.json.Json;
import io.sigil.service.auth.SignedNodeClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch body and the matching of a batch answer to its items (ownership by position and echoed id). */
class BatchedPostsTest {
    private static final List<BatchedPosts.Item> ITEMS = List.of(
            new BatchedPosts.Item("aa", "{\"sessionId\":\"aa\"}".getBytes(StandardCharsets.UTF_8)),
            new BatchedPosts.Item("bb", "{\"sessionId\":\"bb\"}".getBytes(StandardCharsets.UTF_8)));

    @Test
    void theBodyCarriesEachItemsOwnBytesInOrder() {
        assertThat(new String(BatchedPosts.body(ITEMS), StandardCharsets.UTF_8))
                .isEqualTo("{\"items\":[{\"sessionId\":\"aa\"},{\"sessionId\":\"bb\"}]}");
    }

    @Test
    void eachItemGetsTheStatusAndBodyAnsweredForIt() throws Exception {
        byte[] answer = ("{\"items\":[{\"id\":\"aa\",\"status\":202,\"body\":{\"state\":\"running\"}},"
                + "{\"id\":\"bb\",\"status\":409,\"body\":{\"type\":\"urn:sigil:problem:conflict\",\"title\":\"Conflict\","
                + "\"status\":409,\"detail\":\"used\",\"instance\":\"/v1/new_party\"}}]}").getBytes(StandardCharsets.UTF_8);

        List<SignedNodeClient.Answer> answers = BatchedPosts.answers("node-1a", ITEMS, answer);

        assertThat(answers).extracting(SignedNodeClient.Answer::status).containsExactly(202, 409);
        assertThat(Json.read(answers.get(0).body(), java.util.Map.class)).containsEntry("state", "running");
        assertThat(answers.get(1).problem()).hasValueSatisfying(problem -> assertThat(problem.detail()).isEqualTo("used"));
    }

    @Test
    void answersInAnotherOrderOrOfAnotherCountAreRefusedForTheWholeBatch() {
        byte[] swapped = ("{\"items\":[{\"id\":\"bb\",\"status\":202,\"body\":{}},{\"id\":\"aa\",\"status\":409,\"body\":{}}]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] short1 = "{\"items\":[{\"id\":\"aa\",\"status\":202,\"body\":{}}]}".getBytes(StandardCharsets.UTF_8);
        byte[] noStatus = "{\"items\":[{\"id\":\"aa\",\"body\":{}},{\"id\":\"bb\",\"status\":202,\"body\":{}}]}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] notJson = "<html>".getBytes(StandardCharsets.UTF_8);

        assertThat(assertThrows(InvalidBatchAnswerException.class, () -> BatchedPosts.answers("node-1a", ITEMS, swapped)))
                .hasMessageContaining("another item's id");
        assertThat(assertThrows(InvalidBatchAnswerException.class, () -> BatchedPosts.answers("node-1a", ITEMS, short1)))
                .hasMessageContaining("each of the 2 items");
        assertThat(assertThrows(InvalidBatchAnswerException.class, () -> BatchedPosts.answers("node-1a", ITEMS, noStatus)))
                .hasMessageContaining("without a status");
        assertThrows(InvalidBatchAnswerException.class, () -> BatchedPosts.answers("node-1a", ITEMS, notJson));
    }
}
