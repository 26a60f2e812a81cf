package dev.streamlab.streamspeer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line options of the peer, {@code --name=value} or {@code --name value}. Durations are
 * milliseconds ({@code 60000}) or a number with a unit ({@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}).
 */
public record PeerOptions(
        String bootstrap,
        String input,
        String outputPrefix,
        String applicationId,
        String stateDir,
        String processingGuarantee,
        Duration size,
        Duration advance,
        Duration slidingDifference,
        Duration sessionGap,
        Duration grace,
        boolean exitOnStdinEof,
        boolean describeOnly,
        boolean kafkaDefaults) {

    static final String USAGE = String.join("\n",
            "usage: WindowedCountsApp --input <topic> --output-prefix <prefix> [options]",
            "  --bootstrap <host:port>        default 127.0.0.1:9092",
            "  --application-id <id>          default streams-peer-<input>",
            "  --state-dir <dir>              default a fresh temp dir, deleted on exit",
            "  --processing-guarantee <g>     exactly_once_v2 (default) or at_least_once",
            "  --size <d>                     tumbling and hopping size, default 60s",
            "  --advance <d>                  hopping advance, default 20s",
            "  --sliding-difference <d>       sliding windows' max time difference, default 30s",
            "  --session-gap <d>              session inactivity gap, default 30s",
            "  --grace <d>                    grace of every window, default 10s",
            "  --exit-on-stdin-eof            stop when stdin closes (the launcher died)",
            "  --kafka-defaults               Kafka Streams' own commit interval and record cache (benchmarks)",
            "  --describe                     print the topology and exit");

    /** Parses {@code args}; throws IllegalArgumentException with a readable message on bad input. */
    public static PeerOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + arg);
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (name.equals("exit-on-stdin-eof") || name.equals("describe") || name.equals("kafka-defaults") || name.equals("help")) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, value);
        }
        if (values.containsKey("help")) throw new IllegalArgumentException("help");
        String input = required(values, "input");
        PeerOptions options = new PeerOptions(
                values.getOrDefault("bootstrap", "127.0.0.1:9092"),
                input,
                required(values, "output-prefix"),
                values.getOrDefault("application-id", "streams-peer-" + input),
                values.get("state-dir"),
                values.getOrDefault("processing-guarantee", "exactly_once_v2"),
                duration(values, "size", "60s"),
                duration(values, "advance", "20s"),
                duration(values, "sliding-difference", "30s"),
                duration(values, "session-gap", "30s"),
                duration(values, "grace", "10s"),
                values.containsKey("exit-on-stdin-eof"),
                values.containsKey("describe"),
                values.containsKey("kafka-defaults"));
        values.keySet().removeAll(java.util.Set.of("bootstrap", "input", "output-prefix", "application-id", "state-dir",
                "processing-guarantee", "size", "advance", "sliding-difference", "session-gap", "grace",
                "exit-on-stdin-eof", "describe", "kafka-defaults"));
        if (!values.isEmpty()) throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
        return options;
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) throw new IllegalArgumentException("--" + name + " is required");
        return value;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    static Duration duration(Map<String, String> values, String name, String fallback) {
        String text = values.getOrDefault(name, fallback).trim();
        Matcher match = DURATION.matcher(text);
        if (!match.matches()) throw new IllegalArgumentException("--" + name + " " + text + " is not a duration (e.g. 30000, 30s, 1m)");
        long amount = Long.parseLong(match.group(1));
        String unit = match.group(2) == null ? "ms" : match.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
