import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configFromEnv } from '../config.js';
import { loadKnowledgeBundle } from '../knowledge/index.js';
import { scratchDir } from '../testing/test-db.js';
import { DEMO_GENE_NAMES, ensureDemoKnowledge } from './knowledge.js';
import { demoGenome } from './reference.js';

test('the demo knowledge bundle describes genes the demo genome has, and is built once', async () => {
  const dir = scratchDir('kiban-demo-knowledge');
  try {
    const path = await ensureDemoKnowledge(dir.path);
    const k = loadKnowledgeBundle(path);
    assert.deepEqual(k.manifest.sources.map((s) => [s.key, s.count]), [['hpoOntology', 33], ['hpoGenes', 10], ['panelapp', 1], ['clingenDosage', 10], ['acmgSf', 4]]);
    assert.ok(k.manifest.sources.every((s) => /demo/.test(s.path)), 'every source file is named as demo content');
    const genomeGenes = new Set(demoGenome().genes.map((g) => g.name));
    assert.deepEqual(Object.keys(k.hpoGenes!.genes).filter((g) => !genomeGenes.has(g)), []);
    assert.deepEqual(DEMO_GENE_NAMES.filter((g) => !genomeGenes.has(g)), []);
    assert.equal(k.hpoGenes!.genes.SCN1A!.length, 5);
    // Second start: the existing bundle is reused, not rebuilt (same content id and creation time).
    assert.deepEqual(loadKnowledgeBundle(await ensureDemoKnowledge(dir.path)).manifest, k.manifest);
  } finally {
    dir.remove();
  }
});

test('KIBAN_KNOWLEDGE_DIR and KIBAN_REFERENCE_DIR are read from the environment', () => {
  const c = configFromEnv({ KIBAN_DATA_DIR: '/tmp/kiban-x', KIBAN_SECRET: 'x'.repeat(32), KIBAN_KNOWLEDGE_DIR: '/k/dir', KIBAN_REFERENCE_DIR: '/r/dir' });
  assert.deepEqual([c.knowledgeDir, c.referenceDir], ['/k/dir', '/r/dir']);
  const none = configFromEnv({ KIBAN_DATA_DIR: '/tmp/kiban-x', KIBAN_SECRET: 'x'.repeat(32) });
  assert.deepEqual(['knowledgeDir' in none, 'referenceDir' in none], [false, false]);
});
