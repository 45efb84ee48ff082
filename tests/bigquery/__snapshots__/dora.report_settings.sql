-- dora.report_settings from definitions/marts/report_settings.sqlx, compiled for BigQuery
-- table query
-- the vars as_of and catalog_json, else includes/catalog.js, so the report, the review and the alerts
-- apply what the models did, whatever they are started with (docs/metrics.md#decision-61)
select
  CURRENT_DATE() as as_of,
  2024 as report_year,
  5 as min_sample,
  cast(0.25 as FLOAT64) as min_link_coverage
