import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { memoryReader } from '../../genomics/synthetic/index.js';
import type { Transcript } from '../../genomics/types.js';
import { memorySites, referenceAnnotator, transcriptOverlap, type CsqEngineLike } from '../annotate.js';
import type { IngestReference } from '../stage-vcf.js';

/**
 * A 23 bp contig with a dinucleotide repeat and a homopolymer (the normaliser's test sequence),
 * one gene over bases 1–15, a toy consequence engine and in-memory ClinVar/gnomAD sites, so that
 * every annotated column of an ingest can be checked by hand.
 */
//                        1234 56789012 345 6789 0123
export const SEQUENCE = 'CGTA' + 'CACACACA' + 'TTT' + 'GGGG' + 'ATCG';

const GENE_A: Transcript = {
  id: 'TXA1',
  geneId: 'GA1',
  geneName: 'GENEA',
  biotype: 'protein_coding',
  chrom: 'chrT',
  strand: 1,
  start0: 0,
  end0: 15,
  exons: [{ start0: 0, end0: 15 }],
  cds: [{ start0: 0, end0: 15 }],
  cdsStartPhase: 0,
  canonical: true,
  tags: [],
};

/** Consequence by allele kind: enough to check parsing and "most severe" selection. */
const TOY_ENGINE: CsqEngineLike = {
  fields: ['Allele', 'Consequence', 'IMPACT', 'SYMBOL', 'Gene', 'Feature', 'HGVSc', 'HGVSp'],
  entries(allele, transcripts) {
    const inside = transcripts.filter((t) => t.start0 < allele.pos1 - 1 + allele.ref.length && t.end0 > allele.pos1 - 1);
    if (inside.length === 0) return [`${allele.alt}|intergenic_variant|MODIFIER|||||`];
    return inside.map((t) => {
      const term = allele.kind === 'snv' ? 'missense_variant&splice_region_variant' : 'frameshift_variant';
      const impact = allele.kind === 'snv' ? 'MODERATE' : 'HIGH';
      return `${allele.alt}|${term}|${impact}|${t.geneName}|${t.geneId}|${t.id}|${t.id}:c.${allele.pos1}${allele.ref}>${allele.alt}|`;
    });
  },
};

export function toyReference(): IngestReference {
  const reader = memoryReader([{ name: 'chrT', sequence: SEQUENCE }]);
  return {
    reader,
    annotator: referenceAnnotator({
      version: 'toy-1',
      reader,
      transcripts: transcriptOverlap([GENE_A]),
      engine: TOY_ENGINE,
      sites: [
        memorySites('ClinVar', 'clinvar', [{ chrom: 'chrT', pos1: 2, ref: 'G', alt: 'C', values: ['Pathogenic', 'criteria_provided,_single_submitter'] }]),
        memorySites('gnomad', 'population', [
          { chrom: 'chrT', pos1: 2, ref: 'G', alt: 'C', values: ['2', '2000', '0.001'] },
          { chrom: 'chrT', pos1: 20, ref: 'A', alt: 'T', values: ['40', '200', '0.2'] },
        ]),
        memorySites('tommo', 'population', [{ chrom: 'chrT', pos1: 20, ref: 'A', alt: 'T', values: ['10', '100', '0.1'] }]),
      ],
    }),
  };
}

export const HEADER = [
  '##fileformat=VCFv4.2',
  '##contig=<ID=chrT,length=23>',
  '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">',
  '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
  '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
  '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
  '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">',
];

export function germlineVcf(sample = 'NA1'): string[] {
  return [
    ...HEADER,
    `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${sample}`,
    'chrT\t2\t.\tG\tC\t50\tPASS\tDP=30\tGT:AD:DP:GQ\t0/1:20,10:30:99',
    'chrT\t10\t.\tACA\tA\t50\tPASS\t.\tGT:AD:DP:GQ\t1/1:0,12:12:40',
    'chrT\t16\t.\tGGGGA\tG,GGGGT\t50\tLowQual\t.\tGT:AD:DP:GQ\t1/2:2,8,10:20:30',
    'chrT\t21\t.\tT\tC\t50\tPASS\t.\tGT:AD:DP:GQ\t0/0:15,0:15:50',
  ];
}

/** Writes lines (gzip when the name ends in .gz) and returns path and SHA-256. */
export function writeVcf(dir: string, name: string, lines: string[]): { path: string; sha256: string } {
  const path = join(dir, name);
  const text = Buffer.from(lines.join('\n') + '\n');
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
  return { path, sha256: sha256Of(path) };
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
