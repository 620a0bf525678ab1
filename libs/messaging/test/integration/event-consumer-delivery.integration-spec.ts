import { EventEnvelope } from '@opis/contracts-envelope';

import { jetstreamManager } from '@nats-io/jetstream';
import { EntityManager } from 'typeorm';

import { DEAD_LETTER_STREAM, DeadLetterDesk, EventMeta, MessagingStats, namespacedStream, PoisonMessageError } from '../../src';
import { gate, useConsumerBed } from './consumer-bed';
import {
  caseIds,
  CaseTouchedData,
  connectNats,
  count,
  INTAKE_STREAM,
  provisionIntake,
  recordEffect,
  sharedNatsUrl,
  streamMessages,
  testNamespace,
  touch,
  waitFor,
} from './support';

describe('event consumer: redelivery, dead letters and groups (shared NATS)', () => {
  const bed = useConsumerBed('consumer-delivery');
  const { setUp, publish, publishTouch, startConsumer, settled, appliedOrderByCase } = bed;

  it('on stop finishes the transaction under way and gives back what waits, without waiting out the ack wait', async () => {
    const durable = 'stop-mid-batch';
    // An ack wait longer than the test's patience: the rest must come back by nak, not by expiry.
    const namespace = await setUp(durable, 60_000);
    const record = recordEffect(durable);
    const [caseId = ''] = caseIds(1);
    const held = gate();
    let holding = false;
    const first = await publishTouch(namespace, caseId, 1);
    const stopping = await startConsumer(namespace, {
      durable,
      handler: async (envelope, manager, meta) => {
        holding = true;
        await held.opened;
        await record(envelope, manager, meta);
      },
    });
    await waitFor('first event in hand', () => holding);
    for (let n = 2; n <= 6; n += 1) await publishTouch(namespace, caseId, n);
    await waitFor('the rest waiting', () => stopping.waitingCount === 5);
    const stopped = stopping.stop();
    held.open();
    await stopped;
    expect(stopping.appliedCount).toBe(1);
    const effects = (await bed.store.dataSource.query('SELECT event_id FROM test_effect WHERE consumer = $1', [durable])) as {
      event_id: string;
    }[];
    expect(effects.map((row) => row.event_id)).toEqual([first.id]);

    await startConsumer(namespace, { durable, handler: record });
    await waitFor('all settled', () => settled(namespace, durable), { timeoutMs: 20_000 });
    expect((await appliedOrderByCase(durable)).get(caseId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('applies an event exactly once when the handler fails after writing its effects', async () => {
    const durable = 'retry-after-effects';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    let calls = 0;
    await startConsumer(namespace, {
      durable,
      nakDelayMs: 20,
      handler: async (envelope, manager, meta) => {
        calls += 1;
        await record(envelope, manager, meta);
        if (meta.deliveryCount === 1) throw new Error('crash after writing effects');
      },
    });
    const [caseId = ''] = caseIds(1);
    for (let n = 1; n <= 3; n += 1) await publishTouch(namespace, caseId, n);

    await waitFor('all settled', () => settled(namespace, durable));
    // The second and third wait parked behind the first, and are retried from there.
    await waitFor('all applied', async () => (await appliedOrderByCase(durable)).get(caseId)?.length === 3);
    expect(calls).toBe(6);
    expect((await appliedOrderByCase(durable)).get(caseId)).toEqual([1, 2, 3]);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1', [durable])).toBe(3);
    expect(await count(bed.store.dataSource, 'SELECT count(DISTINCT event_id) FROM test_effect WHERE consumer = $1', [durable])).toBe(3);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])).toBe(3);
  });

  it('does not apply twice an event whose consumer died after commit, before the ack', async () => {
    const durable = 'dies-before-ack';
    const namespace = await setUp(durable, 1_000);
    const doomed = await connectNats(await sharedNatsUrl(), 'doomed-consumer');
    const record = recordEffect(durable);
    const [caseId = ''] = caseIds(1);
    const first = await publishTouch(namespace, caseId, 1);
    await startConsumer(
      namespace,
      {
        durable,
        handler: async (envelope, manager, meta) => {
          await record(envelope, manager, meta);
          // The process "dies": its connection goes before the transaction commits and acks.
          await doomed.close();
        },
      },
      doomed,
    );
    await waitFor('first event committed', async () =>
      (await count(bed.store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])) === 1,
    );
    const second = await publishTouch(namespace, caseId, 2);

    const survivorCalls: string[] = [];
    const survivor = await startConsumer(namespace, {
      durable,
      handler: async (envelope, manager, meta) => {
        survivorCalls.push(envelope.id);
        await record(envelope, manager, meta);
      },
    });
    await waitFor('all settled', () => settled(namespace, durable), { timeoutMs: 20_000 });
    await waitFor('second applied', () => survivor.appliedCount === 1);
    expect(survivorCalls).toEqual([second.id]);
    const effects = (await bed.store.dataSource.query('SELECT event_id FROM test_effect WHERE consumer = $1 ORDER BY id', [
      durable,
    ])) as { event_id: string }[];
    expect(effects.map((row) => row.event_id)).toEqual([first.id, second.id]);
  });

  it('dead-letters poison with the reason, its case and version, and goes on with the other cases', async () => {
    const durable = 'poison';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const handler = async (envelope: EventEnvelope, manager: EntityManager, meta: EventMeta): Promise<void> => {
      const { n } = envelope.data as CaseTouchedData;
      if (n === 13) throw new PoisonMessageError('case 13 is closed');
      if (n === 66) throw new Error('passing failure that never passes');
      await record(envelope, manager, meta);
    };
    await startConsumer(namespace, { durable, handler, maxDeliver: 2, nakDelayMs: 20 });

    const [unknownType = '', invalid = '', closed = '', failing = '', good = ''] = caseIds(5);
    const subject = touch(good, 1).subject;
    await publish(namespace, subject, '{"not json');
    await publish(namespace, subject, { ...touch(unknownType, 1).envelope, version: 2 });
    await publish(namespace, subject, { ...touch(invalid, 1).envelope, data: { n: 0 } });
    await publish(namespace, subject, touch(closed, 13, 1).envelope);
    await publish(namespace, subject, touch(failing, 66, 1).envelope);
    const applied = touch(good, 7, 1).envelope;
    await publish(namespace, subject, applied);

    await waitFor('all settled', () => settled(namespace, durable));
    const letters = (await bed.store.dataSource.query(
      'SELECT reason, deliveries, event_id, case_id, case_version::int AS v, stream_sequence::int AS seq FROM dead_letter WHERE consumer = $1 ORDER BY stream_sequence',
      [durable],
    )) as { reason: string; deliveries: number; event_id: string | null; case_id: string | null; v: number | null; seq: number }[];
    expect(letters.map((l) => [l.seq, l.deliveries, l.case_id, l.v])).toEqual([
      [1, 1, null, null],
      [2, 1, unknownType, 1],
      [3, 1, invalid, 1],
      [4, 1, closed, 1],
      [5, 2, failing, 1],
    ]);
    expect(letters[0]?.reason).toBe('poison: bad JSON');
    expect(letters[0]?.event_id).toBeNull();
    expect(letters[1]?.reason).toBe('poison: unknown event intake.case.touched.v2');
    expect(letters[2]?.reason).toContain('data.n: min');
    expect(letters[3]?.reason).toBe('poison: case 13 is closed');
    expect(letters[4]?.reason).toContain('failed 2 deliveries, last: Error: passing failure that never passes');
    const effects = (await bed.store.dataSource.query('SELECT event_id FROM test_effect WHERE consumer = $1', [durable])) as {
      event_id: string;
    }[];
    expect(effects.map((row) => row.event_id)).toEqual([applied.id]);
    await waitFor('dead letters on the DLQ stream', async () =>
      (await streamMessages(bed.nc, namespacedStream(DEAD_LETTER_STREAM, namespace))) === 5,
    );
  });

  it('naks a dead letter it cannot record, and records it once the database accepts it', async () => {
    const durable = 'unrecorded';
    const namespace = await setUp(durable);
    await startConsumer(namespace, { durable, handler: recordEffect(durable), nakDelayMs: 20, maxNakDelayMs: 100 });
    await bed.store.dataSource.query('ALTER TABLE dead_letter RENAME TO dead_letter_away');
    try {
      await publish(namespace, touch(caseIds(1)[0] ?? '', 1).subject, 'garbage');
      await waitFor('redelivered after the failed dead letter', async () => {
        const info = await (await jetstreamManager(bed.nc)).consumers.info(namespacedStream(INTAKE_STREAM, namespace), durable);
        return info.delivered.consumer_seq >= 3;
      });
    } finally {
      await bed.store.dataSource.query('ALTER TABLE dead_letter_away RENAME TO dead_letter');
    }
    await waitFor('all settled', () => settled(namespace, durable));
    const [letter] = (await bed.store.dataSource.query('SELECT reason, deliveries FROM dead_letter WHERE consumer = $1', [
      durable,
    ])) as { reason: string; deliveries: number }[];
    expect(letter?.reason).toBe('poison: bad JSON');
    expect(letter?.deliveries).toBeGreaterThanOrEqual(3);
  });
  it('applies a case in version order with two instances on one durable, though a slow event is redelivered to the other (finding 3)', async () => {
    const durable = 'two-instances';
    const namespace = await setUp(durable, 2_000);
    const record = recordEffect(durable);
    const [caseId = ''] = caseIds(1);
    const slow = gate();
    let holding = false;
    const handler = async (envelope: EventEnvelope, manager: EntityManager, meta: EventMeta): Promise<void> => {
      if ((envelope.data as CaseTouchedData).n === 1 && !holding) {
        holding = true;
        await slow.opened;
      }
      await record(envelope, manager, meta);
    };
    const second = await connectNats(await sharedNatsUrl(), 'second-instance');
    try {
      await startConsumer(namespace, { durable, handler });
      await startConsumer(namespace, { durable, handler }, second);
      await publishTouch(namespace, caseId, 1);
      await waitFor('version 1 in hand', () => holding);
      await publishTouch(namespace, caseId, 2);
      // Version 2 reached the other instance: at once, or once it waited past the ack wait
      // behind version 1 and was delivered again. (Before case versions, it was applied there.)
      await waitFor('version 2 with the other instance', async () => {
        const info = await (await jetstreamManager(bed.nc)).consumers.info(namespacedStream(INTAKE_STREAM, namespace), durable);
        return info.num_redelivered >= 1 || (await appliedOrderByCase(durable)).get(caseId)?.includes(2) === true;
      });
      slow.open();
      await waitFor('both applied', async () => (await appliedOrderByCase(durable)).get(caseId)?.length === 2);
      await waitFor('all settled', () => settled(namespace, durable));
      expect((await appliedOrderByCase(durable)).get(caseId)).toEqual([1, 2]);
    } finally {
      slow.open();
      await Promise.all(bed.consumers.splice(-2).map((consumer) => consumer.stop()));
      await second.close();
    }
  });

  it('never applies again what its group applied: a new per-office durable replays history, and an office moves out and back (finding 5)', async () => {
    const national = 'moves';
    const office = 'moves-chp';
    const namespace = testNamespace(national);
    bed.namespaces.push(namespace);
    await provisionIntake(bed.nc, namespace, [national, office]);
    const record = recordEffect(national);
    const [caseId = ''] = caseIds(1);
    for (let n = 1; n <= 3; n += 1) await publishTouch(namespace, caseId, n);
    const nationalConsumer = await startConsumer(namespace, { durable: national, handler: record });
    await waitFor('history applied by the national instance', async () => (await appliedOrderByCase(national)).get(caseId)?.length === 3);

    // The office gets an instance of its own (a new durable of the same group): it replays the
    // stream from the start, and during the rollout the national instance still applies CHP too.
    const officeConsumer = await startConsumer(namespace, { durable: office, group: national, handler: record });
    await publishTouch(namespace, caseId, 4);
    await waitFor('the office caught up', () => settled(namespace, office));
    await waitFor('the national caught up', () => settled(namespace, national));
    expect((await appliedOrderByCase(national)).get(caseId)).toEqual([1, 2, 3, 4]);

    // And back: the office's instance goes, the national one applies CHP again.
    await officeConsumer.stop();
    await publishTouch(namespace, caseId, 5);
    await waitFor('the national applied the next', async () => (await appliedOrderByCase(national)).get(caseId)?.length === 5);
    expect((await appliedOrderByCase(national)).get(caseId)).toEqual([1, 2, 3, 4, 5]);
    expect(nationalConsumer.appliedCount + officeConsumer.appliedCount).toBe(5);
  });
  it('holds a case back visibly behind its dead letter until an operator replays it (then what waited applies, in order) or skips it', async () => {
    const durable = 'held-back';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const [replayed = '', skipped = '', other = ''] = caseIds(3);
    let replayedFails = true;
    const audited: string[] = [];
    const desk = new DeadLetterDesk(bed.store.dataSource, async (_manager, entry) => void audited.push(`${entry.action} ${entry.caseId} ${entry.actor}`));
    const consumer = await startConsumer(namespace, {
      durable,
      sweepIntervalMs: 100,
      handler: async (envelope, manager, meta) => {
        const { n } = envelope.data as CaseTouchedData;
        if (n === 2 && envelope.caseId === skipped) throw new PoisonMessageError('never');
        if (n === 2 && envelope.caseId === replayed && replayedFails) throw new PoisonMessageError('not yet');
        await record(envelope, manager, meta);
      },
    });
    for (const caseId of [replayed, skipped]) for (let n = 1; n <= 4; n += 1) await publishTouch(namespace, caseId, n);
    await publishTouch(namespace, other, 1);
    await waitFor('all settled', () => settled(namespace, durable));

    // The test database is shared by this file's tests: only this consumer's cases count here.
    const ours = <T extends { consumerGroup: string }>(rows: T[]): T[] => rows.filter((row) => row.consumerGroup === durable);
    const held = ours(await desk.heldCases());
    expect(held.map((c) => [c.caseId, c.appliedVersion, c.missingVersion, c.parkedEvents]).sort()).toEqual(
      [
        [replayed, 1, 2, 2],
        [skipped, 1, 2, 2],
      ].sort(),
    );
    expect(held.every((c) => c.deadLetterId !== null)).toBe(true);
    const stats = new MessagingStats(bed.store.dataSource, bed.nc, () => [], namespace);
    expect((await stats.snapshot()).groups.filter((group) => group.group === durable)).toEqual([{ group: durable, heldCases: 2, openDeadLetters: 2 }]);
    expect((await appliedOrderByCase(durable)).get(other)).toEqual([1]);

    const letterOf = (caseId: string) => held.find((c) => c.caseId === caseId)?.deadLetterId ?? '';
    await expect(desk.skip(letterOf(skipped), 'operator:test', 'short')).rejects.toThrow('reason');
    replayedFails = false;
    await desk.requestReplay(letterOf(replayed), 'operator:test', 'the handler was mended');
    await desk.skip(letterOf(skipped), 'operator:test', 'the event cannot apply to this case, checked with intake');
    await waitFor('what waited applied', async () => {
      const order = await appliedOrderByCase(durable);
      return order.get(replayed)?.length === 4 && order.get(skipped)?.length === 3;
    });
    const order = await appliedOrderByCase(durable);
    expect(order.get(replayed)).toEqual([1, 2, 3, 4]);
    expect(order.get(skipped)).toEqual([1, 3, 4]);
    expect(ours(await desk.heldCases())).toEqual([]);
    expect(ours(await desk.list()).map((letter) => [letter.caseId, letter.resolution]).sort()).toEqual(
      [
        [replayed, 'replayed'],
        [skipped, 'skipped'],
      ].sort(),
    );
    expect(audited.sort()).toEqual([`dead-letter.replay-requested ${replayed} operator:test`, `dead-letter.skipped ${skipped} operator:test`].sort());
    expect(consumer.appliedCount).toBeGreaterThan(0);
  });
  it('closes by itself a dead letter of a version its group applied meanwhile (another instance applied the event)', async () => {
    const durable = 'dead-but-applied';
    const namespace = await setUp(durable);
    const [caseId = ''] = caseIds(1);
    await startConsumer(namespace, { durable, sweepIntervalMs: 100, handler: recordEffect(durable) });
    const applied = await publishTouch(namespace, caseId, 1);
    await waitFor('applied', async () => (await appliedOrderByCase(durable)).get(caseId)?.length === 1);
    // The letter this instance wrote after its last failed delivery, while the other one applied it.
    await bed.store.dataSource.query(
      `INSERT INTO dead_letter (id, consumer, consumer_group, subject, stream_sequence, event_id, case_id, case_version, payload, reason, deliveries)
       VALUES (gen_random_uuid(), $1, $1, 'opis.intake.case.touched.v1.CHP', 999, $2, $3, 1, '{}', 'failed 5 deliveries', 5)`,
      [durable, applied.id, caseId],
    );
    await waitFor('resolved as applied', async () =>
      (await count(bed.store.dataSource, `SELECT count(*) FROM dead_letter WHERE consumer_group = $1 AND resolution = 'already-applied'`, [durable])) === 1,
    );
  });
});
