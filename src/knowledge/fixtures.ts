/**
 * Small knowledge files in each source's real format, written in code: for tests and the demo
 * (labelled demo content; never real curation). The HPO terms and gene–phenotype links are a
 * handful of real HPO ids with their real labels, wired into a tiny ontology.
 */

export const FIXTURE_HPO_TERMS: [id: string, label: string, parents: string[]][] = [
  ['HP:0000001', 'All', []],
  ['HP:0000118', 'Phenotypic abnormality', ['HP:0000001']],
  ['HP:0000707', 'Abnormality of the nervous system', ['HP:0000118']],
  ['HP:0001250', 'Seizure', ['HP:0000707']],
  ['HP:0002373', 'Febrile seizure (within the age range of 3 months to 6 years)', ['HP:0001250']],
  ['HP:0001249', 'Intellectual disability', ['HP:0000707']],
  ['HP:0001626', 'Abnormality of the cardiovascular system', ['HP:0000118']],
  ['HP:0001657', 'Prolonged QT interval', ['HP:0001626']],
  ['HP:0001279', 'Syncope', ['HP:0001626', 'HP:0000707']],
  ['HP:0000478', 'Abnormality of the eye', ['HP:0000118']],
  ['HP:0000505', 'Visual impairment', ['HP:0000478']],
];

export function hpoOntologyJson(): string {
  const iri = (id: string) => `http://purl.obolibrary.org/obo/${id.replace(':', '_')}`;
  const nodes: unknown[] = FIXTURE_HPO_TERMS.map(([id, lbl]) => ({ id: iri(id), lbl, type: 'CLASS' }));
  nodes.push({ id: iri('HP:0009999'), lbl: 'obsolete Seizure-like', meta: { deprecated: true, basicPropertyValues: [{ pred: 'http://purl.obolibrary.org/obo/IAO_0100001', val: iri('HP:0001250') }] } });
  (nodes[3] as { meta?: unknown }).meta = { basicPropertyValues: [{ pred: 'http://www.geneontology.org/formats/oboInOwl#hasAlternativeId', val: 'HP:0007359' }] };
  const edges = FIXTURE_HPO_TERMS.flatMap(([id, , parents]) => parents.map((p) => ({ sub: iri(id), pred: 'is_a', obj: iri(p) })));
  return JSON.stringify({ graphs: [{ id: 'http://purl.obolibrary.org/obo/hp.json', meta: { version: 'http://purl.obolibrary.org/obo/hp/releases/2099-01-01/hp.json' }, nodes, edges }] });
}

/** Gene → terms, pre-2023-04 layout (9 columns). */
export const FIXTURE_GENE_TERMS: Record<string, string[]> = {
  SCN1A: ['HP:0001250', 'HP:0002373', 'HP:0001249'],
  KCNQ1: ['HP:0001657', 'HP:0001279'],
  KCNH2: ['HP:0001657'],
  PAX6: ['HP:0000505'],
  GENE5: ['HP:0001249'],
};

export function hpoGenesText(): string {
  const rows = Object.entries(FIXTURE_GENE_TERMS).flatMap(([gene, terms], k) =>
    terms.map((t) => `${1000 + k}\t${gene}\t${t}\t${FIXTURE_HPO_TERMS.find((x) => x[0] === t)![1]}\t-\t\t-\tmim2gene\tOMIM:${600000 + k}`),
  );
  // HP:0009999 is obsolete (replaced by HP:0001250): resolved at build time.
  rows.push('1001\tKCNQ1\tHP:0009999\tobsolete Seizure-like\t-\t\t-\tmim2gene\tOMIM:600001');
  return ['#Format: entrez-gene-id<tab>entrez-gene-symbol<tab>HPO-Term-ID<tab>HPO-Term-Name<tab>Frequency-Raw<tab>Frequency-HPO<tab>Additional Info from G-D source<tab>G-D source<tab>disease-ID for link', ...rows, ''].join('\n');
}

