/**
 * The capstone (notebook 10): a seeded shop workload (orders changing in PostgreSQL, clicks on the
 * site), its tables, and the ground truth of revenue, conversion and clicks before purchase per minute.
 */
export { capstoneWorkload, type CapstoneCustomer, type CapstoneWorkload, type CapstoneWorkloadOptions, type OrderChange } from './workload.js';
export { applyOrderChanges, CapstoneError, createCapstoneTables, dropCapstoneTables, paidOrdersFromDatabase, replicationSlots, revenuePerMinuteFromDatabase } from './database.js';
export { ATTRIBUTION_WINDOW_MS, clicksBeforePurchase, expectedMetrics, metricDifferences, type DashboardRow, type MinuteMetrics, type PaidOrder } from './metrics.js';
