import { StreamlabError } from '../errors.js';

/** A topology, window or stream-processing run that cannot work as written. */
export class StreamsError extends StreamlabError {}
