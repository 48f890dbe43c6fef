import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotateVcf, loadReferenceBundle, readLines } from '../annotation/index.js';
import { parseVcfRecord, VcfHeaderParser, type VcfHeader } from '../genomics/vcf/index.js';
import type { ClinvarKnowledge } from './types.js';

/**
 * ClinVar's VCF names no protein change (CLNHGVS is genomic), but PS1 and PM5 compare protein
 * changes. So the pathogenic records are annotated once, at build time, with the engine and the
 * reference bundle the cases will be annotated with, and each keeps the HGVSp of its gene's
 * canonical transcript. Returns the reference annotation source this depends on.
 */
export async function addProteinChanges(clinvar: ClinvarKnowledge, referenceDir: string, threads?: number): Promise<{ annotated: number; annotation: string }> {
  const reference = loadReferenceBundle(referenceDir);
  const scratch = mkdtempSync(join(tmpdir(), 'kiban-clinvar-protein-'));
  try {
    const input = join(scratch, 'clinvar-plp.vcf');
    const lines = ['##fileformat=VCFv4.2', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO'];
    const contigs = new Set(reference.manifest.sequence.contigs.map((c) => c.name));
    clinvar.pathogenic.forEach((v, k) => {
      // ClinVar writes `1`; a bundle built on a `chr1` FASTA names it so.
      const chrom = contigs.has(v.chrom) ? v.chrom : contigs.has(`chr${v.chrom}`) ? `chr${v.chrom}` : undefined;
      if (chrom && /^[ACGTN]+$/.test(v.ref) && /^[ACGTN]+$/.test(v.alt)) lines.push(`${chrom}\t${v.pos1}\tk${k}\t${v.ref}\t${v.alt}\t.\t.\t.`);
    });
    writeFileSync(input, `${lines.join('\n')}\n`);
    const output = join(scratch, 'clinvar-plp.annotated.vcf');
    await annotateVcf({ input, output, reference: referenceDir, ...(threads ? { threads } : {}) });
    const annotated = await readProteinChanges(output, clinvar);
    const a = reference.manifest.sources.find((s) => s.role === 'annotation')!;
    return { annotated, annotation: `${a.name} ${a.version ?? 'unversioned'} (sha256 ${a.sha256.slice(0, 12)})` };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function readProteinChanges(path: string, clinvar: ClinvarKnowledge): Promise<number> {
  const parser = new VcfHeaderParser();
  let header: VcfHeader | undefined;
  let fields: string[] = [];
  let annotated = 0;
  for await (const [line] of readLines(path)) {
    if (!header) {
      if (parser.pushLine(line)) {
        header = parser.header();
        const meta = header.metaLines.find((l) => l.startsWith('##INFO=<ID=CSQ,'));
        fields = (meta ? /Format: ([^"]+)"/.exec(meta)?.[1] ?? '' : '').split('|');
      }
      continue;
    }
    if (line === '') continue;
    const record = parseVcfRecord(line, header);
    const variant = clinvar.pathogenic[Number(record.ID.slice(1))];
    const csq = record.info().get('CSQ');
    if (!variant || typeof csq !== 'string') continue;
    const col = (e: string[], name: string) => e[fields.indexOf(name)] ?? '';
    const entries = csq.split(',').map((e) => e.split('|')).filter((e) => col(e, 'SYMBOL') === variant.gene && col(e, 'HGVSp') !== '');
    const chosen = entries.find((e) => col(e, 'CANONICAL') === 'YES') ?? entries[0];
    if (!chosen) continue;
    variant.hgvsp = col(chosen, 'HGVSp');
    annotated++;
  }
  return annotated;
}
