package dev.redisinside.engine.command;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where command groups register their handlers by full name ({@code get}, {@code config|get}). */
public final class CommandRegistry {

    private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();

    public void register(String fullName, CommandHandler handler) {
        String key = fullName.toLowerCase(java.util.Locale.ROOT);
        if (handlers.putIfAbsent(key, handler) != null) {
            throw new IllegalStateException("Command registered twice: " + fullName);
        }
    }

    Map<String, CommandHandler> handlers() {
        return handlers;
    }
}
