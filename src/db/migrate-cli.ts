import { loadConfig } from '../config.js';
import { openDatabase } from './client.js';

// `npm run db:migrate`: applies migrations/ to the configured database (DATABASE_URL, else the embedded data dir).
const config = loadConfig();
const handle = await openDatabase(config.database);
try {
  await handle.migrate();
  console.log(`migrations applied (${handle.kind})`);
} finally {
  await handle.close();
}
