import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { buildReferenceBundle } from '../annotation/index.js';
import { DEMO_GENE_NAMES } from './knowledge.js';
import { fastaLines, generateGenome, gff3Lines, vcfLines, type SyntheticGenome } from '../genomics/index.js';

/**
 * The demo's reference: a synthetic genome with genes (3 × 1 Mb, seeded), with a small ClinVar-style
 * VCF and a Japanese population panel (54KJPN-style AC/AN/AF), built into a real reference bundle
 * in `<dataDir>/reference/demo` on the first start. A real deployment sets KIBAN_REFERENCE_DIR to
 * a bundle built from Ensembl/GENCODE, GRCh38 FASTA, ClinVar and gnomAD/54KJPN.
 */
export const DEMO_GENOME = { seed: 2026, contigs: 3, contigLengthBp: 1_000_000 } as const;
/** The seed of the demo's variant sites: ClinVar and the panel take every tenth, patients a subset. */
export const DEMO_SITES_SEED = 11;
export const DEMO_SITES_COUNT = 20_000;

/**
 * The first coding genes carry the real symbols the demo knowledge bundle describes
 * (DEMO_GENE_NAMES in knowledge.ts), so interpretation of the demo's calls meets HPO annotations,
 * dosage scores and a panel; the other genes keep their SYNn names.
 */
export function demoGenome(): SyntheticGenome {
  const genome = generateGenome({ ...DEMO_GENOME });
  const coding = genome.genes.filter((g) => g.transcripts.some((t) => t.canonical && t.cds.length > 0));
  DEMO_GENE_NAMES.forEach((name, k) => {
    const gene = coding[k * Math.floor(coding.length / DEMO_GENE_NAMES.length)];
    if (!gene) return;
    gene.name = name;
    for (const t of gene.transcripts) t.geneName = name;
  });
  return genome;
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const CLNSIG = ['Pathogenic', 'Likely_pathogenic', 'Uncertain_significance', 'Likely_benign', 'Benign'];
const REVSTAT = ['criteria_provided,_multiple_submitters,_no_conflicts', 'criteria_provided,_single_submitter', 'reviewed_by_expert_panel'];

/** Every tenth site of a seeded synthetic VCF, with INFO as ClinVar or a population panel writes it. */
function* siteVcf(genome: SyntheticGenome, kind: 'clinvar' | 'population', seed: number): Generator<string> {
  let n = 0;
  for (const line of vcfLines(genome, { seed, count: DEMO_SITES_COUNT })) {
    if (line.startsWith('##fileformat')) {
      yield line;
      yield kind === 'clinvar' ? '##source=ClinVar (Kiban demo, synthetic)' : '##source=JPN demo panel (Kiban demo, synthetic)';
      yield* kind === 'clinvar'
        ? ['##INFO=<ID=CLNSIG,Number=.,Type=String,Description="Clinical significance">',
          '##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="Review status">']
        : ['##INFO=<ID=AC,Number=A,Type=Integer,Description="Allele count">',
          '##INFO=<ID=AN,Number=1,Type=Integer,Description="Allele number">',
          '##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency">'];
      continue;
    }
    if (line.startsWith('#')) {
      yield line;
      continue;
    }
    if (n++ % 10 !== 0) continue;
    const cols = line.split('\t');
    const alts = (cols[4] ?? '').split(',');
    const info = kind === 'clinvar'
      ? `CLNSIG=${CLNSIG[n % CLNSIG.length]};CLNREVSTAT=${REVSTAT[n % REVSTAT.length]}`
      : (() => {
          const an = 108_000;
          const acs = alts.map((_, i) => 1 + ((n * 7919 + i * 104_729) % 20_000));
          return `AC=${acs.join(',')};AN=${an};AF=${acs.map((ac) => (ac / an).toPrecision(4)).join(',')}`;
        })();
    yield [...cols.slice(0, 7), info].join('\t');
  }
}

/** Returns the bundle directory, building it on first use (a few seconds). */
export async function ensureDemoReference(dataDir: string): Promise<string> {
  const bundle = join(dataDir, 'reference', 'demo');
  if (existsSync(join(bundle, 'manifest.json'))) return bundle;
  const src = join(dataDir, 'reference', 'demo-sources');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const genome = demoGenome();
  await writeLines(join(src, 'genome.fa'), fastaLines(genome));
  await writeLines(join(src, 'genes.gff3'), gff3Lines(genome));
  await writeLines(join(src, 'clinvar.vcf'), siteVcf(genome, 'clinvar', DEMO_SITES_SEED));
  await writeLines(join(src, 'jpn-panel.vcf'), siteVcf(genome, 'population', DEMO_SITES_SEED));
  await buildReferenceBundle({
    annotation: join(src, 'genes.gff3'),
    fasta: join(src, 'genome.fa'),
    clinvar: join(src, 'clinvar.vcf'),
    populations: [{ name: 'JPN', path: join(src, 'jpn-panel.vcf') }],
    outDir: bundle,
  });
  return bundle;
}
