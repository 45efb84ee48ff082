import { HttpClient, type RequestOptions } from "../http/client.ts";
import { configError, systemError } from "../protocol/errors.ts";
import type { JiraConfig } from "./config.ts";

/** An issue as search/jql returns it: the fields the source asked for, in Jira's own shapes. */
export interface JiraIssue {
  id: string;
  key: string;
  self?: string;
  fields: { updated: string; [field: string]: unknown };
}

interface SearchPage {
  issues?: unknown;
  nextPageToken?: string;
  isLast?: boolean;
}

const SEARCH = "/rest/api/3/search/jql";

/** Jira Cloud REST v3 with Basic auth (email and API token); its errors become one line naming what to fix. */
export class JiraApi {
  constructor(readonly http: HttpClient) {}

  static create(config: JiraConfig, log: (message: string) => void): JiraApi {
    const basic = Buffer.from(`${config.email}:${config.apiToken}`).toString("base64");
    return new JiraApi(
      new HttpClient({
        source: "jira",
        baseUrl: config.baseUrl,
        concurrency: config.concurrency,
        log,
        headers: async () => ({ authorization: `Basic ${basic}`, accept: "application/json" }),
      }),
    );
  }

  /** The account's time zone: JQL dates are read in it. */
  async timeZone(): Promise<string> {
    const me = await this.#json<{ timeZone?: unknown }>("/rest/api/3/myself");
    return typeof me.timeZone === "string" && me.timeZone !== "" ? me.timeZone : "UTC";
  }

  /** Every issue the JQL selects, page after page (nextPageToken until isLast). */
  async *search(jql: string, fields: string[], pageSize: number): AsyncGenerator<JiraIssue> {
    let nextPageToken: string | undefined;
    for (;;) {
      const page = await this.#json<SearchPage>(SEARCH, { method: "POST", body: { jql, fields, maxResults: pageSize, ...(nextPageToken ? { nextPageToken } : {}) } });
      if (!Array.isArray(page.issues)) throw systemError(`jira: POST ${SEARCH}: the answer has no issues list`);
      for (const issue of page.issues as JiraIssue[]) {
        if (typeof issue?.id !== "string" || typeof issue.fields?.updated !== "string") throw systemError(`jira: POST ${SEARCH}: an issue without id or fields.updated`);
        yield issue;
      }
      if (page.isLast !== false) return;
      if (typeof page.nextPageToken !== "string" || page.nextPageToken === "") throw systemError(`jira: POST ${SEARCH}: isLast is false but there is no nextPageToken`);
      nextPageToken = page.nextPageToken;
    }
  }

  async #json<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.http.request<T>(path, { ...options, allow: [400, 401, 403, 404, 410] });
    const endpoint = `${options.method ?? "GET"} ${path}`;
    const reason = jiraMessage(response.body);
    switch (response.status) {
      case 400:
        throw configError(`jira: ${endpoint}: 400 ${reason || "Bad Request"}: check the jql in the config`);
      case 401:
        throw configError(`jira: ${endpoint}: 401: the site refused the email and API token (JIRA_EMAIL and JIRA_API_TOKEN, or email and api_token)`);
      case 403:
        throw configError(`jira: ${endpoint}: 403 ${reason || "Forbidden"}: the account may not browse these issues`);
      case 404:
        throw configError(`jira: ${endpoint}: 404: is JIRA_BASE_URL the site's root (https://<site>.atlassian.net)?`);
      case 410:
        throw configError(`jira: ${endpoint}: 410 Gone: the site no longer serves this endpoint; this source needs Jira Cloud's /rest/api/3/search/jql (${reason || "removed"})`);
    }
    if (typeof response.body !== "object" || response.body === null) throw systemError(`jira: ${endpoint}: the answer is not a JSON object`);
    return response.body;
  }
}

/** Jira's error text (`errorMessages`, else the first of `errors`), kept to one line. */
function jiraMessage(body: unknown): string {
  const { errorMessages, errors } = (body ?? {}) as { errorMessages?: unknown; errors?: Record<string, unknown> };
  const first = Array.isArray(errorMessages) && errorMessages.length > 0 ? errorMessages[0] : Object.values(errors ?? {})[0];
  return typeof first === "string" ? first.split("\n")[0]!.slice(0, 200) : "";
}
