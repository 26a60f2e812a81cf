import { describe, expect, it } from 'vitest';
import { catalog } from '../../../kernel-helpers/src/exercises/catalog/index';

/** The Flink checkers refuse a query without the asked window TVF before touching Kafka or Flink (no stack needed). */
describe('Flink exercise checkers, before running anything', () => {
  it('07a asks for the TUMBLE window TVF', async () => {
    const differences = await catalog['flink-tvf-marca-dagua-10s'].check(() => ({ watermark: '10 s', query: 'SELECT TUMBLE_START(event_time, INTERVAL \'1\' MINUTE) FROM t GROUP BY TUMBLE(event_time, INTERVAL \'1\' MINUTE)' }));
    expect(differences).toEqual([expect.stringMatching(/^a consulta não usa a TVF de janela: FROM TABLE\(TUMBLE\(/)]);
  });

  it('07b asks for HOP, and hands the learner the table name', async () => {
    let table = '';
    const differences = await catalog['flink-janelas-hop'].check((name) => {
      table = name;
      return `SELECT * FROM TABLE(TUMBLE(TABLE ${name}, DESCRIPTOR(event_time), INTERVAL '2' MINUTES))`;
    });
    expect(table).toBe('leituras_hop');
    expect(differences).toEqual([expect.stringMatching(/^a consulta não usa HOP: /)]);
  });
});
