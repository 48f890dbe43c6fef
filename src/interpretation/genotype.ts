/** One sample's call at a site: VCF GT (`0/1`, `1|0`, `1`, `./.`) and depth when known. */
export interface Call {
  gt: string;
  depth?: number;
}

/** The three members of a trio at one variant; a missing parent is a duo or singleton. */
export interface TrioCall {
  proband: Call;
  mother?: Call;
  father?: Call;
}

export type Zygosity = 'hom_ref' | 'het' | 'hom_alt' | 'hemizygous' | 'missing';

/**
 * Copies of ALT `altIndex` in the call (`1/2` carries one copy of ALT 1), or null when any allele
 * is missing. Multi-allelic records are split before interpretation, so altIndex is usually 1.
 */
export function altCopies(gt: string, altIndex = 1): number | null {
  const parts = gt.split(/[/|]/);
  let n = 0;
  for (const p of parts) {
    if (p === '.' || p === '') return null;
    if (Number(p) === altIndex) n++;
  }
  return n;
}

export function zygosity(gt: string, altIndex = 1): Zygosity {
  const n = altCopies(gt, altIndex);
  if (n === null) return 'missing';
  const ploidy = gt.split(/[/|]/).length;
  if (ploidy === 1) return n === 1 ? 'hemizygous' : 'hom_ref';
  if (n === 0) return 'hom_ref';
  return n === ploidy ? 'hom_alt' : 'het';
}

export function carries(call: Call | undefined, altIndex = 1): boolean | null {
  if (!call) return null;
  const n = altCopies(call.gt, altIndex);
  return n === null ? null : n > 0;
}

/** From which parent the proband's allele came, judged from the parents' genotypes alone. */
export type Origin = 'mother' | 'father' | 'both' | 'neither' | 'unknown';

export function originOf(trio: TrioCall, altIndex = 1): Origin {
  const m = carries(trio.mother, altIndex);
  const f = carries(trio.father, altIndex);
  if (m === null || f === null) return m === true && f === null ? 'mother' : f === true && m === null ? 'father' : 'unknown';
  if (m && f) return 'both';
  if (m) return 'mother';
  if (f) return 'father';
  return 'neither';
}

/**
 * Phase of two heterozygous variants in one gene from the parents: one from each parent → in
 * trans; both from the same parent → in cis; otherwise (a parent missing, a parent carrying both,
 * a de novo) not determinable from genotypes.
 */
export function phaseOf(a: TrioCall, b: TrioCall): { phase: 'trans' | 'cis' | 'unknown'; why: string } {
  const oa = originOf(a);
  const ob = originOf(b);
  const why = `first from ${oa}, second from ${ob}`;
  if ((oa === 'mother' && ob === 'father') || (oa === 'father' && ob === 'mother')) return { phase: 'trans', why };
  if ((oa === 'mother' && ob === 'mother') || (oa === 'father' && ob === 'father')) return { phase: 'cis', why };
  return { phase: 'unknown', why };
}
