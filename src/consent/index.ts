/** The consent module: documents, consent records (append-only), DUO codes and withdrawal. */
export { consentRoutes } from './routes.js';
export { recordConsent, toConsentRecord, latestForParticipants, listDocuments, type ConsentInput } from './service.js';
export { duoCodes, checkChoices, DUO, type ConsentChoices } from './duo.js';
export { todayInJapan } from './dates.js';
