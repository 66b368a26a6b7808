/** Opening a store that must fail: the StoreConfigError's message, checked to never carry the password. */
import { expect } from 'vitest';
import { buildConfig } from '../../src/config/load-config.js';
import { createStore, StoreConfigError } from '../../src/store/create-store.js';

export async function storeStartFailure(tree: Record<string, unknown>, password: string): Promise<string> {
  const error = await createStore(buildConfig(tree)).then(
    async (store) => {
      await store.close();
      throw new Error('the store opened');
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StoreConfigError);
  const message = (error as Error).message;
  expect(message).not.toContain(password);
  expect(message).not.toContain(encodeURIComponent(password));
  return message;
}
