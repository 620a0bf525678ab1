import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { Public } from '../auth/public.decorator';
import { HealthRegistry, ReadinessReport } from './health-registry';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** 200 while the process runs. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  public live(): { status: 'live' } {
    return { status: 'live' };
  }

  /** 200 when every check is up, else 503; each check's result either way. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database and NATS answer' })
  public async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.registry.readiness();
    reply.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
