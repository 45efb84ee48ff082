import type { FailureType } from "./messages.ts";

/**
 * A failure a source reports as an Airbyte TRACE error: its message is one line naming the source
 * and the input (endpoint, URL, config key), never a token.
 */
export class SourceError extends Error {
  constructor(message: string, readonly failureType: FailureType) {
    super(message);
    this.name = "SourceError";
  }
}

export const configError = (message: string) => new SourceError(message, "config_error");
export const systemError = (message: string) => new SourceError(message, "system_error");
export const transientError = (message: string) => new SourceError(message, "transient_error");

/**
 * A sync stopped because the rate budget is down to its reserve and resets later than the sync may
 * wait: everything up to the last saved state is kept, and the next run goes on from there.
 */
export class BudgetStop extends SourceError {
  constructor(message: string) {
    super(message, "transient_error");
    this.name = "BudgetStop";
  }
}
