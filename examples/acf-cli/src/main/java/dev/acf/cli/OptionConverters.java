package dev.acf.cli;

import dev.acf.ans.sync.DnsjavaLookup;
import dev.acf.api.error.ValidationException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Picocli converters shared by the federation options, so that a bad value is a usage error
 * (exit 2) naming its option rather than a failure at start-up.
 */
final class OptionConverters {
    private OptionConverters() {}

    /** A positive duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
    static final class PositiveDuration implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Duration duration;
            Matcher m = SHORT.matcher(text);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                duration = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else {
                try {
                    duration = Duration.parse(text.toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is no duration: write e.g. 500ms, 30s, 5m, 1h or PT30S");
                }
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
            }
            return duration;
        }
    }

    /** A DNS server as {@code host:port} (port 53 when absent; IPv6 as {@code [::1]:5353}). */
    static final class DnsServer implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return DnsjavaLookup.parseServer(value);
            } catch (ValidationException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
