package dev.herald.engine;

/**
 * Default thread placement of consumer stages that do not name a thread with {@link Stage#thread(String)}.
 * The journal stage always has a thread of its own.
 */
public enum ThreadLayout
{
    /** Each stage gets a thread of its own. The default. */
    OWN,

    /** All stages without an explicit thread share one thread, named {@code herald-stages}. */
    SHARED
}
