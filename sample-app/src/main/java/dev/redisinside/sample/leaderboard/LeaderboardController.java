package dev.redisinside.sample.leaderboard;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LeaderboardController {

    private final Leaderboard leaderboard;

    LeaderboardController(Leaderboard leaderboard) {
        this.leaderboard = leaderboard;
    }

    @PostMapping("/leaderboard/{player}")
    Map<String, Object> score(@PathVariable String player, @RequestParam(defaultValue = "1") double points) {
        return Map.of("player", player, "score", this.leaderboard.score(player, points));
    }

    @GetMapping("/leaderboard")
    List<Leaderboard.Entry> top(@RequestParam(defaultValue = "10") int top) {
        return this.leaderboard.top(Math.max(1, Math.min(top, 100)));
    }
}
