package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

/** List commands; expected bytes recorded from Redis 7.0.15. */
class ListCommandsTest extends EngineTest {

    @Test
    void pushesAddAtBothEndsAndXVariantsNeedAnExistingList() {
        assertReply("LPUSH l a b c", ":3\r\n");
        assertReply("RPUSH l d e", ":5\r\n");
        assertReply("LRANGE l 0 -1", "*5\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\ne\r\n");
        assertReply("LPUSHX nokey a", ":0\r\n");
        assertReply("RPUSHX nokey a", ":0\r\n");
        assertReply("LPUSHX l x", ":6\r\n");
        assertReply("RPUSHX l y z", ":8\r\n");
        assertReply("LLEN l", ":8\r\n");
        assertReply("LLEN nokey", ":0\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("LPUSH s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("RPUSHX s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("LLEN s", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("LPUSH l", "-ERR wrong number of arguments for 'lpush' command\r\n");
        assertReply("RPUSH \"bin\\x00key\" \"\\x00\\xff\"", ":1\r\n");
        assertReply("LRANGE \"bin\\x00key\" 0 -1", "*1\r\n$2\r\n\u0000\u00ff\r\n");
    }

    @Test
    void popsWithAndWithoutCount() {
        assertReply("RPUSH l a b c d e", ":5\r\n");
        assertReply("LPOP l", "$1\r\na\r\n");
        assertReply("RPOP l", "$1\r\ne\r\n");
        assertReply("LPOP l 2", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertReply("RPOP l 0", "*0\r\n");
        assertReply("RPOP l 5", "*1\r\n$1\r\nd\r\n");
        assertReply("EXISTS l", ":0\r\n");
        assertReply("LPOP l", "$-1\r\n");
        assertReply("LPOP l 1", "*-1\r\n");
        assertReply("LPOP l 0", "*-1\r\n");
        assertReply("RPOP l -1", "-ERR value is out of range, must be positive\r\n");
        assertReply("RPOP l abc", "-ERR value is out of range, must be positive\r\n");
        assertReply("LPOP l 1 2", "-ERR wrong number of arguments for 'lpop' command\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("LPOP s", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("RPOP s 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("LPOP s -1", "-ERR value is out of range, must be positive\r\n");
    }

    @Test
    void lindexAndLsetUseRedisIndexes() {
        assertReply("RPUSH l a b c", ":3\r\n");
        assertReply("LINDEX l 0", "$1\r\na\r\n");
        assertReply("LINDEX l -1", "$1\r\nc\r\n");
        assertReply("LINDEX l 3", "$-1\r\n");
        assertReply("LINDEX l -4", "$-1\r\n");
        assertReply("LINDEX l x", "-ERR value is not an integer or out of range\r\n");
        assertReply("LINDEX nokey x", "$-1\r\n");
        assertReply("LSET l 1 B", "+OK\r\n");
        assertReply("LSET l -1 C", "+OK\r\n");
        assertReply("LRANGE l 0 -1", "*3\r\n$1\r\na\r\n$1\r\nB\r\n$1\r\nC\r\n");
        assertReply("LSET l 3 x", "-ERR index out of range\r\n");
        assertReply("LSET l x y", "-ERR value is not an integer or out of range\r\n");
        assertReply("LSET nokey 0 x", "-ERR no such key\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("LINDEX s x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("LSET s x y", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void lrangeAndLtrimClampTheirBounds() {
        assertReply("RPUSH l a b c d e", ":5\r\n");
        assertReply("LRANGE l 0 -1", "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        assertReply("LRANGE l 1 2", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertReply("LRANGE l -2 -1", "*2\r\n$1\r\nd\r\n$1\r\ne\r\n");
        assertReply("LRANGE l -100 100", "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        assertReply("LRANGE l 3 1", "*0\r\n");
        assertReply("LRANGE l 5 10", "*0\r\n");
        assertReply("LRANGE l -1 -2", "*0\r\n");
        assertReply("LRANGE l 0 -9223372036854775808", "*0\r\n");
        assertReply("LRANGE l -9223372036854775808 9223372036854775807", "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        assertReply("LRANGE l a 1", "-ERR value is not an integer or out of range\r\n");
        assertReply("LRANGE nokey 0 -1", "*0\r\n");
        assertReply("LRANGE nokey a 1", "-ERR value is not an integer or out of range\r\n");
        assertReply("LTRIM l 1 -2", "+OK\r\n");
        assertReply("LRANGE l 0 -1", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        assertReply("LTRIM l 0 100", "+OK\r\n");
        assertReply("LRANGE l 0 -1", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        assertReply("LTRIM l 2 1", "+OK\r\n");
        assertReply("EXISTS l", ":0\r\n");
        assertReply("LTRIM nokey 0 1", "+OK\r\n");
        assertReply("LTRIM l x 1", "-ERR value is not an integer or out of range\r\n");
        assertReply("RPUSH l a b c", ":3\r\n");
        assertReply("LTRIM l -1 -1", "+OK\r\n");
        assertReply("LRANGE l 0 -1", "*1\r\n$1\r\nc\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("LRANGE s 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("LTRIM s 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void lremRemovesFromEitherEndAndDeletesEmptyLists() {
        assertReply("RPUSH l a b a c a d a", ":7\r\n");
        assertReply("LREM l 2 a", ":2\r\n");
        assertReply("LRANGE l 0 -1", "*5\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\na\r\n");
        assertReply("LREM l -1 a", ":1\r\n");
        assertReply("LRANGE l 0 -1", "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nd\r\n");
        assertReply("LREM l 0 x", ":0\r\n");
        assertReply("LREM l 0 a", ":1\r\n");
        assertReply("LRANGE l 0 -1", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        assertReply("LREM l 0 b", ":1\r\n");
        assertReply("LREM l 0 c", ":1\r\n");
        assertReply("LREM l 0 d", ":1\r\n");
        assertReply("EXISTS l", ":0\r\n");
        assertReply("LREM nokey 0 a", ":0\r\n");
        assertReply("LREM l x a", "-ERR value is not an integer or out of range\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("LREM s 0 a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void linsertFindsThePivotFromTheHead() {
        assertReply("RPUSH l a b c", ":3\r\n");
        assertReply("LINSERT l BEFORE b x", ":4\r\n");
        assertReply("LINSERT l after c y", ":5\r\n");
        assertReply("LINSERT l AFTER a z", ":6\r\n");
        assertReply("LRANGE l 0 -1", "*6\r\n$1\r\na\r\n$1\r\nz\r\n$1\r\nx\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\ny\r\n");
        assertReply("LINSERT l BEFORE nothere q", ":-1\r\n");
        assertReply("LINSERT l middle a q", "-ERR syntax error\r\n");
        assertReply("LINSERT nokey BEFORE a b", ":0\r\n");
        assertReply("LINSERT nokey foo a b", "-ERR syntax error\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("LINSERT s BEFORE a b", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void lposRankCountAndMaxlen() {
        assertReply("RPUSH l a b c 1 2 3 c c", ":8\r\n");
        assertReply("LPOS l c", ":2\r\n");
        assertReply("LPOS l c RANK 2", ":6\r\n");
        assertReply("LPOS l c RANK -1", ":7\r\n");
        assertReply("LPOS l c RANK -3", ":2\r\n");
        assertReply("LPOS l c RANK 4", "$-1\r\n");
        assertReply("LPOS l c COUNT 0", "*3\r\n:2\r\n:6\r\n:7\r\n");
        assertReply("LPOS l c COUNT 2", "*2\r\n:2\r\n:6\r\n");
        assertReply("LPOS l c COUNT 0 RANK -1", "*3\r\n:7\r\n:6\r\n:2\r\n");
        assertReply("LPOS l c COUNT 2 RANK 2", "*2\r\n:6\r\n:7\r\n");
        assertReply("LPOS l c MAXLEN 2", "$-1\r\n");
        assertReply("LPOS l c COUNT 0 MAXLEN 3", "*1\r\n:2\r\n");
        assertReply("LPOS l c RANK -1 MAXLEN 1", ":7\r\n");
        assertReply("LPOS l x", "$-1\r\n");
        assertReply("LPOS l x COUNT 5", "*0\r\n");
        assertReply("LPOS l c RANK 0", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n");
        assertReply("LPOS l c RANK x", "-ERR value is not an integer or out of range\r\n");
        assertReply("LPOS l c COUNT -1", "-ERR COUNT can't be negative\r\n");
        assertReply("LPOS l c MAXLEN -1", "-ERR MAXLEN can't be negative\r\n");
        assertReply("LPOS l c COUNT", "-ERR syntax error\r\n");
        assertReply("LPOS l c FOO 1", "-ERR syntax error\r\n");
        assertReply("LPOS nokey c", "$-1\r\n");
        assertReply("LPOS nokey c COUNT 1", "*0\r\n");
        assertReply("LPOS nokey c RANK 0", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("LPOS s c", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void lmoveAndRpoplpushMoveBetweenEnds() {
        assertReply("RPUSH src a b c", ":3\r\n");
        assertReply("LMOVE src dst LEFT RIGHT", "$1\r\na\r\n");
        assertReply("LMOVE src dst right LEFT", "$1\r\nc\r\n");
        assertReply("LRANGE src 0 -1", "*1\r\n$1\r\nb\r\n");
        assertReply("LRANGE dst 0 -1", "*2\r\n$1\r\nc\r\n$1\r\na\r\n");
        assertReply("RPOPLPUSH src dst", "$1\r\nb\r\n");
        assertReply("EXISTS src", ":0\r\n");
        assertReply("LRANGE dst 0 -1", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n");
        assertReply("LMOVE nokey dst LEFT LEFT", "$-1\r\n");
        assertReply("RPOPLPUSH nokey dst", "$-1\r\n");
        assertReply("LMOVE dst dst LEFT RIGHT", "$1\r\nb\r\n");
        assertReply("LRANGE dst 0 -1", "*3\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertReply("LMOVE dst dst UP LEFT", "-ERR syntax error\r\n");
        assertReply("LMOVE dst dst LEFT DOWN", "-ERR syntax error\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("LMOVE dst s LEFT LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("LMOVE s dst LEFT LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("LMOVE nokey s LEFT LEFT", "$-1\r\n");
        assertReply("RPOPLPUSH dst s", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("RPUSH one x", ":1\r\n");
        assertReply("RPOPLPUSH one one", "$1\r\nx\r\n");
        assertReply("LRANGE one 0 -1", "*1\r\n$1\r\nx\r\n");
    }

    @Test
    void lmpopPopsFromTheFirstNonEmptyList() {
        assertReply("RPUSH l1 a b c", ":3\r\n");
        assertReply("RPUSH l2 d e", ":2\r\n");
        assertReply("LMPOP 2 nokey l1 LEFT", "*2\r\n$2\r\nl1\r\n*1\r\n$1\r\na\r\n");
        assertReply("LMPOP 2 l1 l2 RIGHT COUNT 10", "*2\r\n$2\r\nl1\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n");
        assertReply("LMPOP 1 l1 LEFT COUNT 1", "*-1\r\n");
        assertReply("LMPOP 1 l1 LEFT", "*-1\r\n");
        assertReply("LMPOP 0 l1 LEFT", "-ERR numkeys should be greater than 0\r\n");
        assertReply("LMPOP -1 l1 LEFT", "-ERR numkeys should be greater than 0\r\n");
        assertReply("LMPOP x l1 LEFT", "-ERR numkeys should be greater than 0\r\n");
        assertReply("LMPOP 2 l1 LEFT", "-ERR syntax error\r\n");
        assertReply("LMPOP 1 l1 MIDDLE", "-ERR syntax error\r\n");
        assertReply("LMPOP 1 l2 LEFT COUNT 0", "-ERR count should be greater than 0\r\n");
        assertReply("LMPOP 1 l2 LEFT COUNT x", "-ERR count should be greater than 0\r\n");
        assertReply("LMPOP 1 l2 LEFT COUNT 1 COUNT 1", "-ERR syntax error\r\n");
        assertReply("LMPOP 1 l2 LEFT COUNT", "-ERR syntax error\r\n");
        assertReply("LMPOP 1 l2 LEFT FOO", "-ERR syntax error\r\n");
        assertReply("LMPOP 1 nokey LEFT", "*-1\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("LMPOP 2 nokey s LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("LMPOP 2 l2 s LEFT", "*2\r\n$2\r\nl2\r\n*1\r\n$1\r\nd\r\n");
    }

    @Test
    void blockingCommandsAnswerAtOnceWhenDataIsThereAndValidateTheirArguments() {
        assertReply("BLPOP l abc", "-ERR timeout is not a float or out of range\r\n");
        assertReply("BLPOP l -1", "-ERR timeout is negative\r\n");
        assertReply("BLPOP l inf", "-ERR timeout is negative\r\n");
        assertReply("BLPOP l 1e16", "-ERR timeout is negative\r\n");
        assertReply("BLPOP l \"\"", "-ERR timeout is not a float or out of range\r\n");
        assertReply("BRPOP l nan", "-ERR timeout is not a float or out of range\r\n");
        assertReply("BLMOVE a b LEFT LEFT x", "-ERR timeout is not a float or out of range\r\n");
        assertReply("BLMOVE a b UP LEFT x", "-ERR syntax error\r\n");
        assertReply("BRPOPLPUSH a b x", "-ERR timeout is not a float or out of range\r\n");
        assertReply("BLMPOP x 1 l LEFT", "-ERR timeout is not a float or out of range\r\n");
        assertReply("BLMPOP x 0 l LEFT", "-ERR numkeys should be greater than 0\r\n");
        assertReply("BLMPOP x 1 l MIDDLE", "-ERR syntax error\r\n");
        assertReply("BLMPOP -1 1 l LEFT COUNT 2", "-ERR timeout is negative\r\n");
        assertReply("BLPOP l", "-ERR wrong number of arguments for 'blpop' command\r\n");
        assertReply("SET s v", "+OK\r\n");
        assertReply("BLPOP nokey s 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("BLMOVE s b LEFT LEFT 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("BLMPOP 0 2 nokey s LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("RPUSH l a b c", ":3\r\n");
        assertReply("BLPOP nokey l 0", "*2\r\n$1\r\nl\r\n$1\r\na\r\n");
        assertReply("BRPOP nokey l 0", "*2\r\n$1\r\nl\r\n$1\r\nc\r\n");
        assertReply("BLMOVE l dst RIGHT LEFT 0", "$1\r\nb\r\n");
        assertReply("BRPOPLPUSH dst dst 0", "$1\r\nb\r\n");
        assertReply("BLMPOP 0 1 dst LEFT COUNT 5", "*2\r\n$3\r\ndst\r\n*1\r\n$1\r\nb\r\n");
        assertReply("EXISTS l dst", ":0\r\n");
    }

    @Test
    void blockingCommandsInsideMultiDoNotBlock() {
        assertReply("MULTI", "+OK\r\n");
        assertReply("BLPOP nokey 0", "+QUEUED\r\n");
        assertReply("BRPOP nokey 0", "+QUEUED\r\n");
        assertReply("BLMOVE nokey dst LEFT LEFT 0", "+QUEUED\r\n");
        assertReply("BRPOPLPUSH nokey dst 0", "+QUEUED\r\n");
        assertReply("BLMPOP 0 1 nokey LEFT", "+QUEUED\r\n");
        assertReply("RPUSH l a b", "+QUEUED\r\n");
        assertReply("BLPOP l 0", "+QUEUED\r\n");
        assertReply("BLMPOP 0 2 nokey l RIGHT COUNT 5", "+QUEUED\r\n");
        assertReply("EXEC", "*8\r\n*-1\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n:2\r\n*2\r\n$1\r\nl\r\n$1\r\na\r\n*2\r\n$1\r\nl\r\n*1\r\n$1\r\nb\r\n");
    }

    @Test
    void resp3NullsAreUnderscores() {
        call("HELLO 3");
        assertReply("LPOP nokey", "_\r\n");
        assertReply("LPOP nokey 2", "_\r\n");
        assertReply("LINDEX nokey 0", "_\r\n");
        assertReply("LPOS nokey a", "_\r\n");
        assertReply("LMPOP 1 nokey LEFT", "_\r\n");
        assertReply("LMOVE nokey x LEFT LEFT", "_\r\n");
        assertReply("BLPOP nokey 0.01", "_\r\n");
        assertReply("BLMPOP 0.01 1 nokey LEFT", "_\r\n");
        assertReply("RPUSH l a", ":1\r\n");
        assertReply("BLPOP l 0", "*2\r\n$1\r\nl\r\n$1\r\na\r\n");
    }
}
