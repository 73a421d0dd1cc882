// Every domain's tables, for drizzle-kit and the typed client.
export * from '../organisations/schema';
export * from '../auth/schema';
export * from '../audit/schema';
export * from '../projects/schema';
export * from '../surveys/schema';
export * from '../evaluation/schema';
export * from '../monitoring/schema';
export * from '../mystery-shopping/schema';
export * from '../participation/schema';
export * from '../workshops/schema';
export * from '../notifications/schema';
export * from '../my-data/schema';
export * from '../recognition/schema';
export * from '../reach/schema';
