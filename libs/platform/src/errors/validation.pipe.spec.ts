import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Length, MinLength, ValidateIf, ValidateNested } from 'class-validator';

import { DomainError } from './domain-error';
import { createValidationPipe } from './validation.pipe';

class AgeCorrection {
  @IsOptional()
  @IsInt()
  public years?: number;
}

class ChildCorrection {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  public givenNames?: string;

  /** `null` clears it: the property says so itself. */
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsString()
  public dateOfBirth?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => AgeCorrection)
  public age?: AgeCorrection;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AgeCorrection)
  public previousAges?: AgeCorrection[];
}

class CaseCorrection {
  @IsOptional()
  @ValidateNested()
  @Type(() => ChildCorrection)
  public child?: ChildCorrection;

  @IsBoolean()
  public confirmed!: boolean;
}

class Note {
  @IsString()
  public text!: string;

  @IsString()
  @MinLength(3)
  public summary!: string;

  @IsString()
  @IsNotEmpty()
  public author!: string;

  /** Optional without a minimum: an empty or blank remark means nothing was said, and is kept. */
  @IsOptional()
  @IsString()
  public remark?: string;

  @IsOptional()
  @IsString()
  @Length(1, 50)
  public place?: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Note)
  public replies?: Note[];
}

const pipe = createValidationPipe();
const asBody: ArgumentMetadata = { type: 'body', metatype: CaseCorrection };

async function violationsOf(body: unknown): Promise<string[]> {
  try {
    await pipe.transform(body, asBody);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.violations.map((violation) => `${violation.field}:${violation.rule}`).sort();
  }
}

describe('validation pipe: what class-validator lets through', () => {
  it('refuses null where a property is merely optional, naming it, however deep', async () => {
    expect(
      await violationsOf({
        confirmed: true,
        child: { givenNames: null, age: { years: null }, previousAges: [{ years: 3 }, { years: null }] },
      }),
    ).toEqual(['child.age.years:notNull', 'child.givenNames:notNull', 'child.previousAges.1.years:notNull']);
    expect(await violationsOf({ confirmed: true, child: null })).toEqual(['child:notNull']);
  });

  it('keeps absent optional properties and null where a property allows it (PATCH semantics)', async () => {
    expect(await violationsOf({ confirmed: true })).toEqual([]);
    expect(await violationsOf({ confirmed: true, child: {} })).toEqual([]);
    expect(await violationsOf({ confirmed: true, child: { dateOfBirth: null, age: { years: 4 } } })).toEqual([]);
    const dto = (await pipe.transform({ confirmed: true, child: { dateOfBirth: null } }, asBody)) as CaseCorrection;
    expect(dto.child?.dateOfBirth).toBeNull();
  });

  it('reports null for a required property as before, by its own rule, alongside the others', async () => {
    expect(await violationsOf({ confirmed: null, child: { givenNames: null } })).toEqual([
      'child.givenNames:notNull',
      'confirmed:isBoolean',
    ]);
  });

  it('refuses an array where one nested object is expected, which class-validator validates item by item', async () => {
    expect(await violationsOf({ confirmed: true, child: [] })).toEqual(['child:isObject']);
    expect(await violationsOf({ confirmed: true, child: [{ givenNames: 'Ana' }] })).toEqual(['child:isObject']);
    expect(await violationsOf({ confirmed: true, child: { age: [{ years: 3 }], previousAges: [{ years: 2 }] } })).toEqual(['child.age:isObject']);
  });

  it('refuses a payload nested too deep, or holding NUL, before class-transformer sees it', async () => {
    const deep = JSON.parse(`{"confirmed":true,"child":{"givenNames":${'['.repeat(2_000)}${']'.repeat(2_000)}}}`) as unknown;
    await expect(pipe.transform(deep, asBody)).rejects.toMatchObject({ code: 'BODY_TOO_DEEP' });
    expect(await violationsOf({ confirmed: true, child: { givenNames: 'A\u0000' } })).toEqual(['child.givenNames:noNulCharacter']);
  });

  it('refuses required text made only of whitespace, or text with a minimum, naming the field once', async () => {
    const asNote: ArgumentMetadata = { type: 'body', metatype: Note };
    const violationsOfNote = async (body: unknown): Promise<string[]> => {
      try {
        await pipe.transform(body, asNote);
        return [];
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return error.violations.map((violation) => `${violation.field}:${violation.rule}`).sort();
      }
    };
    const valid = { text: 'Dijo que tiene miedo', summary: 'Miedo', author: 'officer-1' };
    expect(await violationsOfNote(valid)).toEqual([]);
    expect(await violationsOfNote({ ...valid, remark: '  ', replies: [{ ...valid, remark: '' }] })).toEqual([]);
    expect(
      await violationsOfNote({ text: ' \t\n', summary: '\u00a0\u00a0\u00a0', author: '   ', place: ' ', replies: [{ ...valid, text: '' }] }),
    ).toEqual(['author:notBlank', 'place:notBlank', 'replies.0.text:notBlank', 'summary:notBlank', 'text:notBlank']);
    // An empty string is already named by the property's own minimum; one violation is enough.
    expect(await violationsOfNote({ ...valid, summary: '', author: '' })).toEqual(['author:isNotEmpty', 'summary:minLength']);
  });

  it('leaves values that are not DTOs alone', async () => {
    expect(await pipe.transform('abc', { type: 'param', metatype: String, data: 'id' })).toBe('abc');
    expect(await pipe.transform({ anything: null }, { type: 'body', metatype: Object })).toEqual({ anything: null });
  });
});
