/** Progress bars for long operations, in notebooks (updated in place) and terminals. */
export { notebookSink, progress, ProgressBar, terminalSink, type ProgressOptions, type ProgressSink } from './progress-bar.js';
export { compactNumber, duration, progressHtml, progressLine, progressNumbers, type ProgressState } from './format.js';
