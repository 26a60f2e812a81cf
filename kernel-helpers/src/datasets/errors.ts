import { StreamlabError } from '../errors.js';

/** A dataset could not be found, read or generated with the options given. */
export class DatasetError extends StreamlabError {}
