package io.sigil.service.node;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line when a service is up, saying what it is and where: {@code listening on
 * http://0.0.0.0:8080 as node-1a (signing-client, committee 1)}. Micronaut's own start-up lines
 * stay below the services' log level.
 */
@Singleton
final class ListeningAnnouncement implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ListeningAnnouncement.class);

    private final LocalNode node;

    ListeningAnnouncement(LocalNode node) {
        this.node = node;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        String committee = node.entry().committee().map(index -> ", committee " + index).orElse("");
        LOG.info("listening on {} as {} ({}{})", event.getSource().getURL(), node.id(), node.service().wireName(),
                committee);
    }
}
