package dev.herald.journal;

import java.nio.file.Path;

/**
 * Walks every segment and frame of a journal without changing anything, and reports what a recovery would keep,
 * what it would truncate, and the first damage it would refuse, blamed on the file that holds it.
 */
final class JournalVerifier
{
    private final Path directory;
    private final long[] sequences;
    private final RecordView view = new RecordView();
    private final FrameScanner scanner = new FrameScanner();
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

    private JournalVerifier(final Path directory)
    {
        this.directory = directory;
        this.sequences = SegmentFiles.list(directory);
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
        Path previous = null;
        int previousEnd = 0;
        for (int i = 0; i < sequences.length; i++)
        {
            final boolean last = i == sequences.length - 1;
            // Opening checks the header first, so a file that is no segment at all is blamed on itself.
            try (Segment segment = Segment.open(JournalStorage.FILE_SYSTEM, SegmentDescriptor.path(directory, sequences[i])))
            {
                if (previous != null && segment.firstSequence != expected)
                {
                    // A genuine segment after a gap: the one before it lost its end.
                    throw new JournalCorruptedException(previous, previousEnd, "sealed segment ends before " +
                        "sequence " + expected + " but the next segment starts at " + segment.firstSequence);
                }
                if (i == 0)
                {
                    journalId = segment.journalId;
                }
                else if (segment.journalId != journalId)
                {
                    throw new JournalCorruptedException(segment.path, SegmentDescriptor.JOURNAL_ID_OFFSET,
                        "journal id " + segment.journalId + " differs from " + journalId + " of the first segment");
                }
                scanner.wrap(segment, SegmentDescriptor.HEADER_LENGTH, expected);
                int result;
                // The last segment may have a live writer; a sealed one does not.
                while ((result = last ? scanner.nextSettled(FrameScanner.WHOLE_SEGMENT) :
                    scanner.next(FrameScanner.WHOLE_SEGMENT)) == FrameScanner.FRAME)
                {
                    count(view.wrap(segment.buffer, scanner.offset()));
                    scanner.advance();
                }
                if (!last && (result == FrameScanner.DAMAGED || !scanner.clean()))
                {
                    throw scanner.corruption(" in a sealed segment");
                }
                if (result == FrameScanner.DAMAGED)
                {
                    throw scanner.corruption(", with valid records after it");
                }
                final int end = scanner.tailEnd();
                if (last && end > scanner.offset())
                {
                    tornTailSegment = segment.path;
                    tornTailOffset = scanner.offset();
                    tornTailBytes = end - scanner.offset();
                }
                expected = scanner.nextSequence();
                previous = segment.path;
                previousEnd = scanner.offset();
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
