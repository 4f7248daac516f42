package dev.herald.journal;

import java.nio.file.Path;

/**
 * Layout and naming of a segment file. A journal is a directory of segments named by the 20-digit, zero-padded
 * sequence of their first record ({@code 00000000000000004096.seg}), so that names sort by sequence. Each segment
 * has a fixed power-of-two length, preallocated with real zero blocks, and starts with this header; frames laid out
 * by {@link RecordDescriptor} follow from {@link #HEADER_LENGTH}. All fields are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic "HERALDJ1" (int64)                   |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Format Version (int32)                     |  8
 *  +---------------------------------------------------------------+
 *  |                Segment Length in bytes (int32)                | 12
 *  +---------------------------------------------------------------+
 *  |                       Journal Id (int64)                      | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Application Id (int64)                    | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  First Sequence (int64)                       | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Creation Time, epoch nanoseconds (int64)           | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Reserved, zero (12 bytes)                  | 48
 *  |                                                               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 CRC32C of bytes 0..60 (int32)                 | 60
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class SegmentDescriptor
{
    static final long MAGIC = 0x314A444C41524548L; // "HERALDJ1" read as a little-endian long
    static final int FORMAT_VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int FORMAT_VERSION_OFFSET = 8;
    static final int SEGMENT_LENGTH_OFFSET = 12;
    static final int JOURNAL_ID_OFFSET = 16;
    static final int APPLICATION_ID_OFFSET = 24;
    static final int FIRST_SEQUENCE_OFFSET = 32;
    static final int CREATION_TIME_OFFSET = 40;
    static final int CHECKSUM_OFFSET = 60;
    static final int HEADER_LENGTH = 64;

    static final int NAME_DIGITS = 20;
    static final String TEMP_SUFFIX = ".tmp";

    private SegmentDescriptor()
    {
    }

    static String fileName(final long firstSequence)
    {
        final String digits = Long.toString(firstSequence);
        return "0".repeat(NAME_DIGITS - digits.length()) + digits + Journal.SEGMENT_SUFFIX;
    }

    static Path path(final Path directory, final long firstSequence)
    {
        return directory.resolve(fileName(firstSequence));
    }

    /**
     * @return the first sequence a segment file name encodes, or -1 when the name is not a segment's.
     */
    static long parseFirstSequence(final String fileName)
    {
        if (fileName.length() != NAME_DIGITS + Journal.SEGMENT_SUFFIX.length() ||
            !fileName.endsWith(Journal.SEGMENT_SUFFIX))
        {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < NAME_DIGITS; i++)
        {
            final char c = fileName.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            final int digit = c - '0';
            if (value > (Long.MAX_VALUE - digit) / 10)
            {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
