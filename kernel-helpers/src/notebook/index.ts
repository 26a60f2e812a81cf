/** Notebook outputs: MIME bundles sent through the tslab kernel, shown once or updated in place. */
export { displayOnce, FailureNotice, kernelWriter, notice, TSLAB_DISPLAY_MODULE, UpdatableOutput, type DisplayMessage, type DisplayWriter } from './output.js';
