// The systems key/value table and roles.
import type { Kysely } from 'kysely';
import type { DB, RolesTable } from './schema.ts';
import type { Role } from '../../model/roles.ts';

export class SystemStore {
  constructor(private db: Kysely<DB>) {}
  async get(name: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('systems').select('value').where('name', '=', name).executeTakeFirst();
    return r?.value;
  }
  async set(name: string, value: string): Promise<void> {
    await this.db
      .insertInto('systems')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }
  /** Inserts only if absent; returns the stored value (ours or a concurrent node's). */
  async getOrInit(name: string, value: string): Promise<string> {
    const existing = await this.get(name);
    if (existing !== undefined) return existing;
    await this.db
      .insertInto('systems')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return (await this.get(name))!;
  }
}

function roleFromRow(r: RolesTable): Role {
  return {
    id: r.id,
    name: r.name,
    display_name: r.display_name,
    description: r.description,
    create_at: r.create_at,
    update_at: r.update_at,
    delete_at: r.delete_at,
    permissions: r.permissions ? r.permissions.split(' ') : [],
    scheme_managed: !!r.scheme_managed,
    built_in: !!r.built_in,
  };
}

export class RoleStore {
  constructor(private db: Kysely<DB>) {}
  async list(): Promise<Role[]> {
    return (await this.db.selectFrom('roles').selectAll().orderBy('name').execute()).map(roleFromRow);
  }
  /** Inserts missing roles (first start); existing rows, possibly patched by an admin, are kept. */
  async ensure(roles: Role[]): Promise<void> {
    // One read at every start; inserts only on the first (or after a release adds a role).
    const have = new Set((await this.db.selectFrom('roles').select('name').execute()).map((r) => r.name));
    for (const r of roles) {
      if (have.has(r.name)) continue;
      await this.db
        .insertInto('roles')
        .values({ ...r, permissions: r.permissions.join(' '), scheme_managed: r.scheme_managed ? 1 : 0, built_in: r.built_in ? 1 : 0 })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    }
  }
  async update(r: Role): Promise<void> {
    await this.db
      .updateTable('roles')
      .set({ permissions: r.permissions.join(' '), update_at: r.update_at })
      .where('id', '=', r.id)
      .execute();
  }
}
