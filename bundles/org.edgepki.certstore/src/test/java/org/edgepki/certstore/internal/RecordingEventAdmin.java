package org.edgepki.certstore.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** An EventAdmin for unit tests that records what is posted. */
final class RecordingEventAdmin implements EventAdmin {
    private final List<Event> posted = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        posted.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        throw new AssertionError("the certificate store posts events; it never sends them synchronously");
    }

    List<Event> posted() {
        return List.copyOf(posted);
    }

    List<String> topics() {
        return posted.stream().map(Event::getTopic).toList();
    }
}
