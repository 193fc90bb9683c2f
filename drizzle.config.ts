import { defineConfig } from "drizzle-kit";

/** drizzle-kit settings: `npm run db:generate` writes SQL migrations from central's schema into central/migrations. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./central/db/schema.ts",
  out: "./central/migrations",
});
