import { StreamlabError } from '../errors.js';

/** A statement Flink refused or a job that failed: the planner's reason in one line, never a Java trace. */
export class FlinkSqlError extends StreamlabError {
  /** Where in the statement the planner complained (1-based), when it said. */
  readonly position?: { line: number; column: number };
  /** The Java exception class the message came from, e.g. org.apache.flink.table.api.ValidationException. */
  readonly exception?: string;

  constructor(message: string, options: { hint?: string; position?: { line: number; column: number }; exception?: string } = {}) {
    super(message, { hint: options.hint });
    this.position = options.position;
    this.exception = options.exception;
  }
}

/** One exception of a Java trace: its class and its message (continuation lines joined). */
export interface TraceCause {
  exception: string;
  message: string;
}

/** What `explainFlinkError` makes of a gateway error body. */
export interface FlinkErrorSummary {
  /** One line: the planner's reason, or the deepest cause of a failed job. */
  message: string;
  exception?: string;
  position?: { line: number; column: number };
}

/** Exceptions whose message is the planner's own explanation: shown as they are, first one wins. */
const PLANNER_EXCEPTIONS = /\.(ValidationException|SqlParserException|SqlValidateException|SqlParserEOFException)$/;

/** Wrappers that only say "something failed" and never carry the reason. */
const WRAPPERS = /\.(SqlGatewayException|SqlExecutionException|JobExecutionException|CompletionException|ExecutionException|RestHandlerException|FlinkRuntimeException|SuppressRestartsException|JobInitializationException)$/;

/**
 * Splits a Java stack trace into its exceptions: the first line and every `Caused by:`, each with
 * the message lines that follow it up to the first `at ...` frame.
 */
export function traceCauses(trace: string): TraceCause[] {
  const causes: TraceCause[] = [];
  let current: TraceCause | undefined;
  for (const raw of trace.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const head = /^(?:<Exception on server side:\s*)?(?:Caused by: )?((?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable))(?::\s?(.*))?$/.exec(line.trim());
    if (head && (line.startsWith('Caused by: ') || causes.length === 0 || line.startsWith('<Exception'))) {
      current = { exception: head[1], message: (head[2] ?? '').trim() };
      causes.push(current);
    } else if (/^\s+at |^\s+\.\.\. \d+ more|^\s*Suppressed: |^End of exception on server side/.test(line)) {
      current = undefined;
    } else if (current && line.trim()) {
      current.message = `${current.message}\n${line.trim()}`;
    }
  }
  return causes;
}

/** The first "line L, column C" a message names (Calcite's validator and parser both say it so). */
export function sqlPosition(message: string): { line: number; column: number } | undefined {
  const match = /line (\d+), column (\d+)/.exec(message);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

/** Keeps the part of a parser message a reader needs: up to "Was expecting", on one line. */
function oneLine(message: string): string {
  return message.split(/\n\s*Was expecting/)[0].replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Turns a SQL Gateway error body (`{"errors": ["Internal server error.", "<Exception on server side: …>"]}`)
 * into one readable line: a planner exception's message (validation, parsing) when there is one,
 * otherwise the deepest cause that says something (e.g. the Kafka client's "This server does not
 * host this topic-partition"), with a metadata failure naming its topics kept in front.
 */
export function explainFlinkError(body: unknown): FlinkErrorSummary {
  const texts = typeof body === 'string' ? [body] : Array.isArray((body as { errors?: unknown })?.errors) ? ((body as { errors: unknown[] }).errors.map(String)) : [JSON.stringify(body)];
  const trace = texts.find((text) => text.includes('\n')) ?? texts.join(' ');
  const causes = traceCauses(trace).filter((cause) => cause.message && !WRAPPERS.test(cause.exception));
  const planner = causes.find((cause) => PLANNER_EXCEPTIONS.test(cause.exception));
  if (planner) return { message: oneLine(planner.message), exception: planner.exception, position: sqlPosition(planner.message) };
  const deepest = causes[causes.length - 1];
  if (!deepest) return { message: oneLine(texts.filter((text) => text !== 'Internal server error.').join(' ') || 'Flink reported an error without a message') };
  const topics = causes.find((cause) => /Failed to get metadata for topics|topics? \[/.test(cause.message) && cause !== deepest);
  const message = topics ? `${oneLine(topics.message).replace(/\.$/, '')}: ${oneLine(deepest.message)}` : oneLine(deepest.message);
  return { message, exception: deepest.exception, position: sqlPosition(deepest.message) };
}
