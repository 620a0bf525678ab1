import { DynamicModule, Module, Provider } from '@nestjs/common';

import { MessagingModule } from '@opis/messaging';
import { PlatformModule } from '@opis/platform';

import { CaseDirectory } from './cases/case-directory';
import { Clock, SystemClock } from './clock';
import { EmailSender, SmsProvider, SmtpEmailSender, WebhookSmsProvider } from './delivery/channels';
import { DeliveryJob } from './delivery/delivery.job';
import { EscalationJob } from './escalation/escalation.job';
import { EscalationRuleController } from './escalation/escalation-rule.controller';
import { EscalationRuleRepository } from './escalation/escalation-rule.repository';
import { EscalationRuleService } from './escalation/escalation-rule.service';
import { NOTIFICATIONS_SERVICE_NAME, NotificationsConfig } from './notifications.config';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from './notifications.schema';
import { ShiftController } from './shifts/shift.controller';
import { ShiftRepository } from './shifts/shift.repository';
import { ShiftService } from './shifts/shift.service';
import { TaskController } from './tasks/task.controller';
import { TaskChanges } from './tasks/task-changes';
import { TaskEngine } from './tasks/task-engine';
import { TaskFeed } from './tasks/task-feed';
import { TaskMetrics } from './tasks/task-metrics';
import { TaskRepository } from './tasks/task.repository';
import { TaskService } from './tasks/task.service';
import { DeadLetterConsumer, NOTIFICATIONS_NAMESPACE } from './triggers/dead-letter.consumer';
import { TriggerEventsConsumer } from './triggers/trigger-events.consumer';

export interface NotificationsModuleOptions {
  /** Test isolation on a shared NATS: prefixes subjects and stream names. */
  natsNamespace?: string;
  /** The time the timers read; tests pass one they move by hand. */
  clock?: Clock;
}

@Module({})
export class NotificationsModule {
  public static register(config: NotificationsConfig, options: NotificationsModuleOptions = {}): DynamicModule {
    const channels: Provider[] = [];
    if (config.NOTIFY_SMTP_URL) channels.push({ provide: EmailSender, useValue: new SmtpEmailSender(config.NOTIFY_SMTP_URL, config.NOTIFY_EMAIL_FROM) });
    if (config.NOTIFY_SMS_WEBHOOK_URL) channels.push({ provide: SmsProvider, useValue: new WebhookSmsProvider(config.NOTIFY_SMS_WEBHOOK_URL, config.NOTIFY_SMS_WEBHOOK_TOKEN) });
    return {
      module: NotificationsModule,
      imports: [
        // Task events (notifications.task.*) go out through the outbox and its relay.
        MessagingModule.forRoot({
          natsUrl: config.NATS_URL,
          namespace: options.natsNamespace,
          selfTestFault: config.MESSAGING_SELF_TEST_FAULT,
          serviceName: NOTIFICATIONS_SERVICE_NAME,
          offices: { offices: config.OFFICES, dedicatedOffices: config.DEDICATED_OFFICES },
          runRelay: true,
        }),
        PlatformModule.forRoot({ config, entities: NOTIFICATIONS_ENTITIES, migrations: NOTIFICATIONS_MIGRATIONS, serviceName: NOTIFICATIONS_SERVICE_NAME }),
      ],
      controllers: [TaskController, ShiftController, EscalationRuleController],
      providers: [
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: NOTIFICATIONS_NAMESPACE, useValue: options.natsNamespace },
        DeadLetterConsumer,
        ...channels,
        CaseDirectory,
        DeliveryJob,
        EscalationJob,
        EscalationRuleRepository,
        EscalationRuleService,
        ShiftRepository,
        ShiftService,
        TaskChanges,
        TaskEngine,
        TaskFeed,
        TaskMetrics,
        TaskRepository,
        TaskService,
        TriggerEventsConsumer,
      ],
    };
  }
}
