import { FactoryProvider, InjectionToken, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Logger } from 'pino';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import {
  CaseStatusReply,
  LEGAL_CASE_STATUS_PATTERN,
  LEGAL_MOVE_CLEARANCE_PATTERN,
  MoveClearanceReply,
  MoveStep,
} from '@opis/contracts-legal-status';
import { namespacedSubject } from '@opis/messaging';
import { FailSafeAnswer, FailSafeRequestClient, PinoLoggerService, Role } from '@opis/platform';

export interface LegalStatusClientOptions {
  /** The asking service, e.g. `repatriation`: names its connections and its dev token. */
  serviceName: string;
  natsUrl: string;
  /** Test namespace of the request subjects, if any. */
  namespace?: string;
  timeoutMs: number;
  /** The service's token (role `integration`); without one every answer is "no". */
  token?: string;
  /** Local development only (AUTH_DEV_KEYS, refused in production): mint a dev service token. */
  devKeys: boolean;
  offices?: readonly OfficeCode[];
  logger: Logger;
}

export type CaseStatusAnswer = FailSafeAnswer<CaseStatusReply>;
export type MoveClearanceAnswer = FailSafeAnswer<MoveClearanceReply>;

/**
 * What other services ask legal-status (INV-01, INV-06), fail safe: no answer, a late answer, a
 * refusal or an answer about another case are all "silent", which callers read as "no". One
 * client for every service that asks, so that they ask alike.
 */
export class LegalStatusClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly status: FailSafeRequestClient<CaseStatusReply>;
  private readonly clearance: FailSafeRequestClient<MoveClearanceReply>;

  constructor(options: LegalStatusClientOptions) {
    const common = {
      natsUrl: options.natsUrl,
      timeoutMs: options.timeoutMs,
      token: options.token,
      devToken: options.devKeys
        ? { roles: ['integration'] as Role[], offices: [...(options.offices ?? OFFICE_CODES)], subject: `svc-${options.serviceName}` }
        : undefined,
      logger: options.logger,
    };
    this.status = new FailSafeRequestClient({
      ...common,
      subject: namespacedSubject(LEGAL_CASE_STATUS_PATTERN, options.namespace),
      replyClass: CaseStatusReply,
      connectionName: `${options.serviceName}-legal-status`,
    });
    this.clearance = new FailSafeRequestClient({
      ...common,
      subject: namespacedSubject(LEGAL_MOVE_CLEARANCE_PATTERN, options.namespace),
      replyClass: MoveClearanceReply,
      connectionName: `${options.serviceName}-move-clearance`,
    });
  }

  public async onApplicationBootstrap(): Promise<void> {
    await Promise.all([this.status.connect(), this.clearance.connect()]);
  }

  public async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.status.close(), this.clearance.close()]);
  }

  /**
   * `opis.legal-status.q.case-status`: the lock as it stands, to show, and the facts a step cites
   * (determinations, the procedure). No step relies on its lock: a claim committed just after the
   * read is not in it; steps ask `clearMove`.
   */
  public caseStatus(caseId: string): Promise<CaseStatusAnswer> {
    return this.status.send({ caseId }, (reply) => reply.caseId === caseId);
  }

  /**
   * `opis.legal-status.q.move-clearance`: ask at the moment of a step that moves the child
   * abroad, or contacts the consulate of the country of origin (CONSULAR_CONTACT, INV-06). Only an
   * answered `cleared: true` lets the step go on.
   */
  public clearMove(caseId: string, step: MoveStep, moveRef: string): Promise<MoveClearanceAnswer> {
    return this.clearance.send({ caseId, step, moveRef }, (reply) => reply.caseId === caseId && reply.step === step);
  }
}

/** The settings a service's validated config carries for the client. */
export interface LegalStatusClientConfig {
  NATS_URL: string;
  LEGAL_STATUS_TIMEOUT_MS: number;
  LEGAL_STATUS_TOKEN?: string;
  AUTH_DEV_KEYS: boolean;
  OFFICES?: OfficeCode[];
}

/** The client as a Nest provider, built from the asking service's config class. */
export function legalStatusClientProvider(
  serviceName: string,
  configClass: InjectionToken<LegalStatusClientConfig>,
  namespace: string | undefined,
): FactoryProvider<LegalStatusClient> {
  return {
    provide: LegalStatusClient,
    inject: [configClass, PinoLoggerService],
    useFactory: (config: LegalStatusClientConfig, logger: PinoLoggerService) =>
      new LegalStatusClient({
        serviceName,
        natsUrl: config.NATS_URL,
        namespace,
        timeoutMs: config.LEGAL_STATUS_TIMEOUT_MS,
        token: config.LEGAL_STATUS_TOKEN,
        devKeys: config.AUTH_DEV_KEYS,
        offices: config.OFFICES,
        logger: logger.pino,
      }),
  };
}
