import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensure } from '../../kernel-helpers/src/stack/index';
import { stateDir } from '../../kernel-helpers/src/stack/paths';
import { readState, type NativeState } from '../../kernel-helpers/src/stack/state';
import { tally } from './support/tally';

/** A LISTEN socket from /proc/net/tcp or tcp6: its inode and local address. */
interface Listener {
  inode: string;
  address: string;
  port: number;
}

/** Parses /proc/net/tcp{,6}: only sockets in state 0A (LISTEN). Addresses as kernel hex, decoded. Pure. */
function listeners(table: string, ipv6: boolean): Listener[] {
  return table
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A')
    .map((fields) => {
      const [hex, port] = fields[1].split(':');
      return { inode: fields[9], address: ipv6 ? decodeIpv6(hex) : decodeIpv4(hex), port: parseInt(port, 16) };
    });
}

/** /proc's IPv4 is one little-endian 32-bit word: 0100007F is 127.0.0.1. */
const decodeIpv4 = (hex: string) => [6, 4, 2, 0].map((at) => parseInt(hex.slice(at, at + 2), 16)).join('.');
/** /proc's IPv6 is four little-endian 32-bit words. */
const decodeIpv6 = (hex: string) =>
  Array.from({ length: 4 }, (_, word) => hex.slice(word * 8, word * 8 + 8).match(/../g)!.reverse().join('')).join('').match(/.{4}/g)!.join(':').toLowerCase();

const isLoopback = (address: string) =>
  /^127\./.test(address) || address === '0000:0000:0000:0000:0000:0000:0000:0001' || /^0000:0000:0000:0000:0000:ffff:7f/.test(address);

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed while we read
    }
  }
  return inodes;
}

function recordedPids(state: NativeState): Array<[string, number]> {
  const pids: Array<[string, number | undefined]> = [
    ...state.kafka.map((node) => [`kafka-${node.id}`, node.pid] as [string, number | undefined]),
    ['postgres', state.postgres.pid],
    ['connect', state.connect.pid],
    ...Object.entries(state.flink?.pids ?? {}).map(([name, pid]) => [`flink-${name}`, pid] as [string, number | undefined]),
  ];
  return pids.filter((entry): entry is [string, number] => !!entry[1] && existsSync(`/proc/${entry[1]}`));
}

describe('listeners parsing (pure)', () => {
  it('decodes IPv4 and IPv6 LISTEN entries and ignores other states', () => {
    const v4 = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1\n   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1\n   2: 0100007F:1F90 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 333 1';
    expect(listeners(v4, false)).toEqual([{ inode: '111', address: '127.0.0.1', port: 8080 }, { inode: '222', address: '0.0.0.0', port: 22 }]);
    const v6 = 'header\n   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 0 0 0 0 0 444 1';
    const [entry] = listeners(v6, true);
    expect(isLoopback(entry.address)).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
  });
});

describe.skipIf(process.platform !== 'linux')('what the native stack exposes', () => {
  it('every socket its processes listen on is bound to a loopback address', async () => {
    const info = await ensure();
    if (info.provider !== 'native') return; // docker/external: someone else's processes
    const state = readState(stateDir())!;
    const all = [...listeners(readFileSync('/proc/net/tcp', 'utf8'), false), ...listeners(readFileSync('/proc/net/tcp6', 'utf8'), true)];
    const checked: string[] = [];
    for (const [service, pid] of recordedPids(state)) {
      const inodes = socketInodes(pid);
      const listening = all.filter((listener) => inodes.has(listener.inode));
      expect(listening.length, `${service} (pid ${pid}) listens somewhere`).toBeGreaterThan(0);
      for (const listener of listening) {
        expect(isLoopback(listener.address), `${service} (pid ${pid}) listens on ${listener.address}:${listener.port}`).toBe(true);
        checked.push(`${service} ${listener.address}:${listener.port}`);
      }
    }
    expect(checked.some((entry) => entry.startsWith('kafka-1'))).toBe(true);
    expect(checked.some((entry) => entry.startsWith('postgres'))).toBe(true);
      tally(`loopback only: ${checked.length} listening sockets of ${recordedPids(state).length} processes checked`, {});
  }, 300_000);

  it('the secrets the stack generates are readable by their owner only', async () => {
    const info = await ensure();
    if (info.provider !== 'native') return;
    const secrets = join(stateDir(), 'secrets');
    expect(existsSync(join(secrets, 'debezium-password'))).toBe(true);
    expect(statSync(secrets).mode & 0o077).toBe(0);
    for (const file of readdirSync(secrets)) expect(statSync(join(secrets, file)).mode & 0o077, file).toBe(0);
    // initdb's password file is removed once the cluster exists.
    expect(existsSync(join(stateDir(), 'postgres', 'initdb-password'))).toBe(false);
  }, 300_000);
});
