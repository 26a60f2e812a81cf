/** A snapshot of an operation's progress. */
export interface ProgressState {
  label: string;
  done: number;
  /** Unknown total: no bar and no ETA, only the count and the rate. */
  total?: number;
  elapsedMs: number;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** 1234 → "1.2k", 5 → "5". */
export function compactNumber(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e4) return `${Math.round(value / 1e3)}k`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return String(Math.round(value));
}

/** Seconds as "42 s" or "3 min 05 s". */
export function duration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** The numbers a bar shows: fraction done (0..1, undefined without a total), rate per second, seconds left. */
export function progressNumbers(state: ProgressState): { fraction?: number; perSecond: number; secondsLeft?: number } {
  const perSecond = state.elapsedMs > 0 ? (state.done * 1000) / state.elapsedMs : 0;
  if (!state.total) return { perSecond };
  const fraction = Math.min(1, Math.max(0, state.done / state.total));
  const secondsLeft = perSecond > 0 ? Math.max(0, state.total - state.done) / perSecond : undefined;
  return { fraction, perSecond, secondsLeft };
}

/** One terminal line: `label [██████······] 45% 450/1000 · 1.2k/s · ~3 s left`. */
export function progressLine(state: ProgressState, width = 24): string {
  const { fraction, perSecond, secondsLeft } = progressNumbers(state);
  const rate = `${compactNumber(perSecond)}/s`;
  if (fraction === undefined) return `${state.label} ${compactNumber(state.done)} · ${rate}`;
  const filled = Math.round(fraction * width);
  const bar = `[${'█'.repeat(filled)}${'·'.repeat(width - filled)}]`;
  const left = fraction >= 1 ? `em ${duration(state.elapsedMs / 1000)}` : secondsLeft === undefined ? '' : `~${duration(secondsLeft)} restantes`;
  return [`${state.label} ${bar} ${Math.floor(fraction * 100)}% ${compactNumber(state.done)}/${compactNumber(state.total ?? 0)}`, rate, left].filter(Boolean).join(' · ');
}

/** The same state as a small HTML bar for notebooks (a <progress> element and the text line). */
export function progressHtml(state: ProgressState): string {
  const { fraction } = progressNumbers(state);
  const bar = fraction === undefined ? '' : `<progress value="${state.done}" max="${state.total}" style="width:240px;vertical-align:middle"></progress> `;
  return `<div style="font-family:monospace">${bar}${escapeHtml(progressLine(state, 0).replace(' [] ', ' '))}</div>`;
}
