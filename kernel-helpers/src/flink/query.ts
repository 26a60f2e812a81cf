import { live, table, type ChartSpec, type LiveChart } from '../viz/index.js';
import { waitUntil } from '../wait.js';
import { pause } from './gateway.js';
import { cancelFlinkJob, TERMINAL_STATES, waitForJobEnd } from './jobs.js';
import { applyRowKinds, toRow, type Change, type FlinkRow } from './rows.js';
import { inOrder, type FlinkSession } from './session.js';
import { checkTopicsOf } from './table-topics.js';

/** How a statement's result is bounded and shown. */
export interface FlinkSqlOptions {
  /** Stop after this many result rows (changes) have arrived; the job is then cancelled. */
  maxRows?: number;
  /** Time budget in ms for the whole statement (default 60 s); the job is cancelled when it ends. */
  timeoutMs?: number;
  /** Aborting it stops the statement like an interrupt: the job is cancelled. */
  signal?: AbortSignal;
  /** Called with the materialized rows each time new rows arrive. */
  onRows?: (rows: FlinkRow[]) => void;
  /** A chart redrawn live as rows arrive (the spec's data are replaced by the rows); its SVG stays. */
  chart?: ChartSpec;
  /** Print the rows as a table at the end. Default false. */
  show?: boolean;
  /**
   * For INSERT INTO: wait until the job ends (a bounded source) within the budget, then cancel it
   * if it still runs. Default true; false leaves it running (see `flinkJobs`, `cancelFlinkJob`).
   */
  waitForJob?: boolean;
}

/** A statement's outcome. */
export interface FlinkResult {
  columns: string[];
  /** The rows after applying row kinds (an updating GROUP BY shows its latest values). */
  rows: FlinkRow[];
  /** Every row as it arrived, with its kind (INSERT, UPDATE_BEFORE, UPDATE_AFTER, DELETE). */
  changes: Change[];
  /** The job the statement ran as (queries and INSERT INTO). */
  jobId?: string;
  /** Why it ended: the result was complete, or a bound (rows, time) or an interrupt stopped it. */
  end: 'complete' | 'maxRows' | 'timeout' | 'interrupted';
  elapsedMs: number;
  /** ms from submission to the first row (undefined when none arrived). */
  firstRowMs?: number;
}

/** Default time budget of one statement. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs SQL on Flink through the SQL Gateway, in this kernel's session, after the statements
 * submitted before it. A query's rows are fetched page by page as they arrive; a streaming query
 * ends at `maxRows`, at `timeoutMs`, on `signal` or on an interrupt (Ctrl-C, the notebook's ■),
 * and its job is then cancelled (the operation closed, and the job checked or cancelled on the
 * JobManager), so no job is left behind. An array runs each statement in order and returns the
 * last result. Flink's errors arrive as a FlinkSqlError with the planner's reason in one line.
 */
export async function flinkSql(statement: string | readonly string[], options: FlinkSqlOptions = {}): Promise<FlinkResult> {
  const statements = typeof statement === 'string' ? [statement] : statement;
  let result: FlinkResult | undefined;
  for (const text of statements) {
    await checkTopicsOf(text);
    result = await inOrder((session) => runStatement(session, text, options));
  }
  if (!result) throw new TypeError('flinkSql needs at least one statement');
  if (options.show) table(result.rows);
  return result;
}

async function runStatement(session: FlinkSession, statement: string, options: FlinkSqlOptions): Promise<FlinkResult> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const interrupt = interruptFlag(options.signal);
  const { client, handle } = session;
  const operation = await client.submit(handle, statement);
  const changes: Change[] = [];
  let columns: string[] = [];
  let jobId: string | undefined;
  let isQuery = false;
  let firstRowMs: number | undefined;
  let end: FlinkResult['end'] | undefined;
  let chart: LiveChart | undefined;
  const rows = (): FlinkRow[] => applyRowKinds(changes).map((fields) => toRow(columns, fields));
  try {
    let uri: string | undefined = client.firstPage(handle, operation);
    let emptyPages = 0;
    while (!end) {
      if (interrupt.raised()) end = 'interrupted';
      else if (Date.now() > deadline) end = 'timeout';
      else if (!uri) end = 'complete';
      if (end) break;
      const page = await client.page(uri as string);
      jobId = page.jobID ?? jobId;
      if (page.resultType === 'NOT_READY') {
        await pause(emptyPages++);
        continue;
      }
      if (page.resultType === 'EOS') {
        end = 'complete';
        break;
      }
      isQuery = page.isQueryResult ?? isQuery;
      columns = page.results?.columns?.map((column) => column.name) ?? columns;
      const data = page.results?.data ?? [];
      if (data.length) {
        firstRowMs ??= Date.now() - started;
        emptyPages = 0;
        // A page may hold more rows than asked for: keep exactly maxRows.
        changes.push(...(options.maxRows === undefined ? data : data.slice(0, options.maxRows - changes.length)));
        if (options.onRows || options.chart) {
          const current = rows();
          options.onRows?.(current);
          if (options.chart) (chart ??= live(options.chart)).update(current);
        }
        if (options.maxRows !== undefined && changes.length >= options.maxRows) end = 'maxRows';
      } else {
        await pause(emptyPages++);
      }
      uri = page.nextResultUri;
    }
    // INSERT INTO answers at once with its job id while the job goes on: wait for it, bounded.
    if (jobId && !isQuery && end === 'complete' && options.waitForJob !== false && session.restUrl) {
      const state = await waitForJobEnd(session.restUrl, jobId, Math.max(0, deadline - Date.now()), interrupt.raised);
      if (!state) end = interrupt.raised() ? 'interrupted' : 'timeout';
    }
  } finally {
    interrupt.dispose();
    await client.closeOperation(handle, operation);
    if (jobId && session.restUrl && (isQuery || end !== 'complete') && !(!isQuery && options.waitForJob === false)) {
      await stopJob(session.restUrl, jobId);
    }
    if (chart) {
      chart.update(rows());
      await chart.close();
    }
    interrupt.reraise();
  }
  return { columns, rows: rows(), changes, jobId, end: end ?? 'complete', elapsedMs: Date.now() - started, firstRowMs };
}

/** After the operation is closed the job goes CANCELED within a second; cancel it ourselves if not. */
async function stopJob(restUrl: string, jobId: string): Promise<void> {
  const stopped = await waitUntil(
    async () => {
      const response = await fetch(`${restUrl}/jobs/${jobId}`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 404) return true;
      return TERMINAL_STATES.has(((await response.json()) as { state: string }).state);
    },
    { what: `job ${jobId} to stop`, timeoutMs: 3000, intervalMs: 100, hint: '' },
  ).catch(() => false);
  if (!stopped) await cancelFlinkJob(jobId, { restUrl });
}

/**
 * Whether the statement was interrupted: by `signal`, or by SIGINT (tslab turns the notebook's
 * interrupt into SIGINT and lets the cell's promise run on; listening lets us stop the job now).
 * Outside a kernel, where nobody else handles SIGINT, the signal is re-raised after cleanup.
 */
function interruptFlag(signal?: AbortSignal): { raised: () => boolean; dispose: () => void; reraise: () => void } {
  let sigint = false;
  const othersListen = process.listenerCount('SIGINT') > 0;
  const onSigint = (): void => void (sigint = true);
  process.on('SIGINT', onSigint);
  return {
    raised: () => sigint || signal?.aborted === true,
    dispose: () => void process.off('SIGINT', onSigint),
    reraise: () => {
      if (sigint && !othersListen) process.kill(process.pid, 'SIGINT');
    },
  };
}
