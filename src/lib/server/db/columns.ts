// Columns many tables share. Each table spreads its own copy: `...timestamps`.
import { timestamp } from 'drizzle-orm/pg-core';

/** When the row was made and last changed. */
export const timestamps = {
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
};
