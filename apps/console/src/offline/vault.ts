// What the console keeps on the device is encrypted at rest (AES-GCM, WebCrypto). The key is made
// on the device, never leaves it and cannot be exported (non-extractable CryptoKey, stored as an
// object in the same IndexedDB): a copy of the files holds ciphertext and an unusable key handle.
// Sign-out destroys the store, key and records together.
import { KeyValueStore } from './store';

const KEY_ENTRY = 'vault-key';

export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

export class Vault {
  private constructor(
    private readonly store: KeyValueStore,
    private readonly key: CryptoKey,
  ) {}

  public static async open(store: KeyValueStore, subtle: SubtleCrypto = crypto.subtle): Promise<Vault> {
    let key = await store.get<CryptoKey>(KEY_ENTRY);
    if (!key) {
      key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await store.put(KEY_ENTRY, key);
    }
    return new Vault(store, key);
  }

  public async seal(value: unknown): Promise<Sealed> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, this.key, new TextEncoder().encode(JSON.stringify(value)));
    return { iv, data };
  }

  public async unseal<T>(sealed: Sealed): Promise<T> {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer> }, this.key, sealed.data);
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  }

  public async put(key: string, value: unknown): Promise<void> {
    await this.store.put(key, await this.seal(value));
  }

  public async entries<T>(prefix: string): Promise<T[]> {
    const sealed = await this.store.entries<Sealed>(prefix);
    return Promise.all(sealed.map(([, value]) => this.unseal<T>(value)));
  }

  public delete(key: string): Promise<void> {
    return this.store.delete(key);
  }

  public destroy(): Promise<void> {
    return this.store.destroy();
  }
}
