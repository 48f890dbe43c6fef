export { annotateAllele, annotateTranscript, UP_DOWN_DISTANCE_BP, type TranscriptConsequence } from './annotate.js';
export { prepareTranscript, TranscriptCache, type PreparedTranscript } from './prepare.js';
export { impactOf, severityRank, sortTerms, SO_TERMS, type Impact, type SoTerm } from './terms.js';
export { toMinimal, type MinimalVariant } from './variant.js';
