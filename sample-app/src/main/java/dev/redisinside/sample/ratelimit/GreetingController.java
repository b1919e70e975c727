package dev.redisinside.sample.ratelimit;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A rate-limited endpoint: each user gets {@code sample.rate-limit.requests} calls per window. */
@RestController
class GreetingController {

    private final RateLimiter rateLimiter;

    GreetingController(RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    @GetMapping("/greeting")
    ResponseEntity<Map<String, Object>> greeting(@RequestParam(defaultValue = "anonymous") String user) {
        RateLimiter.Decision decision = this.rateLimiter.acquire(user);
        ResponseEntity.BodyBuilder response = ResponseEntity
            .status(decision.allowed() ? HttpStatus.OK : HttpStatus.TOO_MANY_REQUESTS)
            .header("X-RateLimit-Limit", Long.toString(decision.limit()))
            .header("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        if (!decision.allowed()) {
            return response.body(Map.of("error", "rate limit exceeded", "user", user));
        }
        return response.body(Map.of("greeting", "Hello, " + user + "!", "remaining", decision.remaining()));
    }
}
