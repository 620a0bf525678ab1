import { dueRowsSql } from './due-rows';

describe('dueRowsSql', () => {
  const sql = dueRowsSql({
    select: 'n.case_id, n.due_at',
    from: 'care_need n JOIN care_record r ON r.case_id = n.case_id',
    pending: 'n.met_at IS NULL',
    dueAt: 'n.due_at',
    office: 'r.office_code',
    claimed: 'n',
  });

  it('claims the due rows of the offices given, oldest first, at most the limit', () => {
    expect(sql).toMatch(/WHERE n\.met_at IS NULL\s+AND n\.due_at <= \$1\s+AND r\.office_code = ANY\(\$2::text\[\]\)\s+ORDER BY n\.due_at\s+LIMIT \$3/);
  });

  it("locks only the claimed table's rows and skips the ones another instance holds", () => {
    expect(sql).toMatch(/FOR UPDATE OF n SKIP LOCKED$/);
  });
});
