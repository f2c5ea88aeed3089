package io.haven.daemon.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets an event through the appender of the chosen log format only. {@code logback.xml} declares one appender per
 * format and attaches both, each with this filter naming its format; declaring an appender without attaching it
 * would make logback print its whole configuration status at every start. A chosen format that is no format at all
 * falls back to {@code text}, so that a typo in {@code HAVEN_LOG_FORMAT} cannot silence the log.
 */
public final class FormatFilter extends Filter<ILoggingEvent> {
    /** Set when logback starts the filter, read by every logging thread. */
    private volatile boolean pass;

    private String format = LogFormat.TEXT.settingName();
    private String chosen = LogFormat.TEXT.settingName();

    /** The format of the appender this filter guards: {@code text} or {@code json}. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The format the log is to be written in ({@code ${haven.log.format}}). */
    public void setChosen(String chosen) {
        this.chosen = chosen;
    }

    @Override
    public void start() {
        LogFormat want = LogFormat.of(chosen).orElse(LogFormat.TEXT);
        pass = want.settingName().equals(format);
        super.start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return pass ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
