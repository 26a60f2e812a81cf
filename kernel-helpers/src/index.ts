/**
 * Streamlab's kernel helpers. Import a concept by its subpath, e.g.
 * `import { produce, consume } from '@streamlab/kernel-helpers/kafka'`.
 */
export * as cdc from './cdc/index.js';
export * as kafka from './kafka/index.js';
export * as stack from './stack/index.js';
export * as viz from './viz/index.js';
export { StreamlabError, StackError, WaitTimeoutError } from './errors.js';
