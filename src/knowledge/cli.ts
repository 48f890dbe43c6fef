import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { KibanError } from '../errors.js';
import { checkValue } from '../validate.js';
import type { CliIo } from '../cli/main.js';
import { KnowledgeBuildFlags } from './schemas.js';
import { SOURCE_SPECS } from './source-specs.js';

const HELP: Record<string, string> = {
  hpoOntology: 'HPO ontology, hp.json (obographs)',
  hpoGenes: 'HPO genes_to_phenotype.txt (needs --hpo-ontology)',
  hpoDiseases: 'HPO phenotype.hpoa (needs --hpo-ontology)',
  clinvar: 'ClinVar VCF (clinvar.vcf.gz)',
  civicEvidence: 'CIViC clinical evidence summaries TSV',
  civicVariants: 'CIViC variant summaries TSV (needs --civic-evidence)',
  panelapp: 'PanelApp panel JSON or flat TSV (repeatable)',
  clingenValidity: 'ClinGen gene-disease validity CSV',
  clingenDosage: 'ClinGen dosage sensitivity gene list TSV',
  acmgSf: 'ACMG secondary findings list TSV',
  oncotree: 'OncoTree JSON (oncotree_YYYY_MM_DD.json)',
  mane: 'MANE summary (MANE.GRCh38.vX.summary.txt.gz)',
};

function usageFlags<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof KibanError) throw new KibanError('usage', 'USAGE', err.message, err.details);
    throw err;
  }
}

export function registerKnowledgeCommands(program: Command, io: CliIo): void {
  const knowledge = program.command('knowledge').description('Knowledge bundles for interpretation (HPO, ClinVar, CIViC, PanelApp, ClinGen, ACMG SF, OncoTree, MANE)');
  const build = knowledge
    .command('build')
    .description('Build a versioned knowledge bundle; each file plain or gzip-compressed, as the sources ship them')
    .requiredOption('--out <dir>', 'bundle folder to create');
  for (const spec of SOURCE_SPECS) {
    if (spec.key === 'panelapp') build.option(`--${spec.flag} <file...>`, HELP[spec.key], [] as string[]);
    else build.option(`--${spec.flag} <file>`, HELP[spec.key]);
  }
  build.option('--reference <dir>', 'reference bundle (`kiban reference build`): gives ClinVar pathogenic records their protein change, for PS1/PM5');
  build.option('--threads <n>', 'annotation threads for --reference (default: all cores)', (v) => Number(v));
  build.action(async (raw: Record<string, unknown>) => {
    const opts = usageFlags(() => checkValue(KnowledgeBuildFlags, raw, 'flag'));
    if (opts.reference && !existsSync(opts.reference)) throw new KibanError('not_found', 'NOT_FOUND', `--reference ${opts.reference}: no such file`, { field: '--reference' });
    for (const spec of SOURCE_SPECS) {
      const given = spec.key === 'panelapp' ? opts.panelapp : opts[spec.key] ? [opts[spec.key]!] : [];
      for (const p of given) if (!existsSync(p)) throw new KibanError('not_found', 'NOT_FOUND', `--${spec.flag} ${p}: no such file`, { field: `--${spec.flag}` });
    }
    const { buildKnowledgeBundle } = await import('./bundle.js');
    const { out, ...inputs } = opts;
    const manifest = await buildKnowledgeBundle({ ...inputs, outDir: out });
    io.stdout(`knowledge bundle ${out} (id ${manifest.id})\n`);
    for (const s of manifest.sources) io.stdout(`  ${s.name} ${s.version ?? 'unversioned'}: ${s.count} (${s.path})\n`);
  });

  knowledge
    .command('show')
    .description("A knowledge bundle's id and each source's release and SHA-256")
    .argument('<dir>', 'knowledge bundle folder')
    .option('--json', 'the manifest as JSON')
    .action(async (dir: string, opts: { json?: boolean }) => {
      if (!existsSync(dir)) throw new KibanError('not_found', 'NOT_FOUND', `${dir}: no such folder`, { field: 'dir' });
      const { readKnowledgeManifest } = await import('./bundle.js');
      const m = readKnowledgeManifest(dir);
      if (opts.json) {
        io.stdout(`${JSON.stringify(m)}\n`);
        return;
      }
      io.stdout(`knowledge bundle ${dir}: id ${m.id}, built ${m.createdAt}\n`);
      for (const s of m.sources) io.stdout(`  ${s.name}\t${s.version ?? 'unversioned'}\t${s.count}\tsha256 ${s.sha256}${s.derivedWith ? `\t${s.derivedWith}` : ''}\n`);
    });
}
