package dev.redisinside.sample.players;

import org.springframework.data.annotation.Id;
import org.springframework.data.redis.core.RedisHash;
import org.springframework.data.redis.core.index.Indexed;

/** A player profile, stored as a Redis hash {@code players:<id>} with a secondary index on the country. */
@RedisHash("players")
public class Player {

    @Id
    private String id;

    private String name;

    @Indexed
    private String country;

    public Player() {
    }

    public Player(String id, String name, String country) {
        this.id = id;
        this.name = name;
        this.country = country;
    }

    public String getId() {
        return this.id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return this.name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCountry() {
        return this.country;
    }

    public void setCountry(String country) {
        this.country = country;
    }
}
