/**
 * Data to stream: real datasets (U.S. flights, a week of earthquakes), deterministic generators
 * (clickstream, IoT sensors with late data, shop orders), and replay at a speed factor, in memory
 * or into a Kafka topic.
 */
export { loadFlights, FLIGHTS_FILE, type Flight, type LoadFlightsOptions } from './flights.js';
export { loadEarthquakes, EARTHQUAKES_FILE, type Earthquake } from './earthquakes.js';
export { clickstream, type ClickEvent, type ClickstreamOptions } from './clickstream.js';
export { iotSensors, type SensorReading, type SensorOptions } from './iot-sensors.js';
export { shopOrders, type OrderEvent, type OrderStatus, type ShopOrderOptions } from './shop-orders.js';
export { seededRandom, type SeededRandom } from './seeded-random.js';
export { replay, eventTime, arrivalTime, systemClock, type ReplayClock, type ReplayOptions } from './replay.js';
export { replayToTopic, type ReplayProgress, type ReplaySummary, type ReplayToTopicOptions } from './replay-to-topic.js';
export { DatasetError } from './errors.js';
