import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { insertCases, assertRefused, type ExpectedError } from './test-fixtures.js';

/** Every refused specimen or shipment command: exact status, code and message, and nothing stored. */
for (const kind of dbKinds()) {
  describe(`specimen and shipment refusals on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    const who: Record<string, Record<string, string>> = {};
    const ids: Record<string, string> = {};

    const call = (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url: `/api${url}`, headers: who[user]!, ...(payload === undefined ? {} : { payload: payload as object }) });
    const add = async (user: string, caseId: string, participantId: string, type: string, barcode: string) => {
      const res = await call(user, 'POST', `/cases/${caseId}/specimens`, { participantId, type, barcode, collectedAt: '2026-02-01T00:00:00Z' });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const refused = (request: () => Promise<{ statusCode: number; json(): unknown }>, status: number, error: ExpectedError) =>
      assertRefused(t.db.raw, request, status, error);
    const specimen = (caseId: string, body: Record<string, unknown>) => () =>
      call('clinician', 'POST', `/cases/${caseId}/specimens`, { collectedAt: '2026-02-01T00:00:00Z', ...body });

    before(async () => {
      t = await openTestApp(kind.name);
      await insertCases(t.db.raw, [
        { id: 'K-000011', domain: 'cancer', hospital: 'H-TOKYO', proband: 'P-C1' },
        { id: 'K-000012', domain: 'rare_disease', hospital: 'H-TOKYO', proband: 'P-R1', family: [{ id: 'P-R1F', relationship: 'father' }] },
        { id: 'K-000013', domain: 'cancer', hospital: 'H-OSAKA', proband: 'P-O1' },
        { id: 'K-000014', domain: 'cancer', hospital: 'H-TOKYO', proband: 'P-W1' },
      ]);
      for (const u of ['clinician', 'clinician.osaka', 'lab']) who[u] = await t.login(u);
      ids['tumour'] = await add('clinician', 'K-000011', 'P-C1', 'tumour_fresh_frozen', 'TKY-C1-T');
      ids['normal'] = await add('clinician', 'K-000011', 'P-C1', 'blood_normal', 'TKY-C1-N');
      ids['rare'] = await add('clinician', 'K-000012', 'P-R1', 'blood_normal', 'TKY-R1-N');
      ids['osaka'] = await add('clinician.osaka', 'K-000013', 'P-O1', 'tumour_ffpe', 'OSK-O1-T');
      ids['withdrawn'] = await add('clinician', 'K-000014', 'P-W1', 'blood_normal', 'TKY-W1-N');
      // consent withdrawn after collection (as the consent module would record it)
      await t.db.raw.query("INSERT INTO case_events (case_id, from_state, to_state, at) VALUES ('K-000014', 'specimen_collected', 'withdrawn', now())");
      await t.db.raw.query("UPDATE cases SET state = 'withdrawn' WHERE id = 'K-000014'");
    });
    after(() => t?.close());

    test('a malformed barcode is 400 and says what a barcode looks like', async () => {
      await refused(specimen('K-000011', { participantId: 'P-C1', type: 'blood_normal', barcode: 'tky-c1--x' }), 400, {
        code: 'INVALID_BARCODE', kind: 'invalid_input',
        message: 'barcode: "tky-c1--x" is not a specimen barcode (6–32 characters: A–Z and 0–9 in groups joined by single hyphens)',
      });
      await refused(specimen('K-000011', { participantId: 'P-C1', type: 'blood_normal', barcode: 'AB-1' }), 400, {
        code: 'INVALID_BARCODE', kind: 'invalid_input',
        message: 'barcode: "AB-1" is not a specimen barcode (6–32 characters: A–Z and 0–9 in groups joined by single hyphens)',
      });
    });

    test('a duplicate barcode is 409, also when the first holder is another hospital', async () => {
      await refused(specimen('K-000011', { participantId: 'P-C1', type: 'blood_normal', barcode: 'OSK-O1-T' }), 409, {
        code: 'BARCODE_TAKEN', kind: 'conflict', message: 'barcode OSK-O1-T is already in use',
      });
    });

    test('two hospitals racing for one barcode: one 201, one 409, one specimen stored', async () => {
      const [a, b] = await Promise.all([
        call('clinician', 'POST', '/cases/K-000011/specimens', { participantId: 'P-C1', type: 'blood_normal', barcode: 'RACE-0001', collectedAt: '2026-02-01T00:00:00Z' }),
        call('clinician.osaka', 'POST', '/cases/K-000013/specimens', { participantId: 'P-O1', type: 'blood_normal', barcode: 'RACE-0001', collectedAt: '2026-02-01T00:00:00Z' }),
      ]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [201, 409]);
      const loser = a.statusCode === 409 ? a : b;
      assert.deepEqual(loser.json().error, { code: 'BARCODE_TAKEN', kind: 'conflict', message: 'barcode RACE-0001 is already in use', details: { field: 'barcode', barcode: 'RACE-0001' } });
      const rows = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM custody_events c JOIN specimens s ON s.id = c.specimen_id WHERE s.barcode = 'RACE-0001'");
      assert.equal(rows[0]?.n, 1, 'one specimen, one collected event');
    });

    test('a tumour specimen in a rare-disease case is 400', async () => {
      await refused(specimen('K-000012', { participantId: 'P-R1', type: 'tumour_ffpe', barcode: 'TKY-R1-T' }), 400, {
        code: 'SPECIMEN_TYPE_NOT_ALLOWED', kind: 'invalid_input', message: 'type: tumour_ffpe is for cancer cases; case K-000012 is a rare_disease case',
      });
    });

    test('family blood from the proband, and proband types from a relative, are 400', async () => {
      await refused(specimen('K-000012', { participantId: 'P-R1', type: 'family_blood', barcode: 'TKY-R1-F' }), 400, {
        code: 'SPECIMEN_TYPE_NOT_ALLOWED', kind: 'invalid_input',
        message: 'type: family_blood is for family members; participant P-R1 is the proband of case K-000012',
      });
      await refused(specimen('K-000012', { participantId: 'P-R1F', type: 'blood_normal', barcode: 'TKY-R1F-N' }), 400, {
        code: 'SPECIMEN_TYPE_NOT_ALLOWED', kind: 'invalid_input',
        message: 'type: blood_normal is for the proband; participant P-R1F is the father in case K-000012 (use family_blood)',
      });
    });

    test('a participant who is not a member of the case is 400', async () => {
      await refused(specimen('K-000011', { participantId: 'P-R1', type: 'blood_normal', barcode: 'TKY-C1-N2' }), 400, {
        code: 'NOT_A_CASE_MEMBER', kind: 'invalid_input', message: 'participantId: P-R1 is not a member of case K-000011',
      });
    });

    test('an unknown type, a collection time in the future and an unknown case are refused', async () => {
      const bad = await call('clinician', 'POST', '/cases/K-000011/specimens', { participantId: 'P-C1', type: 'saliva', barcode: 'TKY-C1-S', collectedAt: '2026-02-01T00:00:00Z' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details.field, 'body.type');
      await refused(specimen('K-000011', { participantId: 'P-C1', type: 'blood_normal', barcode: 'TKY-C1-N3', collectedAt: '2099-01-01T00:00:00Z' }), 400, {
        code: 'INVALID_INPUT', kind: 'invalid_input', message: 'collectedAt: 2099-01-01T00:00:00Z is in the future',
      });
      await refused(specimen('K-999999', { participantId: 'P-C1', type: 'blood_normal', barcode: 'TKY-C1-N4' }), 404, {
        code: 'NOT_FOUND', kind: 'not_found', message: 'case K-999999 not found',
      });
    });

    test('a withdrawn case takes no new specimens and its specimens are not shipped', async () => {
      await refused(specimen('K-000014', { participantId: 'P-W1', type: 'tumour_ffpe', barcode: 'TKY-W1-T' }), 409, {
        code: 'CASE_STATE', kind: 'conflict',
        message: 'case K-000014 is withdrawn: specimens can be recorded only when it is consented, specimen_collected, shipped, recollection_requested, received, qc_failed',
      });
      await refused(() => call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [ids['rare'], ids['withdrawn']] }), 409, {
        code: 'CASE_WITHDRAWN', kind: 'conflict',
        message: `specimen ${ids['withdrawn']}: case K-000014 is withdrawn (consent withdrawal); its specimens are not shipped`,
      });
    });

    test("a shipment with another hospital's specimen is 400 naming it", async () => {
      await refused(() => call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [ids['tumour'], ids['osaka']] }), 400, {
        code: 'UNKNOWN_SPECIMEN', kind: 'invalid_input', message: `specimenIds[1]: H-TOKYO has no specimen ${ids['osaka']}`,
      });
      await refused(() => call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [ids['tumour'], ids['tumour']] }), 400, {
        code: 'DUPLICATE_SPECIMEN', kind: 'invalid_input', message: `specimenIds[1]: specimen ${ids['tumour']} is listed twice`,
      });
    });

    test('a destination that is not a sequencing company is 400', async () => {
      await refused(() => call('clinician', 'POST', '/shipments', { toOrgId: 'H-OSAKA', specimenIds: [ids['tumour']] }), 400, {
        code: 'DESTINATION_NOT_SEQUENCER', kind: 'invalid_input', message: 'toOrgId: H-OSAKA is a hospital, not a sequencing company',
      });
      await refused(() => call('clinician', 'POST', '/shipments', { toOrgId: 'NOPE', specimenIds: [ids['tumour']] }), 400, {
        code: 'UNKNOWN_ORGANISATION', kind: 'invalid_input', message: 'toOrgId: there is no organisation NOPE',
      });
    });

    test('receive: a list that does not match the manifest is 400 naming the specimen; wrong state is 409', async () => {
      const created = await call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [ids['tumour'], ids['normal']] });
      assert.equal(created.statusCode, 201, created.body);
      const sh = created.json().id as string;
      const receive = (items: unknown[]) => () => call('lab', 'POST', `/shipments/${sh}/receive`, { items });

      await refused(() => call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-B', specimenIds: [ids['normal']] }), 409, {
        code: 'SPECIMEN_IN_OPEN_SHIPMENT', kind: 'conflict', message: `specimen ${ids['normal']} (TKY-C1-N) is already on shipment ${sh}, not yet dispatched`,
      });
      await refused(receive([{ specimenId: ids['tumour'], result: 'ok' }, { specimenId: ids['normal'], result: 'ok' }]), 409, {
        code: 'SHIPMENT_NOT_DISPATCHED', kind: 'conflict', message: `shipment ${sh} has not been dispatched yet`,
      });
      assert.equal((await call('clinician', 'POST', `/shipments/${sh}/dispatch`)).statusCode, 200);
      await refused(() => call('clinician', 'POST', `/shipments/${sh}/dispatch`), 409, {
        code: 'SHIPMENT_ALREADY_DISPATCHED', kind: 'conflict', message: `shipment ${sh} is dispatched; only a created shipment can be dispatched`,
      });
      await refused(() => call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [ids['normal']] }), 409, {
        code: 'SPECIMEN_NOT_COLLECTED', kind: 'conflict', message: `specimen ${ids['normal']} (TKY-C1-N) is shipped; only collected specimens can be shipped`,
      });

      await refused(receive([{ specimenId: ids['tumour'], result: 'ok' }]), 400, {
        code: 'RECEIVE_ITEMS_MISMATCH', kind: 'invalid_input', message: `items: specimen ${ids['normal']} (TKY-C1-N) on shipment ${sh} has no check result`,
      });
      await refused(receive([{ specimenId: ids['tumour'], result: 'ok' }, { specimenId: ids['normal'], result: 'ok' }, { specimenId: ids['rare'], result: 'ok' }]), 400, {
        code: 'RECEIVE_ITEMS_MISMATCH', kind: 'invalid_input', message: `items[2]: specimen ${ids['rare']} is not on shipment ${sh}`,
      });
      await refused(receive([{ specimenId: ids['tumour'], result: 'ok' }, { specimenId: ids['tumour'], result: 'ok' }]), 400, {
        code: 'RECEIVE_ITEMS_MISMATCH', kind: 'invalid_input', message: `items[1]: specimen ${ids['tumour']} is listed twice`,
      });
      await refused(receive([{ specimenId: ids['tumour'], result: 'ok' }, { specimenId: ids['normal'], result: 'mislabelled' }]), 400, {
        code: 'CHECK_NOTE_REQUIRED', kind: 'invalid_input', message: 'items[1].note: a note is required when the result is mislabelled',
      });

      const ok = await call('lab', 'POST', `/shipments/${sh}/receive`, {
        items: [{ specimenId: ids['normal'], result: 'ok' }, { specimenId: ids['tumour'], result: 'ok' }],
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const [{ received_at: at } = { received_at: new Date(0) }] = await t.db.query<{ received_at: Date }>('SELECT received_at FROM shipments WHERE id = $1', [sh]);
      await refused(receive([{ specimenId: ids['tumour'], result: 'ok' }, { specimenId: ids['normal'], result: 'ok' }]), 409, {
        code: 'SHIPMENT_ALREADY_RECEIVED', kind: 'conflict', message: `shipment ${sh} was already received at ${at.toISOString()}`,
      });
    });
  });
}
