package dev.streamlab.streamspeer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.WindowStore;

import static org.apache.kafka.streams.kstream.Suppressed.BufferConfig.unbounded;

/**
 * Count per key in tumbling, hopping, sliding and session windows, final results only. The
 * record timestamp is the event time (the default extractor); values are never read.
 */
public final class WindowedCountsTopology {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WindowedCountsTopology() {}

    /** The topology for {@code options}: one output topic per window type, {@code <prefix>-tumbling} etc. */
    public static Topology build(PeerOptions options) {
        StreamsBuilder builder = new StreamsBuilder();
        KGroupedStream<String, String> byKey = builder
                .stream(options.input(), Consumed.with(Serdes.String(), Serdes.String()).withName("input"))
                .groupByKey(Grouped.with("by-key", Serdes.String(), Serdes.String()));

        TimeWindows tumbling = TimeWindows.ofSizeAndGrace(options.size(), options.grace());
        TimeWindows hopping = TimeWindows.ofSizeAndGrace(options.size(), options.grace()).advanceBy(options.advance());
        SlidingWindows sliding = SlidingWindows.ofTimeDifferenceAndGrace(options.slidingDifference(), options.grace());
        SessionWindows session = SessionWindows.ofInactivityGapAndGrace(options.sessionGap(), options.grace());

        String prefix = options.outputPrefix();
        writeFinal("tumbling", byKey.windowedBy(tumbling).count(Named.as("tumbling-count"), counts("tumbling")), prefix);
        writeFinal("hopping", byKey.windowedBy(hopping).count(Named.as("hopping-count"), counts("hopping")), prefix);
        writeFinal("sliding", byKey.windowedBy(sliding).count(Named.as("sliding-count"), counts("sliding")), prefix);
        writeFinal("session", byKey.windowedBy(session).count(Named.as("session-count"), sessionCounts()), prefix);
        return builder.build();
    }

    /**
     * Holds each window's count until the window closes, then writes it once to
     * {@code <prefix>-<type>}. Named stores keep the changelog topics readable:
     * {@code <application-id>-<type>-counts-changelog}, {@code <application-id>-<type>-final-store-changelog}.
     */
    private static void writeFinal(String type, KTable<Windowed<String>, Long> counts, String prefix) {
        counts.suppress(Suppressed.<Windowed<String>>untilWindowCloses(unbounded()).withName(type + "-final"))
                .toStream(Named.as(type + "-changes"))
                .map((window, count) -> KeyValue.pair(window.key(), toJson(window, count)), Named.as(type + "-to-json"))
                .to(prefix + "-" + type, Produced.<String, String>with(Serdes.String(), Serdes.String()).withName(type + "-sink"));
    }

    private static Materialized<String, Long, WindowStore<Bytes, byte[]>> counts(String type) {
        return Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(type + "-counts")
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long());
    }

    private static Materialized<String, Long, SessionStore<Bytes, byte[]>> sessionCounts() {
        return Materialized.<String, Long, SessionStore<Bytes, byte[]>>as("session-counts")
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long());
    }

    private static String toJson(Windowed<String> window, Long count) {
        try {
            return JSON.writeValueAsString(new WindowCount(window.key(), window.window().start(), window.window().end(), count));
        } catch (JsonProcessingException error) {
            throw new IllegalStateException("could not write a window count as JSON", error);
        }
    }
}
