import { defineConfig } from 'drizzle-kit';

// Only used to generate SQL from the schema; migrations are applied by the app (src/lib/server/db/migrate.ts).
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle',
	casing: 'snake_case'
});
