package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandCommandsTest extends EngineTest {

    @Test
    void getkeysFindsKeysByKeySpecs() {
        assertReply("COMMAND GETKEYS GET a", "*1\r\n$1\r\na\r\n");
        assertReply("COMMAND GETKEYS get \"\\x00key\"", "*1\r\n$4\r\n\u0000key\r\n");
        assertReply("COMMAND GETKEYS DEL a b c", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertReply("COMMAND GETKEYS set a b get", "*1\r\n$1\r\na\r\n");
    }

    @Test
    void getkeysAndFlagsAddsAccessFlags() {
        assertReply("COMMAND GETKEYSANDFLAGS get a", "*1\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n");
        assertReply("COMMAND GETKEYSANDFLAGS set a b", "*1\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+update\r\n");
        assertReply("COMMAND GETKEYSANDFLAGS set a b GET", "*1\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+update\r\n");
        assertReply("COMMAND GETKEYSANDFLAGS del a b",
                "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RM\r\n+delete\r\n*2\r\n$1\r\nb\r\n*2\r\n+RM\r\n+delete\r\n");
        client.call("HELLO", "3");
        assertReply("COMMAND GETKEYSANDFLAGS get a", "*1\r\n*2\r\n$1\r\na\r\n~2\r\n+RO\r\n+access\r\n");
    }

    @Test
    void getkeysErrorsAreRedis() {
        assertReply("COMMAND GETKEYS", "-ERR wrong number of arguments for 'command|getkeys' command\r\n");
        assertReply("COMMAND GETKEYS get", "-ERR wrong number of arguments for 'command|getkeys' command\r\n");
        assertReply("COMMAND GETKEYS nosuch a", "-ERR Invalid command specified\r\n");
        assertReply("COMMAND GETKEYS client nosuch", "-ERR Invalid command specified\r\n");
        assertReply("COMMAND GETKEYS ping a", "-ERR The command has no key arguments\r\n");
        assertReply("COMMAND GETKEYS config get a", "-ERR The command has no key arguments\r\n");
        assertReply("COMMAND GETKEYS get a b", "-ERR Invalid number of arguments specified for command\r\n");
    }

    @Test
    void listFiltersByPatternAndCategory() {
        String clientCommands = call("COMMAND LIST FILTERBY PATTERN client|*");
        assertThat(clientCommands).contains("$11\r\nclient|list\r\n").contains("$14\r\nclient|setname\r\n")
                .doesNotContain("$3\r\nget\r\n");
        String connection = call("COMMAND LIST FILTERBY ACLCAT connection");
        assertThat(connection).contains("$4\r\nping\r\n").doesNotContain("$3\r\nget\r\n");
        assertReply("COMMAND LIST FILTERBY ACLCAT nosuch", "*0\r\n");
        assertReply("COMMAND LIST FILTERBY MODULE nosuch", "*0\r\n");
        assertReply("COMMAND LIST FILTERBY foo bar", "-ERR syntax error\r\n");
        assertReply("COMMAND LIST FILTERBY pattern", "-ERR syntax error\r\n");
        assertThat(call("COMMAND LIST")).contains("$15\r\ncommand|getkeys\r\n");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(call("COMMAND HELP")).startsWith("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. "
                + "Subcommands are:\r\n+(no subcommand)\r\n").endsWith("+HELP\r\n+    Prints this help.\r\n");
    }

    @Test
    void extraSubcommandsJoinTheirContainer() {
        assertThat(call("COMMAND INFO client|setinfo")).startsWith("*1\r\n*10\r\n$14\r\nclient|setinfo\r\n:4\r\n");
        assertThat(call("COMMAND DOCS client")).contains("$14\r\nclient|setinfo\r\n").contains("$15\r\nclient|no-touch\r\n");
    }
}
