/**
 * How far two annotators' outputs agree, so that a speed ratio is known to compare the same work:
 * the most severe Sequence Ontology term per (original variant, transcript) pair, read from
 * kiban's VEP-style CSQ and snpEff's ANN (https://pcingola.github.io/SnpEff/adds/VCFannotationformat_v1.0.pdf).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** (original variant, transcript) → most severe term, and the transcript's biotype. */
type Terms = Map<string, { term: string; biotype: string }>;

/**
 * Keeps one (variant, transcript) pair in `every`, chosen by a hash of the original variant so that
 * both files keep the same pairs: the maps of a whole 5M-variant comparison outgrow the heap.
 */
function kept(variant: string, every: number): boolean {
  if (every <= 1) return true;
  let h = 2166136261;
  for (let i = 0; i < variant.length; i++) h = Math.imul(h ^ variant.charCodeAt(i), 16777619);
  return (h >>> 0) % every === 0;
}

async function* records(path: string): AsyncGenerator<string[]> {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line !== '' && !line.startsWith('#')) yield line.split('\t');
  }
}

function infoValue(info: string, key: string): string | undefined {
  for (const item of info.split(';')) if (item.startsWith(`${key}=`)) return item.slice(key.length + 1);
  return undefined;
}

/**
 * Kiban splits multi-allelic records and left-aligns indels; OLD_VARIANT keeps the allele as it
 * was in the input, which is what snpEff (which does neither) annotates.
 */
export async function kibanTerms(path: string, every = 1): Promise<Terms> {
  const out: Terms = new Map();
  for await (const [chrom, pos, , ref, alt, , , info = ''] of records(path)) {
    const original = infoValue(info, 'OLD_VARIANT')?.split(',')[0] ?? `${chrom}:${pos}:${ref}/${alt}`;
    if (!kept(original, every)) continue;
    for (const entry of (infoValue(info, 'CSQ') ?? '').split(',')) {
      const f = entry.split('|');
      if (f[5] === 'Transcript' && f[6]) out.set(`${original}|${f[6]}`, { term: (f[1] ?? '').split('&')[0] ?? '', biotype: f[7] ?? '' });
    }
  }
  return out;
}

/** snpEff's finer Sequence Ontology children, read as the parent term VEP reports. */
const SNPEFF_PARENT: Record<string, string> = {
  conservative_inframe_insertion: 'inframe_insertion',
  disruptive_inframe_insertion: 'inframe_insertion',
  conservative_inframe_deletion: 'inframe_deletion',
  disruptive_inframe_deletion: 'inframe_deletion',
};

export async function snpEffTerms(path: string, every = 1): Promise<Terms> {
  const out: Terms = new Map();
  for await (const [chrom, pos, , ref, , , , info = ''] of records(path)) {
    for (const entry of (infoValue(info, 'ANN') ?? '').split(',')) {
      const f = entry.split('|');
      if (!kept(`${chrom}:${pos}:${ref}/${f[0]}`, every)) continue;
      const term = (f[1] ?? '').split('&')[0] ?? '';
      if (f[5] === 'transcript' && f[6]) out.set(`${chrom}:${pos}:${ref}/${f[0]}|${f[6]}`, { term: SNPEFF_PARENT[term] ?? term, biotype: f[7] ?? '' });
    }
  }
  return out;
}

export interface Agreement {
  both: number;
  same: number;
  onlyA: number;
  onlyB: number;
  /** Pairs that differ, by the transcript's biotype. */
  differByBiotype: Map<string, number>;
  /** The most frequent differences, "a-term → b-term (biotype): count". */
  top: string[];
}

export function compareTerms(a: Terms, b: Terms): Agreement {
  let both = 0;
  let same = 0;
  const classes = new Map<string, number>();
  const differByBiotype = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const [key, x] of a) {
    const y = b.get(key);
    if (y === undefined) continue;
    both++;
    if (y.term === x.term) {
      same++;
      continue;
    }
    bump(classes, `${x.term} → ${y.term} (${x.biotype})`);
    bump(differByBiotype, x.biotype);
  }
  const top = [...classes].sort((p, q) => q[1] - p[1]).slice(0, 8).map(([k, n]) => `${k}: ${n}`);
  return { both, same, onlyA: a.size - both, onlyB: b.size - both, differByBiotype, top };
}
