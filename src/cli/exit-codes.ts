import { badInputCodes, type AppError } from '../domain/errors.js';

/** Exit codes: 0 ok, 1 failure on our side or a peer's, 2 bad input from the caller. */
export const ExitCode = { Ok: 0, Failure: 1, BadInput: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(e: AppError): ExitCode {
  return badInputCodes.has(e.code) ? ExitCode.BadInput : ExitCode.Failure;
}
