package dev.streamlab.streamspeer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * Runs {@link WindowedCountsTopology} until stopped (SIGTERM, or stdin closing with
 * {@code --exit-on-stdin-eof}). Prints one line per state change on stdout,
 * {@code streams-peer: state REBALANCING -> RUNNING}, which is how its launcher knows it is ready.
 */
public final class WindowedCountsApp {
    private WindowedCountsApp() {}

    public static void main(String[] args) throws Exception {
        PeerOptions options;
        try {
            options = PeerOptions.parse(args);
        } catch (IllegalArgumentException error) {
            System.err.println(error.getMessage().equals("help") ? PeerOptions.USAGE : "streams-peer: " + error.getMessage() + "\n" + PeerOptions.USAGE);
            System.exit(2);
            return;
        }
        Topology topology = WindowedCountsTopology.build(options);
        if (options.describeOnly()) {
            System.out.println(topology.describe());
            return;
        }

        boolean ownStateDir = options.stateDir() == null;
        Path stateDir = ownStateDir ? Files.createTempDirectory("streams-peer-") : Path.of(options.stateDir());
        KafkaStreams streams = new KafkaStreams(topology, config(options, stateDir));
        CountDownLatch stopped = new CountDownLatch(1);

        streams.setStateListener((now, before) -> {
            System.out.println("streams-peer: state " + before + " -> " + now);
            System.out.flush();
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) stopped.countDown();
        });
        streams.setUncaughtExceptionHandler(error -> {
            System.err.println("streams-peer: stream thread failed: " + error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(10));
            if (ownStateDir) deleteRecursively(stateDir);
        }, "streams-peer-shutdown"));
        if (options.exitOnStdinEof()) exitWhenStdinCloses();

        streams.start();
        stopped.await();
        System.exit(streams.state() == KafkaStreams.State.ERROR ? 1 : 0);
    }

    static Properties config(PeerOptions options, Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, options.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, options.processingGuarantee());
        // Results within ~100 ms of the input: commit (and, with exactly-once, end the transaction) often,
        // and no record cache, so every update reaches suppress() at once.
        // --kafka-defaults (benchmarks only) keeps Kafka Streams' own settings instead.
        if (!options.kafkaDefaults()) {
            config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        }
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return config;
    }

    /** The launcher holds our stdin open; when it dies the pipe closes and we stop too (no orphans). */
    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // ignore input; only the end matters
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end of input
            }
            System.exit(0);
        }, "streams-peer-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: it is a temp dir
        }
    }
}
