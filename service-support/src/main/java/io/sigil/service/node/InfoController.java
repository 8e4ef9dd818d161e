package io.sigil.service.node;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sigil.registry.Role;
import io.sigil.service.Version;
import io.sigil.wire.InfoResponse;
import java.util.List;

/**
 * {@code GET /v1/info}: identity, role, committee, epoch and public keys of this process, and on a
 * signing node its epoch state and the epoch of an open proposal ({@link EpochView}).
 */
@Controller("/v1")
final class InfoController {
    private final LocalNode node;
    private final List<EpochView> epochs;

    InfoController(LocalNode node, List<EpochView> epochs) {
        this.node = node;
        this.epochs = epochs;
    }

    @Get(value = "/info", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> info() {
        var entry = node.entry();
        return JsonResponses.ok(new InfoResponse(entry.id(), node.service().wireName(),
                entry.roles().stream().map(Role::wireName).sorted().toList(), entry.committee().orElse(null),
                node.registry().networkId(), node.registry().epoch(), entry.identityKey().toHex(),
                entry.encryptionKey().toHex(), Version.current(),
                epochs.isEmpty() ? null : epochs.getFirst().state(), epochs.isEmpty() ? null : epochs.getFirst().proposedEpoch()));
    }
}
