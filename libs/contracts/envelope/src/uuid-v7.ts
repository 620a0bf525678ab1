import { randomBytes } from 'node:crypto';

let lastMillis = 0;
let counter = 0;

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
    counter = randomBytes(2).readUInt16BE(0) & 0x7ff;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
