package dev.herald.cli;

import org.agrona.DirectBuffer;

/**
 * Writes one JSON value into a {@link StringBuilder}, by hand: the command prints a few flat objects, and a
 * library would be a dependency for twenty lines. Commas are placed automatically; nesting is tracked in a bit
 * set, so objects and arrays nest up to 64 deep.
 *
 * <p>Not thread-safe. Reusable: {@link #reset()} clears it for the next value (dump writes a line per record).
 */
final class JsonWriter
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder sb = new StringBuilder(256);
    private long hasElements;
    private int depth;
    private boolean afterName;

    JsonWriter reset()
    {
        sb.setLength(0);
        hasElements = 0;
        depth = 0;
        afterName = false;
        return this;
    }

    JsonWriter beginObject()
    {
        beforeValue();
        sb.append('{');
        push();
        return this;
    }

    JsonWriter endObject()
    {
        pop();
        sb.append('}');
        return this;
    }

    JsonWriter beginArray()
    {
        beforeValue();
        sb.append('[');
        push();
        return this;
    }

    JsonWriter endArray()
    {
        pop();
        sb.append(']');
        return this;
    }

    JsonWriter name(final String name)
    {
        beforeValue();
        appendString(name);
        sb.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(final long value)
    {
        beforeValue();
        sb.append(value);
        return this;
    }

    JsonWriter value(final double value)
    {
        beforeValue();
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            sb.append("null");
        }
        else
        {
            sb.append(value);
        }
        return this;
    }

    JsonWriter value(final boolean value)
    {
        beforeValue();
        sb.append(value);
        return this;
    }

    JsonWriter value(final CharSequence value)
    {
        beforeValue();
        if (null == value)
        {
            sb.append("null");
        }
        else
        {
            appendString(value);
        }
        return this;
    }

    /**
     * A string of two lowercase hex digits per byte.
     *
     * @param buffer holding the bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @return this.
     */
    JsonWriter hexValue(final DirectBuffer buffer, final int offset, final int length)
    {
        beforeValue();
        sb.append('"');
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            sb.append(HEX[b >> 4 & 0xF]).append(HEX[b & 0xF]);
        }
        sb.append('"');
        return this;
    }

    JsonWriter nullValue()
    {
        beforeValue();
        sb.append("null");
        return this;
    }

    JsonWriter field(final String name, final long value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final double value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final boolean value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final CharSequence value)
    {
        return name(name).value(value);
    }

    @Override
    public String toString()
    {
        return sb.toString();
    }

    /**
     * Escape a string as a JSON string literal, quotes included.
     *
     * @param value to escape.
     * @return the literal.
     */
    static String quote(final CharSequence value)
    {
        final JsonWriter writer = new JsonWriter();
        writer.appendString(value);
        return writer.toString();
    }

    private void beforeValue()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (depth > 0)
        {
            final long bit = 1L << (depth - 1);
            if ((hasElements & bit) != 0)
            {
                sb.append(',');
            }
            hasElements |= bit;
        }
    }

    private void push()
    {
        if (depth == Long.SIZE)
        {
            throw new IllegalStateException("json nesting deeper than " + Long.SIZE);
        }
        depth++;
        hasElements &= ~(1L << (depth - 1));
    }

    private void pop()
    {
        if (depth == 0)
        {
            throw new IllegalStateException("json end without begin");
        }
        depth--;
    }

    private void appendString(final CharSequence value)
    {
        sb.append('"');
        for (int i = 0, length = value.length(); i < length; i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029)
                    {
                        // control characters must be escaped; the two line separators break JavaScript readers
                        sb.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                            .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
