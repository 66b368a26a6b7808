import { createTestDatabase } from '../helpers/test-databases.js';
import { describeStoreContract } from './store-contract.js';

const database = await createTestDatabase('postgres');

describeStoreContract(
  'postgres',
  database && {
    database,
    // A timestamp without time zone: the store reads it as UTC, whatever zone it runs in.
    scriptWrites: (table) => [
      `create table "${table}" (time timestamp, metric varchar(20), value double precision, ok boolean)`,
      `insert into "${table}" values ('2024-01-01 00:00:00', 'cpu', 1.5, true), (null, null, null, null)`,
    ],
  },
);
