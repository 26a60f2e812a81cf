#!/usr/bin/env node
// Writes datasets/shop/seed.sql: the `shop` data the CDC lessons start from.
//
//   node datasets/shop/generate.mjs            rewrites seed.sql next to this script
//   node datasets/shop/generate.mjs out.sql    writes to out.sql instead
//
// Deterministic: a seeded PRNG, integer cents, UTC arithmetic rendered at a fixed -03:00 offset,
// no locale-dependent calls. Running it again produces the same bytes; a test checks that.
// No dependencies beyond Node's standard library.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const SEED = 20260302;
const CUSTOMER_COUNT = 50;
const ORDER_COUNT = 200;

/** The order week: Monday 2026-03-02 00:00 to Monday 2026-03-09 00:00, Brasília time (UTC-3, no DST since 2019). */
const OFFSET_HOURS = -3;
const WEEK_START = Date.UTC(2026, 2, 2, -OFFSET_HOURS);
const SNAPSHOT = WEEK_START + 7 * 24 * 3600_000;
/** Customers signed up between this date and the start of the week. */
const SIGNUP_START = Date.UTC(2025, 0, 6, -OFFSET_HOURS);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// PRNG: mulberry32 (32-bit state, integer-only arithmetic, identical on every JS engine).

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (items) => items[Math.floor(random() * items.length)];
/** Picks from `[item, weight]` pairs. */
function weighted(pairs) {
  const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
  let target = random() * total;
  for (const [item, weight] of pairs) {
    target -= weight;
    if (target < 0) return item;
  }
  return pairs[pairs.length - 1][0];
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const FIRST_NAMES = [
  'Ana', 'Maria', 'João', 'José', 'Pedro', 'Lucas', 'Gabriel', 'Rafael', 'Beatriz', 'Juliana',
  'Fernanda', 'Camila', 'Larissa', 'Mariana', 'Letícia', 'Bruno', 'Felipe', 'Gustavo', 'Thiago',
  'Matheus', 'Carlos', 'Paulo', 'Francisca', 'Antônia', 'Raimundo', 'Sebastião', 'Conceição',
  'Luiz', 'Marcos', 'Patrícia', 'Aline', 'Vitória', 'Heitor', 'Helena', 'Davi', 'Valentina',
  'Enzo', 'Isabela', 'Caio', 'Débora', 'Júlia', 'Otávio', 'Cecília', 'Renan', 'Tainá',
];

const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima',
  'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes',
  'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques',
  'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira',
  'Araújo', 'Cavalcanti', 'Monteiro', 'Bezerra', 'Farias',
];

/** [city, UF, weight]: weights loosely follow population, so São Paulo and Rio dominate. */
const CITIES = [
  ['São Paulo', 'SP', 12], ['Rio de Janeiro', 'RJ', 7], ['Belo Horizonte', 'MG', 4],
  ['Salvador', 'BA', 4], ['Fortaleza', 'CE', 3], ['Brasília', 'DF', 4], ['Curitiba', 'PR', 3],
  ['Recife', 'PE', 3], ['Porto Alegre', 'RS', 3], ['Manaus', 'AM', 2], ['Belém', 'PA', 2],
  ['Goiânia', 'GO', 2], ['Campinas', 'SP', 2], ['Florianópolis', 'SC', 2], ['Natal', 'RN', 1],
  ['João Pessoa', 'PB', 1], ['Maceió', 'AL', 1], ['São Luís', 'MA', 1], ['Teresina', 'PI', 1],
  ['Vitória', 'ES', 1], ['Cuiabá', 'MT', 1], ['Campo Grande', 'MS', 1], ['Aracaju', 'SE', 1],
  ['Porto Velho', 'RO', 1], ['Ribeirão Preto', 'SP', 1], ['Uberlândia', 'MG', 1],
  ['Joinville', 'SC', 1], ['Londrina', 'PR', 1], ['Santos', 'SP', 1], ['Niterói', 'RJ', 1],
];

/** Reserved documentation domains (RFC 2606): no address here can belong to a real person. */
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

