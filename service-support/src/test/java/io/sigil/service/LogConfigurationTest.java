package io.sigil.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import tools.jackson.databind.JsonNode;
import io.sigil.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogConfigurationTest {

    @Test
    void jsonFormatWritesOneObjectPerLineWithTheSessionAndRequestIds() throws Exception {
        String output = logOneLine("json");
        JsonNode line = Json.mapper().readTree(output.lines().filter(text -> text.contains("attempt 2 started"))
                .findFirst().orElseThrow());
        assertThat(line.get("level").asString()).isEqualTo("INFO");
        assertThat(line.get("loggerName").asString()).isEqualTo("io.sigil.test");
        assertThat(line.get("mdc").get("session").asString()).isEqualTo("3f2a9c01");
        assertThat(line.get("mdc").get("requestId").asString()).isEqualTo("r-42");
    }

    @Test
    void textIsTheDefaultAndCarriesTheSameIds() throws Exception {
        String output = logOneLine(null);
        assertThat(output).contains("session=3f2a9c01 request=r-42 - attempt 2 started");
    }

    private static String logOneLine(String format) throws Exception {
        PrintStream standardOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        LogbackMDCAdapter mdc = new LogbackMDCAdapter();
        context.setMDCAdapter(mdc);
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            if (format != null) {
                context.putProperty("SIGIL_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            URL configuration = ServiceLauncher.class.getClassLoader().getResource(ServiceLauncher.LOG_CONFIGURATION);
            configurator.doConfigure(configuration);
            Logger logger = context.getLogger("io.sigil.test");
            mdc.put("session", "3f2a9c01");
            mdc.put("requestId", "r-42");
            logger.info("attempt 2 started");
        } finally {
            mdc.clear();
            context.stop();
            System.setOut(standardOut);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
