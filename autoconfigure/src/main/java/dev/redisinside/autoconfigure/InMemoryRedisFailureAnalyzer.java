package dev.redisinside.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports why the embedded Redis server could not start, and what to change. */
class InMemoryRedisFailureAnalyzer extends AbstractFailureAnalyzer<InMemoryRedisStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InMemoryRedisStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
