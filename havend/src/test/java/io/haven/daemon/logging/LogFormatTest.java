package io.haven.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogFormatTest {
    private static final LoggerContext CONTEXT = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void backToText() {
        LogFormat.use(LogFormat.TEXT);
    }

    /** What the root logger writes for an INFO event "node {} up" with argument n1: the appender that lets it by. */
    private static String written() {
        Logger root = CONTEXT.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LoggingEvent event = new LoggingEvent(
                LogFormatTest.class.getName(), root, Level.INFO, "node {} up", null, new Object[] {"n1"});
        List<OutputStreamAppender<ILoggingEvent>> writing = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(a -> {
            if (a.getFilterChainDecision(event) != FilterReply.DENY) {
                writing.add((OutputStreamAppender<ILoggingEvent>) a);
            }
        });
        assertEquals(1, writing.size(), "appenders that write: " + writing);
        return new String(writing.get(0).getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void textIsOneLineWithLevelLoggerAndMessage() {
        LogFormat.use(LogFormat.TEXT);
        String line = written();
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\[.*] ROOT - node n1 up\\R"), line);
    }

    @Test
    void jsonIsOneObjectPerLineWithTheFormattedMessage() {
        LogFormat.use(LogFormat.JSON);
        String line = written();
        assertTrue(line.startsWith("{") && line.endsWith("}\n"), line);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("\"level\":\"INFO\""), line);
        assertTrue(line.contains("\"formattedMessage\":\"node n1 up\""), line);
    }

    @Test
    void anUnknownFormatFromTheEnvironmentFallsBackToText() {
        FormatFilter text = new FormatFilter();
        text.setFormat("text");
        text.setChosen("jsno");
        text.start();
        FormatFilter json = new FormatFilter();
        json.setFormat("json");
        json.setChosen("jsno");
        json.start();
        assertEquals(FilterReply.NEUTRAL, text.decide(null));
        assertEquals(FilterReply.DENY, json.decide(null));
    }

    @Test
    void theNamesAreTheSettingsValues() {
        assertEquals(Optional.of(LogFormat.JSON), LogFormat.of(" json "));
        assertEquals(Optional.of(LogFormat.TEXT), LogFormat.of("text"));
        assertEquals(Optional.empty(), LogFormat.of("xml"));
    }
}