/**
 * The catalogue, written by hand: [sku, name, category, price in cents, popularity weight].
 * One name carries an apostrophe on purpose (SQL quoting, JSON in CDC events).
 */
const PRODUCTS = [
  ['ELE-001', 'Smartphone 128 GB', 'Eletrônicos', 189900, 2],
  ['ELE-002', 'Fone de ouvido Bluetooth', 'Eletrônicos', 24990, 6],
  ['ELE-003', 'Carregador USB-C 20 W', 'Eletrônicos', 8990, 8],
  ['ELE-004', 'Smart TV 50" 4K', 'Eletrônicos', 279900, 1],
  ['ELE-005', 'Caixa de som portátil', 'Eletrônicos', 32990, 3],
  ['INF-001', 'Notebook 15,6" 16 GB', 'Informática', 429900, 1],
  ['INF-002', 'Mouse sem fio', 'Informática', 7990, 7],
  ['INF-003', 'Teclado mecânico ABNT2', 'Informática', 34990, 3],
  ['INF-004', 'SSD 1 TB NVMe', 'Informática', 49990, 3],
  ['CAS-001', 'Cafeteira elétrica 30 xícaras', 'Casa e cozinha', 21990, 3],
  ['CAS-002', 'Jogo de panelas antiaderente 5 peças', 'Casa e cozinha', 39990, 2],
  ['CAS-003', 'Liquidificador 900 W', 'Casa e cozinha', 17990, 3],
  ['CAS-004', 'Air fryer 4 L', 'Casa e cozinha', 44990, 3],
  ['CAS-005', 'Jogo de cama casal 4 peças', 'Casa e cozinha', 15990, 2],
  ['CON-001', "Caixa d'água 500 L", 'Construção', 38990, 1],
  ['CON-002', 'Furadeira de impacto 650 W', 'Construção', 27990, 2],
  ['MER-001', 'Café torrado em grãos 1 kg', 'Mercearia', 5490, 10],
  ['MER-002', 'Azeite de oliva extravirgem 500 ml', 'Mercearia', 3990, 8],
  ['MER-003', 'Erva-mate para chimarrão 1 kg', 'Mercearia', 2290, 5],
  ['MER-004', 'Doce de leite pastoso 400 g', 'Mercearia', 1590, 6],
  ['MER-005', 'Castanha-do-pará 200 g', 'Mercearia', 2890, 5],
  ['BEL-001', 'Protetor solar FPS 50', 'Beleza', 6990, 6],
  ['BEL-002', 'Perfume 100 ml', 'Beleza', 18990, 2],
  ['ESP-001', 'Tênis de corrida', 'Esporte e lazer', 39990, 3],
  ['ESP-002', 'Bola de futebol oficial', 'Esporte e lazer', 14990, 3],
  ['ESP-003', 'Garrafa térmica 1 L', 'Esporte e lazer', 11990, 4],
  ['MOD-001', 'Camiseta de algodão', 'Moda', 5990, 7],
  ['MOD-002', 'Chinelo de borracha', 'Moda', 3990, 8],
  ['LIV-001', 'Livro: Dom Casmurro', 'Livros', 2990, 4],
  ['LIV-002', 'Livro: Grande Sertão: Veredas', 'Livros', 8990, 2],
];

// ---------------------------------------------------------------------------------------------
// Rendering helpers.

const ASCII = { á: 'a', à: 'a', â: 'a', ã: 'a', é: 'e', ê: 'e', í: 'i', ó: 'o', ô: 'o', õ: 'o', ú: 'u', ü: 'u', ç: 'c' };
/** Lower-case ASCII for e-mail local parts, with an explicit table (no ICU, no locale). */
const asciiLower = (text) => [...text.toLowerCase()].map((ch) => ASCII[ch] ?? ch).join('');

