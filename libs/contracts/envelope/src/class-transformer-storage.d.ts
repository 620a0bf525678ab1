// class-transformer ships the storage of @Type metadata without a declaration beside it.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
