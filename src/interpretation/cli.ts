import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { KibanError } from '../errors.js';
import { checkValue } from '../validate.js';
import type { CliIo } from '../cli/main.js';
import type { RankedCandidate } from './rank.js';
import { PrioritiseFlags } from './schemas.js';

function usage(message: string): KibanError {
  return new KibanError('usage', 'USAGE', message);
}

export function registerInterpretationCommands(program: Command, io: CliIo): void {
  program
    .command('prioritise')
    .description('Rank candidate genes for a rare-disease case: inheritance from the pedigree, variant evidence and HPO phenotype match')
    .requiredOption('--vcf <file>', 'input VCF (.vcf, .vcf.gz), one or more samples')
    .option('--reference <dir>', 'reference bundle from `kiban reference build`')
    .option('--gff3 <file>', 'gene models, GFF3 (with --fasta, instead of --reference)')
    .option('--fasta <file>', 'reference FASTA (with --gff3)')
    .requiredOption('--knowledge <dir>', 'knowledge bundle from `kiban knowledge build`')
    .option('--hpo <terms>', 'the case\'s HPO terms, comma-separated (HP:0001250,HP:0001249)')
    .option('--ped <file>', 'pedigree, 6-column PED')
    .option('--proband <sample>', 'proband sample (default: the affected sample in the PED, or the only sample)')
    .option('--panel <id[@version]>', 'PanelApp panel id, optionally with the version the bundle must hold: its green genes only')
    .option('--top <n>', 'print the best N candidates', (v) => Number(v))
    .option('--json', 'JSON lines, best first')
    .option('--threads <n>', 'annotation worker threads (default: all cores)', (v) => Number(v))
    .action(async (raw: Record<string, unknown>) => {
      let opts: PrioritiseFlags;
      try {
        opts = checkValue(PrioritiseFlags, raw, 'flag');
      } catch (err) {
        throw err instanceof KibanError ? new KibanError('usage', 'USAGE', err.message, err.details) : err;
      }
      if (!opts.reference && (!opts.gff3 || !opts.fasta)) throw usage('give --reference DIR, or --gff3 with --fasta');
      if (opts.reference && (opts.gff3 || opts.fasta)) throw usage('give --reference or --gff3/--fasta, not both');
      for (const [p, flag] of [[opts.vcf, '--vcf'], [opts.reference, '--reference'], [opts.gff3, '--gff3'], [opts.fasta, '--fasta'], [opts.knowledge, '--knowledge'], [opts.ped, '--ped']] as const) {
        if (p !== undefined && !existsSync(p)) throw new KibanError('not_found', 'NOT_FOUND', `${flag} ${p}: no such file`, { field: flag });
      }
      const { prioritise } = await import('./prioritise.js');
      const result = await prioritise({
        vcf: opts.vcf, knowledge: opts.knowledge, hpo: opts.hpo ? opts.hpo.split(',') : [],
        ...(opts.reference ? { reference: opts.reference } : { gff3: opts.gff3!, fasta: opts.fasta! }),
        ...(opts.ped ? { ped: opts.ped } : {}), ...(opts.proband ? { proband: opts.proband } : {}), ...(opts.panel ? { panel: opts.panel } : {}),
        ...(opts.top ? { top: opts.top } : {}), ...(opts.threads ? { threads: opts.threads } : {}),
      });
      io.stderr(`proband ${result.proband}; knowledge ${result.knowledgeId}${result.panel ? `; panel ${result.panel.id} ${result.panel.name} v${result.panel.version ?? '?'} (${result.panel.greenGenes} green genes)` : ''}; ${result.candidates.length} candidates\n`);
      for (const c of result.candidates) io.stdout(opts.json ? `${JSON.stringify(jsonLine(c))}\n` : textBlock(c));
    });
}

/** The issue's JSON-lines shape, plus the explanation. */
function jsonLine(c: RankedCandidate): Record<string, unknown> {
  return {
    rank: c.rank, gene: c.gene, score: c.score, mode: c.mode,
    variants: c.variants.map((v) => ({ chrom: v.chrom, pos: v.pos1, ref: v.ref, alt: v.alt, consequence: v.consequence, hgvsc: v.hgvsc, hgvsp: v.hgvsp, genotype: v.genotype, ...(v.acmg ? { acmg: v.acmg } : {}) })),
    variantScore: c.variantScore, phenotypeScore: c.phenotypeScore, explanation: c.explanation,
  };
}

function textBlock(c: RankedCandidate): string {
  return [`${c.rank}\t${c.gene}\t${c.score}\t${c.mode}`, ...c.explanation.map((l) => `\t${l}`)].join('\n') + '\n';
}
