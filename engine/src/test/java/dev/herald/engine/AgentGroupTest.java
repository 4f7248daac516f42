package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.AgentTerminationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AgentGroupTest
{
    private final List<String> calls = new ArrayList<>();
    private final AgentGroup group = new AgentGroup("herald-test");

    @Test
    void shouldRunMembersInTheOrderTheyWereAddedAndTakeUpLateOnesBetweenDutyCycles() throws Exception
    {
        group.add(new Member("journal", false));
        group.add(new Member("a", false));
        group.onStart();
        assertEquals(List.of("journal.start", "a.start"), calls);

        calls.clear();
        group.doWork();
        assertEquals(List.of("journal.work", "a.work"), calls);

        calls.clear();
        assertTrue(group.add(new Member("late", false)));
        assertFalse(group.addsTakenUp());
        assertTrue(group.hasWork(), "a pending add is work: the thread must not park on it");
        assertFalse(group.add(new Member("later", false)), "one add at a time");
        group.doWork();
        assertTrue(group.addsTakenUp());
        assertEquals(List.of("late.start", "journal.work", "a.work", "late.work"), calls);

        calls.clear();
        group.onClose();
        assertEquals(List.of("journal.close", "a.close", "late.close"), calls);
    }

    @Test
    void shouldAskEveryMemberBeforeParkingAndTakeTheShortestParkCap()
    {
        group.add(new Member("idle", false));
        group.add(new Member("busy", true));
        group.onStart();
        assertTrue(group.hasWork());
        assertEquals(5_000, group.parkCapNs());
    }

    @Test
    void shouldEndItsRunnerOnceStopped() throws Exception
    {
        group.add(new Member("a", false));
        group.onStart();
        group.stop();
        final AgentTerminationException ended = assertThrows(AgentTerminationException.class, group::doWork);
        assertTrue(ended.isExpected());
        assertTrue(group.hasWork(), "a stopped group never parks");
    }

    private final class Member implements Participant
    {
        private final String name;
        private final boolean work;

        Member(final String name, final boolean work)
        {
            this.name = name;
            this.work = work;
        }

        @Override
        public void onStart()
        {
            calls.add(name + ".start");
        }

        @Override
        public int doWork()
        {
            calls.add(name + ".work");
            return 0;
        }

        @Override
        public void onClose()
        {
            calls.add(name + ".close");
        }

        @Override
        public String roleName()
        {
            return name;
        }

        @Override
        public Sequence sequence()
        {
            return new Sequence();
        }

        @Override
        public boolean hasWork()
        {
            return work;
        }

        @Override
        public long parkCapNs()
        {
            return work ? 5_000 : 10_000;
        }

        @Override
        public boolean isQuiet()
        {
            return true;
        }

        @Override
        public StageMetrics metrics(final long base, final long cursor)
        {
            return null;
        }
    }
}
