import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { ALL_CHOICES, cancerCaseBody } from '../registry/testing.js';

/**
 * A withdrawal is final under concurrency (issue 8). On the server the requests run at once on
 * separate pool connections (app.inject does not queue them), so their transactions overlap; on
 * PGlite they interleave on its one connection. Consent writes lock the participant's row.
 */
for (const kind of dbKinds()) {
  describe(`consent writes racing a withdrawal on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name)));
    after(() => t?.close());

    const as = async (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url: `/api${url}`, headers: await t.login('clinician'), ...(payload ? { payload } : {}) });
    const history = async (pid: string) =>
      (await t.db.query<{ kind: string }>('SELECT kind FROM consent_records WHERE participant_id = $1 ORDER BY recorded_at, id', [pid])).map((r) => r.kind);
    const newParticipant = async (patientId: string) => {
      const res = await as('POST', '/cases', cancerCaseBody(patientId));
      assert.equal(res.statusCode, 201, res.body);
      return res.json().members[0].participantId as string;
    };
    const change = { documentId: 'WGS-AP-2.0', signedOn: '2025-06-01', choices: ALL_CHOICES };

    test('one withdrawal and five consents at once, five rounds: nothing is recorded after the withdrawal', async () => {
      for (let round = 0; round < 5; round++) {
        const pid = await newParticipant(`RACE-${round}`);
        // The withdrawal goes in the middle so that some consents start before it and some after.
        const requests = [0, 1, 2, 3, 4, 5].map((i) => (i === 2
          ? as('POST', `/participants/${pid}/consents/withdraw`, { effectiveOn: '2025-07-01' })
          : as('POST', `/participants/${pid}/consents`, change)));
        const responses = await Promise.all(requests);
        const withdrawal = responses[2]!;
        assert.equal(withdrawal.statusCode, 201, withdrawal.body);
        const consents = responses.filter((_, i) => i !== 2);
        for (const r of consents) {
          assert.ok(r.statusCode === 201 || r.statusCode === 409, r.body);
          if (r.statusCode === 409) {
            assert.deepEqual(r.json().error.code, 'CONSENT_WITHDRAWN');
          }
        }
        const kinds = await history(pid);
        const accepted = consents.filter((r) => r.statusCode === 201).length;
        assert.deepEqual(kinds, ['consent', ...Array(accepted).fill('consent'), 'withdrawal'], `round ${round}: the withdrawal is last`);
        const [p] = await t.db.query<{ withdrawn_at: Date | null }>('SELECT withdrawn_at FROM participants WHERE id = $1', [pid]);
        assert.ok(p!.withdrawn_at instanceof Date);
      }
    });

    test('ten withdrawals at once store exactly one; the other nine are 409 CONSENT_WITHDRAWN', async () => {
      const pid = await newParticipant('RACE-W10');
      const responses = await Promise.all(Array.from({ length: 10 }, () => as('POST', `/participants/${pid}/consents/withdraw`, { effectiveOn: '2025-07-01' })));
      assert.deepEqual(responses.map((r) => r.statusCode).sort(), [201, ...Array(9).fill(409)]);
      for (const r of responses.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'CONSENT_WITHDRAWN');
      assert.deepEqual(await history(pid), ['consent', 'withdrawal']);
    });

    test('without the service, the trigger alone serialises: ten raw withdrawals and five raw consents in parallel transactions', async () => {
      const pid = await newParticipant('RACE-TRIGGER');
      const insert = (i: number, kind: 'consent' | 'withdrawal') => t.db.transaction((tx) => tx.query(
        `INSERT INTO consent_records (id, participant_id, document_id, kind, research_use, industry_use, international_sharing,
           recontact, secondary_findings, duo_codes, signed_on, effective_on, recorded_at)
         VALUES ($1, $2, 'WGS-AP-2.0', $3, true, true, true, true, true, '{}', '2025-08-01', '2025-08-01', clock_timestamp())`,
        [`CR-TRG-${i}`, pid, kind]));
      const results = await Promise.allSettled(Array.from({ length: 15 }, (_, i) => insert(i, i % 3 === 0 ? 'consent' : 'withdrawal')));
      for (const r of results) if (r.status === 'rejected') assert.match(String(r.reason), /consent was withdrawn; a withdrawal is final/);
      const kinds = await history(pid);
      assert.equal(kinds.filter((k) => k === 'withdrawal').length, 1, kinds.join(' '));
      assert.equal(kinds.at(-1), 'withdrawal', `nothing after the withdrawal: ${kinds.join(' ')}`);
    });

    test('the database refuses a consent row after a withdrawal even from outside the service', async () => {
      const pid = await newParticipant('RACE-RAW');
      assert.equal((await as('POST', `/participants/${pid}/consents/withdraw`, { effectiveOn: '2025-07-01' })).statusCode, 201);
      await assert.rejects(t.db.raw.query(
        `INSERT INTO consent_records (id, participant_id, document_id, kind, research_use, industry_use, international_sharing,
           recontact, secondary_findings, duo_codes, signed_on, effective_on, recorded_at)
         VALUES ('CR-RAW', $1, 'WGS-AP-2.0', 'consent', true, true, true, true, true, '{}', '2025-08-01', '2025-08-01', now())`, [pid]),
      /consent was withdrawn; a withdrawal is final/);
      assert.deepEqual(await history(pid), ['consent', 'withdrawal']);
    });
  });
}