export function hpoDiseasesText(): string {
  return [
    '#description: HPO annotations for rare diseases [demo]',
    '#date: 2099-01-01',
    '#DatabaseID\tDiseaseName\tQualifier\tHPO_ID\tReference\tEvidence\tOnset\tFrequency\tSex\tModifier\tAspect\tBiocuration',
    'OMIM:607208\tDravet syndrome\t\tHP:0001250\tOMIM:607208\tTAS\t\t\t\t\tP\tHPO:demo',
    'OMIM:607208\tDravet syndrome\tNOT\tHP:0000505\tOMIM:607208\tTAS\t\t\t\t\tP\tHPO:demo',
    'OMIM:607208\tDravet syndrome\t\tHP:0000006\tOMIM:607208\tTAS\t\t\t\t\tI\tHPO:demo',
    'OMIM:192500\tLong QT syndrome 1\t\tHP:0001657\tOMIM:192500\tTAS\t\t\t\t\tP\tHPO:demo',
    '',
  ].join('\n');
}

export function clinvarVcfText(): string {
  const info = (sig: string, gene: string, mc: string) => `CLNREVSTAT=criteria_provided,_single_submitter;CLNSIG=${sig};GENEINFO=${gene}:1;MC=${mc}`;
  return [
    '##fileformat=VCFv4.1',
    '##fileDate=2099-01-01',
    '##source=ClinVar',
    '##INFO=<ID=CLNSIG,Number=.,Type=String,Description="Clinical significance">',
    '##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="Review status">',
    '##INFO=<ID=GENEINFO,Number=1,Type=String,Description="Gene">',
    '##INFO=<ID=MC,Number=.,Type=String,Description="Molecular consequence">',
    '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO',
    `1\t1000\t11\tC\tT\t.\t.\t${info('Pathogenic', 'SCN1A', 'SO:0001587|nonsense')}`,
    `1\t1010\t12\tG\tA\t.\t.\t${info('Likely_pathogenic', 'SCN1A', 'SO:0001583|missense_variant')}`,
    `1\t1020\t13\tA\tG\t.\t.\t${info('Benign', 'SCN1A', 'SO:0001583|missense_variant')}`,
    `1\t1030\t14\tAT\tA\t.\t.\t${info('Pathogenic/Likely_pathogenic', 'SCN1A', 'SO:0001589|frameshift_variant')}`,
    `1\t1040\t15\tT\tC\t.\t.\t${info('Uncertain_significance', 'KCNQ1', 'SO:0001583|missense_variant')}`,
    '',
  ].join('\n');
}

export function civicEvidenceText(): string {
  const header = 'molecular_profile\tmolecular_profile_id\tdisease\tdoid\tphenotypes\ttherapies\ttherapy_interaction_type\tevidence_type\tevidence_direction\tevidence_level\tsignificance\tevidence_statement\tcitation_id\tsource_type\tasco_abstract_id\tcitation\tnct_ids\trating\tevidence_status\tevidence_id\tvariant_origin\tlast_review_date\tevidence_civic_url\tmolecular_profile_civic_url\tis_flagged';
  return [
    header,
    'BRAF V600E\t12\tMelanoma\t1909\t\tDabrafenib,Trametinib\tCombination\tPredictive\tSupports\tA\tSensitivity/Response\t"Demo statement, with a comma."\t1\tPubMed\t\t"Demo et al., 2099"\t\t5\taccepted\t101\tSomatic\t2099-01-02 10:00:00 UTC\t\t\tFALSE',
    'EGFR L858R\t33\tLung Non-small Cell Carcinoma\t3908\t\tGefitinib\t\tPredictive\tSupports\tB\tSensitivity/Response\tDemo\t2\tPubMed\t\tDemo\t\t4\taccepted\t102\tSomatic\t2099-01-01 10:00:00 UTC\t\t\tFALSE',
  ].join('\r\n');
}

export function civicVariantsText(): string {
  return ['variant_id\tgene\tvariant\tblurb\tchromosome\tstart\tstop\tvariant_types\thgvs_descriptions\tsingle_variant_molecular_profile_id', '12\tBRAF\tV600E\t"Demo, blurb"\t7\t140453136\t140453136\tmissense_variant\t"NC_000007.13:g.140453136A>T,ENSP00000288602.6:p.Val600Glu"\t12', ''].join('\r\n');
}

