import { createTestDatabase } from '../helpers/test-databases.js';
import { describeStoreContract } from './store-contract.js';

const database = await createTestDatabase('mysql');

describeStoreContract(
  'mysql',
  database && {
    database,
    scriptWrites: (table) => [
      `create table \`${table}\` (time DATETIME(3), metric VARCHAR(20), value DOUBLE, ok BOOLEAN)`,
      `insert into \`${table}\` values ('2024-01-01 00:00:00.000', 'cpu', 1.5, true), (null, null, null, null)`,
    ],
  },
);
