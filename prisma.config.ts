import { defineConfig } from "prisma/config";
import { JOBS_EXTERNAL_ENUMS, JOBS_EXTERNAL_TABLES } from "./prisma/external";

// Prisma 7 reads the connection from here, not from schema.prisma. The app
// itself connects through lib/db (driver adapter), so this is only used by the
// Prisma CLI on machines that have its native engines.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/jtbd" },
  // @jtbd/engine owns its tables: modelled for reading, never migrated by Prisma.
  experimental: { externalTables: true },
  tables: { external: [...JOBS_EXTERNAL_TABLES] },
  enums: { external: [...JOBS_EXTERNAL_ENUMS] },
});
