package dev.herald.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file system that a test can fill or break: writes succeed until a byte budget is spent, then fail as a full disk
 * does (the write that crosses the budget writes what fits, then throws "No space left on device"); the free space it
 * reports can be set; and every write or force can be made to fail with an I/O error. Reads are real.
 *
 * <p>Threading: thread-safe.
 */
public final class FaultyStorage implements JournalStorage
{
    private final AtomicLong writeBudget = new AtomicLong(Long.MAX_VALUE);
    private volatile long usableSpace = -1;
    private volatile String ioError;

    /**
     * @param bytes that may still be written before the disk is full.
     * @return this for a fluent API.
     */
    public FaultyStorage writeBudget(final long bytes)
    {
        writeBudget.set(bytes);
        return this;
    }

    /**
     * @param bytes what {@link #usableSpace} reports from now on; -1 for the real figure.
     * @return this for a fluent API.
     */
    public FaultyStorage usableSpace(final long bytes)
    {
        usableSpace = bytes;
        return this;
    }

    /**
     * @param message of the IOException every later write and force throws; null for none.
     * @return this for a fluent API.
     */
    public FaultyStorage failWith(final String message)
    {
        ioError = message;
        return this;
    }

    @Override
    public FileChannel open(final Path file, final OpenOption... options) throws IOException
    {
        return new Channel(FileChannel.open(file, options));
    }

    @Override
    public long usableSpace(final Path directory) throws IOException
    {
        final long fixed = usableSpace;
        if (fixed >= 0)
        {
            return fixed;
        }
        final long budget = writeBudget.get();
        return Math.min(budget, FILE_SYSTEM.usableSpace(directory));
    }

    private int allow(final int wanted) throws IOException
    {
        final String error = ioError;
        if (error != null)
        {
            throw new IOException(error);
        }
        while (true)
        {
            final long budget = writeBudget.get();
            final int allowed = (int)Math.min(wanted, budget);
            if (wanted > 0 && allowed == 0)
            {
                throw new IOException("No space left on device");
            }
            if (writeBudget.compareAndSet(budget, budget - allowed))
            {
                return allowed;
            }
        }
    }

    private final class Channel extends FileChannel
    {
        private final FileChannel delegate;

        Channel(final FileChannel delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public int write(final ByteBuffer source, final long position) throws IOException
        {
            final int allowed = allow(source.remaining());
            final int limit = source.limit();
            source.limit(source.position() + allowed);
            try
            {
                return delegate.write(source, position);
            }
            finally
            {
                source.limit(limit);
            }
        }

        @Override
        public int write(final ByteBuffer source) throws IOException
        {
            final int written = write(source, delegate.position());
            delegate.position(delegate.position() + written);
            return written;
        }

        @Override
        public long write(final ByteBuffer[] sources, final int offset, final int length) throws IOException
        {
            long written = 0;
            for (int i = offset; i < offset + length; i++)
            {
                written += write(sources[i]);
            }
            return written;
        }

        @Override
        public void force(final boolean metaData) throws IOException
        {
            final String error = ioError;
            if (error != null)
            {
                throw new IOException(error);
            }
            delegate.force(metaData);
        }

        @Override
        public int read(final ByteBuffer destination) throws IOException
        {
            return delegate.read(destination);
        }

        @Override
        public long read(final ByteBuffer[] destinations, final int offset, final int length) throws IOException
        {
            return delegate.read(destinations, offset, length);
        }

        @Override
        public int read(final ByteBuffer destination, final long position) throws IOException
        {
            return delegate.read(destination, position);
        }

        @Override
        public long position() throws IOException
        {
            return delegate.position();
        }

        @Override
        public FileChannel position(final long newPosition) throws IOException
        {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException
        {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(final long size) throws IOException
        {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(final long position, final long count, final WritableByteChannel target)
            throws IOException
        {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(final ReadableByteChannel source, final long position, final long count)
        {
            throw new UnsupportedOperationException("the journal does not transfer into segments");
        }

        @Override
        public MappedByteBuffer map(final MapMode mode, final long position, final long size) throws IOException
        {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(final long position, final long size, final boolean shared) throws IOException
        {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(final long position, final long size, final boolean shared) throws IOException
        {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException
        {
            delegate.close();
        }
    }
}