const sqlText = (value) => `'${value.replaceAll("'", "''")}'`;
const sqlCents = (cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const pad = (n) => String(n).padStart(2, '0');
/** A UTC instant as a timestamptz literal at the fixed Brasília offset, e.g. '2026-03-02 09:14:27-03'. */
function sqlTimestamp(utcMs) {
  const local = new Date(utcMs + OFFSET_HOURS * HOUR);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `'${date} ${time}${OFFSET_HOURS < 0 ? '-' : '+'}${pad(Math.abs(OFFSET_HOURS))}'`;
}
/** The local calendar date of a UTC instant, e.g. 2026-03-02. */
const localDate = (utcMs) => sqlTimestamp(utcMs).slice(1, 11);
/** Whole seconds, so the literal round-trips exactly. */
const toSecond = (ms) => Math.floor(ms / 1000) * 1000;

// ---------------------------------------------------------------------------------------------
// Customers: unique names, e-mails derived from them, weighted cities, sign-up before the week.

function generateCustomers() {
  const names = new Set();
  const emails = new Set();
  const customers = [];
  while (customers.length < CUSTOMER_COUNT) {
    const first = pick(FIRST_NAMES);
    const last = pick(SURNAMES);
    const middle = random() < 0.35 ? pick(SURNAMES) : undefined;
    if (middle === last) continue;
    const name = middle ? `${first} ${middle} ${last}` : `${first} ${last}`;
    if (names.has(name)) continue;
    names.add(name);

    const base = `${asciiLower(first)}.${asciiLower(last)}`;
    let local = random() < 0.3 ? `${base}${int(1, 99)}` : base;
    while (emails.has(local)) local = `${base}${int(1, 99)}`;
    emails.add(local);

    const [city, state] = weighted(CITIES.map(([c, uf, w]) => [[c, uf], w]));
    const createdAt = toSecond(SIGNUP_START + Math.floor(random() * (WEEK_START - SIGNUP_START)));
    customers.push({ name, email: `${local}@${pick(EMAIL_DOMAINS)}`, city, state, createdAt });
  }
  // Ids follow sign-up order, as an identity column would have given them.
  customers.sort((a, b) => a.createdAt - b.createdAt);
  return customers.map((customer, index) => ({ id: index + 1, ...customer }));
}

// ---------------------------------------------------------------------------------------------
// Orders: a week of purchases, busier in the evening, each one as far along its life
// (created -> paid -> shipped -> delivered, or cancelled) as the snapshot time allows.

/** Hour-of-day weights: quiet at night, peaks at lunch and in the evening. */
const HOUR_WEIGHTS = [1, 1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 6, 7, 6, 5, 5, 6, 7, 8, 9, 10, 9, 6, 3];
/** Weekday weights, Monday first: a little more on Monday and Sunday evening. */
const DAY_WEIGHTS = [16, 14, 14, 13, 14, 12, 17];

function lifecycle(createdAt) {
  if (random() < 0.06) {
    const cancelledAt = createdAt + int(10, 36 * 60) * MINUTE;
    if (cancelledAt < SNAPSHOT) return { status: 'cancelled', updatedAt: cancelledAt };
    return { status: 'created', updatedAt: createdAt };
  }
  // Card payments clear in minutes; boleto/PIX-later ones can take up to two days.
  const paidAt = createdAt + (random() < 0.8 ? int(1, 30) : int(60, 48 * 60)) * MINUTE;
  const shippedAt = paidAt + int(6 * 60, 48 * 60) * MINUTE;
  const deliveredAt = shippedAt + int(24 * 60, 5 * 24 * 60) * MINUTE;
  if (deliveredAt < SNAPSHOT) return { status: 'delivered', updatedAt: deliveredAt };
  if (shippedAt < SNAPSHOT) return { status: 'shipped', updatedAt: shippedAt };
  if (paidAt < SNAPSHOT) return { status: 'paid', updatedAt: paidAt };
  return { status: 'created', updatedAt: createdAt };
}

function generateOrders(customers, products) {
  // Some customers buy often, most buy once or twice: weight customers unevenly.
  const customerWeights = customers.map((customer) => [customer, weighted([[1, 6], [2, 3], [5, 1]])]);
  const productWeights = products.map((product) => [product, product.weight]);
  const orders = [];
  for (let n = 0; n < ORDER_COUNT; n++) {
    const day = weighted(DAY_WEIGHTS.map((w, d) => [d, w]));
    const hour = weighted(HOUR_WEIGHTS.map((w, h) => [h, w]));
    const createdAt = WEEK_START + day * DAY + hour * HOUR + int(0, 3599) * 1000;
    // Every customer signed up before the week starts, so anyone can order at any time.
    const customer = weighted(customerWeights);
    const product = weighted(productWeights);
    // Cheap items come in larger quantities; expensive ones almost always alone.
    const quantity = product.priceCents < 10000
      ? weighted([[1, 50], [2, 25], [3, 12], [4, 6], [5, 4], [6, 3]])
      : weighted([[1, 90], [2, 10]]);
    const { status, updatedAt } = lifecycle(createdAt);
    orders.push({
      customerId: customer.id,
      productId: product.id,
      quantity,
      amountCents: product.priceCents * quantity,
      status,
      createdAt,
      updatedAt,
    });
  }
  // Ids follow creation time, as a live system would have assigned them.
  orders.sort((a, b) => a.createdAt - b.createdAt);
  return orders.map((order, index) => ({ id: index + 1, ...order }));
}

// ---------------------------------------------------------------------------------------------
// SQL.

function insert(table, columns, rows) {
  const lines = rows.map((row, i) => `  (${row.join(', ')})${i === rows.length - 1 ? ';' : ','}`);
  return [`INSERT INTO public.${table} (${columns.join(', ')}) VALUES`, ...lines].join('\n');
}

function render(customers, products, orders) {
  const resetSequence = (table) =>
    `SELECT setval(pg_get_serial_sequence('public.${table}', 'id'), (SELECT max(id) FROM public.${table}));`;
  return [
    '-- The `shop` data for the CDC lessons. Generated by datasets/shop/generate.mjs: do not edit by',
    '-- hand; run `node datasets/shop/generate.mjs` to rewrite it (same bytes every time).',
    `-- ${customers.length} customers, ${products.length} products, ${orders.length} orders placed from ${localDate(WEEK_START)} to ${localDate(SNAPSHOT - 1000)}`,
    '-- (Brasília time). Generated data, released under CC0 1.0.',
    '-- Load after schema.sql, into an empty `shop` database. Plain SQL, no psql meta-commands.',
    '',
    "SET client_encoding = 'UTF8';",
    '',
    'BEGIN;',
    '',
    insert(
      'customers',
      ['id', 'name', 'email', 'city', 'state', 'created_at'],
      customers.map((c) => [c.id, sqlText(c.name), sqlText(c.email), sqlText(c.city), sqlText(c.state), sqlTimestamp(c.createdAt)]),
    ),
    '',
    insert(
      'products',
      ['id', 'sku', 'name', 'category', 'price'],
      products.map((p) => [p.id, sqlText(p.sku), sqlText(p.name), sqlText(p.category), sqlCents(p.priceCents)]),
    ),
    '',
    insert(
      'orders',
      ['id', 'customer_id', 'product_id', 'quantity', 'amount', 'status', 'created_at', 'updated_at'],
      orders.map((o) => [
        o.id, o.customerId, o.productId, o.quantity, sqlCents(o.amountCents), sqlText(o.status),
        sqlTimestamp(o.createdAt), sqlTimestamp(o.updatedAt),
      ]),
    ),
    '',
    '-- The ids above were explicit: move each identity sequence past them so new rows do not collide.',
    resetSequence('customers'),
    resetSequence('products'),
    resetSequence('orders'),
    '',
    'COMMIT;',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

const customers = generateCustomers();
const products = PRODUCTS.map(([sku, name, category, priceCents, weight], index) => ({
  id: index + 1, sku, name, category, priceCents, weight,
}));
const orders = generateOrders(customers, products);

const here = dirname(fileURLToPath(import.meta.url));
const output = process.argv[2] ? resolve(process.argv[2]) : join(here, 'seed.sql');
writeFileSync(output, render(customers, products, orders), 'utf8');
