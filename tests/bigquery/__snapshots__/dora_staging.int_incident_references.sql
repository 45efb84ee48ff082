-- dora_staging.int_incident_references from definitions/intermediate/int_incident_references.sqlx, compiled for BigQuery
-- table query
-- the references as written (incremental, int_incident_references__found), each looked up among all
-- deployments on every run: a re-run that succeeded later makes a dangling reference name it
select
  found.incident_id,
  found.method,
  found.referenced_id,
  deployments.deployment_id,
  deployments.finished_at
from `doraform-demo.dora_staging.int_incident_references__found` as found
-- a reference to a twin (a GitHub deployment a run took, a tool's report of GitHub's record) names the
-- deployment kept for both, by its own result (docs/metrics.md#decision-53)
left join `doraform-demo.dora_staging.int_deployments__twins` as twins
  on twins.twin_id = found.referenced_id
left join `doraform-demo.dora_staging.int_deployments` as deployments
  on deployments.deployment_id = coalesce(twins.deployment_id, found.referenced_id) and deployments.result = 'success'
