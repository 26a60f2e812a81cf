import { StreamlabError } from '../errors.js';

/** The Kafka Streams peer could not be built, started or stopped. */
export class StreamsPeerError extends StreamlabError {}

/** A duration in milliseconds, or a number with a unit: `'500ms'`, `'30s'`, `'1m'`, `'2h'`. */
export type PeerDuration = number | string;

/** Window sizes of the peer's four aggregations; each defaults to Kafka Streams-side defaults below. */
export interface PeerWindows {
  /** Tumbling and hopping window size. Default 60 s. */
  size?: PeerDuration;
  /** Hopping advance. Default 20 s. */
  advance?: PeerDuration;
  /** Sliding windows' maximum time difference. Default 30 s. */
  slidingDifference?: PeerDuration;
  /** Session inactivity gap. Default 30 s. */
  sessionGap?: PeerDuration;
  /** Grace of every window type. Default 10 s. */
  grace?: PeerDuration;
}

/** Defaults of the Java application (PeerOptions.java), in milliseconds. */
export const DEFAULT_PEER_WINDOWS = { size: 60_000, advance: 20_000, slidingDifference: 30_000, sessionGap: 30_000, grace: 10_000 } as const;

export interface PeerArgumentsInput {
  bootstrap: string;
  input: string;
  outputPrefix: string;
  applicationId: string;
  processingGuarantee: 'exactly_once_v2' | 'at_least_once';
  windows: PeerWindows;
  /** `kafka-defaults`: Kafka Streams' own commit interval and record cache instead of the comparable settings. */
  settings?: 'comparable' | 'kafka-defaults';
}

const WINDOW_FLAGS: Record<keyof PeerWindows, string> = {
  size: '--size',
  advance: '--advance',
  slidingDifference: '--sliding-difference',
  sessionGap: '--session-gap',
  grace: '--grace',
};

/**
 * The command-line arguments of WindowedCountsApp for `input` (durations checked here). No
 * --state-dir: the JVM makes its own temp dir and deletes it on exit, even when Node was killed.
 */
export function peerArguments(input: PeerArgumentsInput): string[] {
  const args = [
    `--bootstrap=${input.bootstrap}`,
    `--input=${input.input}`,
    `--output-prefix=${input.outputPrefix}`,
    `--application-id=${input.applicationId}`,
    `--processing-guarantee=${input.processingGuarantee}`,
  ];
  for (const [name, flag] of Object.entries(WINDOW_FLAGS) as Array<[keyof PeerWindows, string]>) {
    const value = input.windows[name];
    if (value !== undefined) args.push(`${flag}=${durationArgument(name, value)}`);
  }
  if (input.settings === 'kafka-defaults') args.push('--kafka-defaults');
  args.push('--exit-on-stdin-eof');
  return args;
}

function durationArgument(name: string, value: PeerDuration): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^\d+(ms|s|m|h)?$/.test(text) || (typeof value === 'number' && !Number.isInteger(value))) {
    throw new StreamsPeerError(`windows.${name} = ${JSON.stringify(value)} is not a duration`, {
      hint: "use whole milliseconds (30000) or a number with a unit: '500ms', '30s', '1m', '2h'",
    });
  }
  return text;
}

/** Kafka Streams client states as the peer prints them: `streams-peer: state REBALANCING -> RUNNING`. */
export function parseStateLine(line: string): { from: string; to: string } | undefined {
  const match = /^streams-peer: state (\w+) -> (\w+)\s*$/.exec(line);
  return match ? { from: match[1], to: match[2] } : undefined;
}

/** The four output topics for `outputPrefix`, one per window type. */
export function outputTopics(outputPrefix: string): { tumbling: string; hopping: string; sliding: string; session: string } {
  return {
    tumbling: `${outputPrefix}-tumbling`,
    hopping: `${outputPrefix}-hopping`,
    sliding: `${outputPrefix}-sliding`,
    session: `${outputPrefix}-session`,
  };
}
