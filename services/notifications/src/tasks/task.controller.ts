import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiUuidParam, AuditTrail, Caller, CurrentCaller, DomainError, ErrorKind, Page, Roles, uuidPipe } from '@opis/platform';

import { NotificationsConfig } from '../notifications.config';
import { CloseTaskDto, ListTasksQuery, TaskStreamQuery } from './task.dto';
import { TaskFeed, TaskStreamMessage } from './task-feed';
import { TaskService } from './task.service';
import { TaskView } from './task.view';

const taskIdPipe = uuidPipe('taskId');

/** Who may see an office's alerts: its officers and supervisors, auditors, and the national desk (the national duty officer). */
const READERS = ['officer', 'supervisor', 'auditor', 'national'] as const;
const ACTORS = ['officer', 'supervisor', 'national'] as const;

/** A comment line keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 20_000;

@ApiTags('tasks')
@Controller('v1/tasks')
export class TaskController {
  constructor(
    private readonly tasks: TaskService,
    private readonly feed: TaskFeed,
    private readonly config: NotificationsConfig,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: "Alerts of your offices newest first; `mine=true` for those addressed to you" })
  public async list(@CurrentCaller() caller: Caller, @Query() query: ListTasksQuery): Promise<Page<TaskView>> {
    return this.tasks.list(caller, query);
  }

  /**
   * Server-sent events (`text/event-stream`): an `event: task` message per change of a task of
   * your offices (opened, escalated, acknowledged, closed) from the moment you connect, its data
   * a JSON `{ seq, change, task }`. Read the list first, then follow the stream.
   */
  @Get('stream')
  @Roles(...READERS)
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'A stream of `event: task` messages, each `data` a JSON `{ seq, change, task }` (task as in GET /v1/tasks/{taskId}); comment lines keep it alive',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiOperation({ summary: 'Live stream of task changes (server-sent events) for the officer console' })
  public async stream(@CurrentCaller() { principal, meta }: Caller, @Query() query: TaskStreamQuery, @Res() reply: FastifyReply): Promise<void> {
    if (this.feed.size >= this.config.NOTIFY_STREAM_MAX) {
      throw new DomainError({ kind: ErrorKind.UNAVAILABLE, code: 'STREAMS_FULL', detail: 'This instance serves as many live streams as it may; try again shortly.' });
    }
    // The stream shows tasks of the caller's offices as they change: its opening is a read, audited.
    await this.audit.record({ actor: principal, action: 'task.stream', outcome: 'allowed', ...meta });
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': connected\n\n');
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    let unsubscribe: () => void = () => undefined;
    raw.once('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
    try {
      unsubscribe = await this.feed.subscribe({
        principal,
        mine: query.mine === true,
        send: (message: TaskStreamMessage) => raw.write(`id: ${message.seq}\nevent: task\ndata: ${JSON.stringify(message)}\n\n`),
        end: () => raw.end(),
      });
      // The caller may have gone while the subscription started.
      if (raw.destroyed) unsubscribe();
    } catch {
      // Headers are sent: the client sees the stream end and reconnects.
      raw.end();
    }
  }

  @Get(':taskId')
  @Roles(...READERS)
  @ApiUuidParam('taskId', 'The task')
  @ApiOperation({ summary: "One alert of your offices; another office's is answered 404" })
  public async get(@CurrentCaller() caller: Caller, @Param('taskId', taskIdPipe) taskId: string): Promise<TaskView> {
    return this.tasks.get(caller, taskId);
  }

  @Post(':taskId/acknowledge')
  @HttpCode(200)
  @Roles(...ACTORS)
  @ApiUuidParam('taskId', 'The task')
  @ApiOperation({ summary: 'Acknowledge an alert: it stops escalating (a second acknowledgement changes nothing)' })
  public async acknowledge(@CurrentCaller() caller: Caller, @Param('taskId', taskIdPipe) taskId: string): Promise<TaskView> {
    return this.tasks.acknowledge(caller, taskId);
  }

  @Post(':taskId/close')
  @HttpCode(200)
  @Roles(...ACTORS)
  @ApiUuidParam('taskId', 'The task')
  @ApiOperation({ summary: 'Close an alert with its outcome' })
  public async close(
    @CurrentCaller() caller: Caller,
    @Param('taskId', taskIdPipe) taskId: string,
    @Body() body: CloseTaskDto,
  ): Promise<TaskView> {
    return this.tasks.close(caller, taskId, body.outcome);
  }
}
