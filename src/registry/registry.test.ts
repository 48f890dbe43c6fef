import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { cancerCaseBody, familyMember, trioCaseBody } from './testing.js';

const TABLES = ['participants', 'cases', 'case_members', 'case_events', 'consent_records', 'audit_log'];

for (const kind of dbKinds()) {
  describe(`registry over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name)));
    after(() => t?.close());

    const as = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url: `/api${url}`, headers: await t.login(user), ...(payload === undefined ? {} : { payload: payload as object }) });
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of TABLES) out[table] = (await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;
      return out;
    };
    const auditOf = (caseId: string) =>
      t.db.query<{ action: string; actor_org_id: string | null; details: Record<string, unknown> }>(
        "SELECT action, actor_org_id, details FROM audit_log WHERE entity_type = 'case' AND entity_id = $1 ORDER BY seq", [caseId]);
    /** A shipment of one of the case's specimens to a sequencing company, as the specimens module records it. */
    const shipTo = async (caseId: string, participantId: string, orgId: string) => {
      const n = Math.random().toString(36).slice(2, 10);
      await t.db.query(`INSERT INTO specimens (id, barcode, case_id, participant_id, type, status, collected_at)
                        VALUES ($1, $2, $3, $4, 'blood_normal', 'shipped', now())`, [`S-${n}`, `BC-${n}`, caseId, participantId]);
      await t.db.query(`INSERT INTO shipments (id, from_org_id, to_org_id, status, created_at, dispatched_at)
                        VALUES ($1, 'H-TOKYO', $2, 'dispatched', now(), now())`, [`SH-${n}`, orgId]);
      await t.db.query('INSERT INTO shipment_items (shipment_id, specimen_id) VALUES ($1, $2)', [`SH-${n}`, `S-${n}`]);
    };

    test('registering a case stores it consented with two events, the consent and its DUO codes, and audits both', async () => {
      const res = await as('clinician', 'POST', '/cases', cancerCaseBody('TKY-1001'));
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json();
      assert.match(c.id, /^K-\d{6}$/);
      assert.equal(c.state, 'consented');
      assert.equal(c.hospitalId, 'H-TOKYO');
      assert.deepEqual(c.events.map((e: { fromState: string | null; toState: string }) => [e.fromState, e.toState]), [[null, 'registered'], ['registered', 'consented']]);
      assert.equal(c.members.length, 1);
      assert.match(c.members[0].participantId, /^P-[0-9A-HJKMNP-TV-Z]{10}$/);
      assert.deepEqual(c.members[0].consent.duoCodes, ['DUO:0000021', 'DUO:0000042', 'DUO:0000045', 'DUO:0000046']);
      assert.deepEqual(c.allowedTransitions, ['specimen_collected']);
      assert.equal(c.stageTargetDays, 14);
      assert.deepEqual((await auditOf(c.id)).map((a) => a.action), ['case.create', 'case.transition']);
    });

    test('each trio member\'s consent choices are stored as that person gave them, not copied from the proband', async () => {
      const body = trioCaseBody('TKY-2002');
      const none = { researchUse: false, industryUse: false, internationalSharing: false, recontact: false, secondaryFindings: false };
      body.consent.choices = { ...none, researchUse: true, recontact: true, secondaryFindings: true };
      body.family![0]!.consent!.choices = { ...none, researchUse: true };
      body.family![1]!.consent!.choices = none;
      const res = await as('clinician', 'POST', '/cases', body);
      assert.equal(res.statusCode, 201, res.body);
      const members = res.json().members as Array<{ relationship: string; consent: { choices: Record<string, boolean> } }>;
      assert.deepEqual(members.map((m) => [m.relationship, m.consent.choices]), [
        ['proband', { ...none, researchUse: true, recontact: true, secondaryFindings: true }],
        ['mother', { ...none, researchUse: true }],
        ['father', none],
      ]);
      const stored = await t.db.query<{ relationship: string; secondary_findings: boolean; research_use: boolean }>(
        `SELECT m.relationship, c.secondary_findings, c.research_use FROM case_members m JOIN consent_records c ON c.participant_id = m.participant_id
         WHERE m.case_id = $1 ORDER BY m.relationship`, [res.json().id]);
      assert.deepEqual(stored.map((r) => [r.relationship, r.research_use, r.secondary_findings]), [
        ['father', false, false], ['mother', true, false], ['proband', true, true],
      ]);
    });

    test('a rare-disease trio links mother and father to the proband, each with their own consent', async () => {
      const res = await as('clinician', 'POST', '/cases', trioCaseBody('TKY-2001'));
      assert.equal(res.statusCode, 201, res.body);
      const members = res.json().members as Array<{ relationship: string; affectedStatus: string; consent: { documentId: string } | null }>;
      assert.deepEqual(members.map((m) => [m.relationship, m.affectedStatus, m.consent?.documentId]), [
        ['proband', 'affected', 'WGS-AP-RD-1.0'], ['mother', 'unaffected', 'WGS-AP-RD-1.0'], ['father', 'unaffected', 'WGS-AP-RD-1.0'],
      ]);
      const sibling = await as('clinician', 'POST', `/cases/${res.json().id}/members`, { ...familyMember('TKY-2001-S', 'sibling', false), affectedStatus: 'affected' });
      assert.equal(sibling.statusCode, 201, sibling.body);
      assert.deepEqual(sibling.json().members.map((m: { relationship: string }) => m.relationship), ['proband', 'mother', 'father', 'sibling']);
      assert.equal(sibling.json().members[3].consent, null);
      const second = await as('clinician', 'POST', `/cases/${res.json().id}/members`, familyMember('TKY-2001-X', 'mother'));
      assert.equal(second.statusCode, 409);
      assert.equal(second.json().error.message, `case ${res.json().id} already has a mother`);
    });

    test('the same patient at the same hospital is a duplicate (409), found by HMAC; at another hospital it is not', async () => {
      const first = await as('clinician', 'POST', '/cases', cancerCaseBody('TKY-DUP-77'));
      assert.equal(first.statusCode, 201);
      const before = await counts();
      const dup = await as('clinician', 'POST', '/cases', cancerCaseBody(' TKY-DUP-77 '));
      assert.equal(dup.statusCode, 409);
      const pid = first.json().members[0].participantId;
      assert.deepEqual(dup.json().error, {
        code: 'PARTICIPANT_EXISTS', kind: 'conflict', message: `this patient is already registered at H-TOKYO as participant ${pid}`,
        details: { field: 'body.proband.hospitalPatientId', orgId: 'H-TOKYO', participantId: pid },
      });
      assert.deepEqual(await counts(), before, 'nothing stored');
      const osaka = await as('clinician.osaka', 'POST', '/cases', cancerCaseBody('TKY-DUP-77'));
      assert.equal(osaka.statusCode, 201, 'same id at another hospital is another patient');
    });

    test('the raw hospital patient id is found in no text column of any table', async () => {
      const raw = 'TKY-SECRET-4242';
      const created = (await as('clinician', 'POST', '/cases', trioCaseBody(raw))).json();
      const [stored] = await t.db.query<{ patient_id_hmac: string }>('SELECT patient_id_hmac FROM participants WHERE id = $1', [created.members[0].participantId]);
      assert.equal(stored!.patient_id_hmac, createHmac('sha256', t.config.secret).update(`H-TOKYO:${raw}`).digest('hex'), 'HMAC-SHA256(secret, org:id)');
      const columns = await t.db.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`);
      assert.ok(columns.length > 30, `searched ${columns.length} columns`);
      const hits: string[] = [];
      for (const { table_name, column_name } of columns) {
        const rows = await t.db.query(`SELECT 1 FROM "${table_name}" WHERE "${column_name}"::text LIKE $1 LIMIT 1`, [`%${raw}%`]);
        if (rows.length) hits.push(`${table_name}.${column_name}`);
      }
      assert.deepEqual(hits, []);
    });

    test('bad bodies are 400 naming the field and rule, and store nothing', async () => {
      const cases: Array<[unknown, string, string, string?]> = [
        [{ ...cancerCaseBody('B1'), diagnosis: { icd10: 'C34.1', text: 'x' } }, 'body.diagnosis.oncotreeCode', 'required', 'body.diagnosis.oncotreeCode: required for cancer cases'],
        [{ ...trioCaseBody('B2'), diagnosis: { icd10: 'R62.8', text: 'x', oncotreeCode: 'LUAD' } }, 'body.diagnosis.oncotreeCode', 'not'],
        [{ ...cancerCaseBody('B3'), diagnosis: { icd10: 'U07.1', text: 'x', oncotreeCode: 'LUAD' } }, 'body.diagnosis.icd10', 'pattern'],
        [{ ...cancerCaseBody('B4'), category: 'undiagnosed' }, 'body.category', 'enum', 'body.category: undiagnosed is not a cancer category (refractory, rare, aya, hereditary)'],
        [{ ...cancerCaseBody('B5'), returnRoute: 'C' }, 'body.returnRoute', 'enum'],
        [{ ...cancerCaseBody('B6'), consent: { ...cancerCaseBody('B6').consent, documentId: 'NO-SUCH-DOC' } }, 'body.consent.documentId', 'exists', 'body.consent.documentId: no consent document NO-SUCH-DOC'],
        [{ ...cancerCaseBody('B7'), consent: { ...cancerCaseBody('B7').consent, signedOn: '2021-01-01' } }, 'body.consent.signedOn', 'minimum'],
        [{ ...cancerCaseBody('B8'), proband: { hospitalPatientId: 'B8', birthYear: 1960 } }, 'body.proband.sex', 'required'],
        [{ ...cancerCaseBody('B9'), family: [familyMember('B9-M', 'mother')] }, 'body.family', 'maxItems'],
      ];
      const before = await counts();
      for (const [payload, field, rule, message] of cases) {
        const res = await as('clinician', 'POST', '/cases', payload);
        assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
        const err = res.json().error;
        assert.equal(err.code, 'INVALID_INPUT');
        assert.deepEqual([err.details.field, err.details.rule], [field, rule], res.body);
        assert.ok(err.message.startsWith(`${field}: `), err.message);
        if (message) assert.equal(err.message, message);
      }
      assert.deepEqual(await counts(), before);
    });

    test('registration is one transaction: a bad consent of the second family member leaves the database as it was', async () => {
      const body = trioCaseBody('TKY-ATOMIC');
      body.family![1]!.consent!.documentId = 'WGS-AP-9.9';
      const before = await counts();
      const res = await as('clinician', 'POST', '/cases', body);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.message, 'body.family.1.consent.documentId: no consent document WGS-AP-9.9');
      assert.deepEqual(await counts(), before);
      assert.equal((await as('clinician', 'POST', '/cases', trioCaseBody('TKY-ATOMIC'))).statusCode, 201, 'the retry succeeds');
    });

    test("another hospital's case is 404, not 403, for reading, moving and adding members", async () => {
      const id = (await as('clinician', 'POST', '/cases', cancerCaseBody('TKY-HIDDEN'))).json().id;
      const notFound = { code: 'NOT_FOUND', kind: 'not_found', message: `case ${id} not found`, details: { entity: 'case', id } };
      const read = await as('clinician.osaka', 'GET', `/cases/${id}`);
      assert.equal(read.statusCode, 404);
      assert.deepEqual(read.json().error, notFound);
      const move = await as('clinician.osaka', 'POST', `/cases/${id}/transitions`, { to: 'specimen_collected' });
      assert.deepEqual([move.statusCode, move.json().error], [404, notFound]);
      const member = await as('clinician.osaka', 'POST', `/cases/${id}/members`, familyMember('OSK-1', 'mother'));
      assert.equal(member.statusCode, 404);
      const list = await as('clinician.osaka', 'GET', '/cases?limit=500');
      assert.ok(list.json().items.every((c: { hospitalId: string }) => c.hospitalId === 'H-OSAKA'));
      assert.ok(!list.json().items.some((c: { id: string }) => c.id === id));
      const forced = await as('clinician.osaka', 'GET', '/cases?hospitalId=H-TOKYO');
      assert.deepEqual(forced.json(), { items: [], total: 0 }, 'a hospital filter cannot widen the scope');
      assert.equal((await as('analyst', 'GET', `/cases/${id}`)).statusCode, 200);
      assert.equal((await as('manager', 'GET', `/cases/${id}`)).statusCode, 200);
      assert.equal((await as('researcher', 'GET', `/cases/${id}`)).statusCode, 403);
      assert.equal((await as('committee', 'GET', '/cases')).statusCode, 403);
    });

    test('a sequencing company sees a case only once its specimens were shipped to it', async () => {
      const c = (await as('clinician', 'POST', '/cases', cancerCaseBody('TKY-SEQ'))).json();
      assert.equal((await as('lab', 'GET', `/cases/${c.id}`)).statusCode, 404);
      await shipTo(c.id, c.members[0].participantId, 'SEQ-B');
      assert.equal((await as('lab', 'GET', `/cases/${c.id}`)).statusCode, 404, 'shipped to the other company');
      await shipTo(c.id, c.members[0].participantId, 'SEQ-A');
      assert.equal((await as('lab', 'GET', `/cases/${c.id}`)).statusCode, 200);
      assert.equal((await as('lab', 'GET', '/cases')).statusCode, 403, 'sequencing companies list no cases');
    });

    test('the lifecycle through HTTP: each party makes its moves; events carry actor and time; each move is audited', async () => {
      const c = (await as('clinician', 'POST', '/cases', cancerCaseBody('TKY-WALK'))).json();
      const move = (user: string, to: string) => as(user, 'POST', `/cases/${c.id}/transitions`, { to, note: `by ${user}` });
      for (const [user, to] of [['clinician', 'specimen_collected'], ['clinician', 'shipped']] as const) {
        assert.equal((await move(user, to)).statusCode, 200);
      }
      await shipTo(c.id, c.members[0].participantId, 'SEQ-A');
      const steps = [['lab', 'received'], ['lab', 'sequenced'], ['analyst', 'data_received'], ['analyst', 'qc_failed'], ['lab', 'sequenced'],
        ['analyst', 'data_received'], ['analyst', 'qc_passed'], ['analyst', 'analysed'], ['writer', 'report_drafted'], ['writer', 'report_signed'],
        ['writer', 'returned'], ['clinician', 'expert_panel_held'], ['clinician', 'outcome_recorded']] as const;
      for (const [user, to] of steps) {
        const res = await move(user, to);
        assert.equal(res.statusCode, 200, `${user} → ${to}: ${res.body}`);
        assert.equal(res.json().state, to);
      }
      const detail = (await as('manager', 'GET', `/cases/${c.id}`)).json();
      assert.equal(detail.events.length, 2 + 2 + steps.length);
      const last = detail.events.at(-1);
      assert.equal(last.toState, 'outcome_recorded');
      assert.equal(last.actorOrgId, 'H-TOKYO');
      assert.equal(last.note, 'by clinician');
      assert.equal(detail.stageTargetDays, null);
      const transitions = (await auditOf(c.id)).filter((a) => a.action === 'case.transition');
      assert.equal(transitions.length, 1 + 2 + steps.length);
      assert.deepEqual(transitions.at(-1)!.details.from, 'expert_panel_held');
    });

    test('an illegal move is 409 CASE_ILLEGAL_TRANSITION naming the current and allowed states; nothing changes', async () => {
      const c = (await as('clinician', 'POST', '/cases', cancerCaseBody('TKY-ILLEGAL'))).json();
      const before = await counts();
      const res = await as('analyst', 'POST', `/cases/${c.id}/transitions`, { to: 'sequenced' });
      assert.equal(res.statusCode, 409);
      assert.deepEqual(res.json(), { error: {
        code: 'CASE_ILLEGAL_TRANSITION', kind: 'conflict',
        message: `case ${c.id}: cannot go from consented to sequenced; allowed: specimen_collected, withdrawn`,
        details: { caseId: c.id, from: 'consented', to: 'sequenced', allowed: ['specimen_collected', 'withdrawn'] },
      } });
      assert.deepEqual(await counts(), before);
    });

    test('a legal move by the wrong party is 403; withdrawal by transition is refused (it goes through consent)', async () => {
      const c = (await as('clinician', 'POST', '/cases', cancerCaseBody('TKY-WRONG'))).json();
      const wrong = await as('analyst', 'POST', `/cases/${c.id}/transitions`, { to: 'specimen_collected' });
      assert.equal(wrong.statusCode, 403);
      assert.equal(wrong.json().error.message, `data_center:analyst may not move case ${c.id} from consented to specimen_collected; allowed for hospital:clinician, hospital:ehr_system`);
      const withdraw = await as('clinician', 'POST', `/cases/${c.id}/transitions`, { to: 'withdrawn' });
      assert.equal(withdraw.statusCode, 409);
      assert.equal(withdraw.json().error.code, 'CASE_WITHDRAWAL_VIA_CONSENT');
      const bad = await as('clinician', 'POST', `/cases/${c.id}/transitions`, { to: 'teleported' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details.field, 'body.to');
    });

    test('reads are audited: case.read with the id, case.list with the ids returned', async () => {
      const c = (await as('clinician', 'POST', '/cases', cancerCaseBody('TKY-AUDIT'))).json();
      await as('analyst', 'GET', `/cases/${c.id}`);
      const reads = (await auditOf(c.id)).filter((a) => a.action === 'case.read');
      assert.deepEqual(reads.map((r) => r.actor_org_id), ['DC']);
      const list = await as('clinician', 'GET', `/cases?q=${c.id}`);
      assert.deepEqual(list.json().items.map((x: { id: string }) => x.id), [c.id]);
      const [entry] = await t.db.query<{ details: { ids: string[]; total: number } }>(
        "SELECT details FROM audit_log WHERE action = 'case.list' ORDER BY seq DESC LIMIT 1");
      assert.deepEqual(entry!.details.ids, [c.id]);
      assert.equal(entry!.details.total, 1);
    });

    test('the list filters, sorts and pages in SQL and returns the total', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await as('clinician.osaka', 'POST', '/cases', trioCaseBody(`OSK-L${i}`))).json().id);
      await as('clinician.osaka', 'POST', `/cases/${ids[1]}/transitions`, { to: 'specimen_collected' });
      const page = await as('clinician.osaka', 'GET', '/cases?domain=rare_disease&sort=id&order=asc&limit=2&offset=1');
      assert.equal(page.json().total, 5);
      assert.deepEqual(page.json().items.map((x: { id: string }) => x.id), ids.slice(1, 3));
      const collected = await as('clinician.osaka', 'GET', '/cases?state=specimen_collected');
      assert.deepEqual([collected.json().total, collected.json().items[0]?.id], [1, ids[1]]);
      const byNumber = await as('clinician.osaka', 'GET', `/cases?q=${Number(ids[4]!.slice(2))}`);
      assert.deepEqual(byNumber.json().items.map((x: { id: string }) => x.id), [ids[4]]);
      const category = await as('manager', 'GET', '/cases?category=undiagnosed&hospitalId=H-OSAKA&sort=stateChangedAt');
      assert.equal(category.json().total, 5);
      assert.equal(category.json().items[0].id, ids[1], 'latest state change first');
      const bad = await as('manager', 'GET', '/cases?sort=name');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details.field, 'querystring.sort');
    });
  });
}
