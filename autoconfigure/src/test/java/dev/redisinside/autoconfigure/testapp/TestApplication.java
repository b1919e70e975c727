package dev.redisinside.autoconfigure.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest Spring Boot application, for {@code @SpringBootTest} and {@code @DataRedisTest} tests. */
@SpringBootApplication
public class TestApplication {
}
