/** Who may use the API: users, API tokens, web sessions, first-start bootstrap (decision 0051). */
export * from './bootstrap.js';
export * from './errors.js';
export {
  checkPasswordRules,
  defaultPasswordParams,
  hashPassword,
  maxPasswordLength,
  minPasswordLength,
  needsRehash,
  type PasswordParams,
} from './password.js';
export * from './scope.js';
export * from './sessions.js';
export {
  authenticateToken,
  createToken,
  defaultTokenLifetimeMs,
  lastUsedResolutionMs,
  listTokens,
  maxTokenLifetimeMs,
  parseTokenLifetime,
  revokeToken,
  tokenPrefix,
  type ApiToken,
  type CreatedToken,
  type CreateTokenInput,
  type RevokeResult,
  type TokenSpec,
} from './tokens.js';
export * from './users.js';
