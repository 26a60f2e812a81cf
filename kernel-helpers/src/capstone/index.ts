/**
 * The capstone (notebook 10): a seeded shop workload (orders changing in PostgreSQL, clicks on the
 * site), its tables, and the ground truth of revenue and conversion per minute.
 */
export { capstoneWorkload, type CapstoneCustomer, type CapstoneWorkload, type CapstoneWorkloadOptions, type OrderChange } from './workload.js';
export { applyOrderChanges, CapstoneError, createCapstoneTables, dropCapstoneTables, replicationSlots, revenuePerMinuteFromDatabase } from './database.js';
export { expectedMetrics, metricDifferences, type DashboardRow, type MinuteMetrics } from './metrics.js';
