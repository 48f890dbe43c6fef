import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createToken } from '../auth/index.js';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { insertCases, assertRefused, type ExpectedError } from './test-fixtures.js';

/**
 * The hospital → sequencing company flow through the whole stack (HTTP, policy, services,
 * registry transitions, database), with scoping and every refused input storing nothing.
 */
for (const kind of dbKinds()) {
  describe(`specimens and shipments on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    const who: Record<string, Record<string, string>> = {};

    before(async () => {
      t = await openTestApp(kind.name);
      await insertCases(t.db.raw, [
        { id: 'K-000001', domain: 'cancer', hospital: 'H-TOKYO', proband: 'P-T1' },
        { id: 'K-000002', domain: 'rare_disease', hospital: 'H-TOKYO', proband: 'P-T2', family: [{ id: 'P-T2M', relationship: 'mother' }] },
        { id: 'K-000003', domain: 'cancer', hospital: 'H-OSAKA', proband: 'P-O1' },
        { id: 'K-000004', domain: 'cancer', hospital: 'H-TOKYO', proband: 'P-T4' },
      ]);
      // K-000004 failed QC after sequencing: the hospital must collect a new specimen
      await t.db.raw.query("INSERT INTO case_events (case_id, from_state, to_state, at) VALUES ('K-000004', 'data_received', 'qc_failed', '2026-01-20T00:00:00Z')");
      await t.db.raw.query("UPDATE cases SET state = 'qc_failed', state_changed_at = '2026-01-20T00:00:00Z' WHERE id = 'K-000004'");
      for (const u of ['clinician', 'clinician.osaka', 'lab', 'analyst', 'manager', 'researcher']) who[u] = await t.login(u);
      const seqB = await createToken(t.db, 'system', { orgId: 'SEQ-B', name: 'SEQ-B LIMS', role: 'lims_system' });
      who['seqB'] = { authorization: `Bearer ${seqB.token}` };
      const ehr = await createToken(t.db, 'system', { orgId: 'H-TOKYO', name: 'Tokyo EHR', role: 'ehr_system' });
      who['ehr'] = { authorization: `Bearer ${ehr.token}` };
    });
    after(() => t?.close());

    const call = (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url: `/api${url}`, headers: who[user]!, ...(payload === undefined ? {} : { payload: payload as object }) });
    const caseState = async (id: string) => (await t.db.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [id]))[0]?.state;
    const caseMoves = async (id: string) =>
      (await t.db.query<{ m: string }>("SELECT coalesce(from_state, '') || '>' || to_state AS m FROM case_events WHERE case_id = $1 ORDER BY id", [id])).map((r) => r.m);
    const specimenStatus = async (id: string) => (await t.db.query<{ status: string }>('SELECT status FROM specimens WHERE id = $1', [id]))[0]?.status;
    const addSpecimen = async (user: string, caseId: string, body: Record<string, unknown>) => {
      const res = await call(user, 'POST', `/cases/${caseId}/specimens`, { collectedAt: '2026-01-10T02:00:00.000Z', ...body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; barcode: string };
    };
        const refused = (request: () => Promise<{ statusCode: number; json(): unknown }>, status: number, error: ExpectedError) =>
      assertRefused(t.db.raw, request, status, error);

    let tumour: { id: string; barcode: string };
    let blood: { id: string; barcode: string };
    let shipmentId: string;

    test('the first specimen moves a consented case to specimen_collected; the second does not move it again', async () => {
      const res = await call('clinician', 'POST', '/cases/K-000001/specimens', {
        participantId: 'P-T1', type: 'tumour_ffpe', barcode: 'TKY-2026-000001-T', collectedAt: '2026-01-10T02:00:00.000Z',
      });
      assert.equal(res.statusCode, 201, res.body);
      tumour = res.json();
      assert.match(tumour.id, /^SP-[0-9A-HJKMNP-TV-Z]{12}$/);
      assert.deepEqual(res.json(), {
        id: tumour.id, barcode: 'TKY-2026-000001-T', caseId: 'K-000001', participantId: 'P-T1',
        type: 'tumour_ffpe', status: 'collected', collectedAt: '2026-01-10T02:00:00.000Z',
      });
      assert.equal(await caseState('K-000001'), 'specimen_collected');
      blood = await addSpecimen('clinician', 'K-000001', { participantId: 'P-T1', type: 'blood_normal', barcode: 'TKY-2026-000001-N' });
      assert.deepEqual(await caseMoves('K-000001'), ['>registered', 'registered>consented', 'consented>specimen_collected']);
      const list = await call('clinician', 'GET', '/cases/K-000001/specimens');
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().items.map((s: { barcode: string; status: string }) => `${s.barcode}:${s.status}`),
        ['TKY-2026-000001-T:collected', 'TKY-2026-000001-N:collected']);
    });

    test('a shipment is created with every specimen packed, then dispatched: specimens shipped, case shipped', async () => {
      const res = await call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [tumour.id, blood.id], trackingNo: 'YMT-123' });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      shipmentId = created.id;
      assert.match(shipmentId, /^SH-/);
      assert.equal(created.status, 'created');
      assert.equal(created.fromOrgId, 'H-TOKYO');
      assert.equal(created.toOrgId, 'SEQ-A');
      assert.equal(created.toOrgName, 'Genome Sequencing Co. (demo)');
      assert.equal(created.trackingNo, 'YMT-123');
      assert.equal(created.itemCount, 2);
      assert.equal(created.dispatchedAt, null);
      assert.deepEqual(created.items.map((i: { barcode: string; checkResult: null }) => [i.barcode, i.checkResult]),
        [['TKY-2026-000001-N', null], ['TKY-2026-000001-T', null]]);
      assert.equal(await caseState('K-000001'), 'specimen_collected', 'creating a manifest ships nothing yet');

      const d = await call('clinician', 'POST', `/shipments/${shipmentId}/dispatch`);
      assert.equal(d.statusCode, 200, d.body);
      assert.equal(d.json().status, 'dispatched');
      assert.ok(d.json().dispatchedAt);
      assert.equal(await specimenStatus(tumour.id), 'shipped');
      assert.equal(await specimenStatus(blood.id), 'shipped');
      assert.equal(await caseState('K-000001'), 'shipped');
    });

    test('the sequencing company sees the shipment in its inbox with nothing that identifies the participant', async () => {
      const inbox = await call('lab', 'GET', '/shipments?direction=incoming');
      assert.equal(inbox.statusCode, 200);
      assert.deepEqual(inbox.json().items.map((s: { id: string }) => s.id), [shipmentId]);
      assert.equal(inbox.json().total, 1);
      const res = await call('lab', 'GET', `/shipments/${shipmentId}`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().items[0], {
        specimenId: blood.id, barcode: 'TKY-2026-000001-N', type: 'blood_normal', caseId: 'K-000001', checkResult: null, checkNote: null,
      });
      // As a whole JSON value: random ids (SP-T1…) may hold the letters P-T1.
      assert.ok(!/"P-T1"|participantId/.test(res.body), 'no participant id reaches the sequencing company');
    });

    test('receiving with every item ok: specimens received, case received, full chain of custody', async () => {
      const res = await call('lab', 'POST', `/shipments/${shipmentId}/receive`, {
        items: [{ specimenId: tumour.id, result: 'ok' }, { specimenId: blood.id, result: 'ok', note: 'cold chain intact' }],
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'received');
      assert.deepEqual(res.json().items.map((i: { checkResult: string; checkNote: string }) => [i.checkResult, i.checkNote]),
        [['ok', 'cold chain intact'], ['ok', null]]);
      assert.equal(await specimenStatus(tumour.id), 'received');
      assert.equal(await caseState('K-000001'), 'received');
      assert.deepEqual(await caseMoves('K-000001'),
        ['>registered', 'registered>consented', 'consented>specimen_collected', 'specimen_collected>shipped', 'shipped>received']);

      const custody = await call('clinician', 'GET', `/specimens/${tumour.id}/custody`);
      assert.equal(custody.statusCode, 200);
      assert.deepEqual(custody.json().items.map((e: { event: string; orgId: string; shipmentId: string | null; note: string | null }) =>
        [e.event, e.orgId, e.shipmentId, e.note]), [
        ['collected', 'H-TOKYO', null, null],
        ['packed', 'H-TOKYO', shipmentId, null],
        ['dispatched', 'H-TOKYO', shipmentId, 'tracking YMT-123'],
        ['received', 'SEQ-A', shipmentId, null],
      ]);
      assert.equal(custody.json().items[0].at, '2026-01-10T02:00:00.000Z');
      // the destination may read the custody of what it received
      assert.equal((await call('lab', 'GET', `/specimens/${tumour.id}/custody`)).statusCode, 200);
    });

    test('receiving twice is 409 and stores nothing', async () => {
      const received = (await t.db.query<{ received_at: Date }>('SELECT received_at FROM shipments WHERE id = $1', [shipmentId]))[0]!.received_at;
      await refused(() => call('lab', 'POST', `/shipments/${shipmentId}/receive`, {
        items: [{ specimenId: tumour.id, result: 'damaged', note: 'x' }, { specimenId: blood.id, result: 'ok' }],
      }), 409, { code: 'SHIPMENT_ALREADY_RECEIVED', kind: 'conflict', message: `shipment ${shipmentId} was already received at ${received.toISOString()}` });
    });

    test('a rejected item: specimen rejected with its custody note; the case asks the hospital to collect again', async () => {
      const proband = await addSpecimen('ehr', 'K-000002', { participantId: 'P-T2', type: 'blood_normal', barcode: 'TKY-2026-000002-N' });
      const mother = await addSpecimen('clinician', 'K-000002', { participantId: 'P-T2M', type: 'family_blood', barcode: 'TKY-2026-000002-F1' });
      const s = await call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [proband.id, mother.id] });
      assert.equal(s.statusCode, 201, s.body);
      assert.equal((await call('ehr', 'POST', `/shipments/${s.json().id}/dispatch`)).statusCode, 200);
      const r = await call('lab', 'POST', `/shipments/${s.json().id}/receive`, {
        items: [{ specimenId: mother.id, result: 'damaged', note: 'tube cracked' }, { specimenId: proband.id, result: 'ok' }],
      });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(await specimenStatus(proband.id), 'received');
      assert.equal(await specimenStatus(mother.id), 'rejected');
      assert.equal(await caseState('K-000002'), 'recollection_requested');
      const custody = await call('clinician', 'GET', `/specimens/${mother.id}/custody`);
      const last = custody.json().items.at(-1);
      assert.deepEqual([last.event, last.orgId, last.note], ['rejected', 'SEQ-A', 'damaged: tube cracked']);
      const detail = (await call('clinician', 'GET', '/cases/K-000002')).json();
      const event = detail.events.at(-1);
      assert.deepEqual([event.fromState, event.toState, event.note], ['shipped', 'recollection_requested', 'specimen TKY-2026-000002-F1 damaged: tube cracked']);
      // The hospital sees the lab's result and note on the specimen.
      const listed = (await call('clinician', 'GET', '/cases/K-000002/specimens')).json().items;
      const rejected = listed.find((x: { id: string }) => x.id === mother.id);
      assert.deepEqual({ ...rejected.rejection, at: undefined }, { result: 'damaged', note: 'tube cracked', at: undefined, orgId: 'SEQ-A', shipmentId: s.json().id });
      assert.equal(listed.find((x: { id: string }) => x.id === proband.id).rejection, undefined);

      // Re-collection: a new specimen moves the case on; its shipment's check brings it to received.
      const again = await addSpecimen('clinician', 'K-000002', { participantId: 'P-T2M', type: 'family_blood', barcode: 'TKY-2026-000002-F1-R2' });
      assert.equal(await caseState('K-000002'), 'specimen_collected');
      const s2 = await call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [again.id] });
      assert.equal((await call('clinician', 'POST', `/shipments/${s2.json().id}/dispatch`)).statusCode, 200);
      assert.equal(await caseState('K-000002'), 'shipped');
      assert.equal((await call('lab', 'POST', `/shipments/${s2.json().id}/receive`, { items: [{ specimenId: again.id, result: 'ok' }] })).statusCode, 200);
      assert.equal(await caseState('K-000002'), 'received');
      const path = (await call('clinician', 'GET', '/cases/K-000002')).json().events.map((e: { toState: string }) => e.toState);
      assert.deepEqual(path.slice(-5), ['shipped', 'recollection_requested', 'specimen_collected', 'shipped', 'received']);
    });

    test('another hospital and another sequencing company get 404 for what is not theirs', async () => {
      const notFound = (what: string, id: string) => ({ code: 'NOT_FOUND', kind: 'not_found', message: `${what} ${id} not found` });
      for (const [user, url] of [
        ['clinician.osaka', `/shipments/${shipmentId}`],
        ['seqB', `/shipments/${shipmentId}`],
        ['clinician.osaka', `/specimens/${tumour.id}/custody`],
        ['seqB', `/specimens/${tumour.id}/custody`],
      ] as const) {
        const res = await call(user, 'GET', url);
        assert.equal(res.statusCode, 404, `${user} ${url}`);
        const [, what, id] = url.split('/');
        assert.deepEqual(res.json().error.message, notFound(what === 'shipments' ? 'shipment' : 'specimen', id!).message);
      }
      assert.equal((await call('clinician.osaka', 'GET', '/cases/K-000001/specimens')).statusCode, 404);
      assert.deepEqual((await call('seqB', 'GET', '/shipments')).json(), { items: [], total: 0 });
      assert.deepEqual((await call('clinician.osaka', 'GET', '/shipments?direction=outgoing')).json(), { items: [], total: 0 });
      await refused(() => call('clinician.osaka', 'POST', `/shipments/${shipmentId}/dispatch`), 404, notFound('shipment', shipmentId));
      await refused(() => call('clinician.osaka', 'POST', '/cases/K-000001/specimens', {
        participantId: 'P-T1', type: 'blood_normal', barcode: 'OSK-2026-000099-N', collectedAt: '2026-01-10T02:00:00.000Z',
      }), 404, notFound('case', 'K-000001'));
    });

    test('policies: a hospital cannot receive, a sequencer cannot record specimens, overseers read everything, researchers nothing', async () => {
      assert.equal((await call('clinician', 'POST', `/shipments/${shipmentId}/receive`, { items: [{ specimenId: tumour.id, result: 'ok' }] })).statusCode, 403);
      assert.equal((await call('lab', 'POST', '/cases/K-000001/specimens', {
        participantId: 'P-T1', type: 'blood_normal', barcode: 'SEQ-0000-0001', collectedAt: '2026-01-10T02:00:00.000Z',
      })).statusCode, 403);
      assert.equal((await call('researcher', 'GET', '/shipments')).statusCode, 403);
      for (const u of ['analyst', 'manager']) {
        assert.equal((await call(u, 'GET', `/shipments/${shipmentId}`)).statusCode, 200);
        assert.equal((await call(u, 'GET', '/shipments')).json().total, 3); // K-000001's, and K-000002's first and re-collected
        assert.equal((await call(u, 'GET', '/cases/K-000001/specimens')).json().items.length, 2);
      }
      assert.equal((await call('analyst', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [tumour.id] })).statusCode, 403);
    });

    test('after failed QC a new specimen moves the case qc_failed → specimen_collected', async () => {
      await addSpecimen('clinician', 'K-000004', { participantId: 'P-T4', type: 'tumour_fresh_frozen', barcode: 'TKY-2026-000004-T2' });
      assert.equal(await caseState('K-000004'), 'specimen_collected');
      assert.deepEqual((await caseMoves('K-000004')).slice(-2), ['data_received>qc_failed', 'qc_failed>specimen_collected']);
    });

    test('reads of individual-level data are audited', async () => {
      const before = (await t.db.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'specimen.custody.read'"))[0]!.n;
      await call('manager', 'GET', `/specimens/${blood.id}/custody`);
      const [last] = await t.db.query<{ action: string; entity_id: string; actor_org_id: string }>(
        'SELECT action, entity_id, actor_org_id FROM audit_log ORDER BY seq DESC LIMIT 1');
      assert.deepEqual(last, { action: 'specimen.custody.read', entity_id: blood.id, actor_org_id: 'OP' });
      assert.equal((await t.db.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'specimen.custody.read'"))[0]!.n, before + 1);
    });

    test("GET /specimens lists the hospital's own specimens; shippable=true is what a new manifest may take", async () => {
      const barcodes = async (user: string, query: string) => {
        const res = await call(user, 'GET', `/specimens${query}`);
        assert.equal(res.statusCode, 200, res.body);
        return [res.json().total, res.json().items.map((s: { barcode: string }) => s.barcode)];
      };
      assert.deepEqual(await barcodes('clinician', '?shippable=true'), [1, ['TKY-2026-000004-T2']]);
      assert.deepEqual(await barcodes('clinician', '?status=rejected'), [1, ['TKY-2026-000002-F1']]);
      assert.deepEqual(await barcodes('clinician', '?caseId=K-000001'), [2, ['TKY-2026-000001-T', 'TKY-2026-000001-N']]);
      assert.deepEqual(await barcodes('clinician.osaka', ''), [0, []]);
      assert.equal((await barcodes('manager', '?limit=2'))[0], 6);
      assert.equal((await call('lab', 'GET', '/specimens')).statusCode, 403);
    });

    test('a shipment not yet dispatched can be cancelled with a reason; its specimen goes on another', async () => {
      const [spec] = (await call('clinician', 'GET', '/specimens?shippable=true')).json().items as Array<{ id: string }>;
      const first = (await call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [spec!.id] })).json().id as string;
      const cancel = (user: string, id: string, reason: unknown) => call(user, 'POST', `/shipments/${id}/cancel`, { reason });
      const notCancellable = (id: string, status: string) => ({
        code: 'SHIPMENT_NOT_CANCELLABLE', kind: 'conflict', message: `shipment ${id} is ${status}; only a created shipment that has not been dispatched can be cancelled`,
      });
      assert.equal((await cancel('clinician', first, '   ')).statusCode, 400, 'a reason is required');
      assert.equal((await cancel('lab', first, 'not ours')).statusCode, 403);
      await refused(() => cancel('clinician.osaka', first, 'not ours'), 404, { code: 'NOT_FOUND', kind: 'not_found', message: `shipment ${first} not found` });
      await refused(() => cancel('clinician', shipmentId, 'too late'), 409, notCancellable(shipmentId, 'received'));

      const res = await cancel('ehr', first, ' 宛先の誤り ');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'cancelled');
      assert.equal(res.json().cancelReason, '宛先の誤り');
      assert.ok(Date.parse(res.json().cancelledAt) > 0);
      assert.equal(await specimenStatus(spec!.id), 'collected');
      const last = (await call('clinician', 'GET', `/specimens/${spec!.id}/custody`)).json().items.at(-1);
      assert.deepEqual([last.event, last.orgId, last.shipmentId, last.note], ['unpacked', 'H-TOKYO', first, '宛先の誤り']);
      const [entry] = await t.db.query<{ action: string; details: { reason: string } }>(
        "SELECT action, details FROM audit_log WHERE entity_type = 'shipment' AND entity_id = $1 ORDER BY seq DESC LIMIT 1", [first]);
      assert.deepEqual([entry?.action, entry?.details.reason], ['shipment.cancel', '宛先の誤り']);

      // A sequencing company sees a case only once specimens of it have been dispatched to it.
      const caseOf = (await t.db.query<{ case_id: string }>('SELECT case_id FROM specimens WHERE id = $1', [spec!.id]))[0]!.case_id;
      assert.equal((await call('lab', 'GET', `/cases/${caseOf}`)).statusCode, 404, 'a cancelled manifest shows the sequencer nothing');
      await refused(() => cancel('clinician', first, 'again'), 409, notCancellable(first, 'cancelled'));
      await refused(() => call('clinician', 'POST', `/shipments/${first}/dispatch`), 409, {
        code: 'SHIPMENT_CANCELLED', kind: 'conflict', message: `shipment ${first} was cancelled; create a new shipment for its specimens`,
      });
      const again = await call('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [spec!.id] });
      assert.equal(again.statusCode, 201, again.body);
      assert.deepEqual((await call('lab', 'GET', `/shipments?status=cancelled`)).json().items.map((x: { id: string }) => x.id), [first]);
    });
  });
}
