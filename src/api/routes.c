/* The whole API: every resource's route table, and the OpenAPI document that describes them. */
#include "api/api.h"

static int openapi(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	return api_embedded_json(rs, "openapi.json", 404, "not_found", "the OpenAPI document is not built in");
}

static const struct route doc_routes[] = {
	{HTTP_GET, "/api/openapi.json", openapi, PERM_PUBLIC, 0, false},
	{0, NULL, NULL, 0, 0, false},
};

const struct route *const api_routes[] = {
	doc_routes,
	api_session_routes,
	api_account_routes,
	api_audit_routes,
	api_org_routes,
	api_appt_routes,
	api_register_routes,
	api_handover_routes,
	api_vulnerability_routes,
	api_plan_routes,
	api_log_source_routes,
	api_training_routes,
	api_project_routes,
	api_finding_routes,
	api_dashboard_routes,
	api_duty_routes,
	api_event_routes,
	api_time_routes,
	api_data_routes,
	api_evaluation_routes,
	api_policy_version_routes,
	api_document_routes,
	api_notify_routes,
	api_history_routes,
	api_directory_routes,
	api_supervision_routes,
	api_rectification_routes,
	api_federation_routes,
	api_unitconf_routes,
	NULL,
};
