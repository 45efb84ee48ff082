/**
 * An error the user can act on: the CLI prints its message as one line and exits non-zero,
 * without a stack trace. Name the input (file, URL, stream, flag) in the message.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = "UserError";
  }
}
