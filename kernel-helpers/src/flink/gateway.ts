import { flinkNotStarted } from '../stack/index.js';
import { sleep } from '../wait.js';
import { explainFlinkError, FlinkSqlError, sqlPosition } from './errors.js';
import type { Change } from './rows.js';

/** One page of a statement's result, as the SQL Gateway (REST API v2+) sends it. */
export interface ResultPage {
  resultType: 'NOT_READY' | 'PAYLOAD' | 'EOS';
  jobID?: string;
  isQueryResult?: boolean;
  resultKind?: 'SUCCESS' | 'SUCCESS_WITH_CONTENT';
  results?: { columns?: Array<{ name: string; logicalType?: { type?: string } }>; data?: Change[] };
  nextResultUri?: string;
}

/** A thin client of the SQL Gateway REST API (v4 paths): sessions, statements, result pages. */
export class GatewayClient {
  constructor(readonly url: string) {}

  /** Opens a session with these session properties; returns its handle. */
  async openSession(properties: Record<string, string>, name = 'streamlab'): Promise<string> {
    const body = (await this.call('POST', '/v4/sessions', { sessionName: name, properties })) as { sessionHandle: string };
    return body.sessionHandle;
  }

  /** Keeps a session alive (the gateway closes idle sessions, and their jobs with them). */
  async heartbeat(session: string): Promise<void> {
    await this.call('POST', `/v4/sessions/${session}/heartbeat`, {});
  }

  /** Closes a session: its tables are forgotten and its running queries' jobs are cancelled. */
  async closeSession(session: string): Promise<void> {
    await this.call('DELETE', `/v4/sessions/${session}`);
  }

  /** Submits one statement; returns the operation handle (errors come later, at a fetch). */
  async submit(session: string, statement: string): Promise<string> {
    const body = (await this.call('POST', `/v4/sessions/${session}/statements`, { statement })) as { operationHandle: string };
    return body.operationHandle;
  }

  /** The first page's URI of an operation's result. */
  firstPage(session: string, operation: string): string {
    return `/v4/sessions/${session}/operations/${operation}/result/0?rowFormat=JSON`;
  }

  /** Fetches one result page (a Flink error becomes a FlinkSqlError with the planner's reason). */
  async page(uri: string): Promise<ResultPage> {
    return (await this.call('GET', uri)) as ResultPage;
  }

  /** Closes an operation: for a running query this cancels its job. */
  async closeOperation(session: string, operation: string): Promise<void> {
    await this.call('DELETE', `/v4/sessions/${session}/operations/${operation}/close`).catch(() => undefined);
  }

  /** One REST call; connection refused means Flink is not running (one line, with the command). */
  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch {
      throw flinkNotStarted();
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : {};
    if (response.ok) return parsed;
    const summary = explainFlinkError(parsed);
    if (/Session '?[\w-]+'? does not exist|does not exist in the session manager/i.test(summary.message)) throw new SessionGoneError(summary.message);
    throw new FlinkSqlError(`Flink: ${summary.message}`, {
      position: summary.position,
      exception: summary.exception,
      hint: hintFor(summary.message),
    });
  }
}

/** The gateway no longer knows the session (it restarted, or the session idled out). */
export class SessionGoneError extends Error {}

/** A short hint for the errors learners meet most; otherwise where to read the full trace. */
export function hintFor(message: string): string {
  if (/not found in any table|Column '.*' not found/i.test(message)) return 'check the column names with DESCRIBE <table>';
  if (/Object '.*' not found|Table .* was not found/i.test(message)) return 'create the table first (kafkaTable + flinkSql), in this kernel: tables live in the session';
  if (/time attribute/i.test(message)) return 'window over the column that has a WATERMARK in the table DDL (the event-time attribute)';
  if (/topic|metadata/i.test(message)) return 'create the topic first (createTopic) and check its name in the table DDL';
  if (/parse failed|Encountered/i.test(message)) return sqlPosition(message) ? 'check the SQL syntax at the line and column given' : 'check the SQL syntax: keywords, commas, quotes, parentheses';
  return 'read the full trace with "npm run stack:logs -- flink-gateway"';
}

/** Waits a little between empty pages: every page advances the token, so polling must pace itself. */
export function pause(emptyPages: number): Promise<void> {
  return sleep(Math.min(50 * 2 ** Math.min(emptyPages, 3), 400));
}
