package io.haven.daemon.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The shape of havend's log lines. {@code logback.xml} writes through the appender of the format the property
 * {@value #PROPERTY} names (a system property, or the environment variable {@value #ENV}; see {@link FormatFilter});
 * {@link #use} sets it on a running logback, so that the {@code log-format} setting can take effect after logging
 * has started (the daemon logs before it has read its settings).
 */
public enum LogFormat {
    /** {@code 2024-05-01T12:00:00.000+00:00 INFO  [thread] logger - message}, for people. */
    TEXT("text"),
    /**
     * One JSON object per line (logback's {@code JsonEncoder}: timestamp, level, threadName, loggerName,
     * formattedMessage, throwable), for log shippers.
     */
    JSON("json");

    /** The logback property {@code logback.xml} reads; a system property of this name wins over {@link #ENV}. */
    public static final String PROPERTY = "haven.log.format";

    /** The environment variable read when {@link #PROPERTY} is not set, e.g. in a systemd unit. */
    public static final String ENV = "HAVEN_LOG_FORMAT";

    private final String wireName;

    LogFormat(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in settings and in {@code logback.xml}: {@code text} or {@code json}. */
    public String settingName() {
        return wireName;
    }

    public static Optional<LogFormat> of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.wireName.equals(n)).findFirst();
    }

    /** Every setting name, for messages that list what is accepted. */
    public static String names() {
        return Arrays.stream(values()).map(LogFormat::settingName).collect(Collectors.joining(", "));
    }

    /**
     * Makes logback write in {@code format} from now on by reloading havend's {@code logback.xml} with {@link
     * #PROPERTY} set. Does nothing when logback is not the SLF4J backend, or when the operator named a logback file
     * of their own ({@code -Dlogback.configurationFile}): that file decides.
     *
     * @throws IllegalStateException when havend's {@code logback.xml} is missing or does not load
     */
    public static void use(LogFormat format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || System.getProperty("logback.configurationFile") != null) {
            return;
        }
        if (format.wireName.equals(context.getProperty(PROPERTY))) {
            return;
        }
        URL config = LogFormat.class.getResource("/logback.xml");
        if (config == null) {
            throw new IllegalStateException("logback.xml is not on the classpath");
        }
        context.reset();
        context.putProperty(PROPERTY, format.wireName);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot reload " + config + ": " + e.getMessage(), e);
        }
    }
}
