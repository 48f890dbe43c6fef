export { audit, verifyChain, type AuditEvent, type VerifyResult } from './service.js';
