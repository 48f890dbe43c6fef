import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKnowledgeBundle, loadKnowledgeBundle } from '../knowledge/index.js';
import { hpoOntologyJson } from '../knowledge/fixtures.js';
import type { ServerKnowledge } from './run.js';

/**
 * A knowledge bundle for tests on the variant store's toy reference (src/variant-store/testing):
 * the fixture HPO ontology, and GENEA (the toy reference's one gene) annotated with seizures and
 * intellectual disability; two more genes so that Seizure is more informative than its ancestors.
 */
export async function toyKnowledge(dir: string): Promise<ServerKnowledge> {
  writeFileSync(join(dir, 'hp.json'), hpoOntologyJson());
  writeFileSync(join(dir, 'genes.txt'), [
    '#Format: entrez-gene-id<tab>entrez-gene-symbol<tab>HPO-Term-ID<tab>HPO-Term-Name<tab>Frequency-Raw<tab>Frequency-HPO<tab>Additional Info from G-D source<tab>G-D source<tab>disease-ID for link',
    '1\tGENEA\tHP:0001250\tSeizure\t-\t\t-\tmim2gene\tOMIM:600000',
    '1\tGENEA\tHP:0001249\tIntellectual disability\t-\t\t-\tmim2gene\tOMIM:600000',
    '2\tGENEB\tHP:0001249\tIntellectual disability\t-\t\t-\tmim2gene\tOMIM:600001',
    '3\tGENEC\tHP:0001657\tProlonged QT interval\t-\t\t-\tmim2gene\tOMIM:600002',
    '',
  ].join('\n'));
  await buildKnowledgeBundle({ outDir: join(dir, 'knowledge'), hpoOntology: join(dir, 'hp.json'), hpoGenes: join(dir, 'genes.txt') });
  return { bundle: loadKnowledgeBundle(join(dir, 'knowledge')), demo: false };
}
