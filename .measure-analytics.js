// Throwaway measurement (not committed): flights replay throughput alone, with the processor, and with the live dashboard.
const { loadFlights, replayToTopic } = require('./kernel-helpers/dist/datasets');
const { resetTopic, joinGroup, describeTopic, deleteTopic, kafka } = require('./kernel-helpers/dist/kafka');
const { StreamsBuilder, KafkaStreams, tumbling, hopping } = require('./kernel-helpers/dist/streams');
const { liveDashboard, barChart, timeSeries } = require('./kernel-helpers/dist/viz');
const AIRPORTS = ['ORD', 'DFW', 'ATL', 'LAX', 'PHX', 'STL', 'DTW', 'BOS', 'LAS', 'DEN'];
const P = 'analytics-measure';
const end = async (t) => (await describeTopic(t)).partitions.reduce((s, p) => s + p.end, 0);
async function cleanApp(app) {
  const admin = (await kafka()).admin(); await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(P));
  if (topics.length) await admin.deleteTopics({ topics }); await admin.deleteGroups([app]).catch(() => {}); await admin.disconnect();
}
async function pipeline(flights, withCharts, round) {
  const app = `${P}-app-${round}`;
  const T = { in: `${P}-in-${round}`, h: `${P}-h-${round}`, hop: `${P}-hop-${round}` };
  for (const t of Object.values(T)) await resetTopic(t, { partitions: 1, config: { 'retention.ms': '-1' } });
  const b = new StreamsBuilder();
  const g = b.stream(T.in, { timestamp: 'date' }).groupByKey();
  const init = () => ({ flights: 0, delaySum: 0, lastSentAt: 0 });
  const add = (a, f) => ({ flights: a.flights + 1, delaySum: a.delaySum + f.delay, lastSentAt: Math.max(a.lastSentAt, f.sentAt) });
  g.windowedBy(tumbling('1h')).aggregate(init, add, { name: 'h' }).toStream().to(T.h);
  g.windowedBy(hopping('1h', '15m')).aggregate(init, add, { name: 'hop' }).toStream().to(T.hop);
  const rowsH = new Map(), rowsHop = new Map();
  const dash = withCharts ? liveDashboard({ top: barChart([], { x: 'a', y: 'd' }, { width: 320, height: 180 }), moveis: timeSeries([], { x: 'i', y: 'd', color: 'a' }, { width: 320, height: 180 }), voos: timeSeries([], { x: 'h', y: 'v', color: 'a' }, { width: 320, height: 180 }) }, { minIntervalMs: 500 }) : undefined;
  const readers = [
    await joinGroup(`${app}-r1`, T.h, { commit: 'never', onRecord: ({ value: v }) => { rowsH.set(v.key + v.windowStart, { h: v.windowStart, a: v.key, v: v.value.flights, d: v.value.delaySum / v.value.flights }); if (dash) { dash.update('voos', [...rowsH.values()], [v.value.lastSentAt]); dash.update('top', [...rowsH.values()].slice(-5)); } } }),
    await joinGroup(`${app}-r2`, T.hop, { commit: 'never', onRecord: ({ value: v }) => { rowsHop.set(v.key + v.windowStart, { i: v.windowStart, a: v.key, d: v.value.delaySum / v.value.flights }); if (dash) dash.update('moveis', [...rowsHop.values()], [v.value.lastSentAt]); } }),
  ];
  const streams = new KafkaStreams(b.build(), { applicationId: app });
  await streams.start();
  const t0 = performance.now();
  await replayToTopic(T.in, flights, { key: 'origin', value: (f) => ({ ...f, sentAt: Date.now() }) });
  const deadline = Date.now() + 120000;
  while (streams.metrics().recordsIn < flights.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300));
  await readers[0].waitForRecords(await end(T.h), 60000);
  await readers[1].waitForRecords(await end(T.hop), 60000);
  const stats = dash ? (await dash.close(), dash.stats()) : undefined;
  const seconds = (performance.now() - t0) / 1000;
  await streams.stop(); for (const r of readers) await r.stop();
  await cleanApp(app);
  return { seconds, eps: flights.length / seconds, stats };
}
(async () => {
  const flights = (await loadFlights({ from: '2001-03-12', to: '2001-03-13' })).filter((f) => AIRPORTS.includes(f.origin));
  const results = {};
  for (let round = 0; round < 2; round++) {
    const t = `${P}-alone-${round}`; await resetTopic(t, { partitions: 1, config: { 'retention.ms': '-1' } });
    const t0 = performance.now(); await replayToTopic(t, flights, { key: 'origin', value: (f) => ({ ...f, sentAt: Date.now() }) });
    (results.alone ??= []).push(flights.length / ((performance.now() - t0) / 1000)); await deleteTopic(t);
    (results.processor ??= []).push((await pipeline(flights, false, `p${round}`)).eps);
    const d = await pipeline(flights, true, `d${round}`); (results.dashboard ??= []).push(d.eps); (results.stats ??= []).push(d.stats);
  }
  console.log(JSON.stringify({ flights: flights.length, ...results }, null, 1));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
