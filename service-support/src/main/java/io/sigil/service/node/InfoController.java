package io.sigil.service.node;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sigil.registry.Role;
import io.sigil.service.Version;
import io.sigil.wire.InfoResponse;

/** {@code GET /v1/info}: identity, role, committee, epoch and public keys of this process. */
@Controller("/v1")
final class InfoController {
    private final LocalNode node;

    InfoController(LocalNode node) {
        this.node = node;
    }

    @Get(value = "/info", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> info() {
        var entry = node.entry();
        return JsonResponses.ok(new InfoResponse(entry.id(), node.service().wireName(),
                entry.roles().stream().map(Role::wireName).sorted().toList(), entry.committee().orElse(null),
                node.registry().networkId(), node.registry().epoch(), entry.identityKey().toHex(),
                entry.encryptionKey().toHex(), Version.current()));
    }
}
