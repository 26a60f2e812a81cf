import { describe, expect, it } from 'vitest';
import { applyLedgerEvent, decideWithdrawal, notificationOf, rebuildLedger, stateTransferOf, type LedgerEvent } from '../../../kernel-helpers/src/events/ledger';

const events: LedgerEvent[] = [
  { type: 'AccountOpened', accountId: 'a', owner: 'Ana' },
  { type: 'AccountOpened', accountId: 'b', owner: 'Bruno' },
  { type: 'Deposited', accountId: 'a', amount: 10_000 },
  { type: 'Withdrawn', accountId: 'a', amount: 2_500 },
  { type: 'Deposited', accountId: 'b', amount: 300 },
  { type: 'WithdrawalRejected', accountId: 'b', amount: 5_000, reason: 'saldo insuficiente' },
];

describe('ledger fold (event sourcing)', () => {
  it('rebuilds every balance and version from the events alone', () => {
    const ledger = rebuildLedger(events);
    expect(ledger.get('a')).toEqual({ accountId: 'a', owner: 'Ana', balance: 7_500, version: 3 });
    expect(ledger.get('b')).toEqual({ accountId: 'b', owner: 'Bruno', balance: 300, version: 3 });
  });

  it('gives the same state when folded in two halves (state after n events is a prefix fold)', () => {
    const half = rebuildLedger(events.slice(0, 3));
    const resumed = events.slice(3).reduce((account, event) => (event.accountId === 'a' ? applyLedgerEvent(account, event) : account), half.get('a'));
    expect(resumed).toEqual(rebuildLedger(events).get('a'));
  });

  it('a rejected withdrawal changes the version but not the balance', () => {
    const before = { accountId: 'b', owner: 'Bruno', balance: 300, version: 2 };
    expect(applyLedgerEvent(before, { type: 'WithdrawalRejected', accountId: 'b', amount: 5_000, reason: 'x' })).toEqual({ ...before, version: 3 });
  });

  it('decides a withdrawal from the current state: accepted, rejected for balance, rejected for a missing account', () => {
    const account = { accountId: 'a', owner: 'Ana', balance: 1_000, version: 2 };
    expect(decideWithdrawal(account, 'a', 1_000)).toEqual({ type: 'Withdrawn', accountId: 'a', amount: 1_000 });
    expect(decideWithdrawal(account, 'a', 1_001)).toMatchObject({ type: 'WithdrawalRejected', reason: 'saldo insuficiente' });
    expect(decideWithdrawal(undefined, 'z', 1)).toMatchObject({ type: 'WithdrawalRejected', reason: 'conta inexistente' });
  });

  it('a notification carries only the fact; state transfer carries the resulting balance', () => {
    const after = rebuildLedger(events.slice(0, 3)).get('a')!;
    expect(notificationOf(events[2])).toEqual({ type: 'Deposited', accountId: 'a' });
    expect(stateTransferOf(events[2], after)).toEqual({ type: 'Deposited', accountId: 'a', amount: 10_000, balanceAfter: 10_000, version: 2 });
  });
});
