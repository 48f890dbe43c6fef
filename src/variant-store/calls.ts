import { invalidInput } from '../errors.js';
import { checkValue, expectedCount, recodeGenotype, type VcfHeader, type VcfRecord } from '../genomics/vcf/index.js';
import type { CallDepths, CallRow } from './interface.js';

/**
 * Per-sample values of one split ALT, read from the record as written (before splitting), so that
 * VAF uses every allele's depth. FORMAT values are validated here, when read (parseVcfRecord checks
 * only GT), and errors name the field: `FORMAT/AD: expected Integer, got "x"`.
 *
 * VAF conventions per caller:
 * - germline (GATK HaplotypeCaller, DeepVariant, DRAGEN): AD[alt] / ΣAD.
 * - Mutect2: FORMAT/AF of the tumour sample (Number=A, the caller's own estimate); AD as above
 *   when AF is absent.
 * - Strelka2 SNVs: tier-1 counts of `<base>U` (AU/CU/GU/TU, Number=2: tier1,tier2),
 *   alt / (ref + alt), as in Strelka2's user guide ("Somatic variant allele frequencies").
 * - Strelka2 indels: tier-1 TIR / (TAR + TIR).
 */
export type Caller = 'germline' | 'mutect2' | 'strelka2';

export interface SampleColumns {
  /** The sample whose calls are stored (the tumour for somatic files). */
  sample: number;
  /** The matched normal of a somatic file. */
  normal?: number;
}

/** FORMAT column → key indexes; a VCF repeats a handful of FORMAT strings, so this stays tiny. */
const formatCache = new Map<string, Map<string, number>>();

function formatIndex(format: string): Map<string, number> {
  let index = formatCache.get(format);
  if (!index) {
    index = new Map(format.split(':').map((k, i) => [k, i]));
    if (formatCache.size > 1000) formatCache.clear();
    formatCache.set(format, index);
  }
  return index;
}

/** Keys whose values this module parses and checks itself (int()); the rest go through checkValue. */
const INTEGER_KEYS = new Set(['DP', 'GQ', 'AD', 'AU', 'CU', 'GU', 'TU', 'TAR', 'TIR']);

/** Reads one sample's FORMAT values of a record (sample columns are split once, by the record). */
export class RecordSamples {
  readonly keys: Map<string, number>;

  constructor(readonly record: VcfRecord, private readonly header: VcfHeader) {
    const f = record.formatAndSamples;
    const tab = f.indexOf('\t');
    this.keys = formatIndex(tab < 0 ? f : f.slice(0, tab));
  }

  values(sample: number): string[] {
    return (this.record.samples()[sample] ?? '').split(':');
  }

  /** Raw value of `key` in `values`, checked against its ##FORMAT line; undefined when absent or '.'. */
  get(values: string[], key: string, ploidy: number): string | undefined {
    const k = this.keys.get(key);
    const v = k === undefined ? undefined : values[k];
    if (v === undefined || v === '' || v === '.') return undefined;
    const meta = this.header.format.get(key);
    if (!meta) return v;
    if (INTEGER_KEYS.has(key)) {
      const count = expectedCount(meta.number, this.record.ALT.length, ploidy);
      if (count !== undefined && count !== 1 + countCommas(v)) checkValue(meta, v, this.record.ALT.length, `FORMAT/${key}`, ploidy);
    } else {
      checkValue(meta, v, this.record.ALT.length, `FORMAT/${key}`, ploidy);
    }
    return v;
  }
}

function countCommas(s: string): number {
  let n = 0;
  for (let i = s.indexOf(','); i >= 0; i = s.indexOf(',', i + 1)) n++;
  return n;
}

