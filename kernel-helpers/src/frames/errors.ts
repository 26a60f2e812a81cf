import { StreamlabError } from '../errors.js';

/** Rows or windows that cannot become a DataFrame or an offline window computation. */
export class FramesError extends StreamlabError {}
