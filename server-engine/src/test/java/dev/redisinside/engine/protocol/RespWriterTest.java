package dev.redisinside.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RespWriterTest {

    @Test
    void pipelinedLargeValuesGrowTheReplyBufferByDoubling() {
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(256);
        try {
            RespWriter writer = new RespWriter();
            writer.target(out);
            byte[] value = new byte[1 << 20];
            Arrays.fill(value, (byte) 'x');
            Set<Integer> capacities = new HashSet<>();
            for (int i = 0; i < 64; i++) {
                writer.bulk(value);
                capacities.add(out.capacity());
            }
            // Netty alone grows past 4 MiB in 4 MiB steps: 16 copies of an ever larger buffer for 64 MiB.
            assertThat(capacities).hasSizeLessThanOrEqualTo(8);
            String header = "$1048576\r\n";
            assertThat(out.readableBytes()).isEqualTo(64 * (header.length() + value.length + 2));
            assertThat(out.toString(0, header.length(), StandardCharsets.US_ASCII)).isEqualTo(header);
            assertThat(out.getByte(header.length() + value.length)).isEqualTo((byte) '\r');
        } finally {
            out.release();
        }
    }
}
