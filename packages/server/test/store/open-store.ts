/**
 * Opens stores the way the server does — `createStore` over a configuration with `store.url` —
 * and reaches their database the way a `cacheArg` script does, on a connection of its own.
 */
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { buildConfig } from '../../src/config/load-config.js';
import { parseDatabaseUrl } from '../../src/database/database-url.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';

/** A migrated store on the database at `url`; `store` settings (poolSize…) may be added. */
export function openStore(url: string, store: Record<string, unknown> = {}): Promise<Store> {
  return createStore(buildConfig({ store: { url, ...store } }));
}

/** Runs statements on a connection of their own, as a script given the store's URL would. */
export async function runAsScript(url: string, statements: string[]): Promise<void> {
  const location = parseDatabaseUrl(url);
  if (location.dialect === 'sqlite') {
    const db = new Database(location.path, { timeout: 10_000 });
    try {
      for (const statement of statements) db.exec(statement);
    } finally {
      db.close();
    }
    return;
  }
  const credentials = { host: location.host, port: location.port, database: location.database, user: location.user ?? undefined, password: location.password ?? undefined };
  if (location.dialect === 'mysql') {
    const connection = await mysql.createConnection(credentials);
    try {
      for (const statement of statements) await connection.query(statement);
    } finally {
      await connection.end();
    }
    return;
  }
  const client = new pg.Client(credentials);
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Whether a table exists, asked on a connection of its own. */
export async function tableExists(url: string, table: string): Promise<boolean> {
  const location = parseDatabaseUrl(url);
  if (location.dialect === 'sqlite') {
    const db = new Database(location.path, { readonly: true });
    try {
      return db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table) !== undefined;
    } finally {
      db.close();
    }
  }
  const credentials = { host: location.host, port: location.port, database: location.database, user: location.user ?? undefined, password: location.password ?? undefined };
  if (location.dialect === 'mysql') {
    const connection = await mysql.createConnection(credentials);
    try {
      const [rows] = await connection.query('select 1 from information_schema.tables where table_schema = database() and table_name = ?', [table]);
      return (rows as unknown[]).length > 0;
    } finally {
      await connection.end();
    }
  }
  const client = new pg.Client(credentials);
  await client.connect();
  try {
    return (await client.query('select 1 from information_schema.tables where table_schema = current_schema() and table_name = $1', [table])).rowCount! > 0;
  } finally {
    await client.end();
  }
}
