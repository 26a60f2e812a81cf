package dev.streamlab.streamspeer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;

import static org.apache.kafka.streams.kstream.Suppressed.BufferConfig.unbounded;

/**
 * Runs differential test cases through Kafka Streams' own {@link TopologyTestDriver} (no broker):
 * a windowed count per key, store caching off unless a case asks for it, and prints what Kafka Streams emitted.
 *
 * <p>Input (a file named by the first argument, or stdin): {@code {"cases":[{"id":"c1",
 * "window":{"kind":"sliding","difference":10,"grace":5}, "emit":"current",
 * "records":[{"key":"a","timestamp":0}, ...]}, ...]}}, windows in ms: tumbling {@code size},
 * hopping {@code size, advance}, sliding {@code difference}, session {@code gap}; {@code emit}
 * {@code current} (every update) or {@code final} ({@code suppress(untilWindowCloses)});
 * {@code "caching": true} keeps Kafka Streams' record cache on (default 10 MB; the test driver
 * flushes it after every input record), otherwise the store is built {@code withCachingDisabled()}
 * and the cache size is 0. {@code "regroup": true} groups by a new key instead of the record key:
 * each record's value is its {@code "group"} and the topology is {@code groupBy((key, value) -> value)},
 * which Kafka Streams routes through a repartition topic (in process, in its test driver).
 *
 * <p>Output on stdout, one JSON line per case: {@code {"id":"c1","results":[{"key","windowStart",
 * "windowEnd","count" (null for a removed session),"timestamp","record" (index of the input record whose
 * processing emitted it)}],"dropped":n}} with {@code dropped}
 * the sum of the task's {@code dropped-records-total} metrics.
 */
public final class DifferentialDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INPUT = "input";
    private static final String OUTPUT = "output";

    private DifferentialDriver() {}

    public static void main(String[] args) throws IOException {
        JsonNode request;
        try (InputStream in = args.length > 0 ? Files.newInputStream(Path.of(args[0])) : System.in) {
            request = JSON.readTree(in);
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int index = 0;
        for (JsonNode testCase : request.get("cases")) {
            out.println(JSON.writeValueAsString(run(testCase, index++)));
        }
        out.flush();
    }

    private static ObjectNode run(JsonNode testCase, int index) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "differential-" + index);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        boolean caching = testCase.path("caching").asBoolean(false);
        if (!caching) props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        ObjectNode result = JSON.createObjectNode();
        result.set("id", testCase.get("id"));
        ArrayNode results = result.putArray("results");
        boolean regroup = testCase.path("regroup").asBoolean(false);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(testCase.get("window"), "final".equals(testCase.path("emit").asText()), caching, regroup), props)) {
            TestInputTopic<String, String> input = driver.createInputTopic(INPUT, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> output = driver.createOutputTopic(OUTPUT, new StringDeserializer(), new StringDeserializer());
            int position = 0;
            for (JsonNode record : testCase.get("records")) {
                input.pipeInput(record.get("key").asText(), regroup ? record.get("group").asText() : "v", record.get("timestamp").asLong());
                for (TestRecord<String, String> emitted : output.readRecordsToList()) {
                    ObjectNode window = (ObjectNode) readTree(emitted.value());
                    window.put("timestamp", emitted.timestamp());
                    window.put("record", position);
                    results.add(window);
                }
                position++;
            }
            result.put("dropped", dropped(driver.metrics()));
        }
        return result;
    }

    private static Topology topology(JsonNode window, boolean suppress, boolean caching, boolean regroup) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> input = builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()));
        KGroupedStream<String, String> byKey = regroup
                ? input.groupBy((key, value) -> value, Grouped.with(Serdes.String(), Serdes.String()))
                : input.groupByKey(Grouped.with(Serdes.String(), Serdes.String()));
        long grace = window.path("grace").asLong(0);
        KTable<Windowed<String>, Long> counts = switch (window.get("kind").asText()) {
            case "tumbling" -> byKey.windowedBy(TimeWindows.ofSizeAndGrace(ms(window, "size"), Duration.ofMillis(grace))).count(windowStore(caching));
            case "hopping" -> byKey.windowedBy(TimeWindows.ofSizeAndGrace(ms(window, "size"), Duration.ofMillis(grace)).advanceBy(ms(window, "advance"))).count(windowStore(caching));
            case "sliding" -> byKey.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(ms(window, "difference"), Duration.ofMillis(grace))).count(windowStore(caching));
            case "session" -> byKey.windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(window, "gap"), Duration.ofMillis(grace))).count(sessionStore(caching));
            default -> throw new IllegalArgumentException("unknown window kind " + window.get("kind"));
        };
        if (suppress) counts = counts.suppress(Suppressed.untilWindowCloses(unbounded()));
        counts.toStream()
                .map((windowed, count) -> KeyValue.pair(windowed.key(), toJson(windowed, count)))
                .to(OUTPUT, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static Duration ms(JsonNode window, String field) {
        if (!window.has(field)) throw new IllegalArgumentException(window.get("kind").asText() + " window needs \"" + field + "\"");
        return Duration.ofMillis(window.get(field).asLong());
    }

    private static Materialized<String, Long, WindowStore<Bytes, byte[]>> windowStore(boolean caching) {
        Materialized<String, Long, WindowStore<Bytes, byte[]>> store = Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("counts").withKeySerde(Serdes.String()).withValueSerde(Serdes.Long());
        return caching ? store : store.withCachingDisabled();
    }

    private static Materialized<String, Long, SessionStore<Bytes, byte[]>> sessionStore(boolean caching) {
        Materialized<String, Long, SessionStore<Bytes, byte[]>> store = Materialized.<String, Long, SessionStore<Bytes, byte[]>>as("counts").withKeySerde(Serdes.String()).withValueSerde(Serdes.Long());
        return caching ? store : store.withCachingDisabled();
    }

    private static String toJson(Windowed<String> windowed, Long count) {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", windowed.key());
        node.put("windowStart", windowed.window().start());
        node.put("windowEnd", windowed.window().end());
        if (count == null) node.putNull("count");
        else node.put("count", count);
        return node.toString();
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException error) {
            throw new IllegalStateException("could not read an output value", error);
        }
    }

    /** Sum of every {@code dropped-records-total} metric (the task-level late-record drops). */
    private static double dropped(Map<MetricName, ? extends Metric> metrics) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            if (entry.getKey().name().equals("dropped-records-total")) total += ((Number) entry.getValue().metricValue()).doubleValue();
        }
        return total;
    }
}
