package dev.redisinside.sample.players;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PlayerController {

    private final PlayerRepository players;

    PlayerController(PlayerRepository players) {
        this.players = players;
    }

    @PostMapping("/players")
    Player create(@RequestBody Player player) {
        return this.players.save(player);
    }

    @GetMapping("/players/{id}")
    ResponseEntity<Player> find(@PathVariable String id) {
        return ResponseEntity.of(this.players.findById(id));
    }

    @GetMapping("/players")
    List<Player> byCountry(@RequestParam String country) {
        return this.players.findByCountry(country);
    }
}
