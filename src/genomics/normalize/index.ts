export {
  isSymbolic,
  normalizeAllele,
  normalizeRecord,
  type AlleleKind,
  type NormalizedAllele,
  type VcfRecordAlleles,
} from './normalize.js';
