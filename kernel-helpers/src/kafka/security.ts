import { existsSync, readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { StackError } from '../errors.js';

/** SASL mechanisms the external provider accepts (`KAFKA_SASL_MECHANISM`). */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** What a kafkajs client needs to reach a TLS and/or SASL cluster. */
export type KafkaSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

/**
 * The TLS/SASL settings of the external cluster, from the environment: `KAFKA_SSL=true` (TLS with
 * the system's CAs), `KAFKA_SSL_CA=<path to a PEM>` (TLS trusting that CA; implies KAFKA_SSL),
 * `KAFKA_SASL_MECHANISM` (plain | scram-sha-256 | scram-sha-512) with `KAFKA_SASL_USERNAME` and
 * `KAFKA_SASL_PASSWORD`. Empty when none is set. A wrong setting is a StackError that never
 * contains the password.
 */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurity {
  const security: KafkaSecurity = {};
  const caPath = env.KAFKA_SSL_CA;
  if (caPath) {
    if (!existsSync(caPath)) throw new StackError(`KAFKA_SSL_CA names a file that does not exist: ${caPath}`, { hint: 'point KAFKA_SSL_CA at the PEM file of the CA that signed the brokers\' certificates' });
    security.ssl = { ca: [readFileSync(caPath, 'utf8')] };
  } else if (env.KAFKA_SSL !== undefined && env.KAFKA_SSL !== '') {
    if (!/^(true|false|1|0)$/i.test(env.KAFKA_SSL)) throw new StackError(`KAFKA_SSL=${env.KAFKA_SSL} is not true or false`, { hint: 'use KAFKA_SSL=true for TLS with the system\'s CAs (or KAFKA_SSL_CA=<pem>)' });
    if (/^(true|1)$/i.test(env.KAFKA_SSL)) security.ssl = true;
  }
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  if (mechanism) {
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new StackError(`KAFKA_SASL_MECHANISM=${env.KAFKA_SASL_MECHANISM} is not supported`, { hint: `use one of ${SASL_MECHANISMS.join(', ')}` });
    }
    const username = env.KAFKA_SASL_USERNAME;
    const password = env.KAFKA_SASL_PASSWORD;
    if (!username || password === undefined || password === '') {
      throw new StackError(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`, { hint: 'export both (the password is never printed)' });
    }
    security.sasl = { mechanism, username, password } as SASLOptions;
  }
  return security;
}

/**
 * Whether the client for `bootstrap` is a client of the external cluster (the one `KAFKA_BROKERS`
 * names): only those get the TLS/SASL settings, so a lab cluster or the native stack is unaffected.
 */
export function isExternalCluster(bootstrap: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!env.KAFKA_BROKERS || (env.STREAMLAB_PROVIDER && env.STREAMLAB_PROVIDER !== 'external')) return false;
  const normal = (list: string) => list.split(',').map((address) => address.trim()).filter(Boolean).sort().join(',');
  return normal(bootstrap) === normal(env.KAFKA_BROKERS);
}

/** The security settings for a client of `bootstrap` (see `isExternalCluster`), else none. */
export function securityFor(bootstrap: string, env: NodeJS.ProcessEnv = process.env): KafkaSecurity {
  return isExternalCluster(bootstrap, env) ? kafkaSecurityFromEnv(env) : {};
}

export { redactSecrets, secretsOf } from '../redact.js';
