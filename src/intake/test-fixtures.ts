import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { TestApp } from '../testing/test-app.js';
import { cancerCaseBody, trioCaseBody } from '../registry/testing.js';

/**
 * Helpers for intake tests: cases brought to `received` through the real HTTP stack (registry,
 * specimens, shipments), run bodies with QC metrics, and VCFs generated in code.
 */
export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

let patientCounter = 0;

export interface ReceivedCase {
  caseId: string;
  /** specimen ids by type: tumour_fresh_frozen / blood_normal (cancer), or blood_normal / family_blood… (trio) */
  specimens: Array<{ id: string; type: string; participantId: string }>;
}

async function call(t: TestApp, user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: await t.login(user), ...(payload !== undefined ? { payload: payload as object } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A case registered by Tokyo's clinician (or `hospitalUser`), specimens shipped to SEQ-A and checked in by its lab. */
export async function receivedCase(
  t: TestApp, domain: 'cancer' | 'rare_disease', seqOrgId = 'SEQ-A', receiver = 'lab', hospitalUser = 'clinician',
): Promise<ReceivedCase> {
  const pid = `INTAKE-${process.pid}-${++patientCounter}`;
  const created = await call(t, hospitalUser, 'POST', '/api/cases', domain === 'cancer' ? cancerCaseBody(pid) : trioCaseBody(pid));
  const caseId = created.id as string;
  const members = created.members as Array<{ participantId: string; relationship: string }>;
  const proband = members.find((m) => m.relationship === 'proband')!.participantId;
  const wanted = domain === 'cancer'
    ? [{ participantId: proband, type: 'tumour_fresh_frozen' }, { participantId: proband, type: 'blood_normal' }]
    : members.map((m) => ({ participantId: m.participantId, type: m.relationship === 'proband' ? 'blood_normal' : 'family_blood' }));
  const specimens: ReceivedCase['specimens'] = [];
  for (const [i, w] of wanted.entries()) {
    const s = await call(t, hospitalUser, 'POST', `/api/cases/${caseId}/specimens`, {
      participantId: w.participantId, type: w.type, barcode: `TKY-${patientCounter}-${process.pid}-${i}`, collectedAt: '2026-01-10T09:00:00Z',
    });
    specimens.push({ id: s.id as string, type: w.type, participantId: w.participantId });
  }
  const shipment = await call(t, hospitalUser, 'POST', '/api/shipments', { toOrgId: seqOrgId, specimenIds: specimens.map((s) => s.id) });
  await call(t, hospitalUser, 'POST', `/api/shipments/${shipment.id}/dispatch`);
  await call(t, receiver, 'POST', `/api/shipments/${shipment.id}/receive`, { items: specimens.map((s) => ({ specimenId: s.id, result: 'ok' })) });
  return { caseId, specimens };
}

export interface Metrics {
  meanCoverage: number;
  pctBases20x: number;
  pctBases30x: number;
  q30Pct: number;
  duplicationPct: number;
  contaminationPct: number;
  insertSizeMedianBp: number;
}

export const GOOD_GERMLINE: Metrics = {
  meanCoverage: 35.2, pctBases20x: 97.1, pctBases30x: 71.4, q30Pct: 91.3, duplicationPct: 8.2, contaminationPct: 0.4, insertSizeMedianBp: 410,
};
export const GOOD_TUMOUR: Metrics = {
  meanCoverage: 98.6, pctBases20x: 99.2, pctBases30x: 98.1, q30Pct: 90.5, duplicationPct: 11.7, contaminationPct: 0.9, insertSizeMedianBp: 380,
};

export function runBody(specimenId: string, sampleName: string, qc: Metrics, extra: Record<string, unknown> = {}) {
  return {
    specimenId, sampleName, platform: 'Illumina NovaSeq X Plus', instrumentRunId: '20260115_LH00123_0042_A22TKYLT3',
    libraryPrep: 'Illumina DNA PCR-Free', readLengthBp: 151, pairedEnd: true,
    pipeline: { name: 'DRAGEN', version: '4.3.6' }, sequencedAt: '2026-01-15T12:00:00Z', qc, ...extra,
  };
}

const CONTIGS = '##contig=<ID=chr1,length=248956422>\n##contig=<ID=chr7,length=159345973>';
const FORMAT = '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">';

export function germlineVcf(samples: string[], opts: { gvcf?: boolean } = {}): string {
  const cols = samples.map(() => '0/1:12,11').join('\t');
  return [
    '##fileformat=VCFv4.2',
    '##source=DRAGEN 4.3.6',
    ...(opts.gvcf ? ['##GVCFBlock0-1=minGQ=0(inclusive),maxGQ=1(exclusive)', '##ALT=<ID=NON_REF,Description="Any other allele">'] : []),
    CONTIGS, FORMAT,
    `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${samples.join('\t')}`,
    `chr7\t140753336\t.\tA\tT\t50\tPASS\t.\tGT:AD\t${cols}`,
    '',
  ].join('\n');
}

export function mutect2Vcf(tumour: string, normal: string): string {
  return [
    '##fileformat=VCFv4.2',
    '##GATKCommandLine=<ID=Mutect2,CommandLine="Mutect2 --input t.cram --input n.cram",Version="4.5.0.0">',
    `##tumor_sample=${tumour}`, `##normal_sample=${normal}`, CONTIGS, FORMAT,
    `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${normal}\t${tumour}`,
    'chr7\t140753336\t.\tA\tT\t.\tPASS\t.\tGT:AD\t0/0:40,0\t0/1:60,38',
    '',
  ].join('\n');
}

export function strelka2Vcf(): string {
  return [
    '##fileformat=VCFv4.1', '##source=strelka', '##source_version=2.9.10', CONTIGS,
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
    '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR',
    'chr7\t140753336\t.\tA\tT\t.\tPASS\t.\tDP\t40\t98',
    '',
  ].join('\n');
}

export const gz = (text: string) => gzipSync(Buffer.from(text));

export async function upload(
  t: TestApp,
  user: string,
  caseId: string,
  body: Buffer | string,
  query: Record<string, string>,
  opts: { sha?: string; contentType?: string } = {},
) {
  const params = new URLSearchParams({ fileName: 'result.vcf.gz', ...query });
  return t.app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/result-files?${params.toString()}`,
    headers: {
      ...(await t.login(user)),
      'content-type': opts.contentType ?? 'application/gzip',
      'x-content-sha256': opts.sha ?? sha256(body),
    },
    payload: body,
  });
}

/** A service-level context for a demo account (its actor as the session resolves it). */
export async function ctxFor(t: TestApp, user: string) {
  const { resolveSession } = await import('../auth/index.js');
  const cookie = (await t.login(user)).cookie!.replace('kiban_session=', '');
  const session = await resolveSession(t.db, cookie);
  if (!session) throw new Error(`no session for ${user}`);
  return { actor: session.actor };
}

/**
 * A rare-disease case whose proband's germline VCF (sample NA1) went through the real pipeline:
 * received specimen, run with good QC, upload, QC passed, dispatched, ingested. Needs an app with
 * the variant pipeline wired in (openTestApp's `variants`) and a reference that knows `vcf`'s contig.
 * Fails the test if any step answers otherwise, or the file is not loaded within 30 s.
 */
export async function loadedGermlineCase(t: TestApp, vcf: string, hospitalUser = 'clinician'): Promise<string> {
  const { caseId, specimens } = await receivedCase(t, 'rare_disease', 'SEQ-A', 'lab', hospitalUser);
  const proband = specimens.find((s) => s.type === 'blood_normal')!;
  const run = await call(t, 'lab', 'POST', `/api/cases/${caseId}/sequencing-runs`, runBody(proband.id, 'NA1', GOOD_GERMLINE));
  const uploaded = await upload(t, 'lab', caseId, vcf, { kind: 'germline_vcf', runIds: run.id as string, fileName: 'NA1.vcf' }, { contentType: 'text/vcf' });
  if (uploaded.statusCode !== 201 || uploaded.json().caseState !== 'qc_passed') throw new Error(`upload: ${uploaded.statusCode} ${uploaded.body}`);
  let status = '';
  for (let i = 0; i < 120 && status !== 'loaded' && status !== 'failed'; i++) {
    status = (await call(t, hospitalUser, 'GET', `/api/cases/${caseId}/sequencing`)).files[0].pipelineStatus as string;
    if (status !== 'loaded') await new Promise((r) => setTimeout(r, 250));
  }
  if (status !== 'loaded') throw new Error(`the VCF of ${caseId} ended ${status}, not loaded`);
  return caseId;
}

/** Adds a column for `sample2` carrying the same genotypes as the first sample (a parent sharing every call). */
export function withSecondSample(vcf: string[], sample2: string): string[] {
  return vcf.map((l) => (l.startsWith('##') ? l : l.startsWith('#CHROM') ? `${l}\t${sample2}` : `${l}\t${l.split('\t').at(-1)!}`));
}

export interface LoadedTrio {
  caseId: string;
  proband: { participantId: string; runId: string };
  mother: { participantId: string; runId: string; specimenId: string };
}

/** A rare-disease trio whose proband (NA1) and mother (NA2) are loaded from one two-sample germline VCF. */
export async function loadedTrioCase(t: TestApp, vcf: string[], hospitalUser = 'clinician'): Promise<LoadedTrio> {
  const { caseId, specimens } = await receivedCase(t, 'rare_disease', 'SEQ-A', 'lab', hospitalUser);
  const p = specimens.find((s) => s.type === 'blood_normal')!;
  const members = (await call(t, hospitalUser, 'GET', `/api/cases/${caseId}`)).members as Array<{ participantId: string; relationship: string }>;
  const motherId = members.find((m) => m.relationship === 'mother')!.participantId;
  const m = specimens.find((s) => s.participantId === motherId)!;
  const r1 = await call(t, 'lab', 'POST', `/api/cases/${caseId}/sequencing-runs`, runBody(p.id, 'NA1', GOOD_GERMLINE));
  const r2 = await call(t, 'lab', 'POST', `/api/cases/${caseId}/sequencing-runs`, runBody(m.id, 'NA2', GOOD_GERMLINE));
  const text = `${withSecondSample(vcf, 'NA2').join('\n')}\n`;
  const uploaded = await upload(t, 'lab', caseId, text, { kind: 'germline_vcf', runIds: `${r1.id},${r2.id}`, fileName: 'trio.vcf' }, { contentType: 'text/vcf' });
  if (uploaded.statusCode !== 201 || uploaded.json().caseState !== 'qc_passed') throw new Error(`upload: ${uploaded.statusCode} ${uploaded.body}`);
  await waitLoaded(t, caseId, hospitalUser);
  return {
    caseId,
    proband: { participantId: p.participantId, runId: r1.id as string },
    mother: { participantId: motherId, runId: r2.id as string, specimenId: m.id },
  };
}

async function waitLoaded(t: TestApp, caseId: string, user: string): Promise<void> {
  let status = '';
  for (let i = 0; i < 120 && status !== 'loaded' && status !== 'failed'; i++) {
    status = (await call(t, user, 'GET', `/api/cases/${caseId}/sequencing`)).files[0].pipelineStatus as string;
    if (status !== 'loaded') await new Promise((r) => setTimeout(r, 250));
  }
  if (status !== 'loaded') throw new Error(`the VCF of ${caseId} ended ${status}, not loaded`);
}
