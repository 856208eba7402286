import { eq } from 'drizzle-orm';
import type { Database } from './client.js';
import { tenants, type TenantRow } from './schema.js';

/** Returns the tenant with this name, creating it on first use (idempotent under concurrency). */
export async function ensureTenant(db: Database, name: string): Promise<TenantRow> {
  await db.insert(tenants).values({ name }).onConflictDoNothing({ target: tenants.name });
  const [row] = await db.select().from(tenants).where(eq(tenants.name, name));
  if (row === undefined) throw new Error(`tenant ${name} vanished right after being created`);
  return row;
}
