import { createTestDatabase } from '../helpers/test-databases.js';
import { describeStoreContract } from './store-contract.js';

const database = await createTestDatabase('sqlite');

describeStoreContract(
  'sqlite',
  database && {
    database,
    // SQLite has no time type: scripts store epoch milliseconds in a column declared TIMESTAMP.
    scriptWrites: (table) => [`create table "${table}" (time TIMESTAMP, metric TEXT, value REAL, ok BOOLEAN)`, `insert into "${table}" values (1704067200000, 'cpu', 1.5, 1), (null, null, null, null)`],
  },
);
