// class-transformer 0.5 ships its metadata storage without a declaration at the path that runs.
declare module 'class-transformer/cjs/storage' {
  import { MetadataStorage } from 'class-transformer/types/MetadataStorage';

  export const defaultMetadataStorage: MetadataStorage;
}
