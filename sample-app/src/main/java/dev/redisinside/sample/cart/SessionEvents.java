package dev.redisinside.sample.cart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.stereotype.Component;

/**
 * Session life-cycle events of the indexed Redis session repository, which hears them from Redis: a new
 * session through its own pub/sub channel, an expired one through the keyspace notification of its
 * {@code expires} key, a deleted one through the notification of {@code DEL}. Keeps the most recent ones.
 */
@Component
public class SessionEvents {

    private static final Log logger = LogFactory.getLog(SessionEvents.class);

    private static final int KEPT = 50;

    private final Deque<String> recent = new ArrayDeque<>();

    @EventListener({ SessionCreatedEvent.class, SessionExpiredEvent.class, SessionDeletedEvent.class })
    void onSessionEvent(AbstractSessionEvent event) {
        String description = kind(event) + " " + event.getSessionId();
        logger.debug("Session event: " + description);
        synchronized (this.recent) {
            this.recent.addFirst(description);
            while (this.recent.size() > KEPT) {
                this.recent.removeLast();
            }
        }
    }

    /** The most recent events, newest first, as {@code "created <id>"}, {@code "expired <id>"} or {@code "deleted <id>"}. */
    public List<String> recent() {
        synchronized (this.recent) {
            return new ArrayList<>(this.recent);
        }
    }

    private static String kind(AbstractSessionEvent event) {
        if (event instanceof SessionCreatedEvent) {
            return "created";
        }
        return (event instanceof SessionExpiredEvent) ? "expired" : "deleted";
    }
}
