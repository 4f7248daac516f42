package dev.herald.engine;

import dev.herald.journal.Journal;

import java.nio.file.Path;

/** The child of {@link EngineAddOpensTest}: launches an engine over a directory, in a JVM without the flag. */
public final class AddOpensMain
{
    private AddOpensMain()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            Engine.launch(new Engine.Context().journal(new Journal.Context().directory(Path.of(args[0])))).close();
            System.out.println("launched");
        }
        catch (final IllegalStateException ex)
        {
            System.out.println(ex.getMessage());
        }
    }
}
