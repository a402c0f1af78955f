package com.mailmoat.adapters.aws.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A scan's start writes every mailbox's items side by side: none is skipped, and a failure is not swallowed. */
class ParallelWritesTest {

    @Test
    void everyItemIsWrittenOnce() {
        List<Integer> items = IntStream.range(0, 1_000).boxed().toList();
        Set<Integer> written = ConcurrentHashMap.newKeySet();
        ParallelWrites.each(items, item -> assertThat(written.add(item)).isTrue());
        assertThat(written).hasSize(1_000);
    }

    @Test
    void aFailedWriteIsThrownAfterTheOthersRan() {
        List<Integer> items = IntStream.range(0, 100).boxed().toList();
        Set<Integer> written = ConcurrentHashMap.newKeySet();
        assertThatThrownBy(() -> ParallelWrites.each(items, item -> {
            if (item == 42) {
                throw new IllegalStateException("throttled");
            }
            written.add(item);
        })).isInstanceOf(IllegalStateException.class).hasMessage("throttled");
        assertThat(written).hasSize(99);
    }
}
