import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DelimitedRows } from '../delimited.js';
import { parseClingenValidity } from './clingen.js';
import { parseHpoDiseases, parseHpoGenes } from './hpo.js';

async function* lines(text: string): AsyncGenerator<[string, number]> {
  let n = 0;
  for (const l of text.split('\n')) yield [l, ++n];
}

test('genes_to_phenotype: the newer 6-column layout (HPO 2023-04 on) reads like the old one', async () => {
  const text = 'ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id\n8192\tCLPP\tHP:0000013\tHypoplasia of the uterus\t-\tOMIM:614129\n8192\tCLPP\tHP:0000013\tHypoplasia of the uterus\t-\tOMIM:614130\n';
  assert.deepEqual(await parseHpoGenes(lines(text)), { data: { genes: { CLPP: ['HP:0000013'] } }, version: null });
  await assert.rejects(parseHpoGenes(lines('ncbi_gene_id\tgene_symbol\thpo_id\n1\tA\tHP:123\n')), {
    code: 'HPO_GENES_ROW', message: 'expected a gene symbol and an HP:nnnnnnn term, got "A" and "HP:123"', details: { line: 2, field: 'hpo_id' },
  });
});

test('phenotype.hpoa: the newer header without # (database_id …)', async () => {
  const text = '#date: 2024-04-26\ndatabase_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\nOMIM:1\tDemo\t\tHP:0000001\tPMID:1\tPCS\t\t\t\t\tP\tHPO:x\n';
  assert.deepEqual(await parseHpoDiseases(lines(text)), { data: { diseases: { 'OMIM:1': { name: 'Demo', terms: ['HP:0000001'] } } }, version: '2024-04-26' });
});

test('ClinGen validity: the official banner is skipped and its date is the release', async () => {
  const text = ['"CLINGEN GENE DISEASE VALIDITY CURATIONS"', '"FILE CREATED: 2025-01-03"', '"+++++++++++","++++++++++++++"',
    '"GENE SYMBOL","GENE ID (HGNC)","DISEASE LABEL","DISEASE ID (MONDO)","MOI","SOP","CLASSIFICATION","ONLINE REPORT","CLASSIFICATION DATE","GCEP"',
    '"+++++++++++","++++++++++++++"', '"A2ML1","HGNC:23336","Noonan syndrome","MONDO:0018997","AD","SOP5","Disputed","https://x","2018-06-07T16:00:00.000Z","RASopathy"', ''].join('\n');
  const parsed = await parseClingenValidity(lines(text));
  assert.equal(parsed.version, '2025-01-03');
  assert.deepEqual(parsed.data, [{ gene: 'A2ML1', hgncId: 'HGNC:23336', disease: 'Noonan syndrome', mondoId: 'MONDO:0018997', moi: 'AD', classification: 'Disputed', date: '2018-06-07' }]);
});

test('delimited rows: quotes, doubled quotes, and a quoted field across lines', () => {
  const rows = new DelimitedRows('\t');
  assert.deepEqual(rows.push('a\t"b ""c"""\td', 1), { fields: ['a', 'b "c"', 'd'], line: 1 });
  assert.equal(rows.push('x\t"multi', 2), undefined);
  assert.deepEqual(rows.push('line"\ty', 3), { fields: ['x', 'multi\nline', 'y'], line: 2 });
  rows.finish();
});
