import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Resource } from '@medplum/fhirtypes';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { SUPPORTED_TYPES } from './definitions.js';
import { JP_PID_SYSTEM, clinicalResources, ehrToken, enrol, fhirClient, jpPatient } from './testing.js';

const REDACTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'REDACTED', display: 'redacted' };

for (const kind of dbKinds()) {
  describe(`FHIR R4 endpoint on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let tokyo: ReturnType<typeof fhirClient>;
    let osaka: ReturnType<typeof fhirClient>;
    before(async () => {
      t = await openTestApp(kind.name);
      tokyo = fhirClient(t, await ehrToken(t, 'H-TOKYO'));
      osaka = fhirClient(t, await ehrToken(t, 'H-OSAKA'));
    });
    after(() => t?.close());

    const newPatient = async (patientId: string, client = tokyo, user = 'clinician') => {
      await enrol(t, patientId, user);
      const res = await client.post('/Patient', jpPatient(patientId));
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const rowCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM fhir_resources'))[0]!.n;

    test('metadata lists exactly the ten types, their interactions and search parameters, without a caller', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/fhir+json; charset=utf-8');
      const cs = res.json();
      assert.equal(cs.fhirVersion, '4.0.1');
      const rest = cs.rest[0];
      assert.deepEqual(rest.resource.map((r: { type: string }) => r.type), [...SUPPORTED_TYPES]);
      assert.deepEqual(rest.interaction, [{ code: 'transaction' }, { code: 'batch' }]);
      const obs = rest.resource.find((r: { type: string }) => r.type === 'Observation');
      assert.deepEqual(obs.interaction.map((i: { code: string }) => i.code), ['read', 'vread', 'update', 'history-instance', 'create', 'search-type']);
      assert.deepEqual(obs.searchParam.map((p: { name: string; type: string }) => `${p.name}:${p.type}`),
        ['_id:token', '_lastUpdated:date', 'patient:reference', 'subject:reference', 'code:token', 'date:date', 'identifier:token']);
      assert.equal(obs.conditionalCreate, true);
      assert.equal(obs.updateCreate, false);
      assert.equal(rest.security.extension[0].extension[0].valueUri, 'http://localhost:80/fhir/R4/auth/token');
    });

    test('a JP_Patient is linked to its participant; name, telecom, address and exact birth date are not stored, and the outcome says so', async () => {
      await enrol(t, 'TKY-FHIR-1');
      const res = await tokyo.post('/Patient', jpPatient('TKY-FHIR-1'), { prefer: 'return=OperationOutcome' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers['content-type'], 'application/fhir+json; charset=utf-8');
      assert.equal(res.headers.etag, 'W/"1"');
      const [, id] = /\/Patient\/([^/]+)\/_history\/1$/.exec(res.headers.location as string)!;
      assert.deepEqual(res.json().issue.map((i: { expression: string[] }) => i.expression[0]),
        ['Patient.text', 'Patient.identifier', 'Patient.birthDate', 'Patient.name', 'Patient.telecom', 'Patient.address']);
      assert.equal(res.json().issue[2].diagnostics, 'Patient.birthDate: only the year of birth is stored');
      const read = await tokyo.get(`/Patient/${id}`);
      const body = read.json();
      assert.deepEqual(body, {
        resourceType: 'Patient', id, gender: 'male', birthDate: '1958',
        meta: { profile: ['http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient'], security: [REDACTED], versionId: '1', lastUpdated: body.meta.lastUpdated },
      });
      const [row] = await t.db.query<{ participant_id: string }>('SELECT participant_id FROM fhir_resources WHERE id = $1', [id]);
      const [p] = await t.db.query<{ id: string }>("SELECT m.participant_id AS id FROM case_members m JOIN participants p ON p.id = m.participant_id WHERE p.hospital_org_id = 'H-TOKYO' ORDER BY p.created_at DESC LIMIT 1");
      assert.equal(row!.participant_id, p!.id);
    });

    test('no incoming name, telecom, address, birth date or identifier value is in any stored row', async () => {
      const pid = await newPatient('TKY-SECRET-FHIR-77');
      for (const r of clinicalResources(pid)) {
        const withIds = { ...r, identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.51.11311234567.order', value: 'ORDER-SECRET-5151' }] };
        const res = await tokyo.post(`/${r.resourceType}`, { ...withIds, subject: undefined, patient: undefined, ...('patient' in r ? { patient: { reference: `Patient/${pid}`, display: '山田 太郎' } } : { subject: { reference: `Patient/${pid}`, display: '山田 太郎' } }) });
        assert.equal(res.statusCode, 201, res.body);
      }
      const secrets = ['TKY-SECRET-FHIR-77', '山田', '太郎', 'ヤマダ', 'タロウ', '0312345678', '160-0023', '西新宿', '1958-04-17', 'ORDER-SECRET-5151', '花子'];
      const columns = await t.db.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`);
      assert.ok(columns.some((c) => c.table_name === 'fhir_resources' && c.column_name === 'content'), 'scans fhir_resources.content');
      const hits: string[] = [];
      for (const { table_name, column_name } of columns) {
        for (const secret of secrets) {
          const rows = await t.db.query(`SELECT 1 FROM "${table_name}" WHERE "${column_name}"::text LIKE $1 LIMIT 1`, [`%${secret}%`]);
          if (rows.length) hits.push(`${table_name}.${column_name}: ${secret}`);
        }
      }
      assert.deepEqual(hits, []);
    });

    test('each type round-trips: create, read, update, vread, _history, search by patient', async () => {
      const pid = await newPatient('TKY-RT-1');
      for (const sent of clinicalResources(pid)) {
        const type = sent.resourceType;
        const created = await tokyo.post(`/${type}`, sent);
        assert.equal(created.statusCode, 201, `${type}: ${created.body}`);
        const id = created.json().id as string;
        const read = (await tokyo.get(`/${type}/${id}`)).json();
        const expected = structuredClone(sent) as unknown as Record<string, unknown>;
        if (type === 'FamilyMemberHistory') delete expected.name;
        const { meta, id: readId, ...content } = read;
        assert.equal(readId, id);
        assert.deepEqual(content, expected, `${type} stored as sent (less what privacy drops)`);
        assert.equal(meta.versionId, '1');
        const updated = await tokyo.put(`/${type}/${id}`, { ...read, meta: undefined, id, language: 'ja' }, { 'if-match': 'W/"1"' });
        assert.equal(updated.statusCode, 200, `${type}: ${updated.body}`);
        assert.equal(updated.json().meta.versionId, '2');
        assert.equal(updated.headers.etag, 'W/"2"');
        const v1 = (await tokyo.get(`/${type}/${id}/_history/1`)).json();
        assert.equal(v1.language, undefined);
        assert.equal(v1.meta.versionId, '1');
        const hist = (await tokyo.get(`/${type}/${id}/_history`)).json();
        assert.deepEqual(hist.entry.map((e: { resource: Resource }) => [e.resource.meta?.versionId, (e.resource as { language?: string }).language ?? null]), [['2', 'ja'], ['1', null]]);
        const found = (await tokyo.get(`/${type}?patient=Patient/${pid}`)).json();
        assert.deepEqual(found.entry.map((e: { resource: Resource }) => e.resource.id), [id], `${type} found by patient`);
      }
    });

    test('a Patient read back without its (unreturned) identifier can be updated and stays linked', async () => {
      const pid = await newPatient('TKY-PUPD-1');
      const read = (await tokyo.get(`/Patient/${pid}`)).json();
      const res = await tokyo.put(`/Patient/${pid}`, { ...read, meta: { profile: read.meta.profile }, deceasedBoolean: true });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().deceasedBoolean, true);
      assert.equal(res.json().meta.versionId, '2');
      const other = await tokyo.put(`/Patient/${pid}`, { ...jpPatient('TKY-ISO-OTHER'), id: pid });
      assert.equal(other.statusCode, 422, 'an identifier of another (unenrolled) patient is still checked');
    });

    test('search by code, date prefixes, _lastUpdated and _count pages with next/previous links', async () => {
      const pid = await newPatient('TKY-SEARCH-1');
      const obs = (day: string, code: string) => ({
        resourceType: 'Observation', status: 'final', subject: { reference: `Patient/${pid}` }, effectiveDateTime: `2025-02-${day}T10:00:00Z`,
        code: { coding: [{ system: 'http://loinc.org', code }] }, valueQuantity: { value: 1 },
      });
      const ids: string[] = [];
      for (const [day, code] of [['01', '718-7'], ['02', '718-7'], ['03', '2345-7'], ['04', '718-7'], ['05', '718-7']] as const) {
        ids.push((await tokyo.post('/Observation', obs(day, code))).json().id);
      }
      const q = async (query: string) => (await tokyo.get(`/Observation?patient=${pid}&${query}`)).json();
      assert.equal((await q('code=http://loinc.org|718-7')).total, 4);
      assert.equal((await q('code=2345-7')).total, 1);
      assert.equal((await q('code=http://snomed.info/sct|2345-7')).total, 0);
      assert.deepEqual((await q('date=2025-02-02')).entry.map((e: { resource: Resource }) => e.resource.id), [ids[1]]);
      assert.equal((await q('date=ge2025-02-03')).total, 3);
      assert.equal((await q('date=lt2025-02-03')).total, 2);
      assert.equal((await q('date=ge2025-02-02&date=le2025-02-04')).total, 3);
      assert.equal((await q('date=2025-02')).total, 5);
      assert.equal((await q('_lastUpdated=gt2000-01-01')).total, 5);
      assert.equal((await q('_lastUpdated=lt2000-01-01')).total, 0);
      const page1 = await q('_count=2');
      assert.equal(page1.total, 5);
      assert.deepEqual(page1.entry.map((e: { resource: Resource }) => e.resource.id), ids.slice(0, 2));
      const next = page1.link.find((l: { relation: string }) => l.relation === 'next').url as string;
      assert.equal(next, `http://localhost:80/fhir/R4/Observation?patient=${pid}&_count=2&_offset=2`);
      assert.equal(page1.link.find((l: { relation: string }) => l.relation === 'previous'), undefined);
      const page3 = (await tokyo.get(next.replace('http://localhost:80/fhir/R4', '').replace('_offset=2', '_offset=4'))).json();
      assert.deepEqual(page3.entry.map((e: { resource: Resource }) => e.resource.id), [ids[4]]);
      assert.equal(page3.link.find((l: { relation: string }) => l.relation === 'next'), undefined);
      assert.equal(page3.link.find((l: { relation: string }) => l.relation === 'previous').url, `http://localhost:80/fhir/R4/Observation?patient=${pid}&_count=2&_offset=2`);
      const bad = await tokyo.get('/Observation?gender=male');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().issue[0].diagnostics, 'gender: not a search parameter of Observation on this server (see the CapabilityStatement)');
      assert.deepEqual(bad.json().issue[0].expression, ['gender']);
      const badDate = await tokyo.get('/Observation?date=yesterday');
      assert.equal(badDate.json().issue[0].diagnostics, 'date: "yesterday" is not a FHIR date search value');
    });

    test('a broken resource is 400 with the FHIRPath of each problem, and nothing is stored', async () => {
      const pid = await newPatient('TKY-BAD-1');
      const before = await rowCount();
      const res = await tokyo.post('/Observation', {
        resourceType: 'Observation', status: 'final', subject: { reference: `Patient/${pid}` },
        code: { text: 42 }, valueQuantity: { value: 'high' }, colour: 'red',
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'structure', details: { text: 'Invalid JSON type: expected string, but got number' }, expression: ['Observation.code.text'] },
          { severity: 'error', code: 'structure', details: { text: 'Invalid JSON type: expected number, but got string' }, expression: ['Observation.value[x].value'] },
          { severity: 'error', code: 'structure', details: { text: 'Invalid additional property "colour"' }, expression: ['Observation.colour'] },
        ],
      });
      const missing = await tokyo.post('/Observation', { resourceType: 'Observation', subject: { reference: `Patient/${pid}` } });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json().issue.map((i: { expression: string[] }) => i.expression[0]).sort(), ['Observation.code', 'Observation.status']);
      assert.equal(await rowCount(), before);
    });

    test('JP Core and Kiban rules are 422 naming the element', async () => {
      const pid = await newPatient('TKY-JP-1');
      const cases: Array<[string, Resource, string, string]> = [
        ['/Observation', { resourceType: 'Observation', meta: { profile: ['http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient'] }, status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${pid}` } } as Resource,
          'Observation.meta.profile[0]', 'Observation.meta.profile[0]: JP_Patient is not a JP Core profile of Observation'],
        ['/Patient', { ...jpPatient('TKY-JP-1'), identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.51.1999', value: 'TKY-JP-1' }] } as Resource,
          'Patient.identifier[0].system', 'Patient.identifier[0].system: urn:oid:1.2.392.100495.20.3.51.1999 is not a JP Core patient id system (urn:oid:1.2.392.100495.20.3.51.1 + 10-digit institution code)'],
        ['/Condition', { resourceType: 'Condition', subject: { reference: `Patient/${pid}` }, code: { coding: [{ system: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full', code: 'lung cancer' }] } } as Resource,
          'Condition.code.coding[0].code', 'Condition.code.coding[0].code: "lung cancer" is not a ICD-10 (2013) code'],
        ['/MedicationStatement', { resourceType: 'MedicationStatement', status: 'active', subject: { reference: `Patient/${pid}` }, medicationCodeableConcept: { coding: [{ system: 'http://capstandard.jp/iyaku.info/CodeSystem/YJ-code', code: '42910' }] } } as Resource,
          'MedicationStatement.medication.coding[0].code', ''],
        ['/Observation', { resourceType: 'Observation', status: 'final', code: { text: 'x' } } as Resource,
          'Observation.subject', 'Observation.subject: must reference the Patient this is about (Patient/<id>)'],
        ['/Observation', { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/no-such' } } as Resource,
          'Observation.subject', 'Observation.subject: Patient/no-such not found'],
        ['/Patient', jpPatient('NEVER-ENROLLED'),
          'Patient.identifier[0]', 'Patient.identifier[0]: no participant enrolled at H-TOKYO has this patient id; register the case first (POST /api/cases)'],
      ];
      for (const [url, body, expression, diagnostics] of cases) {
        const res = await tokyo.post(url, body);
        assert.equal(res.statusCode, 422, `${expression}: ${res.body}`);
        const issue = res.json().issue[0];
        assert.deepEqual(issue.expression, [expression.replace('.medication.', '.medicationCodeableConcept.')]);
        if (diagnostics) assert.equal(issue.diagnostics, diagnostics);
        assert.equal(issue.severity, 'error');
      }
    });

    test('a hospital cannot read, search, update or reference another hospital\'s patient', async () => {
      const pid = await newPatient('TKY-ISO-1');
      const obsId = (await tokyo.post('/Observation', clinicalResources(pid)[1])).json().id;
      for (const url of [`/Patient/${pid}`, `/Observation/${obsId}`, `/Observation/${obsId}/_history`, `/Observation/${obsId}/_history/1`]) {
        const res = await osaka.get(url);
        assert.equal(res.statusCode, 404, url);
        assert.equal(res.json().issue[0].code, 'not-found');
      }
      assert.equal((await osaka.get(`/Observation?patient=${pid}`)).json().total, 0);
      const write = await osaka.post('/Observation', clinicalResources(pid)[1]);
      assert.equal(write.statusCode, 422);
      assert.equal(write.json().issue[0].diagnostics, `Observation.subject: Patient/${pid} not found`);
      const update = await osaka.put(`/Observation/${obsId}`, { ...clinicalResources(pid)[1], id: obsId });
      assert.equal(update.statusCode, 404);
    });

    test('every read, search and history is audited with the participant', async () => {
      const pid = await newPatient('TKY-AUD-1');
      await tokyo.get(`/Patient/${pid}`);
      await tokyo.get(`/Patient/${pid}/_history`);
      await tokyo.get(`/Observation?patient=${pid}`);
      const rows = await t.db.query<{ action: string; entity_id: string; actor_org_id: string }>(
        `SELECT action, entity_id, actor_org_id FROM audit_log WHERE action LIKE 'fhir.%' AND (entity_id = $1 OR entity_id = 'Observation') ORDER BY seq DESC LIMIT 3`, [`Patient/${pid}`]);
      assert.deepEqual(rows.map((r) => [r.action, r.entity_id, r.actor_org_id]).reverse(), [
        ['fhir.read', `Patient/${pid}`, 'H-TOKYO'], ['fhir.history', `Patient/${pid}`, 'H-TOKYO'], ['fhir.search', 'Observation', 'H-TOKYO'],
      ]);
    });

    test('conditional create by identifier returns the existing resource instead of a duplicate', async () => {
      await enrol(t, 'TKY-COND-1');
      const headers = { 'if-none-exist': `identifier=${JP_PID_SYSTEM}|TKY-COND-1` };
      const first = await tokyo.post('/Patient', jpPatient('TKY-COND-1'), headers);
      assert.equal(first.statusCode, 201);
      const again = await tokyo.post('/Patient', jpPatient('TKY-COND-1'), headers);
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().id, first.json().id);
      const plain = await tokyo.post('/Patient', jpPatient('TKY-COND-1'));
      assert.equal(plain.statusCode, 409);
      assert.match(plain.json().issue[0].diagnostics, new RegExp(`^this participant already has Patient/${first.json().id}`));
      const found = (await tokyo.get(`/Patient?identifier=${encodeURIComponent(`${JP_PID_SYSTEM}|TKY-COND-1`)}`)).json();
      assert.deepEqual(found.entry.map((e: { resource: Resource }) => e.resource.id), [first.json().id]);
      const [audited] = await t.db.query<{ details: { query: { identifier: string } } }>("SELECT details FROM audit_log WHERE action = 'fhir.search' ORDER BY seq DESC LIMIT 1");
      assert.deepEqual(audited!.details.query, { identifier: `${JP_PID_SYSTEM}|[redacted]` }, 'the searched id is not kept in the audit log');
      const bad = await tokyo.post('/Patient', jpPatient('TKY-COND-1'), { 'if-none-exist': 'name=Yamada' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().issue[0].diagnostics, 'If-None-Exist: only identifier=system|value is supported, got "name=Yamada"');
    });

    test('conditional update by identifier creates, then updates the same resource, and is 412 on two matches', async () => {
      const pid = await newPatient('TKY-CU-1');
      const id = { system: 'urn:oid:1.2.392.100495.20.3.51.11311234567.lab', value: 'LAB-2025-0001' };
      const obs = { ...clinicalResources(pid)[1], identifier: [id] } as Resource;
      const url = `/Observation?identifier=${encodeURIComponent(`${id.system}|${id.value}`)}`;
      const created = await tokyo.put(url, obs);
      assert.equal(created.statusCode, 201, created.body);
      const updated = await tokyo.put(url, { ...obs, valueQuantity: { value: 13.5, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' } });
      assert.equal(updated.statusCode, 200, updated.body);
      assert.equal(updated.json().id, created.json().id);
      assert.equal(updated.json().meta.versionId, '2');
      assert.equal(updated.json().valueQuantity.value, 13.5);
      assert.equal((await tokyo.get(`/Observation?patient=${pid}`)).json().total, 1);
      assert.equal((await tokyo.post('/Observation', obs)).statusCode, 201);
      const two = await tokyo.put(url, obs);
      assert.equal(two.statusCode, 412);
      assert.equal(two.json().issue[0].diagnostics, `Observation?identifier=${encodeURIComponent(`${id.system}|${id.value}`)}: 2 resources match`);
    });

    test('If-Match with a stale version is 412 and stores nothing', async () => {
      const pid = await newPatient('TKY-IFM-1');
      const id = (await tokyo.post('/Observation', clinicalResources(pid)[1])).json().id;
      const res = await tokyo.put(`/Observation/${id}`, { ...clinicalResources(pid)[1], id }, { 'if-match': 'W/"7"' });
      assert.equal(res.statusCode, 412);
      assert.equal(res.json().issue[0].diagnostics, `If-Match W/"7": Observation/${id} is at version 1`);
      assert.equal((await tokyo.get(`/Observation/${id}`)).json().meta.versionId, '1');
    });

    test('unsupported types, unknown paths and callers without a token get OperationOutcomes', async () => {
      const unsupported = await tokyo.get('/Encounter/1');
      assert.equal(unsupported.statusCode, 404);
      assert.equal(unsupported.json().issue[0].diagnostics, 'Encounter is not a resource type this server supports');
      const anonymous = await t.app.inject({ method: 'GET', url: '/fhir/R4/Patient' });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.headers['content-type'], 'application/fhir+json; charset=utf-8');
      assert.deepEqual(anonymous.json().issue[0].details.coding[0].code, 'UNAUTHENTICATED');
      const clinician = await t.app.inject({ method: 'GET', url: '/fhir/R4/Patient', headers: await t.login('clinician') });
      assert.equal(clinician.statusCode, 403);
      assert.equal(clinician.json().issue[0].code, 'forbidden');
      const badJson = await t.app.inject({ method: 'POST', url: '/fhir/R4/Patient', headers: { authorization: (await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' })) && `Bearer ${await ehrToken(t, 'H-TOKYO')}`, 'content-type': 'application/fhir+json' }, payload: '{"resourceType":' });
      assert.equal(badJson.statusCode, 400);
      assert.equal(badJson.json().resourceType, 'OperationOutcome');
    });
  });
}
