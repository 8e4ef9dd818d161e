package io.sigil.node.discovery;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sigil.json.Json;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;

/**
 * Discovery, answered by every signing node from its registry: users learn the committees and
 * the keys to encrypt shards to ({@code who_cl}) and where to send sign requests ({@code who_cm}).
 * Both carry the registry chain this node verified at start; users verify it again against their
 * network pin, since nothing a single node says is trusted.
 * Both answers are computed once per running registry (again after an epoch change commits).
 */
@Controller("/v1")
final class DiscoveryController {
    private final java.util.function.Supplier<String> whoCl;
    private final java.util.function.Supplier<String> whoCm;

    DiscoveryController(LocalNode node) {
        this.whoCl = node.derived(registry -> Json.write(WhoClResponse.of(registry, node.registryChain())));
        this.whoCm = node.derived(registry -> Json.write(WhoCmResponse.of(registry, node.registryChain())));
    }

    @Get(value = "/who_cl", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> whoCl() {
        return HttpResponse.ok(whoCl.get()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get(value = "/who_cm", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> whoCm() {
        return HttpResponse.ok(whoCm.get()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
