-- dora.report_settings from definitions/marts/report_settings.sqlx, compiled for BigQuery
-- table query
select
  CURRENT_DATE() as as_of,
  2024 as report_year,
  5 as min_sample
