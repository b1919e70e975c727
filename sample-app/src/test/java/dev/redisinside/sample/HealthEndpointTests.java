package dev.redisinside.sample;

import dev.redisinside.autoconfigure.test.AutoConfigureInMemoryRedis;
import dev.redisinside.engine.EmbeddedRedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Actuator on the embedded server: Spring Boot's redis health indicator, our inMemoryRedis component, meters. */
@SpringBootTest(properties = "sample.events.enabled=false")
@AutoConfigureInMemoryRedis
@AutoConfigureMockMvc
class HealthEndpointTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    EmbeddedRedisServer server;

    @Test
    void healthShowsRedisAndTheEmbeddedServer() throws Exception {
        this.mvc.perform(get("/actuator/health"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.components.redis.status").value("UP"))
            .andExpect(jsonPath("$.components.redis.details.version").value("7.0.15"))
            .andExpect(jsonPath("$.components.inMemoryRedis.status").value("UP"))
            .andExpect(jsonPath("$.components.inMemoryRedis.details.server").value("redis-inside (embedded)"))
            .andExpect(jsonPath("$.components.inMemoryRedis.details.address").value("127.0.0.1:" + this.server.port()));
    }

    @Test
    void metricsCountCommands() throws Exception {
        this.server.set("k", "v");
        this.mvc.perform(get("/actuator/metrics/redis.inside.commands"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.measurements[0].value").value(greaterThanOrEqualTo(1.0)));
    }
}
