/**
 * The 30 products of datasets/shop (seed.sql), as the generators need them: id, price in cents and
 * how popular each one is. A unit test checks the prices against seed.sql so the two never drift.
 */
export const SHOP_PRODUCTS: ReadonlyArray<{ id: number; priceCents: number; popularity: number }> = [
  [189900, 2], [24990, 6], [8990, 8], [279900, 1], [32990, 3], [429900, 1], [7990, 7], [34990, 3], [49990, 3], [21990, 3],
  [39990, 2], [17990, 3], [44990, 3], [15990, 2], [38990, 1], [27990, 2], [5490, 10], [3990, 8], [2290, 5], [1590, 6],
  [2890, 5], [6990, 6], [18990, 2], [39990, 3], [14990, 3], [11990, 4], [5990, 7], [3990, 8], [2990, 4], [8990, 2],
].map(([priceCents, popularity], index) => ({ id: index + 1, priceCents, popularity }));

/** Customer ids of datasets/shop: 1..50. */
export const SHOP_CUSTOMER_COUNT = 50;
