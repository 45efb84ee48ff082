-- dora.incidents from definitions/marts/incidents.sqlx, compiled for BigQuery
-- table query
-- recovery: the resolution deployment's finish, else resolved_at; null while open
-- (docs/metrics.md#decision-18); a negative restore is kept here, left out of the statistics and counted
-- in data_quality (docs/metrics.md#decision-64)
select
  incidents.incident_id,
  incidents.source,
  incidents.service,
  incidents.team,
  incidents.title,
  incidents.urgency,
  incidents.started_at,
  incidents.resolved_at,
  TIMESTAMP_DIFF(incidents.resolved_at, incidents.started_at, SECOND) as restore_seconds,
  links.caused_by_deployment_id,
  links.link_method,
  resolutions.resolved_by_deployment_id,
  if(incidents.resolved_at is null, null,
    TIMESTAMP_DIFF(coalesce(resolutions.resolved_by_finished_at, incidents.resolved_at), incidents.started_at, SECOND)) as recovery_seconds
from `doraform-demo.dora_staging.int_incidents` as incidents
left join `doraform-demo.dora_staging.int_incident_links` as links using (incident_id)
left join `doraform-demo.dora_staging.int_incident_resolutions` as resolutions using (incident_id)
