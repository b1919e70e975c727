package dev.redisinside.sample.events;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EventsController {

    private final ScoreEvents events;

    EventsController(ScoreEvents events) {
        this.events = events;
    }

    @GetMapping("/events")
    List<String> recent() {
        return this.events.recent();
    }
}
