import { EventContract, EventEnvelope } from '@opis/contracts-envelope';

import { JsMsg } from '@nats-io/jetstream';

import { EventMeta } from './event-consumer-options';
import { CaseRef, decodeEvent } from './event-decoder';
import { stripNamespace } from './namespace';

/** A decoded message on its way into a transaction. */
export interface Delivery {
  msg: JsMsg;
  meta: EventMeta;
  envelope: EventEnvelope;
}

/** A pulled message: a delivery, or poison with the reason. */
export type Pulled = Delivery | { msg: JsMsg; meta: EventMeta; poison: string; eventId: string | null; caseRef: CaseRef | null };

export function decodePulled(msg: JsMsg, contracts: ReadonlyMap<string, EventContract>, namespace: string | undefined): Pulled {
  const meta: EventMeta = {
    streamSequence: msg.info.streamSequence,
    deliveryCount: msg.info.deliveryCount,
    subject: stripNamespace(msg.subject, namespace),
  };
  const decoded = decodeEvent(msg.data, contracts);
  return decoded.ok
    ? { msg, meta, envelope: decoded.envelope }
    : { msg, meta, poison: decoded.reason, eventId: decoded.eventId, caseRef: decoded.caseRef };
}
