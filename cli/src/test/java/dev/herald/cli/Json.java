package dev.herald.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads single top-level values out of the command's flat JSON output, enough for assertions.
 */
final class Json
{
    private Json()
    {
    }

    static String string(final String json, final String key)
    {
        final Matcher matcher = Pattern.compile("\"" + Pattern.quote(key) + "\":\"((?:[^\"\\\\]|\\\\.)*)\"")
            .matcher(json);
        if (!matcher.find())
        {
            throw new AssertionError("no string " + key + " in " + json);
        }
        return matcher.group(1);
    }

    static long number(final String json, final String key)
    {
        final Matcher matcher = Pattern.compile("\"" + Pattern.quote(key) + "\":(-?\\d+)").matcher(json);
        if (!matcher.find())
        {
            throw new AssertionError("no number " + key + " in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }
}
