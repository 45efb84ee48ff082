-- dora.summary_snapshots from definitions/marts/summary_snapshots.sqlx, compiled for BigQuery
-- incremental query
-- a second run for the same date replaces that date's rows; a full refresh keeps every earlier date
select CURRENT_DATE() as snapshot_date, summary.*
from `doraform-demo.dora.summary` as summary

-- incremental query
-- a second run for the same date replaces that date's rows; a full refresh keeps every earlier date
select CURRENT_DATE() as snapshot_date, summary.*
from `doraform-demo.dora.summary` as summary
