package io.sigil.service.faults;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sigil.service.node.JsonResponses;

/** {@code GET /v1/faults}: the {@link FaultCounters} of this process (counts and node ids only). */
@Controller("/v1")
final class FaultsController {
    private final FaultCounters counters;

    FaultsController(FaultCounters counters) {
        this.counters = counters;
    }

    @Get(value = "/faults", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> faults() {
        return JsonResponses.ok(counters.snapshot());
    }
}
