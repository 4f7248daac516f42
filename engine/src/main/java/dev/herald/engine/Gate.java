package dev.herald.engine;

import com.lmax.disruptor.Sequence;

/**
 * What a stage may consume up to: the published part of the ring, the durable part, or the progress of the
 * stages it runs after.
 */
interface Gate
{
    /**
     * @param next the sequence the stage wants next.
     * @return the highest ring sequence it may handle now; below {@code next} when none.
     */
    long available(long next);

    /** The published messages of the ring: for the journal stage, and for consumers beside it. */
    final class Published implements Gate
    {
        private final Ring ring;

        Published(final Ring ring)
        {
            this.ring = ring;
        }

        @Override
        public long available(final long next)
        {
            return ring.highestPublished(next);
        }
    }

    /** The minimum of some sequences: the durable sequence, or the stages named in {@code after}. */
    final class Minimum implements Gate
    {
        private final Sequence[] sequences;

        Minimum(final Sequence... sequences)
        {
            this.sequences = sequences;
        }

        @Override
        public long available(final long next)
        {
            long minimum = Long.MAX_VALUE;
            for (final Sequence sequence : sequences)
            {
                minimum = Math.min(minimum, sequence.get());
            }
            return minimum;
        }
    }
}
