import { Trigger, TRIGGER_LABELS } from '../triggers/trigger-catalog';

/** What a message may say about a task: codes, the case number, a link. Nothing else reaches it. */
export interface AlertFacts {
  taskId: string;
  trigger: string;
  caseId: string;
  caseNumber: string | null;
  officeCode: string;
  level: number;
  dueAt: Date;
}

const LEVEL_NAMES = ['', ' (escalada a supervisión)', ' (escalada a guardia nacional)'];

function label(trigger: string): string {
  return TRIGGER_LABELS[trigger as Trigger] ?? trigger;
}

/** The case number; before notifications has learnt it, the case id (a pseudonymous key, no personal data). */
function caseRef(facts: AlertFacts): string {
  return facts.caseNumber ?? `id ${facts.caseId}`;
}

export function taskLink(baseUrl: string, taskId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/tasks/${taskId}`;
}

/**
 * The email of an alert. Built from `AlertFacts` alone, which holds no name, date of birth,
 * nationality or free text: a mailbox or a phone is not a place for a child's data.
 */
export function alertEmail(facts: AlertFacts, baseUrl: string): { subject: string; text: string } {
  const kind = label(facts.trigger);
  return {
    subject: `[OPIS] ${kind}${LEVEL_NAMES[facts.level] ?? ''}: caso ${caseRef(facts)}`,
    text: [
      `Alerta: ${kind}${LEVEL_NAMES[facts.level] ?? ''}`,
      `Tipo: ${facts.trigger}`,
      `Caso: ${caseRef(facts)}`,
      `Oficina: ${facts.officeCode}`,
      `Atender antes de: ${facts.dueAt.toISOString()}`,
      `Abrir: ${taskLink(baseUrl, facts.taskId)}`,
      '',
      'Confirme la recepción en el enlace; sin confirmación la alerta escala.',
    ].join('\n'),
  };
}

export function alertSms(facts: AlertFacts, baseUrl: string): string {
  return `OPIS: ${label(facts.trigger)}${LEVEL_NAMES[facts.level] ?? ''}. Caso ${caseRef(facts)}. ${taskLink(baseUrl, facts.taskId)}`;
}
