import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { ALL_CHOICES, cancerCaseBody, trioCaseBody } from '../registry/testing.js';
import { todayInJapan } from './dates.js';

for (const kind of dbKinds()) {
  describe(`consent over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name)));
    after(() => t?.close());

    const as = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url: `/api${url}`, headers: await t.login(user), ...(payload === undefined ? {} : { payload: payload as object }) });
    const newCase = async (body: object) => {
      const res = await as('clinician', 'POST', '/cases', body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; members: Array<{ participantId: string }> };
    };
    const consentRows = (pid: string) => t.db.query('SELECT * FROM consent_records WHERE participant_id = $1 ORDER BY recorded_at', [pid]);

    test('consent documents: two versions of the programme document and the rare-disease form', async () => {
      const res = await as('clinician', 'GET', '/consent/documents');
      assert.deepEqual(res.json().items.map((d: { id: string; version: string; effectiveFrom: string }) => [d.id, d.version, d.effectiveFrom]), [
        ['WGS-AP-1.0', '1.0', '2022-10-01'], ['WGS-AP-2.0', '2.0', '2024-04-01'], ['WGS-AP-RD-1.0', '1.0', '2022-10-01'],
      ]);
    });

    test('a change of mind is a new row: the earlier record is kept unchanged and the latest is in force', async () => {
      const c = await newCase(cancerCaseBody('C-HIST'));
      const pid = c.members[0]!.participantId;
      const [original] = await consentRows(pid);
      const res = await as('clinician', 'POST', `/participants/${pid}/consents`, {
        documentId: 'WGS-AP-2.0', signedOn: '2025-06-01', choices: { ...ALL_CHOICES, industryUse: false, internationalSharing: false, recontact: false },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().duoCodes, ['DUO:0000021', 'DUO:0000022', 'DUO:0000042', 'DUO:0000045', 'DUO:0000046']);
      const rows = await consentRows(pid);
      assert.equal(rows.length, 2);
      assert.deepEqual(rows[0], original, 'first record untouched');
      const history = (await as('clinician', 'GET', `/participants/${pid}/consents`)).json().items;
      assert.deepEqual(history.map((r: { kind: string; choices: { recontact: boolean } }) => [r.kind, r.choices.recontact]), [['consent', true], ['consent', false]]);
      const detail = (await as('clinician', 'GET', `/cases/${c.id}`)).json();
      assert.equal(detail.members[0].consent.id, res.json().id, 'the case shows the record in force');
      await assert.rejects(t.db.raw.query('UPDATE consent_records SET research_use = false WHERE participant_id = $1', [pid]), /append-only/);
      await assert.rejects(t.db.raw.query('DELETE FROM consent_records WHERE participant_id = $1', [pid]), /append-only/);
    });

    test('withdrawal moves the case to withdrawn, is audited, and wins over everything after it', async () => {
      const c = await newCase(cancerCaseBody('C-WD'));
      const pid = c.members[0]!.participantId;
      await as('clinician', 'POST', `/cases/${c.id}/transitions`, { to: 'specimen_collected' });
      const res = await as('clinician', 'POST', `/participants/${pid}/consents/withdraw`, { effectiveOn: '2025-07-01', note: 'patient request' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().kind, 'withdrawal');
      assert.deepEqual(res.json().duoCodes, []);
      assert.equal(res.json().effectiveOn, '2025-07-01');
      const detail = (await as('clinician', 'GET', `/cases/${c.id}`)).json();
      assert.equal(detail.state, 'withdrawn');
      assert.deepEqual(detail.allowedTransitions, []);
      assert.deepEqual(detail.events.at(-1), {
        fromState: 'specimen_collected', toState: 'withdrawn', at: detail.stateChangedAt, actorId: detail.events.at(-1).actorId,
        actorOrgId: 'H-TOKYO', note: 'consent withdrawn effective 2025-07-01: patient request',
        details: { kind: 'consent_withdrawn', effectiveOn: '2025-07-01', note: 'patient request' },
      });
      const [audit] = await t.db.query<{ details: { caseIds: string[]; effectiveOn: string } }>(
        "SELECT details FROM audit_log WHERE action = 'consent.withdraw' AND entity_id = $1", [pid]);
      assert.deepEqual(audit!.details.caseIds, [c.id]);
      const after = await as('clinician', 'POST', `/cases/${c.id}/transitions`, { to: 'shipped' });
      assert.equal(after.statusCode, 409);
      assert.equal(after.json().error.message, `case ${c.id}: cannot go from withdrawn to shipped; allowed: none`);
      const reconsent = await as('clinician', 'POST', `/participants/${pid}/consents`, { documentId: 'WGS-AP-2.0', signedOn: '2025-08-01', choices: ALL_CHOICES });
      assert.equal(reconsent.statusCode, 409);
      assert.equal(reconsent.json().error.code, 'CONSENT_WITHDRAWN');
      const again = await as('clinician', 'POST', `/participants/${pid}/consents/withdraw`, { effectiveOn: '2025-07-02' });
      assert.equal(again.statusCode, 409);
      assert.equal((await consentRows(pid)).length, 2, 'consent, withdrawal — nothing more');
    });

    test("a family member's withdrawal changes their consent, not the proband's case", async () => {
      const c = await newCase(trioCaseBody('C-FAM'));
      const mother = c.members[1]!.participantId;
      assert.equal((await as('clinician', 'POST', `/participants/${mother}/consents/withdraw`, { effectiveOn: '2025-05-01' })).statusCode, 201);
      const detail = (await as('clinician', 'GET', `/cases/${c.id}`)).json();
      assert.equal(detail.state, 'consented');
      assert.equal(detail.members[1].consent.kind, 'withdrawal');
    });

    test('withdrawal dates must be real, not in the future and not before the consent', async () => {
      const c = await newCase(cancerCaseBody('C-DATES'));
      const pid = c.members[0]!.participantId;
      const tomorrow = new Date(Date.parse(`${todayInJapan()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      for (const [effectiveOn, rule] of [[tomorrow, 'maximum'], ['2025-02-30', 'format'], ['2024-01-01', 'minimum'], ['2025/01/01', 'pattern']]) {
        const res = await as('clinician', 'POST', `/participants/${pid}/consents/withdraw`, { effectiveOn });
        assert.equal(res.statusCode, 400, `${effectiveOn}: ${res.body}`);
        assert.deepEqual([res.json().error.details.field, res.json().error.details.rule], ['body.effectiveOn', rule]);
      }
      assert.equal((await consentRows(pid)).length, 1);
      assert.equal((await as('clinician', 'GET', `/cases/${c.id}`)).json().state, 'consented');
    });

    test('consent is scoped like cases: another hospital gets 404; reads are audited', async () => {
      const c = await newCase(cancerCaseBody('C-SCOPE'));
      const pid = c.members[0]!.participantId;
      const osaka = await as('clinician.osaka', 'GET', `/participants/${pid}/consents`);
      assert.deepEqual([osaka.statusCode, osaka.json().error.message], [404, `participant ${pid} not found`]);
      const change = await as('clinician.osaka', 'POST', `/participants/${pid}/consents/withdraw`, { effectiveOn: '2025-05-01' });
      assert.equal(change.statusCode, 404);
      assert.equal((await as('analyst', 'GET', `/participants/${pid}/consents`)).statusCode, 200);
      assert.equal((await as('writer', 'GET', `/participants/${pid}/consents`)).statusCode, 404, 'not at the report stage yet');
      assert.equal((await as('lab', 'GET', `/participants/${pid}/consents`)).statusCode, 403);
      const reads = await t.db.query<{ actor_org_id: string }>("SELECT actor_org_id FROM audit_log WHERE action = 'consent.list' AND entity_id = $1", [pid]);
      assert.deepEqual(reads.map((r) => r.actor_org_id), ['DC']);
    });
  });
}
