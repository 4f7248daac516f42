package dev.herald.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a class of the test classpath in a real child JVM (Agrona's --add-opens, a small heap), for crash tests
 * that kill it with {@code destroyForcibly}.
 */
public final class ChildJvm
{
    private ChildJvm()
    {
    }

    /**
     * @param main a class with a main method, on this JVM's class path.
     * @param args its arguments.
     * @return the child, its standard error inherited.
     * @throws IOException when it cannot be started.
     */
    public static Process start(final Class<?> main, final String... args) throws IOException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = new java.util.ArrayList<>(List.of(
            java, "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
