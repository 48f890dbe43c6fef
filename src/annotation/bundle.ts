import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { invalidInput } from '../errors.js';
import { openFasta } from './fasta-file.js';
import { geneModelFormatOf, readGeneModels } from './gene-models.js';
import type { GeneModelFormat } from '../genomics/gff3/index.js';
import { readLines } from './line-reader.js';
import { buildSiteTable, SITE_FIELDS, type SiteSourceKind } from './site-build.js';
import { encodeTranscripts } from './transcript-codec.js';

/** Bumped whenever a reader of the previous layout would misread the new one. */
export const BUNDLE_FORMAT_VERSION = 1;

export interface BundleSource {
  role: 'annotation' | 'sequence' | 'clinvar' | 'population';
  /** ClinVar, or the population name given on the command line (e.g. gnomAD, 54KJPN). */
  name: string;
  /** Absolute path of the input as given at build time. */
  path: string;
  version: string | null;
  sha256: string;
  sizeBytes: number;
}

export interface BundleManifest {
  format: 'kiban-reference-bundle';
  formatVersion: number;
  createdAt: string;
  transcripts: { file: string; count: number; annotationFormat: 'gff3' | 'gtf' };
  /** The FASTA is referenced, not copied (see docs/reference-bundle.md). */
  sequence: { path: string; contigs: { name: string; lengthBp: number }[] };
  sites: { name: string; kind: SiteSourceKind; file: string; fields: string[]; count: number }[];
  sources: BundleSource[];
}

export interface BundleBuildOptions {
  annotation: string;
  /** Default: from the file name (`.gtf[.gz]` is GTF). */
  annotationFormat?: GeneModelFormat;
  fasta: string;
  clinvar?: string;
  populations: { name: string; path: string }[];
  outDir: string;
  /** Clock injection for tests. */
  now?: () => Date;
}

/**
 * Builds a reference bundle into `<outDir>.partial-<pid>` and renames it into place at the end,
 * so a failed build leaves nothing behind and a bundle that exists is complete.
 */
export async function buildReferenceBundle(options: BundleBuildOptions): Promise<BundleManifest> {
  const outDir = resolve(options.outDir);
  if (existsSync(outDir)) {
    throw invalidInput('BUNDLE_EXISTS', `${options.outDir}: already exists (remove it or choose another --out)`, { field: 'out' });
  }
  const work = `${outDir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const manifest = await buildInto(work, options);
    writeFileSync(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(work, outDir);
    return manifest;
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

async function buildInto(work: string, options: BundleBuildOptions): Promise<BundleManifest> {
  const annotationFormat = options.annotationFormat ?? geneModelFormatOf(options.annotation);
  const transcripts = await readGeneModels(options.annotation, annotationFormat);
  writeFileSync(join(work, 'transcripts.kbt'), encodeTranscripts(transcripts));
  const fasta = await openFasta(options.fasta);
  const sources: BundleSource[] = [
    await describeSource('annotation', basename(options.annotation), options.annotation, await annotationVersion(options.annotation)),
    await describeSource('sequence', basename(options.fasta), options.fasta, null),
  ];
  const sites: BundleManifest['sites'] = [];
  const addSites = async (kind: SiteSourceKind, name: string, path: string) => {
    const file = kind === 'clinvar' ? 'sites-clinvar.kbs' : `sites-population-${name}.kbs`;
    const result = await buildSiteTable(path, join(work, file), kind, fasta.reader);
    sites.push({ name, kind, file, fields: SITE_FIELDS[kind], count: result.sites });
    sources.push(await describeSource(kind, name, path, vcfVersion(result.header.metaLines, path)));
  };
  try {
    if (options.clinvar) await addSites('clinvar', 'ClinVar', options.clinvar);
    for (const p of options.populations) await addSites('population', p.name, p.path);
  } finally {
    fasta.close();
  }
  return {
    format: 'kiban-reference-bundle',
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    transcripts: { file: 'transcripts.kbt', count: transcripts.length, annotationFormat },
    sequence: { path: resolve(options.fasta), contigs: fasta.reader.contigs().map((c) => ({ name: c.name, lengthBp: c.lengthBp })) },
    sites,
    sources,
  };
}

async function describeSource(role: BundleSource['role'], name: string, path: string, version: string | null): Promise<BundleSource> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { role, name, path: resolve(path), version, sha256: hash.digest('hex'), sizeBytes: statSync(path).size };
}

/** GFF3/GTF `#!genome-build`, `#!genome-version`, `#!genebuild-last-updated` directives, joined. */
async function annotationVersion(path: string): Promise<string | null> {
  const parts: string[] = [];
  for await (const [line] of readLines(path)) {
    if (!line.startsWith('#')) break;
    const m = /^#!(genome-build|genome-version|genebuild-last-updated)\s+(.+)$/.exec(line);
    if (m) parts.push(`${m[1]} ${m[2]!.trim()}`);
  }
  return parts.length > 0 ? parts.join('; ') : null;
}

/**
 * A VCF source's version: `##fileDate` (ClinVar writes its release date there), else `##source`
 * with a version, else a `v4.0`-style token in the file name (gnomAD's headers name no gnomAD
 * release), else null.
 */
export function vcfVersion(metaLines: string[], path: string): string | null {
  const value = (key: string) => metaLines.find((l) => l.startsWith(`##${key}=`))?.slice(key.length + 3);
  const fileDate = value('fileDate');
  if (fileDate) return fileDate;
  const source = value('source');
  if (source && /[0-9]/.test(source)) return source;
  const m = /(?:^|[^a-z])v([0-9]+(?:\.[0-9]+)+)/i.exec(basename(path));
  return m ? m[1]! : null;
}

export interface LoadedBundle {
  dir: string;
  manifest: BundleManifest;
  transcriptsBytes: Buffer;
}

export function loadReferenceBundle(dir: string): LoadedBundle {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw invalidInput('BUNDLE_MISSING', `${dir}: not a reference bundle (no manifest.json)`, { field: 'reference', file: dir });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BundleManifest;
  if (manifest.format !== 'kiban-reference-bundle' || manifest.formatVersion !== BUNDLE_FORMAT_VERSION) {
    throw invalidInput(
      'BUNDLE_VERSION',
      `${manifestPath}: bundle format ${manifest.format} v${manifest.formatVersion}; this Kiban reads v${BUNDLE_FORMAT_VERSION} (rebuild it)`,
      { field: 'formatVersion', file: manifestPath },
    );
  }
  const sequence = manifest.sources.find((s) => s.role === 'sequence');
  if (sequence && (!existsSync(sequence.path) || statSync(sequence.path).size !== sequence.sizeBytes)) {
    throw invalidInput('BUNDLE_SEQUENCE_CHANGED', `${manifestPath}: the referenced FASTA ${sequence.path} is missing or changed size`, {
      field: 'sequence',
      file: manifestPath,
    });
  }
  return { dir, manifest, transcriptsBytes: readFileSync(join(dir, manifest.transcripts.file)) };
}
