package io.haven.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
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

    /** What the root logger's one appender writes for an INFO event "node {} up" with argument n1. */
    private static String written() {
        Logger root = CONTEXT.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appenders::add);
        assertEquals(1, appenders.size(), appenders.toString());
        OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>) appenders.get(0);
        LoggingEvent event = new LoggingEvent(
                LogFormatTest.class.getName(), root, Level.INFO, "node {} up", null, new Object[] {"n1"});
        return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
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
    void theNamesAreTheSettingsValues() {
        assertEquals(Optional.of(LogFormat.JSON), LogFormat.of(" json "));
        assertEquals(Optional.of(LogFormat.TEXT), LogFormat.of("text"));
        assertEquals(Optional.empty(), LogFormat.of("xml"));
    }
}
