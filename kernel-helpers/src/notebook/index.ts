/** Notebook outputs: MIME bundles sent through the tslab kernel, shown once or updated in place. */
export { displayOnce, kernelWriter, UpdatableOutput, type DisplayMessage, type DisplayWriter } from './output.js';
