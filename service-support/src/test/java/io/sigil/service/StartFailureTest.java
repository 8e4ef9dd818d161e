package io.sigil.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

class StartFailureTest {
    @Test
    void theReasonIsTheInnermostCausesFirstLineNotMicronautsBeanPath() {
        IllegalStateException reason = new IllegalStateException(
                "the keys in /data/identity are not the keys the registry pins for node 'node-1a'\nsecond line");
        BeanInstantiationException wrapped = new BeanInstantiationException(
                "Error instantiating bean of type  [io.sigil.service.node.LocalNode]\n\nPath Taken:\nnew LocalNode(...)",
                new RuntimeException("wrapper", reason));

        assertThat(StartFailure.describe(wrapped))
                .isEqualTo("the keys in /data/identity are not the keys the registry pins for node 'node-1a'");
    }

    @Test
    void aTakenPortIsSaidInWordsAndAReasonWithoutMessageIsNamedByItsKind() {
        assertThat(StartFailure.describe(new RuntimeException(new java.net.BindException("Address already in use"))))
                .isEqualTo("the port is already in use (another process listens on it): Address already in use");
        assertThat(StartFailure.describe(new RuntimeException(new java.io.EOFException())))
                .isEqualTo("start-up failed (EOFException)");
    }
}
