/** Producing, consuming, topic administration and cluster views, thin over kafkajs. */
export { kafkaClient, type ClusterTarget } from './client.js';
export { BrokerUnreachableError, KafkaAuthenticationError } from './connection.js';
export { kafkaSecurityFromEnv, redactSecrets, SASL_MECHANISMS, type KafkaSecurity, type SaslMechanism } from './security.js';
export { consume, type ConsumeOptions, type ConsumedRecord } from './consume.js';
export { produce, ProducerConfigError, type DeliveryReport, type ProduceOptions, type ProduceRecord } from './produce.js';
export { BatchingProducer, openProducer, type ProducerOptions, type ProducerStats } from './batching-producer.js';
export { isBalanced, joinGroup, tail, waitForBalance, GroupConsumer, type CommitMode, type GroupConsumerOptions, type TailOptions, type TailSummary } from './group-consumer.js';
export { describeCluster, describeTopic, type ClusterDescription, type DescribeTopicOptions, type PartitionDescription, type TopicDescription } from './cluster-views.js';
export { deleteGroups, describeGroup, groupLag, setGroupOffsets, GroupActiveError, type GroupDescription, type PartitionLag } from './consumer-groups.js';
export { decodeJson, DeserializationError, SerializationError } from './serialization.js';
export { createTopic, deleteRecordsBefore, deleteTopic, deleteTopicsWithPrefix, resetTopic, TopicConfigError, TopicNotFoundError, type CreateTopicOptions } from './topics.js';
