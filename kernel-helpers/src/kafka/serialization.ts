import { StreamlabError } from '../errors.js';

/** A value that cannot become a Kafka message; names the record and the field. */
export class SerializationError extends StreamlabError {}

/**
 * The path of the first field JSON cannot represent faithfully (a BigInt, a function, a symbol,
 * undefined, a non-finite number, or a cycle), e.g. `value.items[2].price`; undefined when there is none.
 */
export function findUnserializable(value: unknown, path = 'value', seen = new Set<object>()): string | undefined {
  switch (typeof value) {
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return `${path} (${typeof value})`;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} (${value})`;
    case 'object': {
      if (value === null || value instanceof Date) return undefined;
      if (seen.has(value)) return `${path} (circular reference)`;
      seen.add(value);
      const entries = Array.isArray(value) ? value.map((item, index) => [`[${index}]`, item] as const) : Object.entries(value).map(([key, item]) => [`.${key}`, item] as const);
      for (const [suffix, item] of entries) {
        const found = findUnserializable(item, `${path}${suffix}`, seen);
        if (found) return found;
      }
      seen.delete(value);
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * True when JSON represents `value` faithfully (no allocation): finite numbers, strings,
 * booleans, null, Dates, and arrays/objects of those. False (look closer) for anything else,
 * including nesting deeper than 64 levels, where a cycle may hide.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null || value instanceof Date) return true;
      if (depth > 64) return false;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) if (!isPlainJson(value[index], depth + 1)) return false;
        return true;
      }
      for (const key in value) {
        if (Object.prototype.hasOwnProperty.call(value, key) && !isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * JSON-encodes a message value as text (kafkajs writes it straight into its request buffer, with no
 * Buffer per record); throws a SerializationError naming `where()` and the bad field. `where` is
 * called only for the error, so the hot path builds no location string.
 */
export function serializeJson(value: unknown, where: () => string): string {
  // The common case walks the value once without building paths; the path is found only for the error.
  const bad = isPlainJson(value, 0) ? undefined : findUnserializable(value);
  if (bad) {
    throw new SerializationError(`${where()}: ${bad} cannot be serialized to JSON`, {
      hint: 'convert it first (BigInt → string, Date → toISOString(), drop functions and undefined fields)',
    });
  }
  return JSON.stringify(value);
}

/** Decodes a JSON message value; a value that is not JSON comes back as its UTF-8 text. */
export function deserializeJson(buffer: Buffer | null): unknown {
  return decodeJson(buffer).value;
}

/** A record value a custom deserializer could not decode: names the record and the reason. */
export class DeserializationError extends StreamlabError {}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a JSON message value and says why when it is not JSON: the value (parsed JSON, else
 * the UTF-8 text, with U+FFFD for invalid bytes) and `problem` ("not valid UTF-8 (…)", "not JSON
 * (…)"), undefined when the value decoded cleanly. Never throws. JSON.parse keeps a `__proto__`
 * key as an own property, so no prototype changes.
 */
export function decodeJson(buffer: Buffer | null): { value: unknown; problem?: string } {
  if (buffer === null) return { value: null };
  let text: string;
  try {
    text = strictUtf8.decode(buffer);
  } catch {
    return { value: buffer.toString('utf8'), problem: `value is not valid UTF-8 (${buffer.length} bytes)` };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { value: text, problem: `value is not JSON (${(error as Error).message})` };
  }
}
