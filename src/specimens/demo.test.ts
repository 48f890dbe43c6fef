import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedDemoAccounts } from '../demo/seed-accounts.js';
import { openTestDb, type TestDb } from '../testing/test-db.js';
import { seedDemoSpecimens } from './demo.js';
import { insertCases } from './test-fixtures.js';

/** The demo step turns each case's history into specimens, shipments and custody at the same times. */
describe('demo specimens', () => {
  let db: TestDb;
  const at = (day: number) => new Date(Date.UTC(2026, 0, day, 9));

  before(async () => {
    db = await openTestDb('pglite');
    await seedDemoAccounts(db);
    await insertCases(db.raw, [
      { id: 'K-000101', domain: 'cancer', hospital: 'H-TOKYO', proband: 'P-101' },
      { id: 'K-000102', domain: 'rare_disease', hospital: 'H-OSAKA', proband: 'P-102',
        family: [{ id: 'P-102M', relationship: 'mother' }, { id: 'P-102F', relationship: 'father' }] },
      { id: 'K-000103', domain: 'cancer', hospital: 'H-TOKYO', proband: 'P-103' },
      { id: 'K-000104', domain: 'cancer', hospital: 'H-TOKYO', proband: 'P-104' },
      { id: 'K-000105', domain: 'cancer', hospital: 'H-TOKYO', proband: 'P-105' },
      { id: 'K-000106', domain: 'cancer', hospital: 'H-KYOTO', proband: 'P-106' },
    ]);
    // [to, actor org, note] per move, as the registry's demo writes them
    type Move = [string, string?, string?];
    const history: Array<[string, Move[]]> = [
      ['K-000101', [['specimen_collected'], ['shipped', 'H-TOKYO', 'shipped to SEQ-B'], ['received', 'SEQ-B'], ['sequenced', 'SEQ-B']]],
      ['K-000102', [['specimen_collected'], ['shipped', 'H-OSAKA', 'shipped to SEQ-A']]],
      ['K-000103', [['specimen_collected']]],
      ['K-000104', [['specimen_collected']]],
      ['K-000106', [['specimen_collected'], ['shipped', 'H-KYOTO', 'shipped to SEQ-A'], ['received', 'SEQ-A'], ['sequenced', 'SEQ-A'],
        ['data_received', 'DC'], ['qc_failed', 'DC'], ['specimen_collected', 'H-KYOTO']]],
    ];
    for (const [caseId, moves] of history) {
      let from = 'consented';
      for (const [i, [to, org, note]] of moves.entries()) {
        await db.raw.query('INSERT INTO case_events (case_id, from_state, to_state, at, actor_org_id, note) VALUES ($1, $2, $3, $4, $5, $6)',
          [caseId, from, to, at(10 + i * 3), org ?? null, note ?? null]);
        from = to;
      }
      await db.raw.query('UPDATE cases SET state = $2 WHERE id = $1', [caseId, from]);
    }
    await seedDemoSpecimens(db, { seed: 7 });
  });
  after(() => db?.close());

  test('cancer: tumour and blood normal; rare disease: blood of proband and family; none before collection', async () => {
    const rows = await db.query<{ case_id: string; participant_id: string; type: string; status: string; barcode: string }>(
      'SELECT case_id, participant_id, type, status, barcode FROM specimens ORDER BY case_id, barcode');
    assert.deepEqual(rows.map((r) => [r.case_id, r.participant_id, r.type.startsWith('tumour') ? 'tumour' : r.type, r.status, r.barcode]), [
      ['K-000101', 'P-101', 'blood_normal', 'received', 'TOKYO-K000101-N'],
      ['K-000101', 'P-101', 'tumour', 'received', 'TOKYO-K000101-T'],
      ['K-000102', 'P-102F', 'family_blood', 'shipped', 'OSAKA-K000102-F1'],
      ['K-000102', 'P-102M', 'family_blood', 'shipped', 'OSAKA-K000102-F2'],
      ['K-000102', 'P-102', 'blood_normal', 'shipped', 'OSAKA-K000102-N'],
      ['K-000103', 'P-103', 'blood_normal', 'collected', 'TOKYO-K000103-N'],
      ['K-000103', 'P-103', 'tumour', 'collected', 'TOKYO-K000103-T'],
      ['K-000104', 'P-104', 'blood_normal', 'collected', 'TOKYO-K000104-N'],
      ['K-000104', 'P-104', 'tumour', 'collected', 'TOKYO-K000104-T'],
      ['K-000106', 'P-106', 'blood_normal', 'received', 'KYOTO-K000106-N'],
      ['K-000106', 'P-106', 'blood_normal', 'collected', 'KYOTO-K000106-N-R2'],
      ['K-000106', 'P-106', 'tumour', 'received', 'KYOTO-K000106-T'],
      ['K-000106', 'P-106', 'tumour', 'collected', 'KYOTO-K000106-T-R2'],
    ]);
  });

  test('shipments go where the history says: received, dispatched (the inbox), a packed one for the first waiting case', async () => {
    const rows = await db.query<{ from_org_id: string; to_org_id: string; status: string; created_at: Date; dispatched_at: Date | null; received_at: Date | null; n: number; ok: number }>(
      `SELECT sh.from_org_id, sh.to_org_id, sh.status, sh.created_at, sh.dispatched_at, sh.received_at,
              count(*)::int AS n, count(*) FILTER (WHERE i.check_result = 'ok')::int AS ok
         FROM shipments sh JOIN shipment_items i ON i.shipment_id = sh.id
        GROUP BY sh.id ORDER BY sh.created_at, sh.from_org_id = 'H-KYOTO', sh.from_org_id DESC`);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    assert.deepEqual(rows.map((r) => [r.from_org_id, r.to_org_id, r.status, iso(r.created_at), iso(r.dispatched_at), iso(r.received_at), r.n, r.ok]), [
      ['H-TOKYO', rows[0]!.to_org_id, 'created', iso(at(10)), null, null, 2, 0],
      ['H-TOKYO', 'SEQ-B', 'received', iso(at(13)), iso(at(13)), iso(at(16)), 2, 2],
      ['H-OSAKA', 'SEQ-A', 'dispatched', iso(at(13)), iso(at(13)), null, 3, 0],
      ['H-KYOTO', 'SEQ-A', 'received', iso(at(13)), iso(at(13)), iso(at(16)), 2, 2],
    ]);
    const [dest] = await db.query<{ bad: number }>(
      "SELECT count(*)::int AS bad FROM shipments sh JOIN organisations o ON o.id = sh.to_org_id WHERE o.type <> 'sequencing_company'");
    assert.equal(dest?.bad, 0);
  });

  test('custody events carry the times of the case events', async () => {
    const rows = await db.query<{ event: string; at: Date; org_id: string }>(
      `SELECT c.event, c.at, c.org_id FROM custody_events c JOIN specimens s ON s.id = c.specimen_id
        WHERE s.barcode = 'TOKYO-K000101-T' ORDER BY c.at, c.id`);
    const shipTo = 'SEQ-B';
    assert.deepEqual(rows.map((r) => [r.event, r.at.toISOString(), r.org_id]), [
      ['collected', at(10).toISOString(), 'H-TOKYO'],
      ['packed', at(13).toISOString(), 'H-TOKYO'],
      ['dispatched', at(13).toISOString(), 'H-TOKYO'],
      ['received', at(16).toISOString(), shipTo],
    ]);
  });

  test('running the step again adds nothing', async () => {
    const count = async () => (await db.query<{ n: number }>('SELECT (SELECT count(*) FROM specimens) + (SELECT count(*) FROM custody_events) AS n'))[0]?.n;
    const before = await count();
    await seedDemoSpecimens(db, { seed: 7 });
    assert.equal(await count(), before);
  });
});
