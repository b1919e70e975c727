package dev.redisinside.engine.commands;

import dev.redisinside.engine.store.RedisValue;

import java.util.ArrayList;
import java.util.List;

/** The members of a set value, for commands of other groups that accept sets (ZUNION, SORT). */
final class SetMembers {

    private SetMembers() {
    }

    static List<byte[]> of(RedisValue set) {
        List<byte[]> members = new ArrayList<>();
        if (set instanceof Iterable<?> iterable) {
            for (Object member : iterable) {
                members.add((byte[]) member);
            }
        }
        return members;
    }
}
