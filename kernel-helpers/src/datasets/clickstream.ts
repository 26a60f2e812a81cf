import { SHOP_CUSTOMER_COUNT, SHOP_PRODUCTS } from './shop-catalog.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';

/** One page view or action of a user on the shop's web site. */
export interface ClickEvent {
  /** Event time, ms since the epoch. */
  ts: number;
  /** The user (a shop customer id, 1..users). */
  userId: number;
  /** The session this click belongs to, "<userId>-<n>": the ground truth a session window should find. */
  sessionId: string;
  /** Path of the page, e.g. "/", "/busca", "/produto/17", "/carrinho", "/checkout", "/pedido/confirmado". */
  page: string;
  /** What the user did on the page. */
  action: 'view' | 'add_to_cart' | 'purchase';
  /** The product on a product page, added to the cart or bought; null elsewhere. */
  productId: number | null;
}

export interface ClickstreamOptions {
  /** Same seed, same stream. Default 1. */
  seed?: number;
  /** Number of users, ids 1..users (default 50, the shop's customers). */
  users?: number;
  /** Number of clicks to generate (default 1000). */
  events?: number;
  /** Time of the first possible click, ms (default 2026-03-09 09:00 Brasília, the Monday after the shop's week). */
  start?: number;
  /** Clicks of one session are never further apart than this (default 5 min). */
  maxGapInSessionMs?: number;
  /** A user's sessions are always at least this far apart (default 30 min). */
  minGapBetweenSessionsMs?: number;
}

type Step = 'home' | 'search' | 'product' | 'cart' | 'checkout' | 'purchase' | 'exit';

/** Where a user goes next from each page: [next step, weight]. */
const NEXT_STEP: Record<Exclude<Step, 'exit'>, ReadonlyArray<readonly [Step, number]>> = {
  home: [['search', 35], ['product', 40], ['exit', 25]],
  search: [['product', 70], ['search', 10], ['exit', 20]],
  product: [['product', 35], ['cart', 20], ['search', 15], ['home', 5], ['exit', 25]],
  cart: [['checkout', 50], ['product', 25], ['exit', 25]],
  checkout: [['purchase', 70], ['exit', 30]],
  purchase: [['home', 40], ['exit', 60]],
};
const LANDING: ReadonlyArray<readonly [Step, number]> = [['home', 5], ['product', 3], ['search', 2]];
const MEAN_THINK_TIME_MS = 40_000;
const MEAN_EXTRA_INACTIVITY_MS = 90 * 60_000;

interface UserState {
  userId: number;
  nextTs: number;
  session: number;
  step: Step;
  productId: number | null;
}

/**
 * A deterministic clickstream: users browse in sessions (landing page, searches, products, cart,
 * checkout) separated by long inactivity, so a session window with a gap between
 * `maxGapInSessionMs` and `minGapBetweenSessionsMs` finds exactly the generated sessions.
 * Events come in event-time order (ties by user id).
 */
export function clickstream(options: ClickstreamOptions = {}): ClickEvent[] {
  const random = seededRandom(options.seed ?? 1);
  const users = options.users ?? SHOP_CUSTOMER_COUNT;
  const count = options.events ?? 1000;
  const start = options.start ?? Date.UTC(2026, 2, 9, 12);
  const maxGap = options.maxGapInSessionMs ?? 5 * 60_000;
  const minInactivity = options.minGapBetweenSessionsMs ?? 30 * 60_000;
  const productPopularity = SHOP_PRODUCTS.map((product) => [product.id, product.popularity] as const);

  const states: UserState[] = Array.from({ length: users }, (_, index) => {
    const step = random.weighted(LANDING);
    const firstClick = start + Math.floor(random.next() * 60 * 60_000);
    return { userId: index + 1, nextTs: firstClick, session: 1, step, productId: step === 'product' ? random.weighted(productPopularity) : null };
  });
  const events: ClickEvent[] = [];
  while (events.length < count && states.length > 0) {
    // The user whose next click comes first (lowest id on ties): events leave in event-time order.
    const user = states.reduce((first, state) => (state.nextTs < first.nextTs ? state : first));
    events.push(click(user));
    advance(user, random, { maxGap, minInactivity, productPopularity });
  }
  return events;
}

function click(user: UserState): ClickEvent {
  const base = { ts: user.nextTs, userId: user.userId, sessionId: `${user.userId}-${user.session}` };
  switch (user.step) {
    case 'home': return { ...base, page: '/', action: 'view', productId: null };
    case 'search': return { ...base, page: '/busca', action: 'view', productId: null };
    case 'product': return { ...base, page: `/produto/${user.productId}`, action: 'view', productId: user.productId };
    case 'cart': return { ...base, page: '/carrinho', action: 'add_to_cart', productId: user.productId };
    case 'checkout': return { ...base, page: '/checkout', action: 'view', productId: null };
    default: return { ...base, page: '/pedido/confirmado', action: 'purchase', productId: user.productId };
  }
}

function advance(user: UserState, random: SeededRandom, limits: { maxGap: number; minInactivity: number; productPopularity: ReadonlyArray<readonly [number, number]> }): void {
  const next = random.weighted(NEXT_STEP[user.step as Exclude<Step, 'exit'>]);
  if (next === 'exit') {
    user.nextTs += limits.minInactivity + Math.floor(random.exponential(MEAN_EXTRA_INACTIVITY_MS));
    user.session += 1;
    user.step = random.weighted(LANDING);
    user.productId = user.step === 'product' ? random.weighted(limits.productPopularity) : null;
    return;
  }
  user.nextTs += Math.min(limits.maxGap, 2000 + Math.floor(random.exponential(MEAN_THINK_TIME_MS)));
  if (next === 'product') user.productId = random.weighted(limits.productPopularity);
  user.step = next;
}
