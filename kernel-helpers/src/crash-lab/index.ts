/**
 * The crash lab: a lesson prop, not the engine. `runCrashTest` runs a stream processor of the
 * engine in its own OS process, kills it with SIGKILL at seeded random points (and at the worst
 * moment, between a commit's outputs and its input offsets), restarts it, and compares what reached
 * the output topic with the offline computation. Notebook 04 and the reliability suite use it.
 */
export { compareKeyCounts, compareWindowedCounts, finalCounts, type KeyCount, type ResultComparison } from './comparison.js';
export { expectedWindowedCounts, runCrashTest, type CrashTestOptions, type CrashTestRecord, type CrashTestReport } from './crash-test.js';
export { countsPerKeyTopology, crashTestTopology, type CrashTestTopology } from './topologies.js';
