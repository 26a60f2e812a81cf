/**
 * Secrets out of what Streamlab prints: CLIs, error lines and `stack:status` pass text through
 * `redactSecrets` (no imports here, so errors.ts can use it).
 */

/** The secrets in the environment that must never be printed: the SASL password, passwords in service URLs. */
export function secretsOf(env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets = [env.KAFKA_SASL_PASSWORD];
  for (const url of [env.DATABASE_URL, env.CONNECT_URL, env.FLINK_GATEWAY_URL, env.FLINK_REST_URL]) {
    try {
      if (url) secrets.push(decodeURIComponent(new URL(url).password));
    } catch {
      // not a URL: nothing to redact in it
    }
  }
  return secrets.filter((secret): secret is string => !!secret && secret.length >= 3);
}

/**
 * `text` with every secret of the environment replaced by `***`, and with `urlPasswords` (default
 * true) any password inside a URL too (the native stack's own `streamlab:streamlab` is public, so
 * its status may keep it).
 */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env, options: { urlPasswords?: boolean } = {}): string {
  let redacted = options.urlPasswords === false ? text : text.replace(/(\w+:\/\/[^:/@\s]+:)([^@\s]+)@/g, '$1***@');
  for (const secret of secretsOf(env)) redacted = redacted.split(secret).join('***');
  return redacted;
}
