package dev.herald.engine;

/**
 * The layout of a snapshot file: a stage's state after it handled the journal up to and including one record,
 * written beside the journal in {@code snapshots/STAGE/POSITION.snap} (POSITION: 20 digits), atomically (a
 * temporary file, forced, then renamed). All integers little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic "HRLDSNP1"                          |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Journal Id                                |  8
 *  |               (of the journal the state was built from)       |
 *  +---------------------------------------------------------------+
 *  |                      Position                                  | 16
 *  |            (sequence of the last record in the state)         |
 *  +-------------------------------+-------------------------------+
 *  |        Format Version         |    State Version (handler)    | 24
 *  +-------------------------------+-------------------------------+
 *  |         State Length          |  CRC32C of bytes 0..35 + state | 32
 *  +-------------------------------+-------------------------------+
 *  |                      State ...                                 | 40
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A snapshot is loaded only when every field checks: magic, format version, the handler's state version, the
 * journal's id, a position the journal holds, the length of the file, and the checksum. Anything else is refused
 * with a warning, and an older snapshot or a full replay is used instead: never wrong state.
 */
public final class SnapshotDescriptor
{
    /** "HRLDSNP1" in ASCII, little-endian. */
    public static final long MAGIC = 0x31504E53444C5248L;
    /** Version of this layout. */
    public static final int FORMAT_VERSION = 1;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the journal id. */
    public static final int JOURNAL_ID_OFFSET = 8;
    /** Offset of the position. */
    public static final int POSITION_OFFSET = 16;
    /** Offset of the format version. */
    public static final int FORMAT_VERSION_OFFSET = 24;
    /** Offset of the handler's state version. */
    public static final int STATE_VERSION_OFFSET = 28;
    /** Offset of the state length. */
    public static final int STATE_LENGTH_OFFSET = 32;
    /** Offset of the checksum, which covers everything before it and the state. */
    public static final int CHECKSUM_OFFSET = 36;
    /** Length of the header; the state follows. */
    public static final int HEADER_LENGTH = 40;
    /** Name of the directory beside the journal's segments. */
    public static final String DIRECTORY_NAME = "snapshots";
    /** Suffix of a snapshot file. */
    public static final String FILE_SUFFIX = ".snap";

    private SnapshotDescriptor()
    {
    }
}
