/**
 * A JP Core transaction Bundle of 50 entries (the Patient and 49 Observations linked by urn:uuid)
 * posted through the real stack (HTTP inject, policy, validation, privacy, index, audit) on PGlite,
 * or on a server when BENCH_DATABASE_URL is set. Each round enrols a new patient first (not timed).
 * Prints the machine, the command and per-Bundle wall times (p50, p95, max). Not part of npm test.
 *
 *   node --import tsx bench/fhir-transaction.ts            (BENCH_ROUNDS=30 by default)
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { ehrToken, enrol, fhirClient, jpPatient } from '../src/clinical/testing.js';
import { openTestApp } from '../src/testing/test-app.js';
import { describeMachine } from './machine.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const ENTRIES = 50;

function bundle(patientId: string): Bundle {
  const patientUrn = `urn:uuid:${crypto.randomUUID()}`;
  const observations = Array.from({ length: ENTRIES - 1 }, (_, i) => ({
    fullUrl: `urn:uuid:${crypto.randomUUID()}`,
    request: { method: 'POST' as const, url: 'Observation' },
    resource: {
      resourceType: 'Observation', status: 'final', subject: { reference: patientUrn },
      meta: { profile: ['http://jpfhir.jp/fhir/core/StructureDefinition/JP_Observation_LabResult'] },
      code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
      effectiveDateTime: `2025-01-${String((i % 28) + 1).padStart(2, '0')}T09:00:00+09:00`,
      valueQuantity: { value: 10 + i / 10, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' },
    } as Resource,
  }));
  return {
    resourceType: 'Bundle', type: 'transaction',
    entry: [{ fullUrl: patientUrn, request: { method: 'POST', url: 'Patient' }, resource: jpPatient(patientId) }, ...observations],
  };
}

async function main(): Promise<void> {
  console.log(describeMachine());
  console.log(`command: node --import tsx bench/fhir-transaction.ts (BENCH_ROUNDS=${ROUNDS}${process.env.BENCH_DATABASE_URL ? ', server database' : ', PGlite'})`);
  if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const t = await openTestApp(process.env.BENCH_DATABASE_URL ? 'pg' : 'pglite');
  const client = fhirClient(t, await ehrToken(t, 'H-TOKYO'));
  const times: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const patientId = `BENCH-${round}`;
    await enrol(t, patientId);
    const body = bundle(patientId);
    const start = performance.now();
    const res = await client.post('/', body);
    const ms = performance.now() - start;
    if (res.statusCode !== 200) throw new Error(`round ${round}: ${res.statusCode} ${res.body.slice(0, 500)}`);
    if (round > 0) times.push(ms); // round 0 loads the R4 definitions (~1 s), as a server's first request would
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
  console.log(`${ENTRIES}-entry transaction Bundle, ${times.length} rounds: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${times.at(-1)!.toFixed(0)} ms`);
  await t.close();
}

await main();
