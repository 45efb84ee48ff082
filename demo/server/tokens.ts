/** The fixed demo credentials: what `demo serve` prints and what the simulated services accept. */
export const DEMO_GITHUB_TOKEN = "ghp_doraformDemoToken0000000000000000000";
export const DEMO_PAGERDUTY_TOKEN = "doraform-demo-pd-key";
export const DEMO_JIRA_EMAIL = "demo-reader@doraform.example";
export const DEMO_JIRA_API_TOKEN = "doraform-demo-jira-token";