export function panelTsvText(): string {
  return ['id\tmode_of_inheritance\tGene\tconfidence_level\tname\tdisease_group\tdisease_sub_group\tstatus', '402\tAD\tSCN1A\t3\tDemo epilepsy\tNeurology\t\tpublic', '402\tAR\tGENE5\t2\tDemo epilepsy\tNeurology\t\tpublic', '76\tAD\tKCNQ1\t3\tDemo long QT\tCardiology\t\tpublic', ''].join('\n');
}

export function panelJsonText(): string {
  return JSON.stringify({
    id: 76, name: 'Demo long QT', version: '3.12',
    genes: [
      { gene_data: { hgnc_symbol: 'KCNQ1' }, confidence_level: '3', mode_of_inheritance: 'MONOALLELIC, autosomal or pseudoautosomal, imprinted status unknown' },
      { gene_data: { hgnc_symbol: 'KCNH2' }, confidence_level: '3', mode_of_inheritance: 'MONOALLELIC, autosomal or pseudoautosomal, imprinted status unknown' },
      { gene_data: { hgnc_symbol: 'CALM1' }, confidence_level: '2', mode_of_inheritance: 'MONOALLELIC, autosomal or pseudoautosomal, imprinted status unknown' },
    ],
  });
}

export function clingenValidityText(): string {
  return [
    '"GENE SYMBOL","GENE ID (HGNC)","DISEASE LABEL","DISEASE ID (MONDO)","MOI","SOP","CLASSIFICATION","ONLINE REPORT","CLASSIFICATION DATE","GCEP"',
    '"SCN1A","HGNC:10585","Dravet syndrome, demo","MONDO:0100135","AD","SOP8","Definitive","https://example.org","2099-01-01T16:00:00.000Z","Demo GCEP"',
    '',
  ].join('\n');
}

export function clingenDosageText(): string {
  return [
    '#ClinGen Gene Curation Results',
    '#01 Jan,2099',
    '#Genomic Locations are reported on GRCh38 (hg38): GCF_000001405.36',
    '#Gene Symbol\tGene ID\tcytoBand\tGenomic Location\tHaploinsufficiency Score\tHaploinsufficiency Description\tTriplosensitivity Score\tTriplosensitivity Description',
    'SCN1A\t6323\t2q24.3\tchr2:165984641-166149161\t3\tSufficient evidence\t0\tNo evidence',
    'GENE5\t1\t1p1\tchr1:1-2\t30\tAutosomal recessive\tNot yet evaluated\t',
    '',
  ].join('\n');
}

export function acmgSfText(): string {
  return [
    'Gene\tGene MIM\tDisease/Phentyope\tDisorder MIM\tPhenotype Category\tInheritance \tSF List Version\tVariants to report',
    'KCNQ1\t607542\tLong QT syndrome 1\t192500\tCardiovascular\tAD\t1.0\tAll P and LP',
    'CALM1\t114180\tLong-QT syndrome type 14\t616247\t"Cardiovascular\r\nMetabolic"\tAD\t3.2\tAll P and LP',
    '',
  ].join('\r\n');
}

export function oncotreeJson(): string {
  const node = (code: string, name: string, parent: string | null, level: number, children: Record<string, unknown> = {}) => ({ code, name, mainType: level > 1 ? name : null, tissue: level > 0 ? 'Lung' : null, parent, level, children });
  return JSON.stringify({ TISSUE: node('TISSUE', 'Tissue', null, 0, { LUNG: node('LUNG', 'Lung', 'TISSUE', 1, { NSCLC: node('NSCLC', 'Non-Small Cell Lung Cancer', 'LUNG', 2, { LUAD: node('LUAD', 'Lung Adenocarcinoma', 'NSCLC', 3) }) }) }) });
}

export function maneText(): string {
  return [
    '#NCBI_GeneID\tEnsembl_Gene\tHGNC_ID\tsymbol\tname\tRefSeq_nuc\tRefSeq_prot\tEnsembl_nuc\tEnsembl_prot\tMANE_status\tGRCh38_chr\tchr_start\tchr_end\tchr_strand',
    'GeneID:6323\tENSG00000144285.23\tHGNC:10585\tSCN1A\tsodium channel\tNM_001165963.4\tNP_001159435.1\tENST00000674923.1\tENSP00000501589.1\tMANE Select\t2\t165984641\t166149161\t-',
    '',
  ].join('\n');
}
