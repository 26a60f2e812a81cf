/** Producing, consuming and topic administration, thin over kafkajs. */
export { createKafka, kafka } from './client.js';
export { consume, type ConsumeOptions, type ConsumedRecord } from './consume.js';
export { produce, type DeliveryReport, type ProduceOptions, type ProduceRecord } from './produce.js';
export { SerializationError } from './serialization.js';
export { createTopic, deleteTopic, resetTopic, TopicNotFoundError, type CreateTopicOptions } from './topics.js';
