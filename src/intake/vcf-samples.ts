import type { VcfHeader } from '../genomics/vcf/index.js';
import { invalidInput } from '../errors.js';

/**
 * Which VCF sample column is which library (pure). The sequencing company declares the runs a
 * file came from; this checks the header agrees and returns the mapping the variant store keys
 * by. Conventions:
 * - germline VCF/gVCF (DRAGEN, GATK HaplotypeCaller, DeepVariant): one column per run, named with
 *   the run's sample name. A gVCF declares its reference blocks (`##GVCFBlock…`, `<NON_REF>` or `<*>`).
 * - Mutect2: columns named by sample, with `##tumor_sample=` and `##normal_sample=` in the header
 *   (GATK Mutect2 documentation, "tumor_sample"/"normal_sample" header lines).
 * - Strelka2 somatic: columns literally `NORMAL` and `TUMOR`, `##source=strelka`.
 */
export const FILE_KINDS = ['germline_vcf', 'germline_gvcf', 'somatic_vcf'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export const CALLERS = ['mutect2', 'strelka2'] as const;
export type Caller = (typeof CALLERS)[number];

export interface RunForMapping {
  id: string;
  sampleName: string;
  specimenId: string;
  specimenType: string;
  participantId: string;
}

export type SampleRole = 'tumour' | 'normal' | 'germline';
export interface SampleMapping {
  vcfSample: string;
  runId: string;
  specimenId: string;
  participantId: string;
  role: SampleRole;
}

const isTumour = (r: RunForMapping) => r.specimenType.startsWith('tumour_');

function fail(code: string, message: string, field = 'body'): never {
  throw invalidInput(code, message, { field, rule: 'vcf_samples' });
}

function metaValue(header: VcfHeader, key: string): string | undefined {
  const line = header.metaLines.find((l) => l.startsWith(`##${key}=`));
  return line?.slice(key.length + 3);
}

export function isGvcf(header: VcfHeader): boolean {
  return header.metaLines.some((l) => l.startsWith('##GVCFBlock') || /^##ALT=<ID=(NON_REF|\*),/.test(l));
}

/** The somatic caller named by the header, if it names one. */
export function detectCaller(header: VcfHeader): Caller | undefined {
  const has = (re: RegExp) => header.metaLines.some((l) => re.test(l));
  if (has(/^##(source=Mutect2|GATKCommandLine=<ID=Mutect2|MutectVersion=)/i)) return 'mutect2';
  if (has(/^##source=strelka/i)) return 'strelka2';
  return undefined;
}

export function mapSamples(header: VcfHeader, kind: FileKind, caller: Caller | undefined, runs: RunForMapping[]): SampleMapping[] {
  if (kind === 'somatic_vcf') return mapSomatic(header, caller, runs);
  if (caller) fail('CALLER_NOT_SOMATIC', `caller: ${caller} is for somatic_vcf files, not ${kind}`, 'caller');
  const gvcf = isGvcf(header);
  if (kind === 'germline_gvcf' && !gvcf) fail('NOT_A_GVCF', 'body: kind is germline_gvcf but the header declares no reference blocks (##GVCFBlock, <NON_REF> or <*>)');
  if (kind === 'germline_vcf' && gvcf) fail('IS_A_GVCF', 'body: the header declares gVCF reference blocks; upload it with kind=germline_gvcf');
  const tumour = runs.find(isTumour);
  if (tumour) fail('TUMOUR_IN_GERMLINE', `runIds: run ${tumour.id} is a ${tumour.specimenType} library; a ${kind} comes from normal or family blood`, 'runIds');
  const byName = new Map(runs.map((r) => [r.sampleName, r]));
  const out = header.samples.map((s) => {
    const run = byName.get(s);
    if (!run) fail('VCF_SAMPLE_UNKNOWN', `body: VCF sample "${s}" is not the sample name of any declared run (${[...byName.keys()].join(', ')})`);
    return { vcfSample: s, runId: run.id, specimenId: run.specimenId, participantId: run.participantId, role: 'germline' as const };
  });
  checkAllRunsPresent(runs, out);
  return out;
}

function mapSomatic(header: VcfHeader, caller: Caller | undefined, runs: RunForMapping[]): SampleMapping[] {
  if (!caller) fail('CALLER_REQUIRED', 'caller: required for somatic_vcf (mutect2 or strelka2)', 'caller');
  const tumours = runs.filter(isTumour);
  const normals = runs.filter((r) => r.specimenType === 'blood_normal');
  const tumour = tumours[0];
  const normal = normals[0];
  if (runs.length !== 2 || !tumour || !normal) {
    fail('SOMATIC_PAIR', `runIds: a somatic_vcf comes from one tumour run and one blood_normal run; got ${runs.map((r) => `${r.id} (${r.specimenType})`).join(', ')}`, 'runIds');
  }
  const detected = detectCaller(header);
  if (detected && detected !== caller) fail('CALLER_MISMATCH', `caller: declared ${caller} but the VCF header was written by ${detected}`, 'caller');
  const m = (vcfSample: string, run: RunForMapping, role: SampleRole): SampleMapping =>
    ({ vcfSample, runId: run.id, specimenId: run.specimenId, participantId: run.participantId, role });
  if (caller === 'strelka2') {
    const cols = [...header.samples].sort().join(',');
    if (cols !== 'NORMAL,TUMOR') fail('VCF_SAMPLES_STRELKA2', `body: a Strelka2 somatic VCF has the sample columns NORMAL and TUMOR; got ${header.samples.join(', ') || 'none'}`);
    return header.samples.map((s) => (s === 'TUMOR' ? m(s, tumour, 'tumour') : m(s, normal, 'normal')));
  }
  const tumourName = metaValue(header, 'tumor_sample');
  const normalName = metaValue(header, 'normal_sample');
  if (tumourName !== tumour.sampleName) {
    fail('VCF_TUMOUR_SAMPLE', `body: ##tumor_sample is ${tumourName ?? 'missing'}; run ${tumour.id} has sample name ${tumour.sampleName}`);
  }
  if (normalName !== normal.sampleName) {
    fail('VCF_NORMAL_SAMPLE', `body: ##normal_sample is ${normalName ?? 'missing'}; run ${normal.id} has sample name ${normal.sampleName}`);
  }
  const out = header.samples.map((s) => {
    if (s === tumour.sampleName) return m(s, tumour, 'tumour');
    if (s === normal.sampleName) return m(s, normal, 'normal');
    return fail('VCF_SAMPLE_UNKNOWN', `body: VCF sample "${s}" is neither the tumour (${tumour.sampleName}) nor the normal (${normal.sampleName}) sample`);
  });
  checkAllRunsPresent(runs, out);
  return out;
}

function checkAllRunsPresent(runs: RunForMapping[], mapped: SampleMapping[]): void {
  const missing = runs.find((r) => !mapped.some((x) => x.runId === r.id));
  if (missing) fail('VCF_SAMPLE_MISSING', `body: the VCF has no sample column for run ${missing.id} (sample name ${missing.sampleName})`);
}
