package dev.herald.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes as a person writes it, as {@code --help} prints it: {@code 65536}, {@code 64k}, {@code 64KiB},
 * {@code 64MiB}, {@code 64 MiB}, {@code 1g}, {@code 1GiB}. Units are binary (k = 1,024).
 */
final class SizeConverter implements ITypeConverter<Integer>
{
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    @Override
    public Integer convert(final String value)
    {
        final Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches())
        {
            throw new TypeConversionException("bytes, or a size such as 64MiB or 1g");
        }
        final long number = Long.parseLong(matcher.group(1));
        final String unit = matcher.group(2);
        final int shift = unit.startsWith("k") ? 10 : unit.startsWith("m") ? 20 : unit.startsWith("g") ? 30 : 0;
        if (number > (Integer.MAX_VALUE >> shift))
        {
            throw new TypeConversionException("at most 2 GiB");
        }
        return (int)(number << shift);
    }
}
