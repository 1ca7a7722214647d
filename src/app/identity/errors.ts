import { AppError, ErrorCode } from '../../domain/errors.js';

/** Why authentication failed; for logs only, never for the caller (it tells names apart). */
export type AuthFailureReason =
  | 'malformed'
  | 'unknown'
  | 'bad-password'
  | 'bad-secret'
  | 'disabled'
  | 'expired'
  | 'idle'
  | 'revoked'
  | 'ended'
  | 'exceeds-owner';

/** The one message every failed authentication gives. */
export const authFailedMessage = 'authentication failed';

/**
 * A failed password, token or session check: code UNAUTHENTICATED, always the same message;
 * `reason` (also in `details`) is for the server's log. The API answers 401 with the message only.
 */
export class AuthenticationFailed extends AppError {
  readonly reason: AuthFailureReason;
  constructor(reason: AuthFailureReason, what: 'password' | 'token' | 'session') {
    super(ErrorCode.Unauthenticated, authFailedMessage, { details: { reason, what } });
    this.name = 'AuthenticationFailed';
    this.reason = reason;
  }
}
