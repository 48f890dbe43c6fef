import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PhenotypeIndex } from './ontology.js';
import { phenotypeMatches } from './resnik.js';

// A small ontology: All > Phenotypic abnormality > {Nervous, Cardio}; Seizure and ID under
// Nervous; Febrile seizure under Seizure; Long QT under Cardio.
const terms = {
  'HP:0000001': { label: 'All', parents: [] },
  'HP:0000118': { label: 'Phenotypic abnormality', parents: ['HP:0000001'] },
  'HP:0000707': { label: 'Nervous', parents: ['HP:0000118'] },
  'HP:0001250': { label: 'Seizure', parents: ['HP:0000707'] },
  'HP:0002373': { label: 'Febrile seizure', parents: ['HP:0001250'] },
  'HP:0001249': { label: 'Intellectual disability', parents: ['HP:0000707'] },
  'HP:0001626': { label: 'Cardio', parents: ['HP:0000118'] },
  'HP:0001657': { label: 'Long QT', parents: ['HP:0001626'] },
};
const annotations = { SCN1A: ['HP:0002373', 'HP:0001249'], KCNQ1: ['HP:0001657'], ARX: ['HP:0001249'], OTHER: ['HP:0001626'] };
const index = new PhenotypeIndex({ terms, altIds: { 'HP:0007359': 'HP:0001250' }, annotations });

test('information content from gene annotations with the true-path rule', () => {
  const ic = (id: string) => Number(index.ic[index.resolve(id)!]!.toFixed(4));
  // 4 genes annotated. Nervous: SCN1A, ARX (2/4); Seizure: SCN1A (1/4); Cardio: KCNQ1, OTHER (2/4).
  assert.deepEqual(['HP:0000001', 'HP:0000118', 'HP:0000707', 'HP:0001250', 'HP:0002373', 'HP:0001626', 'HP:0001657'].map(ic), [0, 0, 0.6931, 1.3863, 1.3863, 0.6931, 1.3863]);
  assert.equal(index.genes, 4);
});

test('Resnik best-match average, query → gene, with each term explained', () => {
  const m = phenotypeMatches(index, ['HP:0001250', 'HP:0001249']);
  // Seizure vs SCN1A: Febrile seizure is below Seizure → MICA Seizure (IC ln 4); ID exact (IC ln 2).
  const scn1a = m.get('SCN1A')!;
  assert.deepEqual([scn1a.gene, scn1a.score, scn1a.resnik], ['SCN1A', 1, 1.0397]);
  assert.deepEqual(scn1a.matches, [
      { query: 'HP:0001250', queryLabel: 'Seizure', geneTerm: 'HP:0002373', mica: 'HP:0001250', micaLabel: 'Seizure', ic: 1.3863 },
      { query: 'HP:0001249', queryLabel: 'Intellectual disability', geneTerm: 'HP:0001249', mica: 'HP:0001249', micaLabel: 'Intellectual disability', ic: 0.6931 },
  ]);
  // ARX: Seizure ~ ID via Nervous (ln 2), ID exact (ln 2): (0.6931 + 0.6931) / 2 over self 1.0397.
  assert.deepEqual([m.get('ARX')!.resnik, m.get('ARX')!.score], [0.6931, 0.6667]);
  assert.deepEqual([m.get('KCNQ1')!.resnik, m.get('KCNQ1')!.score, m.get('KCNQ1')!.matches[0]!.mica], [0, 0, 'HP:0000118']);
  // Alternative ids resolve; unknown ids are refused.
  assert.equal(phenotypeMatches(index, ['HP:0007359']).get('SCN1A')!.score, 1);
  assert.throws(() => phenotypeMatches(index, ['HP:9999999']), { code: 'HPO_TERM_UNKNOWN', message: 'HP:9999999 is not a term of the HPO release in the knowledge bundle' });
});
