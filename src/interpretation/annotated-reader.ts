import { atLocation } from '../errors.js';
import { readLines } from '../annotation/index.js';
import { parseVcfRecord, VcfHeaderParser, type VcfHeader, type VcfRecord } from '../genomics/vcf/index.js';
import type { Call } from './genotype.js';

/** One gene's annotation of one (split, normalised) allele, on the transcript chosen for it. */
export interface AnnotatedAllele {
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
  gene: string;
  transcript: string;
  consequences: string[];
  impact: 'HIGH' | 'MODERATE' | 'LOW' | 'MODIFIER';
  hgvsc: string;
  hgvsp: string;
  /** `3/10` as in CSQ EXON. */
  exon: string;
  /** CSQ Protein_position (`97`, or `97-98` for indels). */
  proteinPosition: string;
  /** INFO/REVEL when the input carries it (dbNSFP-annotated VCFs), for PP3/BP4. */
  revel?: number;
  af: number | null;
  /** Where the AF came from: a reference-bundle population (`gnomAD_AF`) or `INFO/AF`. */
  afSource: string | null;
  clinvar?: string;
  calls: Record<string, Call>;
}

export interface ReadOptions {
  /** Samples whose calls are kept (the family). */
  samples: string[];
  /** Transcript ids without version to prefer (MANE Select), before CANONICAL=YES. */
  preferred?: Set<string>;
  /** Called once per annotated allele and gene; return false to drop it early. */
  keep: (a: AnnotatedAllele) => boolean;
}

/**
 * Streams `kiban annotate` output (one line per ALT, INFO/CSQ in VEP layout) and yields per gene
 * the entry on the preferred transcript: MANE Select if the knowledge has MANE, else the
 * canonical one, else the first. Only what `keep` accepts is held by the caller.
 */
export async function* readAnnotated(path: string, options: ReadOptions): AsyncGenerator<AnnotatedAllele> {
  const parser = new VcfHeaderParser();
  let header: VcfHeader | undefined;
  let csq: Map<string, number> | undefined;
  let lineNo = 0;
  try {
    for await (const [line, n] of readLines(path)) {
      lineNo = n;
      if (!header) {
        if (parser.pushLine(line)) {
          header = parser.header();
          csq = csqColumns(header);
        }
        continue;
      }
      if (line === '') continue;
      const record = parseVcfRecord(line, header);
      for (const a of allelesOf(record, header, csq!, options)) if (options.keep(a)) yield a;
    }
  } catch (err) {
    throw atLocation(err, path, lineNo);
  }
}

function csqColumns(header: VcfHeader): Map<string, number> {
  const meta = header.metaLines.find((l) => l.startsWith('##INFO=<ID=CSQ,'));
  const format = meta ? /Format: ([^"]+)"/.exec(meta)?.[1] : undefined;
  return new Map((format ?? '').split('|').map((name, k) => [name, k]));
}

function allelesOf(record: VcfRecord, header: VcfHeader, csq: Map<string, number>, options: ReadOptions): AnnotatedAllele[] {
  const info = record.info();
  const raw = info.get('CSQ');
  if (typeof raw !== 'string' || record.ALT.length !== 1) return [];
  const entries = raw.split(',').map((e) => e.split('|'));
  // VEP's CSQ escapes ';' and '=' as %3B/%3D (a synonymous HGVSp is written p.Ser455%3D).
  const col = (e: string[], name: string) => (csq.has(name) ? (e[csq.get(name)!] ?? '') : '').replace(/%3D/g, '=').replace(/%3B/g, ';');
  const byGene = new Map<string, string[]>();
  for (const e of entries) {
    const gene = col(e, 'SYMBOL');
    if (gene === '' || col(e, 'Feature_type') !== 'Transcript') continue;
    const seen = byGene.get(gene);
    if (!seen || rankEntry(e, col, options.preferred) < rankEntry(seen, col, options.preferred)) byGene.set(gene, e);
  }
  const { af, afSource } = frequencyOf(entries[0] ?? [], csq, info, header.info.has('AF'));
  const revel = info.get('REVEL');
  const calls = callsOf(record, header, options.samples);
  const clinvar = entries[0] ? col(entries[0], 'ClinVar_CLNSIG') : '';
  return [...byGene].map(([gene, e]) => ({
    chrom: record.CHROM, pos1: record.pos1, ref: record.REF, alt: record.ALT[0]!, gene,
    transcript: col(e, 'Feature'), consequences: col(e, 'Consequence').split('&'), impact: (col(e, 'IMPACT') || 'MODIFIER') as AnnotatedAllele['impact'],
    hgvsc: col(e, 'HGVSc'), hgvsp: col(e, 'HGVSp'), exon: col(e, 'EXON'), proteinPosition: col(e, 'Protein_position'), af, afSource, calls,
    ...(clinvar !== '' ? { clinvar } : {}),
    ...(typeof revel === 'string' && revel !== '.' && Number.isFinite(Number(revel)) ? { revel: Number(revel) } : {}),
  }));
}

function rankEntry(e: string[], col: (e: string[], name: string) => string, preferred: Set<string> | undefined): number {
  if (preferred?.has(col(e, 'Feature').replace(/\.[0-9]+$/, ''))) return 0;
  return col(e, 'CANONICAL') === 'YES' ? 1 : 2;
}

/**
 * The first population `<NAME>_AF` the reference bundle added, else INFO/AF when the header
 * declares it; `.` or absent at a site is unseen. No source at all: afSource null.
 */
function frequencyOf(e: string[], csq: Map<string, number>, info: Map<string, string | true>, headerHasAf: boolean): { af: number | null; afSource: string | null } {
  for (const [name, k] of csq) {
    if (!name.endsWith('_AF')) continue;
    const v = e[k];
    if (v !== undefined && v !== '' && v !== '.') return { af: Number(v), afSource: name };
    return { af: null, afSource: name };
  }
  const v = info.get('AF');
  if (typeof v === 'string' && v !== '.') return { af: Number(v.split(',')[0]), afSource: 'INFO/AF' };
  return { af: null, afSource: headerHasAf ? 'INFO/AF' : null };
}

function callsOf(record: VcfRecord, header: VcfHeader, samples: string[]): Record<string, Call> {
  const out: Record<string, Call> = {};
  for (const s of samples) {
    const k = header.samples.indexOf(s);
    if (k < 0) continue;
    const gt = record.sampleValue(k, 'GT') ?? '.';
    const dp = record.sampleValue(k, 'DP');
    out[s] = { gt, ...(dp !== undefined && dp !== '.' && dp !== '' ? { depth: Number(dp) } : {}) };
  }
  return out;
}
