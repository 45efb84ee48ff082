-- dora.summary_snapshots from definitions/marts/summary_snapshots.sqlx, compiled for BigQuery
-- incremental query
select CURRENT_DATE() as snapshot_date, summary.*
from `doraform-demo.dora.summary` as summary

-- incremental query
select CURRENT_DATE() as snapshot_date, summary.*
from `doraform-demo.dora.summary` as summary
