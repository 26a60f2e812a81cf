import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExternalCluster, kafkaSecurityFromEnv, redactSecrets, securityFor } from '../../../kernel-helpers/src/kafka/security';

const SECRET = 'pa55-word-xyz';

describe('TLS and SASL settings of the external cluster', () => {
  it('is empty when nothing is set', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it('reads SASL/SCRAM and a CA file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-ca-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    const security = kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: SECRET, KAFKA_SSL_CA: join(dir, 'ca.pem') });
    expect(security.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: SECRET });
    expect(security.ssl).toEqual({ ca: [expect.stringContaining('BEGIN CERTIFICATE')] });
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'false' })).toEqual({});
  });

  it('refuses wrong settings with one line that never contains the password', () => {
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: SECRET })).toThrow(/KAFKA_SASL_MECHANISM=gssapi is not supported/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: SECRET })).toThrow(/needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL_CA: '/nonexistent/ca.pem' })).toThrow(/KAFKA_SSL_CA names a file that does not exist/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL: 'yes please' })).toThrow(/is not true or false/);
    try {
      kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'x', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: SECRET });
    } catch (error) {
      expect(String((error as Error).message) + String((error as { hint?: string }).hint)).not.toContain(SECRET);
    }
  });

  it('applies only to the cluster KAFKA_BROKERS names, with the external provider', () => {
    const env = { KAFKA_BROKERS: 'b1:9093,b2:9093', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: SECRET };
    expect(isExternalCluster('b2:9093, b1:9093', env)).toBe(true);
    expect(isExternalCluster('127.0.0.1:40000', env)).toBe(false); // a lab cluster
    expect(isExternalCluster('b1:9093,b2:9093', { ...env, STREAMLAB_PROVIDER: 'native' })).toBe(false);
    expect(securityFor('b1:9093,b2:9093', env).sasl).toMatchObject({ mechanism: 'plain' });
    expect(securityFor('127.0.0.1:40000', env)).toEqual({});
  });
});

describe('redactSecrets', () => {
  it('hides the SASL password and passwords in URLs', () => {
    const env = { KAFKA_SASL_PASSWORD: SECRET, DATABASE_URL: 'postgres://app:db%2Fsecret@h:5432/shop' };
    expect(redactSecrets(`failed with ${SECRET} at postgres://app:db%2Fsecret@h:5432/shop`, env)).toBe('failed with *** at postgres://app:***@h:5432/shop');
    expect(redactSecrets('value db/secret leaked', env)).toBe('value *** leaked');
    expect(redactSecrets('postgres://streamlab:streamlab@127.0.0.1:5/shop', {}, { urlPasswords: false })).toBe('postgres://streamlab:streamlab@127.0.0.1:5/shop');
  });
});
