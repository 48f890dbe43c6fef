import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { atLocation, invalidInput, KibanError } from '../errors.js';
import { openDecompressed, readLines } from '../annotation/index.js';
import { SOURCE_SPECS, type SourceKey, type SourceSpec } from './source-specs.js';
import type { Parsed } from './types.js';

/** Bumped whenever a reader of the previous layout would misread the new one. */
export const KNOWLEDGE_FORMAT_VERSION = 1;

export interface KnowledgeSource {
  key: SourceKey;
  /** The source's public name (`HPO`, `ClinVar`, `CIViC`, `PanelApp`, …). */
  name: string;
  /** Bundle file holding the parsed content. */
  file: string;
  /** Absolute path of the input as given at build time. */
  path: string;
  version: string | null;
  sha256: string;
  sizeBytes: number;
  /** Entries stored (terms, genes, records, panels…; see docs/knowledge-bundle.md). */
  count: number;
  /** Another input the content depends on (ClinVar protein changes: the reference's gene models). */
  derivedWith?: string;
}

export interface KnowledgeManifest {
  format: 'kiban-knowledge-bundle';
  formatVersion: number;
  /** Content id: SHA-256 over the sources' keys, versions and SHA-256s (first 16 hex digits). */
  id: string;
  createdAt: string;
  sources: KnowledgeSource[];
}

export type KnowledgeInputs = Partial<Record<Exclude<SourceKey, 'panelapp'>, string>> & { panelapp?: string[] };

export interface KnowledgeBuildOptions extends KnowledgeInputs {
  outDir: string;
  /** Reference bundle used to give ClinVar pathogenic records their protein change (PS1/PM5). */
  reference?: string;
  threads?: number;
  /** Clock injection for tests. */
  now?: () => Date;
}

/**
 * Parses each given source into `<outDir>.partial-<pid>` and renames it into place at the end, as
 * the reference bundle does: a knowledge folder that exists is complete, and a source that fails
 * to parse (reported as `file:line: field: …`) leaves nothing behind.
 */
export async function buildKnowledgeBundle(options: KnowledgeBuildOptions): Promise<KnowledgeManifest> {
  const outDir = resolve(options.outDir);
  if (existsSync(outDir)) throw invalidInput('KNOWLEDGE_EXISTS', `${options.outDir}: already exists (remove it or choose another --out)`, { field: 'out' });
  checkInputs(options);
  const work = `${outDir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const sources: KnowledgeSource[] = [];
    const context: BuildContext = { ...(options.reference ? { reference: options.reference } : {}), ...(options.threads ? { threads: options.threads } : {}) };
    for (const spec of SOURCE_SPECS) {
      const paths = spec.key === 'panelapp' ? (options.panelapp ?? []) : options[spec.key] ? [options[spec.key]!] : [];
      if (paths.length > 0) sources.push(...(await buildSource(work, spec, paths, context)));
    }
    const manifest: KnowledgeManifest = {
      format: 'kiban-knowledge-bundle',
      formatVersion: KNOWLEDGE_FORMAT_VERSION,
      id: knowledgeId(sources),
      createdAt: (options.now ?? (() => new Date()))().toISOString(),
      sources,
    };
    writeFileSync(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(work, outDir);
    return manifest;
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

function checkInputs(options: KnowledgeBuildOptions): void {
  const given = SOURCE_SPECS.filter((s) => (s.key === 'panelapp' ? (options.panelapp?.length ?? 0) > 0 : options[s.key] !== undefined));
  if (given.length === 0) throw new KibanError('usage', 'USAGE', 'give at least one source (see kiban knowledge build --help)');
  if (options.reference !== undefined && options.clinvar === undefined) throw new KibanError('usage', 'USAGE', '--reference is used for ClinVar protein changes: it needs --clinvar');
  for (const s of given) {
    if (s.requires && options[s.requires] === undefined) throw new KibanError('usage', 'USAGE', `--${s.flag} needs --${SOURCE_SPECS.find((x) => x.key === s.requires)!.flag}`);
  }
}

/** State shared between sources during one build: the HPO ontology resolves the annotation files' term ids. */
export interface BuildContext {
  hpoOntology?: { terms: Record<string, unknown>; altIds: Record<string, string> };
  reference?: string;
  threads?: number;
}

async function buildSource(work: string, spec: SourceSpec, paths: string[], context: BuildContext): Promise<KnowledgeSource[]> {
  const out: KnowledgeSource[] = [];
  const parsedAll: Parsed<unknown>[] = [];
  for (const path of paths) {
    let parsed: Parsed<unknown>;
    try {
      parsed = spec.input === 'text' ? await spec.parse(await readText(path), context) : await spec.parse(readLines(path), context);
    } catch (err) {
      // Parsers put the line into details; atLocation prefixes `file:line`.
      throw atLocation(err, path, err instanceof KibanError ? err.details.line : undefined);
    }
    parsedAll.push(parsed);
    out.push({ key: spec.key, name: spec.name, file: spec.file, path: resolve(path), version: parsed.version ?? spec.versionFromPath(path), sha256: await sha256(path), sizeBytes: statSync(path).size, count: spec.count(parsed.data), ...(parsed.derivedWith ? { derivedWith: parsed.derivedWith } : {}) });
  }
  const data = spec.merge ? spec.merge(parsedAll.map((p) => p.data)) : parsedAll[0]!.data;
  writeFileSync(join(work, spec.file), JSON.stringify(data));
  return out;
}

async function readText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openDecompressed(path)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function knowledgeId(sources: KnowledgeSource[]): string {
  const hash = createHash('sha256');
  for (const s of sources) hash.update(`${s.key}\t${s.version ?? ''}\t${s.sha256}\t${s.derivedWith ?? ''}\n`);
  return hash.digest('hex').slice(0, 16);
}

export function readKnowledgeManifest(dir: string): KnowledgeManifest {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw invalidInput('KNOWLEDGE_MISSING', `${dir}: not a knowledge bundle (no manifest.json)`, { field: 'knowledge', file: dir });
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as KnowledgeManifest;
  if (manifest.format !== 'kiban-knowledge-bundle' || manifest.formatVersion !== KNOWLEDGE_FORMAT_VERSION) {
    throw invalidInput('KNOWLEDGE_VERSION', `${manifestPath}: knowledge format ${manifest.format} v${manifest.formatVersion}; this Kiban reads v${KNOWLEDGE_FORMAT_VERSION} (rebuild it)`, { field: 'formatVersion', file: manifestPath });
  }
  return manifest;
}
