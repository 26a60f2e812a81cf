/**
 * Turning Kafka Connect's answers into one line a learner can read: the Java stack trace of a
 * FAILED task, and an error page that is not JSON. Pure functions, unit-tested on real traces.
 */

/** Exception wrappers that say nothing by themselves: the cause below them is the story. */
const WRAPPERS = [
  'org.apache.kafka.connect.errors.ConnectException',
  'org.apache.kafka.connect.errors.RetriableException',
  'java.util.concurrent.ExecutionException',
  'java.lang.RuntimeException',
  'io.debezium.DebeziumException',
];

interface ThrowableLine {
  type: string;
  message: string;
}

/** `pkg.Type: message` lines, from the top exception and every `Caused by:` (frames dropped). */
function throwables(trace: string): ThrowableLine[] {
  const found: ThrowableLine[] = [];
  for (const raw of trace.split('\n')) {
    const line = raw.trim().replace(/^Caused by:\s*/, '');
    if (line === '' || line.startsWith('at ') || line.startsWith('...') || line.startsWith('Suppressed:')) continue;
    const match = /^([a-zA-Z_$][\w$]*(?:\.[\w$]+)+(?:Exception|Error|Throwable|Failure)[\w$]*)(?::\s*(.*))?$/.exec(line);
    if (match) found.push({ type: match[1], message: (match[2] ?? '').trim() });
    else if (found.length > 0 && !/^\w+(\.\w+)*\(/.test(line)) found[found.length - 1].message += ` ${line}`; // a message on several lines
  }
  return found;
}

const simpleName = (type: string): string => type.slice(type.lastIndexOf('.') + 1);

/**
 * The first meaningful cause of a Java trace as one line: `Type: message`, skipping wrappers
 * (ConnectException, ExecutionException, ...) whose message only repeats their cause, and the
 * stack frames. Falls back to the trace's first line.
 */
export function readableTrace(trace: string | undefined): string {
  if (!trace || trace.trim() === '') return 'no trace';
  const chain = throwables(trace);
  if (chain.length === 0) return trace.trim().split('\n')[0].trim();
  const meaningful = chain.filter((entry) => entry.message !== '' && !chain.some((other) => other !== entry && entry.message === `${other.type}: ${other.message}`));
  // The deepest non-wrapper cause with a message is the root of the problem; else the top message.
  const roots = meaningful.filter((entry) => !WRAPPERS.includes(entry.type));
  const pick = roots[roots.length - 1] ?? meaningful[0] ?? chain[0];
  const message = pick.message.replace(/\s+/g, ' ').trim();
  return message ? `${simpleName(pick.type)}: ${message}` : simpleName(pick.type);
}

/**
 * Connect's own words for a failed HTTP request: the `message` of its JSON error, or, for an
 * error page that is not JSON (a proxy, Jetty's HTML page), its text without tags, on one line.
 */
export function connectErrorText(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (body && typeof body.message === 'string') return firstLine(body.message).split(', available connectors are:')[0];
  } catch {
    // not JSON: fall through to the page's text
  }
  const plain = text
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain ? `HTTP ${status}: ${plain.slice(0, 160)}` : `HTTP ${status}`;
}

export function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/**
 * Whether Connect refused a request only for now: HTTP 409 while its workers rebalance or its
 * config topic catches up ("rebalance is in progress", "stale configuration", "Cannot complete
 * request momentarily"). Such a request succeeds when sent again a moment later; any other
 * 409 (a connector that already exists) does not.
 */
export function isTransientConflict(status: number, error: string | undefined): boolean {
  return status === 409 && /rebalanc|stale config|momentarily/i.test(error ?? '');
}
