import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fastaLines, gff3Lines, vcfLines, type SyntheticGenome, type SyntheticVcfOptions } from '../genomics/synthetic/index.js';

/** Streams lines to a file with backpressure (a 1M-record VCF never sits in memory). */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of lines) {
    buffer += `${line}\n`;
    if (buffer.length >= 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

export interface SyntheticFiles {
  gff3: string;
  fasta: string;
  vcf: string;
}

/** Writes a synthetic genome's GFF3 and FASTA, and a VCF of it, into `dir` (tests and bench). */
export async function writeSyntheticFiles(dir: string, genome: SyntheticGenome, vcf: SyntheticVcfOptions): Promise<SyntheticFiles> {
  const files = { gff3: join(dir, 'genes.gff3'), fasta: join(dir, 'ref.fa'), vcf: join(dir, 'in.vcf') };
  await writeLines(files.gff3, gff3Lines(genome));
  await writeLines(files.fasta, fastaLines(genome));
  await writeLines(files.vcf, vcfLines(genome, vcf));
  return files;
}
