package dev.herald.bench;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The raw baseline for journal appends: records copied into a direct chunk buffer that is written with
 * {@link FileChannel#write(ByteBuffer)} when full, rolling to a new file every {@code fileLength} bytes. No
 * framing, no checksum, no recovery: what a journal costs is measured against this.
 *
 * <p>Threading: one thread.
 */
public final class RawFileWriter implements AutoCloseable
{
    private final Path dir;
    private final long fileLength;
    private final ByteBuffer chunk;
    private final UnsafeBuffer chunkBuffer;
    private FileChannel channel;
    private int chunkPosition;
    private long filePosition;
    private long position;
    private int fileIndex;

    /**
     * @param dir        where files are created.
     * @param fileLength bytes per file before rolling.
     * @param chunkSize  bytes per write call.
     * @throws IOException if the first file cannot be created.
     */
    public RawFileWriter(final Path dir, final long fileLength, final int chunkSize) throws IOException
    {
        this.dir = dir;
        this.fileLength = fileLength;
        this.chunk = BufferUtil.allocateDirectAligned(chunkSize, 4096);
        this.chunkBuffer = new UnsafeBuffer(chunk);
        this.channel = openNext();
    }

    /**
     * Append bytes; they reach the file when the chunk fills up or on {@link #flush()}.
     *
     * @param source buffer.
     * @param offset in it.
     * @param length bytes, at most the chunk size.
     * @throws IOException if a write fails.
     */
    public void write(final DirectBuffer source, final int offset, final int length) throws IOException
    {
        if (chunkPosition + length > chunkBuffer.capacity())
        {
            flush();
        }
        chunkBuffer.putBytes(chunkPosition, source, offset, length);
        chunkPosition += length;
        position += length;
    }

    /**
     * Write the chunk to the file.
     *
     * @throws IOException if a write fails.
     */
    public void flush() throws IOException
    {
        chunk.clear().limit(chunkPosition);
        while (chunk.hasRemaining())
        {
            channel.write(chunk);
        }
        filePosition += chunkPosition;
        chunkPosition = 0;
        if (filePosition >= fileLength)
        {
            channel.close();
            channel = openNext();
            filePosition = 0;
        }
    }

    /**
     * Flush and force the file's data to storage (fdatasync).
     *
     * @throws IOException if it fails.
     */
    public void flushAndForce() throws IOException
    {
        flush();
        channel.force(false);
    }

    /** @return bytes written since creation. */
    public long position()
    {
        return position;
    }

    @Override
    public void close() throws IOException
    {
        flush();
        channel.close();
    }

    private FileChannel openNext() throws IOException
    {
        return FileChannel.open(
            dir.resolve(String.format("%020d.raw", fileIndex++)),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
}
