/**
 * The JQL subset the demo site understands: clauses over project, issuetype (or type), labels,
 * created and updated, combined with AND, OR and parentheses, then an optional ORDER BY. Anything
 * else is refused with Jira's message for it, so a client never gets an answer the real search would not give.
 */
export type JqlField = "project" | "issuetype" | "labels" | "created" | "updated";

export type JqlClause =
  | { field: "project" | "issuetype" | "labels"; values: string[]; negated: boolean }
  | { field: "created" | "updated"; operator: ">=" | ">" | "<=" | "<"; ms: number };

export type JqlCondition = JqlClause | { all: JqlCondition[] } | { any: JqlCondition[] };

export interface JqlQuery {
  where: JqlCondition;
  orderBy: Array<{ field: "created" | "updated" | "key"; descending: boolean }>;
}

/** Every clause of a condition, whatever joins them. */
export function clausesOf(condition: JqlCondition): JqlClause[] {
  if ("all" in condition) return condition.all.flatMap(clausesOf);
  if ("any" in condition) return condition.any.flatMap(clausesOf);
  return [condition];
}

export class JqlError extends Error {}

const FIELDS: Record<string, JqlField> = { project: "project", issuetype: "issuetype", type: "issuetype", labels: "labels", created: "created", createddate: "created", updated: "updated", updateddate: "updated" };
const ORDER_FIELDS: Record<string, "created" | "updated" | "key"> = { created: "created", updated: "updated", key: "key", issuekey: "key" };

/** Words, quoted strings, operators and punctuation. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(>=|<=|!=|[=<>(),])|([^\s=<>!(),"']+))/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < text.length && (match = pattern.exec(text)) !== null) {
    tokens.push(match[1] ?? match[2] ?? match[3]!);
    at = pattern.lastIndex;
  }
  if (text.slice(at).trim() !== "") throw new JqlError(`Error in the JQL Query: the character '${text.slice(at).trim()[0]}' is a reserved JQL character.`);
  return tokens;
}

const unquote = (token: string): string => (/^["']/.test(token) ? token.slice(1, -1).replace(/\\(.)/g, "$1") : token);

/**
 * A JQL date: "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm", "yyyy-MM-dd" or "yyyy/MM/dd", in the site's
 * time zone (UTC): minutes are the finest it takes.
 */
export function jqlDate(text: string): number | undefined {
  const match = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = "00", mi = "00"] = match;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseJql(text: string): JqlQuery {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const next = (what: string) => {
    const token = tokens[i++];
    if (token === undefined) throw new JqlError(`Error in the JQL Query: Expecting ${what} but reached the end of the query.`);
    return token;
  };
  const isWord = (token: string | undefined, word: string) => token !== undefined && token.toLowerCase() === word;

  const clause = (): JqlClause => {
    const name = unquote(next("a field name"));
    const field = FIELDS[name.toLowerCase()];
    if (!field) throw new JqlError(`Field '${name}' does not exist or you do not have permission to view it.`);
    let operator = next("an operator").toLowerCase();
    if (operator === "not") operator = `not ${next("'in'").toLowerCase()}`;
    if (field === "created" || field === "updated") {
      if (![">=", ">", "<=", "<"].includes(operator)) throw new JqlError(`The operator '${operator}' is not supported by the '${name}' field.`);
      const value = unquote(next("a date"));
      const ms = jqlDate(value);
      if (ms === undefined) {
        throw new JqlError(`Date value '${value}' for field '${name}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd'.`);
      }
      return { field, operator: operator as ">=" | ">" | "<=" | "<", ms };
    }
    if (operator === "=" || operator === "!=") return { field, values: [unquote(next("a value"))], negated: operator === "!=" };
    if (operator !== "in" && operator !== "not in") throw new JqlError(`The operator '${operator}' is not supported by the '${name}' field.`);
    if (next("'('") !== "(") throw new JqlError("Error in the JQL Query: Expecting '(' after 'in'.");
    const values: string[] = [];
    for (;;) {
      values.push(unquote(next("a value")));
      const separator = next("')'");
      if (separator === ")") break;
      if (separator !== ",") throw new JqlError(`Error in the JQL Query: Expecting ',' or ')' but got '${separator}'.`);
    }
    return { field, values, negated: operator === "not in" };
  };
  const term = (): JqlCondition => {
    if (peek() !== "(") return clause();
    i++;
    const inner = or();
    if (next("')'") !== ")") throw new JqlError("Error in the JQL Query: Expecting ')' to close '('.");
    return inner;
  };
  const and = (): JqlCondition => {
    const terms = [term()];
    while (isWord(peek(), "and")) {
      i++;
      terms.push(term());
    }
    return terms.length === 1 ? terms[0]! : { all: terms };
  };
  const or = (): JqlCondition => {
    const terms = [and()];
    while (isWord(peek(), "or")) {
      i++;
      terms.push(and());
    }
    return terms.length === 1 ? terms[0]! : { any: terms };
  };

  if (i >= tokens.length || isWord(peek(), "order")) throw new JqlError("Unbounded JQL queries are not allowed here. Please add a search restriction to your query.");
  const where = or();
  const orderBy: JqlQuery["orderBy"] = [];
  if (i < tokens.length) {
    if (!isWord(next("'ORDER BY'"), "order")) throw new JqlError(`Error in the JQL Query: Expecting either 'OR' or 'AND' but got '${tokens[i - 1]}'.`);
    if (!isWord(next("'by'"), "by")) throw new JqlError("Error in the JQL Query: Expecting 'by' after 'order'.");
    for (;;) {
      const name = next("a field name");
      const field = ORDER_FIELDS[name.toLowerCase()];
      if (!field) throw new JqlError(`Not able to sort using field '${name}'.`);
      let descending = false;
      if (isWord(peek(), "asc") || isWord(peek(), "desc")) descending = next("a direction").toLowerCase() === "desc";
      orderBy.push({ field, descending });
      if (peek() !== ",") break;
      i++;
    }
    if (i < tokens.length) throw new JqlError(`Error in the JQL Query: unexpected '${tokens[i]}' after the ORDER BY clause.`);
  }
  return { where, orderBy };
}
