package io.conduit.server.kvdb;

import java.util.List;

/** A Redis reply as RESP2 types it, so it can be shown exactly as {@code redis-cli} does. */
public sealed interface RespReply {

    /** {@code +OK} */
    record Status(String text) implements RespReply {
    }

    /** {@code -ERR ...} */
    record Error(String text) implements RespReply {
    }

    /** {@code :5} */
    record Integer(long value) implements RespReply {
    }

    /** {@code $5 hello}, or {@code $-1} for nil ({@code bytes == null}) */
    record Bulk(byte[] bytes) implements RespReply {
    }

    /** {@code *2 ...}, or {@code *-1} for nil ({@code items == null}) */
    record Array(List<RespReply> items) implements RespReply {
    }
}
