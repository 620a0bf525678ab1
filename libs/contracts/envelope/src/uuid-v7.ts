import { randomFillSync } from 'node:crypto';

let lastMillis = 0;
let counter = 0;

// One system call fills randomness for 256 ids; ids are made on every write.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomSlice(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const slice = Buffer.from(pool.subarray(poolOffset, poolOffset + size));
  poolOffset += size;
  return slice;
}

/**
 * RFC 9562 UUID version 7: time-ordered, so event ids sort by creation and index well.
 * A 12-bit counter keeps ids monotonic within one millisecond of one process.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now <= lastMillis) {
    counter = (counter + 1) & 0xfff;
    if (counter === 0) lastMillis += 1;
    now = lastMillis;
  } else {
    lastMillis = now;
    counter = randomSlice(2).readUInt16BE(0) & 0x7ff;
  }
  const bytes = randomSlice(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
