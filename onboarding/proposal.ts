import { isDeepStrictEqual } from "node:util";
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";
import type { Service } from "../core/catalog.ts";
import type { Confidence, Discovery } from "../core/discovery.ts";
import { UserError } from "../core/errors.ts";
import { emptyLegacy, type LegacyConfig } from "./legacy.ts";

const HEADER = [
  " doraform.yaml: everything doraform is configured with (docs/configuration.md).",
  " It is committed: secrets are never written here, each *_env key names the variable holding one.",
  " After an edit, run `doraform config sync`: the Dataform models read includes/generated/doraform.json.",
].join("\n");
/** The first line of the comment listing what init could not decide; the block is init's own and replaced on each run. */
const UNDECIDED = " Undecided by doraform init (decide, then delete these lines):";

/**
 * The text of doraform.yaml after proposing `proposal` (discovered services, each with a comment saying
 * how it was inferred and how sure it is, and what could not be decided) and what the older files held
 * (`legacy`). Merged into `existing` when given, keeping everything a person wrote: their entries,
 * values and comments stay; only what is missing is added (a new service, a workflow that appeared on a
 * service, a setting or override not yet written).
 */
export function writeConfigProposal(existing: string | undefined, proposal: Discovery, legacy: LegacyConfig = emptyLegacy()): string {
  const doc = existing === undefined ? new Document({}) : parseDocument(existing);
  if (doc.errors.length > 0) throw new UserError(`init: the existing doraform.yaml does not parse (${doc.errors[0]!.message.split("\n")[0]}): fix it first`);
  if (existing === undefined || doc.contents === null) {
    doc.contents = doc.createNode({}) as YAMLMap;
    doc.commentBefore = HEADER;
  }
  if (!isMap(doc.contents)) throw new UserError("init: the existing doraform.yaml is not a mapping: fix it first");
  const root = doc.contents;

  mergeMissing(doc, root, "sources", legacy.sources);
  const services = sequence(doc, root, "services");
  for (const service of legacy.services) addService(doc, services, service, "from includes/catalog_data.js", "certain");
  for (const { service, how, confidence } of proposal.services) addService(doc, services, service, how, confidence);
  mergeMissing(doc, root, "settings", legacy.settings);
  mergeMissing(doc, root, "targets", legacy.targets);
  mergeMissing(doc, root, "overrides", legacy.overrides);
  writeUndecided(root, [...proposal.undecided, ...legacy.notes]);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** The list under `key`, created (after the sources) when absent. */
function sequence(doc: Document, root: YAMLMap, key: string): YAMLSeq {
  const found = root.get(key, true);
  if (isSeq(found)) {
    // `services: []` as a first run left it: entries go on lines of their own, with their comments
    if (found.items.length === 0) found.flow = false;
    return found;
  }
  if (found !== undefined && found !== null && !(isScalar(found) && found.value === null)) throw new UserError(`init: doraform.yaml: ${key} must be a list: fix it first`);
  const seq = new YAMLSeq();
  root.set(doc.createNode(key), seq);
  return seq;
}

/** A service is the same entry when it has the same name, or the same repository and path prefixes (a person renamed it). */
function addService(doc: Document, services: YAMLSeq, service: Service, how: string, confidence: Confidence): void {
  const entries = services.items.filter(isMap) as YAMLMap[];
  const plain = (entry: YAMLMap) => entry.toJSON() as Partial<Service>;
  const same =
    entries.find((entry) => plain(entry).name === service.name) ??
    entries.find((entry) => plain(entry).repository === service.repository && isDeepStrictEqual(plain(entry).path_prefixes ?? [], service.path_prefixes ?? []));
  if (!same) {
    const node = styled(doc.createNode(withoutUndefined(service)));
    node.commentBefore = ` ${how} (${confidence})`;
    services.items.push(node);
    return;
  }
  // a person's entry stays as written; a deploy workflow it lacks is added, saying where it came from
  const listed = new Set(plain(same).deploy_workflows ?? []);
  const added = (service.deploy_workflows ?? []).filter((workflow) => !listed.has(workflow));
  if (added.length === 0) return;
  const found: unknown = same.get("deploy_workflows", true);
  const seq = isSeq(found) ? found : new YAMLSeq();
  if (!isSeq(found)) same.set(doc.createNode("deploy_workflows"), seq);
  seq.flow = false;
  for (const workflow of added) {
    const item = new Scalar(workflow);
    item.comment = ` added by doraform init: ${how} (${confidence})`;
    seq.items.push(item);
  }
}

/** Adds under `key` what `value` holds and the file lacks: a missing key, a list item not yet listed; a written value stays. */
function mergeMissing(doc: Document, parent: YAMLMap, key: string, value: unknown): void {
  if (value === undefined || isEmpty(value)) return;
  const current = parent.get(key, true) as Node | undefined;
  if (current === undefined || (isScalar(current) && current.value === null)) {
    parent.set(doc.createNode(key), styled(doc.createNode(value)));
  } else if (isMap(current) && typeof value === "object" && !Array.isArray(value)) {
    for (const [child, childValue] of Object.entries(value as object)) mergeMissing(doc, current, child, childValue);
  } else if (isSeq(current) && Array.isArray(value)) {
    const present = current.items.map((item) => (isScalar(item) ? item.value : (item as Node).toJSON()));
    for (const item of value) if (!present.some((p) => isDeepStrictEqual(p, item))) current.items.push(styled(doc.createNode(item)));
  }
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Lists of plain values on one line (`[a, b]`), mappings in a list of their own lines: how a person writes them. */
function styled<T>(node: T): T {
  if (isSeq(node) && node.items.every(isScalar)) node.flow = true;
  if (isMap(node) || isSeq(node)) for (const item of node.items) styled(isMap(node) ? (item as { value: unknown }).value : item);
  return node;
}

/** init's comment above `services:` listing what it could not decide, replacing the one an earlier run wrote. */
function writeUndecided(root: YAMLMap, lines: string[]): void {
  const pair = root.items.find((item) => isScalar(item.key) && item.key.value === "services");
  if (!pair || !isScalar(pair.key)) return;
  const kept = (pair.key.commentBefore ?? "").split(UNDECIDED)[0]!.replace(/\n+$/, "");
  const block = lines.length > 0 ? [UNDECIDED, ...lines.map((line) => `   - ${line}`)].join("\n") : "";
  const comment = [kept, block].filter(Boolean).join("\n");
  pair.key.commentBefore = comment || undefined;
}
