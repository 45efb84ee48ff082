// BigQuery's rules for a table's partitioning and clustering, which GoogleSQL's analyzer does not
// apply (it takes any expression and any column): checked on the table's resolved columns.
import type { BigQueryOptions } from "../compiled-graph.ts";
import type { SimpleColumn } from "./service.ts";
import { typeName } from "./types.ts";

const CLUSTER_TYPES = new Set(["STRING", "INT64", "BOOL", "DATE", "DATETIME", "TIMESTAMP", "NUMERIC", "BIGNUMERIC", "GEOGRAPHY"]);
const PARTITION_FORMS = "a DATE column, DATE(<TIMESTAMP or DATETIME column>), TIMESTAMP_TRUNC / DATETIME_TRUNC(<column>, DAY|HOUR|MONTH|YEAR), DATE_TRUNC(<DATE column>, MONTH|YEAR), RANGE_BUCKET(<INT64 column>, GENERATE_ARRAY(…)) or _PARTITIONDATE";

/** The partition expressions BigQuery accepts: the column each reads and the types that column may have. */
const PARTITIONS: Array<{ form: RegExp; types: string[] }> = [
  { form: /^(\w+)$/, types: ["DATE"] },
  { form: /^DATE\s*\(\s*(\w+)\s*\)$/i, types: ["TIMESTAMP", "DATETIME", "DATE"] },
  { form: /^TIMESTAMP_TRUNC\s*\(\s*(\w+)\s*,\s*(DAY|HOUR|MONTH|YEAR)\s*\)$/i, types: ["TIMESTAMP"] },
  { form: /^DATETIME_TRUNC\s*\(\s*(\w+)\s*,\s*(DAY|HOUR|MONTH|YEAR)\s*\)$/i, types: ["DATETIME"] },
  { form: /^DATE_TRUNC\s*\(\s*(\w+)\s*,\s*(MONTH|YEAR)\s*\)$/i, types: ["DATE"] },
  { form: /^RANGE_BUCKET\s*\(\s*(\w+)\s*,\s*GENERATE_ARRAY\s*\(.*\)\s*\)$/is, types: ["INT64"] },
];

/** What BigQuery would refuse in a table's `partitionBy` and `clusterBy`, one message each. */
export function tableOptionProblems(options: BigQueryOptions | undefined, columns: SimpleColumn[]): string[] {
  const typeOf = new Map(columns.map((c) => [c.name.toLowerCase(), typeName(c.type)]));
  const problems: string[] = [];
  const partitionBy = options?.partitionBy?.trim();
  if (partitionBy && !/^_PARTITIONDATE$/i.test(partitionBy)) {
    const fits = PARTITIONS.some(({ form, types }) => {
      const column = form.exec(partitionBy)?.[1];
      return column !== undefined && types.includes(typeOf.get(column.toLowerCase()) ?? "");
    });
    if (!fits) problems.push(`partition by ${partitionBy}: BigQuery partitions only by ${PARTITION_FORMS}`);
  }
  const clusterBy = options?.clusterBy ?? [];
  if (clusterBy.length > 4) problems.push(`cluster by ${clusterBy.join(", ")}: BigQuery clusters by at most 4 columns`);
  for (const column of clusterBy) {
    const type = typeOf.get(column.toLowerCase());
    if (type && !CLUSTER_TYPES.has(type)) problems.push(`cluster by ${column}: BigQuery cannot cluster by type ${type}`);
  }
  return problems;
}
