import { UserError } from "../core/errors.ts";

export interface PostOptions {
  /** What is posted, for errors: "alerts", "review". */
  what: string;
  /** Attempts in all, the first included. */
  attempts?: number;
  /** The wait before the first retry; doubled after each. */
  backoffMs?: number;
}

/**
 * Posts the message, retrying on 5xx, 429 and dropped connections with exponential backoff.
 * Errors name the webhook by its host only: the URL's path is the secret.
 */
export async function postWebhook(url: string, body: unknown, options: PostOptions): Promise<void> {
  const attempts = options.attempts ?? 4;
  let wait = options.backoffMs ?? 1000;
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    throw new UserError(`the ${options.what} webhook URL is not a URL`);
  }
  let last = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 429) {
        throw new UserError(`${options.what} webhook at ${host} refused the message: ${last}`);
      }
    } catch (error) {
      if (error instanceof UserError) throw error;
      last = (error as Error).message;
    }
    if (attempt < attempts) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait *= 2;
    }
  }
  throw new UserError(`${options.what} webhook at ${host} failed after ${attempts} attempts: ${last}`);
}
