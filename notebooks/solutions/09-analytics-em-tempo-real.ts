/** Reference solutions of notebook 09-analytics-em-tempo-real (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

const busiestHour: SolveOf<'analytics-hora-mais-movimentada'> = (windows) => {
  const best = new Map<string, { windowStart: number; count: number }>();
  for (const window of windows) {
    const current = best.get(window.key);
    // Ties go to the earliest window.
    if (!current || window.count > current.count || (window.count === current.count && window.windowStart < current.windowStart)) {
      best.set(window.key, { windowStart: window.windowStart, count: window.count });
    }
  }
  return new Map([...best].map(([airport, window]) => [airport, window.windowStart]));
};

const fewerFalseAlerts: SolveOf<'analytics-alerta-menos-falsos'> = (window, previous) => {
  // Small hours are noise: a few late flights move the mean a lot. Compare with the airport's whole
  // history so far, weighted by flights, and ask for a larger jump.
  if (window.flights < 10 || previous.length < 2) return false;
  const flights = previous.reduce((sum, w) => sum + w.flights, 0);
  const baseline = previous.reduce((sum, w) => sum + w.avgDelay * w.flights, 0) / flights;
  return window.avgDelay > baseline + 25;
};

export const solutions = {
  'analytics-hora-mais-movimentada': busiestHour,
  'analytics-alerta-menos-falsos': fewerFalseAlerts,
};
