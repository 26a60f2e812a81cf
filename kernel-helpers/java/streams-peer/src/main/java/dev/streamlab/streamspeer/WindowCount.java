package dev.streamlab.streamspeer;

/**
 * One final windowed count, written as the output value
 * {@code {"key":"s-1","windowStart":<ms>,"windowEnd":<ms>,"count":<n>}}. The bounds are the
 * window's start and end exactly as Kafka Streams reports them: end exclusive for tumbling and
 * hopping windows, inclusive for sliding windows, and the last record's timestamp for sessions.
 */
public record WindowCount(String key, long windowStart, long windowEnd, long count) {}
