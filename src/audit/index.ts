export { audit, listAudit, verifyChain, type AuditEvent, type VerifyResult } from './service.js';
