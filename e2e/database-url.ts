// The database the end-to-end server and fixtures share. globalSetup recreates
// it on every run, so never point this at a database you care about.
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/jtbd_e2e";
