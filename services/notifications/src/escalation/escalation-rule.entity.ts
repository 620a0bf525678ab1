import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A trigger's rule for an office, or for the nation (`*`), which an office's own row overrides. */
@Entity({ name: 'escalation_rule' })
export class EscalationRuleEntity {
  @PrimaryColumn('text')
  public trigger!: string;

  @PrimaryColumn('text', { name: 'office_code' })
  public officeCode!: string;

  @Column('text', { name: 'addressed_role' })
  public addressedRole!: 'OFFICER' | 'SUPERVISOR';

  @Column('integer', { name: 'due_minutes' })
  public dueMinutes!: number;

  @Column('integer', { name: 'ack_minutes' })
  public ackMinutes!: number;

  @Column('integer', { name: 'supervisor_minutes' })
  public supervisorMinutes!: number;

  @Column('text', { name: 'updated_by', default: 'migration' })
  public updatedBy!: string;

  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' })
  public updatedAt!: Date;
}
