import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cancerCaseBody } from '../registry/testing.js';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';

const nulError = (field: string) => ({
  code: 'INVALID_INPUT', kind: 'invalid_input', message: `${field}: must not contain a NUL character (U+0000)`, details: { field, rule: 'nul' },
});

for (const kind of dbKinds()) {
  describe(`request input on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name)));
    after(() => t?.close());

    test('a NUL character in a login body is a 400 naming the field, and no failure is recorded', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clin\u0000ician', password: 'x' } });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().error, nulError('body.username'));
    });

    test('a NUL character anywhere in a JSON body, query string or path is a 400 naming the field', async () => {
      const h = await t.login('clinician');
      const body = cancerCaseBody('NUL-1');
      body.diagnosis.text = 'lung\u0000';
      const created = await t.app.inject({ method: 'POST', url: '/api/cases', headers: h, payload: body });
      assert.equal(created.statusCode, 400);
      assert.deepEqual(created.json().error, nulError('body.diagnosis.text'));
      const family = cancerCaseBody('NUL-2', { family: [{ relationship: 'mother', affectedStatus: 'unaffected', hospitalPatientId: 'M\u0000', birthYear: 1960, sex: 'female' }] });
      const res2 = await t.app.inject({ method: 'POST', url: '/api/cases', headers: h, payload: family });
      assert.deepEqual(res2.json().error, nulError('body.family.0.hospitalPatientId'));
      const listed = await t.app.inject({ method: 'GET', url: '/api/cases?q=K%00', headers: h });
      assert.equal(listed.statusCode, 400);
      assert.deepEqual(listed.json().error, nulError('querystring.q'));
      const one = await t.app.inject({ method: 'GET', url: '/api/cases/K-%00', headers: h });
      assert.equal(one.statusCode, 400);
      assert.deepEqual(one.json().error, nulError('params.id'));
      const cases = await t.db.raw.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
      assert.equal(cases[0]!.n, 0, 'nothing was stored');
    });

    test('offset=1e20 (and other out-of-range numbers) on list routes is a 400, not a SQL error', async () => {
      const routes: Array<[string, string, string]> = [
        ['analyst', '/api/cases?offset=1e20', 'querystring.offset'],
        ['analyst', '/api/specimens?offset=1e20', 'querystring.offset'],
        ['analyst', '/api/shipments?offset=1e20', 'querystring.offset'],
        ['analyst', '/api/sequencing-runs?offset=1e20', 'querystring.offset'],
        ['analyst', '/api/resequencing-requests?offset=1e20', 'querystring.offset'],
        ['manager', '/api/management/delayed?offset=1e20', 'querystring.offset'],
        ['analyst', '/api/cases/K-000001/variants?offset=1e20', 'querystring.offset'],
        ['operator', '/api/audit?beforeSeq=1e20', 'querystring.beforeSeq'],
        ['analyst', '/api/variant-carriers?chrom=1&pos=1e20&ref=A&alt=C', 'querystring.pos'],
      ];
      for (const [user, url, field] of routes) {
        const res = await t.app.inject({ method: 'GET', url, headers: await t.login(user) });
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.equal(res.json().error.code, 'INVALID_INPUT', url);
        assert.equal(res.json().error.details.field, field, url);
        assert.equal(res.json().error.details.rule, 'maximum', url);
      }
      const edge = await t.app.inject({ method: 'GET', url: '/api/cases?offset=2147483647', headers: await t.login('analyst') });
      assert.equal(edge.statusCode, 200);
      assert.deepEqual(edge.json().items, []);
    });

    test('JSON bodies are not coerced: a number for a string, a string for a number, an array for a string are 400', async () => {
      const h = await t.login('clinician');
      const cases: Array<[unknown, string, string]> = [
        [{ proband: { hospitalPatientId: 1, birthYear: 1958, sex: 'male' } }, 'body.proband.hospitalPatientId', 'type'],
        [{ proband: { hospitalPatientId: 'P-1', birthYear: '1990', sex: 'male' } }, 'body.proband.birthYear', 'type'],
        [{ diagnosis: { icd10: ['Q87.0'], text: 'x' } }, 'body.diagnosis.icd10', 'type'],
      ];
      for (const [override, field, rule] of cases) {
        const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: h, payload: { ...cancerCaseBody('COERCE'), ...(override as object) } });
        assert.equal(res.statusCode, 400, res.body);
        assert.deepEqual(res.json().error.details, { field, rule });
      }
      assert.equal((await t.db.raw.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n, 0);
      // query strings are still text converted to the schema's types
      const listed = await t.app.inject({ method: 'GET', url: '/api/cases?limit=2&offset=0', headers: h });
      assert.equal(listed.statusCode, 200);
    });
  });
}
