package dev.herald.journal;

import java.nio.file.Path;

import static dev.herald.journal.RecordDescriptor.FRAME_ALIGNMENT;
import static dev.herald.journal.RecordDescriptor.alignedLength;

/**
 * Walks every segment and frame of a journal without changing anything, and reports what a recovery would keep,
 * what it would truncate, and the first damage it would refuse.
 */
final class JournalVerifier
{
    private final Path directory;
    private final long[] sequences;
    private long records;
    private long bytes;
    private long firstSequence = -1;
    private long lastSequence = -1;
    private long firstTimestamp;
    private long lastTimestamp;
    private Path tornTailSegment;
    private long tornTailOffset = -1;
    private long tornTailBytes;
    private JournalCorruptedException corruption;
    private final RecordView view = new RecordView();

    private JournalVerifier(final Path directory)
    {
        this.directory = directory;
        this.sequences = Segment.list(directory);
        if (sequences.length == 0)
        {
            throw new JournalException("journal directory " + directory + " has no segments: not a journal");
        }
    }

    static VerifyReport verify(final Path directory)
    {
        final JournalVerifier verifier = new JournalVerifier(directory);
        try
        {
            verifier.walk();
        }
        catch (final JournalCorruptedException ex)
        {
            verifier.corruption = ex;
        }
        return verifier.report();
    }

    private void walk()
    {
        long journalId = 0;
        long expected = sequences[0];
        for (int i = 0; i < sequences.length; i++)
        {
            final boolean last = i == sequences.length - 1;
            try (Segment segment = Segment.open(SegmentDescriptor.path(directory, sequences[i]), false))
            {
                if (i == 0)
                {
                    journalId = segment.journalId;
                }
                else if (segment.journalId != journalId)
                {
                    throw new JournalCorruptedException(segment.path, SegmentDescriptor.JOURNAL_ID_OFFSET,
                        "journal id " + segment.journalId + " differs from " + journalId + " of the first segment");
                }
                if (segment.firstSequence != expected)
                {
                    throw new JournalCorruptedException(segment.path, SegmentDescriptor.FIRST_SEQUENCE_OFFSET,
                        "segment starts at sequence " + segment.firstSequence + " but the previous one ends before " +
                        expected);
                }
                int offset = SegmentDescriptor.HEADER_LENGTH;
                int result;
                while ((result = segment.checkFrame(offset, expected)) > 0)
                {
                    count(view.wrap(segment.buffer, offset));
                    offset += alignedLength(result);
                    expected++;
                }
                final boolean validAfter = segment.hasValidFrameFrom(offset + FRAME_ALIGNMENT, expected);
                if (!last)
                {
                    if (result != Segment.END_OF_DATA || validAfter)
                    {
                        throw new JournalCorruptedException(segment.path, offset,
                            segment.describe(result, offset, expected) + " in a sealed segment");
                    }
                    if (sequences[i + 1] != expected)
                    {
                        throw new JournalCorruptedException(segment.path, offset,
                            "sealed segment ends before sequence " + expected + " but the next segment starts at " +
                            sequences[i + 1]);
                    }
                }
                else if (validAfter)
                {
                    throw new JournalCorruptedException(segment.path, offset,
                        segment.describe(result, offset, expected) + ", with valid records after it");
                }
                else
                {
                    final int end = segment.endOfNonZero(offset);
                    if (end > offset)
                    {
                        tornTailSegment = segment.path;
                        tornTailOffset = offset;
                        tornTailBytes = end - offset;
                    }
                }
            }
        }
    }

    private void count(final RecordView record)
    {
        if (records == 0)
        {
            firstSequence = record.sequence();
            firstTimestamp = record.timestamp();
        }
        records++;
        bytes += record.frameLength();
        lastSequence = record.sequence();
        lastTimestamp = record.timestamp();
    }

    private VerifyReport report()
    {
        return new VerifyReport(directory, sequences.length, records, bytes, firstSequence, lastSequence,
            firstTimestamp, lastTimestamp, tornTailSegment, tornTailOffset, tornTailBytes, corruption);
    }
}
