import { ServiceName, streamName, streamSubjects } from '@opis/contracts-envelope';

/** Dead letters of every service; one subject per consumer: `opis.dlq.<service>.<durable>`. */
export const DEAD_LETTER_STREAM = 'OPIS_DEADLETTER';
export const DEAD_LETTER_SUBJECTS = ['opis.dlq.>'];

const NAMESPACE = /^[A-Za-z0-9_-]+$/;

/** A namespace must be one subject token and valid in a stream name (no dots, no wildcards). */
export function assertNamespace(namespace: string | undefined): void {
  if (namespace !== undefined && !NAMESPACE.test(namespace)) {
    throw new Error(`invalid messaging namespace "${namespace}"`);
  }
}

/** `opis.intake...` in namespace `t1` is `t1.opis.intake...`; no namespace leaves it unchanged. */
export function namespacedSubject(subject: string, namespace?: string): string {
  assertNamespace(namespace);
  return namespace ? `${namespace}.${subject}` : subject;
}

/** `OPIS_INTAKE` in namespace `t1` is `t1_OPIS_INTAKE`. */
export function namespacedStream(name: string, namespace?: string): string {
  assertNamespace(namespace);
  return namespace ? `${namespace}_${name}` : name;
}

/** The subject as producers wrote it, so handlers never see the namespace. */
export function stripNamespace(subject: string, namespace?: string): string {
  if (!namespace) return subject;
  const prefix = `${namespace}.`;
  return subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
}

export function serviceStreamName(service: ServiceName, namespace?: string): string {
  return namespacedStream(streamName(service), namespace);
}

export function serviceStreamSubjects(service: ServiceName, namespace?: string): string[] {
  return streamSubjects(service).map((subject) => namespacedSubject(subject, namespace));
}

export function deadLetterSubject(serviceName: string, durable: string, namespace?: string): string {
  return namespacedSubject(`opis.dlq.${serviceName}.${durable}`, namespace);
}
