import { StreamlabError } from '../errors.js';

/** Thrown by `todo()`: the exercise stub has not been written yet. */
export class NotImplementedError extends StreamlabError {}

/**
 * The body of an exercise stub: `return todo('produce each order with its customer as key')`.
 * `exercise()` recognises it and reports "not solved yet" instead of a failure.
 */
export function todo(what = 'this exercise'): never {
  throw new NotImplementedError(`TODO: ${what}`, { hint: 'replace todo(...) with your code and run the cell again' });
}

/** Whether `error` comes from `todo()` (by name too: a notebook may hold a second copy of this module). */
export function isNotImplemented(error: unknown): boolean {
  return error instanceof NotImplementedError || (error instanceof Error && error.name === 'NotImplementedError');
}
