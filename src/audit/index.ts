export { audit, auditSystem, verifyChain, type AuditEvent, type VerifyResult } from './service.js';
