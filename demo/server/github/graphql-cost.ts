import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";

/**
 * A query's cost in points by GitHub's published formula: every connection (a field asked with
 * `first` or `last`) needs one request per parent node the query could reach, assuming each page is
 * full, and `nodes(ids:)` reaching one node per id; the requests are summed, divided by 100 and
 * rounded, with 1 point at the least.
 */
export function graphqlPoints(document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const operation = document.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || definition.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return 1;

  const pageSize = (value: ValueNode | undefined): number | undefined => {
    if (value?.kind === Kind.INT) return Number(value.value);
    if (value?.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      return typeof given === "number" ? given : undefined;
    }
    return undefined;
  };

  const listLength = (value: ValueNode | undefined): number | undefined => {
    if (value?.kind === Kind.LIST) return value.values.length;
    if (value?.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      return Array.isArray(given) ? given.length : undefined;
    }
    return undefined;
  };

  // requests needed below a selection reached by `parents` nodes
  const requests = (selections: SelectionSetNode | undefined, parents: number): number => {
    let sum = 0;
    for (const selection of selections?.selections ?? []) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) sum += requests(fragments.get(selection.name.value)?.selectionSet, parents);
      else if (selection.kind === Kind.INLINE_FRAGMENT) sum += requests(selection.selectionSet, parents);
      else {
        const argument = (name: string) => selection.arguments?.find((arg) => arg.name.value === name)?.value;
        const size = pageSize(argument("first")) ?? pageSize(argument("last"));
        if (size !== undefined) sum += parents + requests(selection.selectionSet, parents * size);
        // `nodes(ids:)` reaches one node per id: what is asked of each is asked that many times
        else sum += requests(selection.selectionSet, parents * (listLength(argument("ids")) ?? 1));
      }
    }
    return sum;
  };
  return Math.max(1, Math.round(requests(operation.selectionSet, 1) / 100));
}
