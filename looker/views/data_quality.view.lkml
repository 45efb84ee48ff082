# One row per data quality check (docs/metrics.md decision 33).
view: data_quality {
  sql_table_name: `@{dora_project}.@{dora_dataset}.data_quality` ;;

  dimension: check_name {
    primary_key: yes
    type: string
    sql: ${TABLE}.check_name ;;
    description: "The check: linked incident share, dangling references, unknown contents, pending changes, freshness per raw stream…"
  }
  dimension: value {
    type: number
    sql: ${TABLE}.value ;;
    description: "A count, or a share in [0, 1]; null on an empty denominator."
  }
}
