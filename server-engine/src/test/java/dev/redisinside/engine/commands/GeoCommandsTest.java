package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

/** Geo commands; expected bytes were taken from Redis 7.0.15. */
class GeoCommandsTest extends EngineTest {

    private void sicily() {
        assertReply("GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", ":2\r\n");
    }

    @Test
    void positionsAreTheCentresOfTheGeohashBoxes() {
        sicily();
        assertReply("GEOPOS g Palermo nope",
                "*2\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*-1\r\n");
        assertReply("ZSCORE g Catania", "$16\r\n3479447370796909\r\n");
        assertReply("GEOHASH g Palermo x", "*2\r\n$11\r\nsqc8b49rny0\r\n$-1\r\n");
    }

    @Test
    void coordinatesAreResp3DoublesWithTheHumanFormat() {
        sicily();
        call("HELLO 3");
        assertReply("GEOPOS g Palermo nope", "*2\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n_\r\n");
        assertReply("GEOSEARCH g FROMLONLAT 15 37 BYRADIUS 200 km WITHCOORD WITHDIST WITHHASH COUNT 1",
                "*1\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n,15.08726745843887329\r\n"
                        + ",37.50266842333162032\r\n");
        assertReply("GEODIST g Palermo x", "_\r\n");
        assertReply("GEOPOS nokey a", "*1\r\n_\r\n");
    }

    @Test
    void distancesHaveFourDecimals() {
        sicily();
        assertReply("GEODIST g Palermo Catania km", "$8\r\n166.2742\r\n");
        assertReply("GEOSEARCH g FROMLONLAT 15 37 BYRADIUS 200 km WITHCOORD WITHDIST COUNT 1",
                "*1\r\n*3\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n$20\r\n15.08726745843887329\r\n"
                        + "$20\r\n37.50266842333162032\r\n");
    }

    @Test
    void invalidCoordinatesAreReportedWithSixDecimals() {
        assertReply("GEOADD g 181 10 bad", "-ERR invalid longitude,latitude pair 181.000000,10.000000\r\n");
        assertReply("EXISTS g", ":0\r\n");
    }

    @Test
    void searchStoreWritesASortedSet() {
        sicily();
        assertReply("GEOSEARCHSTORE d g FROMLONLAT 15 37 BYRADIUS 200 km ASC STOREDIST", ":2\r\n");
        assertReply("ZRANGE d 0 -1", "*2\r\n$7\r\nCatania\r\n$7\r\nPalermo\r\n");
        assertReply("GEOSEARCHSTORE d g FROMLONLAT 0 0 BYRADIUS 1 km", ":0\r\n");
        assertReply("EXISTS d", ":0\r\n");
    }
}
