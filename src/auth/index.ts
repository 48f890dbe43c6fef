export * from './roles.js';
export {
  SESSION_COOKIE,
  login,
  logout,
  resolveSession,
  resolveToken,
  createOrg,
  createUser,
  createToken,
  getOrg,
  listOrgs,
} from './service.js';
export { allows, parseScope, requireScope } from './scopes.js';
export { registerSmartClient, issueSmartToken, smartConfiguration, SMART_TOKEN_TTL_SECONDS } from './smart.js';
