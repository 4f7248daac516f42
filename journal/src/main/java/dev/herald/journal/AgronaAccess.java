package dev.herald.journal;

import org.agrona.DirectBuffer;

/**
 * The one JVM flag Herald needs: Agrona reads and writes memory through {@code jdk.internal.misc.Unsafe}, which
 * Java 17 keeps closed unless the JVM is started with {@value #FLAG}. Without it the first buffer access fails
 * deep inside Agrona with an {@code IllegalAccessError}, possibly after files were created; Herald checks first, at
 * {@code Journal.openWriter}, {@code Journal.openReader} and {@code Engine.launch}, and the command line at its
 * start, so the answer is one line that names the flag.
 *
 * <p>Threading: stateless.
 */
public final class AgronaAccess
{
    /** The flag, as the java command line takes it. */
    public static final String FLAG = "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED";

    private AgronaAccess()
    {
    }

    /** @return true when this JVM lets Agrona use {@code jdk.internal.misc}. */
    public static boolean isOpen()
    {
        return Object.class.getModule().isOpen("jdk.internal.misc", DirectBuffer.class.getModule());
    }

    /** @throws IllegalStateException naming the flag, when it is missing. */
    public static void require()
    {
        if (!isOpen())
        {
            throw new IllegalStateException("this JVM was started without " + FLAG + ", which Herald needs (Agrona " +
                "uses jdk.internal.misc.Unsafe): add it to the java command line (surefire's argLine, the JMH " +
                "fork's jvmArgs, or a jar manifest's Add-Opens: java.base/jdk.internal.misc)");
        }
    }
}
