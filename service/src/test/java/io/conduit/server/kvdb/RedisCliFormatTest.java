package io.conduit.server.kvdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replies as redis-cli prints them; the RESP bytes are what Redis sends. */
class RedisCliFormatTest {

    @Test
    void statusIntegerNilAndErrorReplies() throws Exception {
        assertThat(show("SET k v", "+OK\r\n")).isEqualTo("OK");
        assertThat(show("LPUSH k v", ":3\r\n")).isEqualTo("(integer) 3");
        assertThat(show("GET k", "$-1\r\n")).isEqualTo("(nil)");
        assertThat(show("GET k", "-WRONGTYPE Operation against a key\r\n"))
                .isEqualTo("(error) WRONGTYPE Operation against a key");
    }

    @Test
    void stringsAreQuotedAndEscapedByteByByte() throws Exception {
        assertThat(show("GET k", "$5\r\nhello\r\n")).isEqualTo("\"hello\"");
        assertThat(show("GET k", "$6\r\na\"b\nc\\\r\n")).isEqualTo("\"a\\\"b\\nc\\\\\"");
        assertThat(show("GET k", "$2\r\n\u00c3\u00a9\r\n".replace("\u00c3\u00a9", "é"))).isEqualTo("\"\\xc3\\xa9\"");
    }

    @Test
    void arraysAreNumberedAlignedAndNested() throws Exception {
        assertThat(show("LRANGE k 0 -1", "*3\r\n$1\r\nC\r\n$1\r\nB\r\n$1\r\nA\r\n"))
                .isEqualTo("1) \"C\"\n2) \"B\"\n3) \"A\"");
        assertThat(show("LRANGE k 0 -1", "*0\r\n")).isEqualTo("(empty array)");
        StringBuilder ten = new StringBuilder("*10\r\n");
        for (int i = 0; i < 10; i++) {
            ten.append(":").append(i).append("\r\n");
        }
        assertThat(show("X", ten.toString())).startsWith(" 1) (integer) 0\n 2) (integer) 1").endsWith("\n10) (integer) 9");
        assertThat(show("SCAN 0", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n"))
                .isEqualTo("1) \"0\"\n2) 1) \"a\"\n   2) \"b\"");
    }

    @Test
    void infoIsPrintedRaw() throws Exception {
        assertThat(show("INFO server", "$32\r\n# Server\r\nredis_version:7.0.15\r\n\r\n"))
                .isEqualTo("# Server\nredis_version:7.0.15");
    }

    @Test
    void commandsAreWrittenAsRespArrays() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RespClient.write(out, List.of("SET", "k", "é"));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n");
    }

    private static String show(String command, String resp) throws Exception {
        RespReply reply = RespClient.read(new ByteArrayInputStream(resp.getBytes(StandardCharsets.UTF_8)));
        return RedisCliFormat.format(new ArrayList<>(List.of(command.split(" "))), reply);
    }
}
