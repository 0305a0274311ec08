import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection from here, not from schema.prisma. The app
// itself connects through lib/db (driver adapter), so this is only used by the
// Prisma CLI on machines that have its native engines.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/jtbd" },
});
