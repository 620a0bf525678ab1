// Where the device keeps things: one IndexedDB object store in the browser; a Map in unit tests.
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  entries<T>(prefix: string): Promise<[string, T][]>;
  /** Removes the store and everything in it (sign-out). */
  destroy(): Promise<void>;
}

export function memoryStore(): KeyValueStore & { raw: Map<string, unknown> } {
  const raw = new Map<string, unknown>();
  return {
    raw,
    get: async <T>(key: string) => raw.get(key) as T | undefined,
    put: async (key, value) => void raw.set(key, structuredClone(value)),
    delete: async (key) => void raw.delete(key),
    entries: async <T>(prefix: string) => [...raw.entries()].filter(([key]) => key.startsWith(prefix)) as [string, T][],
    destroy: async () => raw.clear(),
  };
}

const STORE = 'kv';

function requestDone<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export async function indexedDbStore(name: string): Promise<KeyValueStore> {
  const opening = indexedDB.open(name, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  let db: IDBDatabase | undefined = await requestDone(opening);
  const store = (mode: IDBTransactionMode) => {
    if (!db) throw new Error('the device store was removed');
    return db.transaction(STORE, mode).objectStore(STORE);
  };
  return {
    get: async <T>(key: string) => (await requestDone(store('readonly').get(key))) as T | undefined,
    put: async (key, value) => void (await requestDone(store('readwrite').put(value, key))),
    delete: async (key) => void (await requestDone(store('readwrite').delete(key))),
    entries: async <T>(prefix: string) => {
      const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
      const objects = store('readonly');
      const [keys, values] = await Promise.all([requestDone(objects.getAllKeys(range)), requestDone(objects.getAll(range))]);
      return keys.map((key, index) => [String(key), values[index] as T]);
    },
    destroy: async () => {
      db?.close();
      db = undefined;
      await requestDone(indexedDB.deleteDatabase(name));
    },
  };
}
