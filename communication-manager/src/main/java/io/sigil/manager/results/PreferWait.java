package io.sigil.manager.results;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=N}, N in seconds): how long the
 * client would like a {@code POST} to hold its answer until the request it started is final
 * (docs/client-protocol.md, "Answer on the POST"). Preferences are comma-separated, each with
 * optional {@code ;}-parameters; any number of {@code Prefer} headers. A preference that is not
 * understood, or a {@code wait} whose value is not a non-negative integer, is ignored, as the RFC
 * asks; the first well-formed {@code wait} counts.
 */
public final class PreferWait {
    public static final String PREFER = "Prefer";
    public static final String PREFERENCE_APPLIED = "Preference-Applied";
    /** More digits than this is not a wait anyone means (and would overflow). */
    private static final int MAX_DIGITS = 9;

    private PreferWait() {
    }

    /** The seconds of the first well-formed {@code wait} preference among the {@code Prefer} header values. */
    public static OptionalLong seconds(List<String> headerValues) {
        for (String header : headerValues) {
            for (String preference : header.split(",")) {
                String first = preference.split(";", 2)[0];
                int equals = first.indexOf('=');
                if (equals < 0 || !"wait".equals(first.substring(0, equals).strip().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                String value = unquoted(first.substring(equals + 1).strip());
                if (!value.isEmpty() && value.length() <= MAX_DIGITS && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return OptionalLong.of(Long.parseLong(value));
                }
            }
        }
        return OptionalLong.empty();
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
