package io.sigil.service.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.sigil.service.node.LocalNode;
import jakarta.inject.Singleton;

/**
 * The process's one metrics registry, scraped at {@code /prometheus} (design §8). Every meter
 * carries the {@code service} and {@code node} tags, so one Prometheus job can scrape every pod.
 * Meter names and tag values come from fixed vocabularies and registry node ids only: no user
 * id, key id, request id or secret is ever a label.
 */
@Factory
final class MetricsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    PrometheusMeterRegistry prometheusRegistry(LocalNode local) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", local.service().wireName(), "node", local.id());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    @Singleton
    @Bean(preDestroy = "close")
    JvmGcMetrics gcMetrics(MeterRegistry registry) {
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }
}
