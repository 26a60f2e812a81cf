/**
 * Event sourcing on a small ledger: the events are the source of truth and an account's state is
 * a left fold over them. Also the two other ways of "telling others": a notification (what
 * happened, no state) and event-carried state transfer (what happened plus the resulting state).
 */

/** What can happen to an account, in order, per account. */
export type LedgerEvent =
  | { type: 'AccountOpened'; accountId: string; owner: string }
  | { type: 'Deposited'; accountId: string; amount: number }
  | { type: 'Withdrawn'; accountId: string; amount: number }
  | { type: 'WithdrawalRejected'; accountId: string; amount: number; reason: string };

/** An account as the fold leaves it. */
export interface Account {
  accountId: string;
  owner: string;
  /** In cents, to keep sums exact. */
  balance: number;
  /** How many events were applied (the aggregate's version). */
  version: number;
}

/** Applies one event to an account (undefined before AccountOpened). Pure. */
export function applyLedgerEvent(account: Account | undefined, event: LedgerEvent): Account {
  if (event.type === 'AccountOpened') return { accountId: event.accountId, owner: event.owner, balance: 0, version: 1 };
  const current = account ?? { accountId: event.accountId, owner: '?', balance: 0, version: 0 };
  const delta = event.type === 'Deposited' ? event.amount : event.type === 'Withdrawn' ? -event.amount : 0;
  return { ...current, balance: current.balance + delta, version: current.version + 1 };
}

/** Every account rebuilt from `events` (a fold, in order), keyed by account id. Pure. */
export function rebuildLedger(events: Iterable<LedgerEvent>): Map<string, Account> {
  const accounts = new Map<string, Account>();
  for (const event of events) accounts.set(event.accountId, applyLedgerEvent(accounts.get(event.accountId), event));
  return accounts;
}

/**
 * The command side: decides which event a withdrawal produces given the current state (a
 * withdrawal above the balance is rejected, and the rejection is an event too). Pure.
 */
export function decideWithdrawal(account: Account | undefined, accountId: string, amount: number): LedgerEvent {
  if (!account) return { type: 'WithdrawalRejected', accountId, amount, reason: 'conta inexistente' };
  if (account.balance < amount) return { type: 'WithdrawalRejected', accountId, amount, reason: 'saldo insuficiente' };
  return { type: 'Withdrawn', accountId, amount };
}

/** Event notification: only the fact and the id; whoever needs the state asks the owner. */
export function notificationOf(event: LedgerEvent): { type: string; accountId: string } {
  return { type: event.type, accountId: event.accountId };
}

/** Event-carried state transfer: the fact plus the state after it, so consumers need not call back. */
export function stateTransferOf(event: LedgerEvent, after: Account): LedgerEvent & { balanceAfter: number; version: number } {
  return { ...event, balanceAfter: after.balance, version: after.version };
}
