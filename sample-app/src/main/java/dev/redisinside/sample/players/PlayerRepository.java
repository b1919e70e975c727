package dev.redisinside.sample.players;

import java.util.List;

import org.springframework.data.repository.CrudRepository;

public interface PlayerRepository extends CrudRepository<Player, String> {

    List<Player> findByCountry(String country);
}
