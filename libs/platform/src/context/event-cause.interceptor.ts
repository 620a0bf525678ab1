import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

import { correlationIdOf, runWithEventCause } from './event-cause';

/** Every HTTP request's handler runs with its request id as the cause of the events it writes. */
@Injectable()
export class EventCauseInterceptor implements NestInterceptor {
  public intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const cause = { correlationId: correlationIdOf(String(request.id)) };
    // The handler runs when the observable is subscribed: subscribe inside the cause's context.
    return new Observable((subscriber) => runWithEventCause(cause, () => next.handle().subscribe(subscriber)));
  }
}