export function callRow(rs: RecordSamples, altNumber: number, caller: Caller, cols: SampleColumns, variantKey: bigint): CallRow | undefined {
  const tumour = depthsOf(rs, cols.sample, altNumber, caller);
  if (caller === 'germline' && tumour.gt !== null && !carriesAlt(tumour.gt)) return undefined;
  const normal = cols.normal === undefined ? undefined : depthsOf(rs, cols.normal, altNumber, caller);
  return {
    variantKey,
    gt: tumour.gt,
    adRef: tumour.adRef,
    adAlt: tumour.adAlt,
    dp: tumour.dp,
    gq: tumour.gq,
    vaf: tumour.vaf,
    filter: rs.record.FILTER,
    normalAdRef: normal?.adRef ?? null,
    normalAdAlt: normal?.adAlt ?? null,
    normalDp: normal?.dp ?? null,
  };
}

function depthsOf(rs: RecordSamples, sample: number, altNumber: number, caller: Caller): CallDepths {
  const values = rs.values(sample);
  const gtRaw = rs.keys.get('GT') === 0 ? values[0] : undefined;
  const ploidy = gtRaw ? 1 + countSeparators(gtRaw) : 2;
  const gt = gtRaw === undefined || gtRaw === '' ? null : recodeGenotype(gtRaw, altNumber);
  const dp = int(rs.get(values, 'DP', ploidy), 'DP');
  const gq = int(rs.get(values, 'GQ', ploidy), 'GQ');
  let adRef: number | null = null;
  let adAlt: number | null = null;
  let vaf: number | null = null;
  const ad = rs.get(values, 'AD', ploidy);
  if (ad !== undefined) {
    const counts = ad.split(',').map((x) => int(x, 'AD') ?? 0);
    adRef = counts[0] ?? null;
    adAlt = counts[altNumber] ?? null;
    const sum = counts.reduce((a, b) => a + b, 0);
    if (adAlt !== null && sum > 0) vaf = adAlt / sum;
  }
  if (caller === 'mutect2') {
    const af = rs.get(values, 'AF', ploidy)?.split(',')[altNumber - 1];
    if (af !== undefined && af !== '.') vaf = Number(af);
  } else if (caller === 'strelka2') {
    const t = strelkaTier1(rs, values, altNumber, ploidy);
    if (t) [adRef, adAlt, vaf] = [t.ref, t.alt, t.ref + t.alt > 0 ? t.alt / (t.ref + t.alt) : null];
  }
  return { gt, adRef, adAlt, dp, gq, vaf };
}

function strelkaTier1(rs: RecordSamples, values: string[], altNumber: number, ploidy: number): { ref: number; alt: number } | undefined {
  const { REF, ALT } = rs.record;
  const alt = ALT[altNumber - 1] ?? '';
  const tier1 = (key: string) => {
    const v = rs.get(values, key, ploidy);
    return v === undefined ? undefined : int(v.split(',')[0], key);
  };
  if (REF.length === 1 && alt.length === 1 && rs.keys.has(`${REF.toUpperCase()}U`)) {
    const ref = tier1(`${REF.toUpperCase()}U`);
    const a = tier1(`${alt.toUpperCase()}U`);
    return ref === undefined || a === undefined || ref === null || a === null ? undefined : { ref, alt: a };
  }
  const tar = tier1('TAR');
  const tir = tier1('TIR');
  return tar === undefined || tir === undefined || tar === null || tir === null ? undefined : { ref: tar, alt: tir };
}

function int(v: string | undefined, key: string): number | null {
  if (v === undefined || v === '.') return null;
  if (!/^[+-]?[0-9]+$/.test(v)) {
    throw invalidInput('VCF_BAD_VALUE', `FORMAT/${key}: expected Integer, got "${v}"`, { field: `FORMAT/${key}` });
  }
  return Number(v);
}

function countSeparators(gt: string): number {
  let n = 0;
  for (let i = 0; i < gt.length; i++) if (gt.charCodeAt(i) === 47 || gt.charCodeAt(i) === 124) n++;
  return n;
}

/** A recoded GT ('0/1', '1|0', '1') holds allele 1 (recodeGenotype leaves only 0, 1 and '.'). */
function carriesAlt(gt: string): boolean {
  for (let i = 0; i < gt.length; i++) if (gt.charCodeAt(i) === 49) return true;
  return false;
}
