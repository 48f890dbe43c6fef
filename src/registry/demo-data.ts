/**
 * What the demo cases are made of: diagnoses per category (ICD-10 with OncoTree for cancer), and
 * the mix of categories and families. Fictional patients; real codes.
 */
export type Dx = readonly [icd10: string, text: string, oncotree?: string];

export const DIAGNOSES: Record<string, readonly Dx[]> = {
  refractory: [
    ['C34.1', 'Adenocarcinoma of the upper lobe, lung', 'LUAD'], ['C25.9', 'Pancreatic ductal adenocarcinoma', 'PAAD'],
    ['C16.9', 'Gastric adenocarcinoma', 'STAD'], ['C18.7', 'Adenocarcinoma of the sigmoid colon', 'COAD'],
    ['C22.1', 'Intrahepatic cholangiocarcinoma', 'IHCH'], ['C56', 'High-grade serous ovarian carcinoma', 'HGSOC'],
    ['C50.9', 'Invasive ductal carcinoma of the breast', 'IDC'], ['C15.9', 'Oesophageal squamous cell carcinoma', 'ESCC'],
  ],
  rare: [
    ['C49.4', 'Leiomyosarcoma of the abdomen', 'LMS'], ['C48.0', 'Dedifferentiated liposarcoma, retroperitoneum', 'DDLS'],
    ['C37', 'Thymic carcinoma', 'THYC'], ['C74.0', 'Adrenocortical carcinoma', 'ACC'], ['C69.4', 'Uveal melanoma', 'UM'],
    ['C71.9', 'Glioblastoma', 'GBM'], ['C74.9', 'Neuroblastoma (paediatric)', 'NBL'],
  ],
  aya: [
    ['C40.2', 'Ewing sarcoma of the femur', 'ES'], ['C62.9', 'Non-seminomatous germ cell tumour of the testis', 'NSGCT'],
    ['C71.6', 'Medulloblastoma', 'MBL'], ['C49.2', 'Synovial sarcoma of the thigh', 'SYNS'], ['C40.2', 'Osteosarcoma of the femur', 'OS'],
    ['C73', 'Papillary thyroid carcinoma', 'THPA'],
  ],
  hereditary: [
    ['C50.9', 'Breast carcinoma, hereditary breast and ovarian cancer suspected', 'IDC'], ['C56', 'Ovarian carcinoma, BRCA1/2 suspected', 'HGSOC'],
    ['C18.9', 'Colorectal carcinoma, Lynch syndrome suspected', 'COAD'], ['C54.1', 'Endometrial carcinoma, Lynch syndrome suspected', 'UEC'],
    ['C25.9', 'Pancreatic carcinoma, familial', 'PAAD'],
  ],
  single_gene: [
    ['G71.0', 'Muscular dystrophy, Duchenne type suspected'], ['E75.2', 'Fabry disease suspected'], ['Q87.4', 'Marfan syndrome suspected'],
    ['G12.1', 'Spinal muscular atrophy suspected'], ['Q61.3', 'Polycystic kidney disease'], ['I42.1', 'Obstructive hypertrophic cardiomyopathy'],
    ['H35.5', 'Hereditary retinal dystrophy'], ['D66', 'Haemophilia A'],
  ],
  multifactorial: [
    ['G40.9', 'Epilepsy, early onset'], ['M32.9', 'Systemic lupus erythematosus, early onset'], ['K50.9', 'Crohn disease, very early onset'],
    ['G35', 'Multiple sclerosis, paediatric onset'], ['I27.0', 'Pulmonary arterial hypertension'],
  ],
  undiagnosed: [
    ['R62.8', 'Developmental delay of unknown cause'], ['Q89.9', 'Multiple congenital anomalies, undiagnosed'],
    ['F84.0', 'Autism with intellectual disability, cause unknown'], ['G93.4', 'Encephalopathy of unknown cause'],
    ['Q87.8', 'Syndromic features, undiagnosed'],
  ],
};

/** Category weights: cancer ~60% of cases, as in FY2020–2022 (≈12,000 cancer / 8,000 rare disease). */
export const CATEGORY_WEIGHTS: ReadonlyArray<readonly [category: string, domain: 'cancer' | 'rare_disease', weight: number]> = [
  ['refractory', 'cancer', 30], ['rare', 'cancer', 12], ['aya', 'cancer', 8], ['hereditary', 'cancer', 10],
  ['single_gene', 'rare_disease', 14], ['multifactorial', 'rare_disease', 8], ['undiagnosed', 'rare_disease', 18],
];

/** Which relatives join the proband: [probability, relationships]. Undiagnosed disease is mostly trios. */
export const FAMILY_MIX: Record<string, ReadonlyArray<readonly [number, readonly string[]]>> = {
  undiagnosed: [[0.75, ['mother', 'father']], [0.15, ['mother']], [0.1, []]],
  single_gene: [[0.4, ['mother', 'father']], [0.2, ['mother']], [0.1, ['mother', 'father', 'sibling']], [0.3, []]],
  multifactorial: [[0.2, ['mother']], [0.8, []]],
  hereditary: [[0.2, ['sibling']], [0.8, []]],
};

/** Birth-year ranges by category (AYA: 15–39 at diagnosis; rare disease probands are mostly children). */
export const BIRTH_YEARS: Record<string, readonly [number, number]> = {
  refractory: [1940, 1985], rare: [1950, 2018], aya: [1987, 2010], hereditary: [1950, 1990],
  single_gene: [1995, 2022], multifactorial: [1990, 2020], undiagnosed: [2008, 2024],
};
